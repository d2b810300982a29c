package fileview

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestTempIsRemoved checks that a throw-away store lives in its own folder
// and that closing it removes the folder.
func TestTempIsRemoved(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	tmp, err := NewTemp(time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(tmp.Dir) != os.TempDir() {
		t.Errorf("the folder %s is not in %s", tmp.Dir, os.TempDir())
	}
	if fi, err := os.Stat(tmp.Dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the folder: %v %v", fi, err)
	}
	if err := tmp.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp.Dir); !os.IsNotExist(err) {
		t.Errorf("the folder is still there: %v", err)
	}
}

// TestSweepStale removes the folder a killed rolo left and keeps those of
// running ones and anything that is not such a folder.
func TestSweepStale(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no process to outlive:", err)
	}
	dead := cmd.Process.Pid // it has exited and been waited for
	mk := func(name, owner string) string {
		p := filepath.Join(dir, name)
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(p, ownerFile), []byte(owner), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	stale := mk(tempPrefix+"1", strconv.Itoa(dead))
	live := mk(tempPrefix+"2", strconv.Itoa(os.Getppid()))
	mine := mk(tempPrefix+"3", strconv.Itoa(os.Getpid()))
	unknown := mk(tempPrefix+"4", "")
	other := mk("other", strconv.Itoa(dead))
	SweepStale(dir)
	if _, err := os.Stat(stale); !os.IsNotExist(err) && alive(dead) == false {
		t.Errorf("the folder of a gone rolo is still there")
	}
	for _, p := range []string{live, mine, unknown, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}

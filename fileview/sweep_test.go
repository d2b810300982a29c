package fileview

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestSweepStale removes the copies an older rolo open left behind when it
// was killed, and only those.
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

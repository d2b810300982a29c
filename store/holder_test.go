//go:build unix

package store

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The activity file of a process that is gone (killed before it could
// remove it) is removed by the next open; a live process's stays.
func TestStaleActivityIsRemovedAtOpen(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true(1)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	gone := activityPath(path, dead.Process.Pid)
	live := activityPath(path, os.Getppid())
	for _, p := range []string{gone, gone + ".tmp", live} {
		if err := os.WriteFile(p, []byte("an import by ana, 45%"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, p := range []string{gone, gone + ".tmp"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", filepath.Base(p), err)
		}
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live process's activity file went: %v", err)
	}
}

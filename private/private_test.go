//go:build unix

package private

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func modeOf(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestWriteFileIsOwnersOnlyWhateverTheUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "rejects.csv")
	// A file that was there, readable by all, is replaced, not reused.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new"), Owner); err != nil {
		t.Fatal(err)
	}
	if m := modeOf(t, path); m != 0o600 {
		t.Errorf("mode %v, want 0600", m)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("contents %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestFailedWriteLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	os.WriteFile(path, []byte("old"), 0o600)
	err := Write(path, Owner, func(f *os.File) error {
		f.WriteString("half")
		return fs.ErrClosed
	})
	if err == nil {
		t.Fatal("want the writer's error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("contents %q, want the old file untouched", b)
	}
}

func TestGroupSharedStoreSharesWithItsGroup(t *testing.T) {
	shared := t.TempDir()
	if err := os.Chmod(shared, 0o2770); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(shared)
	if fi.Mode()&fs.ModeSetgid == 0 {
		t.Skip("this file system ignores the setgid bit")
	}
	gid, _ := groupOf(fi)
	perm := ForStore(filepath.Join(shared, "rolo.db"))
	if perm.Mode != 0o660 || perm.GID != gid {
		t.Fatalf("ForStore = %+v, want 0660 in group %d", perm, gid)
	}
	// The export goes elsewhere but keeps the store's group.
	out := filepath.Join(t.TempDir(), "export.csv")
	if err := WriteFile(out, []byte("x"), perm); err != nil {
		t.Fatal(err)
	}
	if m := modeOf(t, out); m != 0o660 {
		t.Errorf("mode %v, want 0660", m)
	}
	st, _ := os.Stat(out)
	if g, _ := groupOf(st); g != gid {
		t.Errorf("group %d, want %d", g, gid)
	}
	if p := ForStore(filepath.Join(t.TempDir(), "rolo.db")); p != Owner {
		t.Errorf("a private folder's store gives %+v, want Owner", p)
	}
}

func TestDeviceIsWrittenInPlace(t *testing.T) {
	if err := WriteFile(os.DevNull, []byte("x"), Owner); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi, err)
	}
}

func TestLinkedFileIsReplacedThroughTheLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.csv")
	link := filepath.Join(dir, "link.csv")
	os.WriteFile(real, []byte("old"), 0o644)
	os.Symlink(real, link)
	if err := WriteFile(link, []byte("new"), Owner); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("target holds %q", b)
	}
}

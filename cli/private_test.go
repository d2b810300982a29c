//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Every file an import or an export writes can hold personal data: each
// is its owner's alone under the usual umask, even when a file readable
// by all was there before.
func TestFilesWithPersonalDataAreOwnersOnly(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	file := writeTemp(t, "small.csv", smallCSV)
	report := filepath.Join(dir, "report.json")
	rejects := filepath.Join(dir, "rejects.csv")
	mapping := filepath.Join(dir, "mapping.json")
	out := filepath.Join(dir, "out.csv")
	for _, p := range []string{report, rejects, mapping, out} {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errs := run(t, "--db", db, "import", file, "--country", "PL",
		"--report", report, "--rejects", rejects, "--save-mapping", mapping); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, "--db", db, "export", "-o", out); code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	for _, p := range []string{report, rejects, mapping, out} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), m)
		}
		if b, _ := os.ReadFile(p); string(b) == "old" {
			t.Errorf("%s was not written", filepath.Base(p))
		}
	}
}

// A store in a setgid folder is shared by the folder's group: what is
// written from it is shared with that group, wherever it goes.
func TestFilesFromAGroupStoreAreTheGroups(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	shared := t.TempDir()
	if err := os.Chmod(shared, 0o2770); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(shared); fi.Mode()&os.ModeSetgid == 0 {
		t.Skip("this file system ignores the setgid bit")
	}
	db := filepath.Join(shared, "rolo.db")
	dir := t.TempDir()
	rejects := filepath.Join(dir, "rejects.csv")
	out := filepath.Join(dir, "out.csv")
	if code, _, errs := run(t, "--db", db, "import", writeTemp(t, "small.csv", smallCSV), "--country", "PL", "--rejects", rejects); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, "--db", db, "export", "-o", out); code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	for _, p := range []string{rejects, out} {
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o660 {
			t.Errorf("%s: mode %v, want 0660", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

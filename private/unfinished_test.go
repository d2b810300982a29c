package private

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

func TestTempNames(t *testing.T) {
	for name, want := range map[string]bool{
		".out.csv.rolo-123456.tmp": true,
		".rolo-1.tmp":              false, // no file name before the mark
		".a.rolo-1.tmp":            true,
		".out.csv.rolo-.tmp":       false,
		".out.csv.123456.tmp":      false, // not rolo's
		"out.csv.rolo-123.tmp":     false,
		".out.csv.rolo-12x.tmp":    false,
		".rolo.db.42.activity.tmp": false,
	} {
		if got := isTempName(name); got != want {
			t.Errorf("isTempName(%q) = %v, want %v", name, got, want)
		}
	}
}

// A signal's removal takes the unfinished file away at once; its writer's
// Commit then fails and puts nothing in place; a file started afterwards
// is not touched by that removal.
func TestRemoveUnfinished(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	f, err := Create(out, Owner)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	names := RemoveUnfinished(false)
	if len(names) != 1 || names[0] != out {
		t.Errorf("removed %v, want [%s]", names, out)
	}
	if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
		t.Errorf("the temporary file is still there: %v", err)
	}
	if err := f.Commit(); !errors.Is(err, ErrRemoved) {
		t.Errorf("Commit after the removal: %v, want ErrRemoved", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s was written: %v", out, err)
	}
	if err := WriteFile(out, []byte("whole"), Owner); err != nil {
		t.Fatalf("a later write: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "whole" {
		t.Errorf("later write gave %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("left: %v", left)
	}
}

// A temporary file left by a writer that died (here: one whose lock
// nobody holds) is removed by the next private file written in its
// folder; a live writer's is not, nor a file that is not rolo's.
func TestLeftoversOfDeadWritersAreRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	dir := t.TempDir()
	dead := filepath.Join(dir, ".old.csv.rolo-99.tmp")
	other := filepath.Join(dir, ".old.csv.99.tmp")
	for _, p := range []string{dead, other} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	live, err := Create(filepath.Join(dir, "live.csv"), Owner)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the dead writer's file is still there: %v", err)
	}
	if err := WriteFile(filepath.Join(dir, "next.csv"), []byte("x"), Owner); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(live.Name()); err != nil {
		t.Errorf("a live writer's file was removed: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a file that is not rolo's was removed: %v", err)
	}
}

// A temporary file whose writer was killed with SIGKILL mid-write (a
// child process: this test binary run again) is removed by the next
// write in its folder.
func TestLeftoverOfAKilledWriter(t *testing.T) {
	if dir := os.Getenv("ROLO_TEST_WRITER_DIR"); dir != "" {
		f, err := Create(filepath.Join(dir, "export.csv"), Owner)
		if err != nil {
			os.Exit(3)
		}
		f.WriteString("half")
		os.Stdout.WriteString(f.Name() + "\n")
		select {} // killed here
	}
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestLeftoverOfAKilledWriter$")
	cmd.Env = append(os.Environ(), "ROLO_TEST_WRITER_DIR="+dir)
	outp, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	n, _ := outp.Read(buf)
	name := string(buf[:n])
	name = name[:len(name)-1]
	if _, err := os.Stat(name); err != nil {
		t.Fatalf("the child's file %q: %v", name, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := os.Stat(name); err != nil {
		t.Fatalf("SIGKILL cannot be caught, so the file should still be there: %v", err)
	}
	if err := WriteFile(filepath.Join(dir, "export.csv"), []byte("whole"), Owner); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("left: %v", left)
	}
}

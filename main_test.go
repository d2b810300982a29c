package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rolo builds the real binary once per test run.
func rolo(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rolo")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestRolosTakeTurns checks end to end, through the real binary, that
// several rolo processes use one store at once: while one appends demo
// contacts in batches, a second writes and a third counts, each within a
// few seconds, nothing is copied to the temporary folder, and in the end
// no contact is missing.
func TestRolosTakeTurns(t *testing.T) {
	bin := rolo(t)
	db := filepath.Join(t.TempDir(), "rolo.db")
	tmp := t.TempDir()
	cmd := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, append([]string{"--db", db}, args...)...)
		c.Env = append(os.Environ(), "TMPDIR="+tmp)
		return c
	}
	if out, err := cmd("demo", "--count", "3000").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	first := cmd("demo", "--append", "--count", "60000", "--seed", "2")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Process.Kill(); first.Wait() })
	time.Sleep(700 * time.Millisecond)

	start := time.Now()
	out, err := cmd("demo", "--append", "--count", "1", "--seed", "3").CombinedOutput()
	if err != nil {
		t.Fatalf("a second writer: %v %s", err, out)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the second writer took %v", took)
	}
	out, err = cmd("count").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Errorf("count alongside a writer: %v %q", err, out)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("the first writer: %v", err)
	}
	out, err = cmd("count").CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "63001" {
		t.Errorf("count after both: %v %q, want 63001", err, got)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("files left in the temporary folder: %v", left)
	}
}

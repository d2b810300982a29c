package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The real binary, built once for all the tests of a run.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// rolo is the path of the real binary.
func rolo(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "rolo-test-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "rolo")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// TestRolosTakeTurns checks end to end, through the real binary, that
// several rolo processes use one store at once: while one appends demo
// contacts in batches, a second imports and a third counts, both while the
// first still writes, nothing is copied to the temporary folder, and in
// the end no contact is missing.
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
	first := cmd("demo", "--append", "--count", "100000", "--seed", "2")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Process.Kill() })
	firstDone := make(chan error, 1)
	go func() { firstDone <- first.Wait() }()
	// The first writer is under way once its first batch shows in a count
	// (waiting for that, not for a fixed time, keeps this right on a slow
	// or busy machine).
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		out, err := cmd("count").Output()
		if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); err == nil && n > 3000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first writer committed nothing in 30 s (count: %v %q)", err, out)
		}
	}

	// (Not a second demo --append: both would number their CRM IDs from
	// the count they started at, and the store rightly refuses the twins.)
	csv := filepath.Join(t.TempDir(), "one.csv")
	if err := os.WriteFile(csv, []byte("first_name,email\nSecond,second.writer@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := cmd("import", csv).CombinedOutput()
	if err != nil {
		t.Fatalf("a second writer: %v %s", err, out)
	}
	out, err = cmd("count").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Errorf("count alongside a writer: %v %q", err, out)
	}
	// Both had their turns while the first was still writing (not after).
	select {
	case err := <-firstDone:
		t.Errorf("the first writer ended (%v) before the others had their turn: they waited for all of it", err)
	default:
	}
	if err := <-firstDone; err != nil {
		t.Fatalf("the first writer: %v", err)
	}
	out, err = cmd("count").CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "103001" {
		t.Errorf("count after both: %v %q, want 103001", err, got)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("files left in the temporary folder: %v", left)
	}
}

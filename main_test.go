package main

import (
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

// TestSecondRoloFailsFast checks the contract end to end, through the real
// binary: while one rolo holds the store, a second gets a one-line error
// within about a second, and --read-only commands work alongside.
func TestSecondRoloFailsFast(t *testing.T) {
	bin := rolo(t)
	db := filepath.Join(t.TempDir(), "rolo.db")
	if out, err := exec.Command(bin, "--db", db, "demo", "--count", "3000").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	// The first rolo: a demo --append of many contacts keeps the store open
	// for a few seconds.
	first := exec.Command(bin, "--db", db, "demo", "--append", "--count", "300000", "--seed", "2")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Process.Kill(); first.Wait() })
	time.Sleep(700 * time.Millisecond)

	start := time.Now()
	out, err := exec.Command(bin, "--db", db, "demo", "--append", "--count", "1").CombinedOutput()
	took := time.Since(start)
	msg := strings.TrimSpace(string(out))
	if err == nil || !strings.Contains(msg, db) || !strings.Contains(msg, "in use by another rolo") || strings.Count(msg, "\n") > 0 {
		t.Fatalf("second rolo: err %v, output %q", err, msg)
	}
	if took > 2*time.Second {
		t.Errorf("the second rolo took %v to give up", took)
	}
	out, err = exec.Command(bin, "--db", db, "count").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Errorf("count alongside a writer: %v %q", err, out)
	}
}

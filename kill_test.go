package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"rolo/store"
)

// checkConsistent opens the store as the next rolo does (for writing: it
// folds in what a killed import left) and checks records, indexes and
// bbolt's own structure.
func checkConsistent(t *testing.T, db string) {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatalf("the next rolo cannot open the store: %v", err)
	}
	defer s.Close()
	problems, err := s.Verify()
	if err != nil {
		t.Fatalf("verifying the store: %v", err)
	}
	if len(problems) > 0 {
		t.Fatalf("the store is inconsistent: %d problems, the first: %v", len(problems), problems[:min(len(problems), 5)])
	}
}

// TestKillAnyRoloAtAnyMoment kills rolo processes that write the store
// or a file (an import, demo --append, rolo edit, an export) at a random
// moment with a random signal, SIGKILL included, a few rounds. After each
// kill the next rolo opens the store, its records and indexes agree, the
// count is one the store can have, nothing is left in TMPDIR, and
// nothing but the export (whole) is left in the export's folder; after a
// SIGKILL, whose temporary file cannot be removed by the killed process,
// the next export removes it. The seed is logged, to replay a failure.
func TestKillAnyRoloAtAnyMoment(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("ROLO_KILL_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (ROLO_KILL_SEED=%d replays it)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 13))

	rs := newRoloStore(t, "2000")
	csv := filepath.Join(t.TempDir(), "rows.csv")
	var b strings.Builder
	b.WriteString("first_name,last_name,email,city\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "Killed,Row%d,killed%d@example.org,Kraków\n", i, i)
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	outDir := t.TempDir()
	out := filepath.Join(outDir, "out.csv")
	signals := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGKILL}
	kinds := []struct {
		name     string
		args     func(round int) []string
		maxDelay time.Duration // about how long it runs
	}{
		{"import", func(int) []string { return []string{"import", csv} }, 900 * time.Millisecond},
		{"demo", func(r int) []string {
			return []string{"demo", "--append", "--count", "20000", "--seed", strconv.Itoa(100 + r)}
		}, 900 * time.Millisecond},
		{"edit", func(r int) []string { return []string{"edit", strconv.Itoa(1 + r), "city=Killed " + strconv.Itoa(r)} }, 80 * time.Millisecond},
		{"export", func(int) []string { return []string{"export", "-o", out} }, 300 * time.Millisecond},
	}
	for round := range 2 {
		for _, k := range kinds {
			sig := signals[rng.IntN(len(signals))]
			delay := time.Duration(rng.Int64N(int64(k.maxDelay)))
			t.Run(fmt.Sprintf("%s/%v/%v", k.name, sig, delay.Round(time.Millisecond)), func(t *testing.T) {
				os.Remove(out)
				cmd := rs.cmd(k.args(round)...)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(delay)
				cmd.Process.Signal(sig)
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case <-done:
				case <-time.After(30 * time.Second):
					cmd.Process.Kill()
					t.Fatalf("rolo %s did not end within 30 s of %v", k.name, sig)
				}
				checkConsistent(t, rs.db)
				if _, err := strconv.Atoi(rs.count(t)); err != nil {
					t.Fatalf("count: %v", err)
				}
				if left, _ := os.ReadDir(rs.tmp); len(left) > 0 {
					t.Errorf("left in TMPDIR: %v", left)
				}
				if left := tempFiles(rs.dir); len(left) > 0 {
					t.Errorf("left beside the store: %v", left)
				}
				left := tempFiles(outDir, "out.csv")
				if sig == syscall.SIGKILL && len(left) <= 1 {
					// Only SIGKILL may leave its one temporary file; the
					// next export into the folder removes it.
					if b, err := rs.cmd("export", "-o", out).CombinedOutput(); err != nil {
						t.Fatalf("the next export: %v %s", err, b)
					}
					left = tempFiles(outDir, "out.csv")
				}
				if len(left) > 0 {
					t.Errorf("left in the export's folder: %v", left)
				}
			})
		}
	}
}

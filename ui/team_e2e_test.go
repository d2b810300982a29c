//go:build unix

package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"rolo/store"
)

// startRolo starts the interface on db in its own tmux session of x's
// server and waits for its table.
func startRolo(t *testing.T, x *tmuxSession, name, bin, db, tmp string, count string) *tmuxSession {
	t.Helper()
	s := &tmuxSession{t: t, sock: x.sock, name: name}
	// In the store's folder, so an export given no folder is found there
	// by the test that checks for one and never lands in ui/.
	s.tmux("new-session", "-d", "-s", name, "-x", "140", "-y", "30", "-c", filepath.Dir(db),
		"env", "TMPDIR="+tmp, bin, "--db", db)
	s.waitFor(name+"'s table, indexed", func(sc string) bool {
		return strings.Contains(sc, count+" contacts") && !strings.Contains(sc, "indexing")
	})
	return s
}

// cursorTo moves a card's cursor down to the line labelled label.
func cursorTo(s *tmuxSession, label string) {
	s.t.Helper()
	for range 80 {
		prev := s.screen()
		if strings.Contains(prev, "> "+label+" ") {
			return
		}
		s.keys("j") // one line at a time: a slow machine must not overshoot
		s.waitFor("the cursor to move", func(sc string) bool { return sc != prev })
	}
	s.t.Fatalf("the card has no line %s:\n%s", label, s.screen())
}

// TestTwoInterfacesOnOneStore runs two interfaces on one store. An edit
// saved in one shows in the other's table within 2 s; then both open the
// same contact's card, one saves a new company, and the other's save of
// the version it read is caught: it shows both versions, and keeping the
// other's leaves the store with it.
func TestTwoInterfacesOnOneStore(t *testing.T) {
	dir, bin := e2eBinary(t, "two interfaces on one store")
	db := filepath.Join(dir, "rolo.db")
	tmp := t.TempDir()
	if out, err := exec.Command(bin, "--db", db, "demo", "--count", "300").CombinedOutput(); err != nil {
		t.Fatalf("rolo demo: %v\n%s", err, out)
	}
	x := &tmuxSession{t: t, sock: fmt.Sprintf("rolo-team-%d", os.Getpid())}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", x.sock, "kill-server").Run() })
	ana := startRolo(t, x, "ana", bin, db, tmp, "300")
	bartek := startRolo(t, x, "bartek", bin, db, tmp, "300")

	// Ana edits the first contact's city; it shows in Bartek's table.
	ana.keys("Enter")
	ana.waitText("Identity")
	cursorTo(ana, "City")
	ana.keys("e", "C-u")
	ana.text("Ana City E2E")
	ana.keys("Enter")
	ana.waitText("saved city")
	saved := time.Now()
	ana.keys("q")
	deadline := saved.Add(2 * time.Second)
	for !strings.Contains(bartek.screen(), "Ana City E2E") {
		if time.Now().After(deadline) {
			t.Fatalf("ana's edit did not show in bartek's interface within 2 s:\n%s", bartek.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("ana's edit showed in bartek's table %v after it was saved", time.Since(saved).Round(10*time.Millisecond))

	// Both open the card; Bartek starts editing the company, Ana saves
	// another, then Bartek's save is caught.
	bartek.burst("Enter", "j", "j", "j")
	bartek.waitText("> Company", "Ana City E2E")
	bartek.keys("e", "C-u")
	bartek.text("Bartek Edit")
	ana.burst("Enter", "j", "j", "j")
	ana.waitText("> Company")
	ana.keys("e", "C-u")
	ana.text("Ana Again")
	ana.keys("Enter")
	ana.waitText("saved company", "Ana Again")
	bartek.keys("Enter")
	bartek.waitText("Changed since you opened it", "Ana Again", "Bartek Edit", "keep theirs")
	bartek.keys("t")
	bartek.waitText("kept the saved version", "Ana Again")

	out, err := exec.Command(bin, "--db", db, "list", "--where", "company = 'Ana Again'", "--columns", "company").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Ana Again") {
		t.Errorf("the store after bartek kept ana's version: %v\n%s", err, out)
	}
	for _, s := range []*tmuxSession{ana, bartek} {
		s.keys("q", "q")
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in TMPDIR: %v", left)
	}
}

// TestKillTheInterface kills the interface, at work on a card edit and an
// export of a selection, at a random moment with a random signal (SIGKILL
// included): the store opens, its records and indexes agree, and no
// partial export (a SIGKILL's is removed by the next export into its
// folder) or temporary file is left. The seed is logged.
func TestKillTheInterface(t *testing.T) {
	dir, bin := e2eBinary(t, "killing the interface")
	db := filepath.Join(dir, "rolo.db")
	tmp := t.TempDir()
	if out, err := exec.Command(bin, "--db", db, "demo", "--count", "2000").CombinedOutput(); err != nil {
		t.Fatalf("rolo demo: %v\n%s", err, out)
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("ROLO_KILL_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("seed %d (ROLO_KILL_SEED=%d replays it)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 17))
	x := &tmuxSession{t: t, sock: fmt.Sprintf("rolo-kill-%d", os.Getpid())}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", x.sock, "kill-server").Run() })
	outDir := t.TempDir()
	signals := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGKILL}
	for round := range 3 {
		sig := signals[rng.IntN(len(signals))]
		delay := time.Duration(rng.Int64N(int64(600 * time.Millisecond)))
		name := fmt.Sprintf("kill%d", round)
		began := time.Now()
		s := startRolo(t, x, name, bin, db, tmp, "2 000")
		t.Logf("round %d: started in %v", round, time.Since(began).Round(time.Millisecond))
		pid, err := strconv.Atoi(strings.TrimSpace(s.tmux("display-message", "-p", "-t", name, "#{pane_pid}")))
		if err != nil {
			t.Fatal(err)
		}
		// Select all, export them; then open a card and save an edit.
		s.burst("a", "b")
		s.waitText("Bulk actions")
		s.burst("G", "Up", "Enter") // export
		s.waitText("Export as:")
		s.keys("Enter") // CSV
		s.waitText("Columns:")
		s.keys("Enter") // the table's
		s.waitText("File name")
		s.keys("C-u")
		s.text(filepath.Join(outDir, fmt.Sprintf("sel%d.csv", round)))
		s.keys("Enter")
		s.waitText("y or enter confirms")
		s.keys("y")
		time.Sleep(delay / 2)
		s.burst("a", "Enter", "j", "j", "j", "e", "C-u")
		s.text(fmt.Sprintf("Killed %d", round))
		s.keys("Enter")
		time.Sleep(delay / 2)
		killed := time.Now()
		syscall.Kill(pid, sig)
		for end := time.Now().Add(20 * time.Second); processAlive(pid); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(end) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Fatalf("round %d: the interface still runs 20 s after %v", round, sig)
			}
		}
		st, err := store.Open(db, store.Options{})
		if err != nil {
			t.Fatalf("round %d (%v after %v): the store does not open: %v", round, sig, delay, err)
		}
		problems, err := st.Verify()
		st.Close()
		if err != nil || len(problems) > 0 {
			t.Fatalf("round %d (%v after %v): %v %v", round, sig, delay, err, problems)
		}
		var partial []string
		ents, _ := os.ReadDir(outDir)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".") {
				partial = append(partial, e.Name())
			}
		}
		if sig == syscall.SIGKILL && len(partial) <= 1 {
			if out, err := exec.Command(bin, "--db", db, "export", "-o", filepath.Join(outDir, "next.csv")).CombinedOutput(); err != nil {
				t.Fatalf("export: %v %s", err, out)
			}
			partial = nil
			ents, _ = os.ReadDir(outDir)
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), ".") {
					partial = append(partial, e.Name())
				}
			}
		}
		if len(partial) > 0 {
			t.Errorf("round %d (%v after %v): partial exports left: %v", round, sig, delay, partial)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("round %d: left in TMPDIR: %v", round, left)
		}
		if stray, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "rolo-export-*")); len(stray) > 0 {
			t.Fatalf("round %d: an export went to the test's folder: %v", round, stray)
		}
		t.Logf("round %d: %v after %v: ended in %v; the store is whole", round, sig, delay, time.Since(killed).Round(time.Millisecond))
	}
}

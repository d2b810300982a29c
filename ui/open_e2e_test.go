package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpenFileEndToEndInTmux builds rolo and runs `rolo open FILE` in tmux
// on a file with known problems: the audit panel shows its counts, enter
// on one shows exactly its rows in the table, q quits, and the throw-away
// store is gone; a second run, hung up (its tmux session killed), removes
// its store too.
func TestOpenFileEndToEndInTmux(t *testing.T) {
	dir, bin := e2eBinary(t, "the interface")
	file, want := auditFile(t, 60)
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	left := func() []string {
		m, _ := filepath.Glob(filepath.Join(tmp, "rolo-open-*"))
		return m
	}

	x := &tmuxSession{t: t, sock: fmt.Sprintf("rolo-open-e2e-%d", os.Getpid()), name: "open"}
	x.tmux("new-session", "-d", "-s", x.name, "-x", "100", "-y", "32", "env", "PS1=$ ", "sh")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", x.sock, "kill-server").Run() })
	x.text(fmt.Sprintf("TMPDIR=%s %s open %s --country PL; echo ROLO-EXITED-$?", tmp, bin, file))
	x.keys("Enter")
	s := x.waitText("read-only file, not the store", "Problems · rows", "invalid e-mail", "Columns")
	mustContain(t, s, "kontakty.csv", "60 rows read", "ragged row", "no e-mail or phone", "read as PL", "read as DE")
	if got := left(); len(got) != 1 {
		t.Fatalf("throw-away folders while open: %v", got)
	}

	// Down to "invalid e-mail" and enter: exactly its rows.
	n := len(want["invalid_email"])
	for range 40 {
		if strings.Contains(x.screen(), "> invalid e-mail") {
			break
		}
		prev := x.screen()
		x.keys("j")
		x.waitFor("the cursor to move", func(s string) bool { return s != prev })
	}
	x.keys("Enter")
	s = x.waitText(fmt.Sprintf("%d of 60 rows", n), "problem: invalid e-mail")
	for _, id := range want["invalid_email"] {
		if !strings.Contains(s, fmt.Sprintf(" %d ", id)) {
			t.Errorf("row %d is not in the table:\n%s", id, s)
		}
	}
	// Back to the panel, then quit from the table.
	x.keys("A")
	x.waitText("> invalid e-mail")
	x.keys("Escape")
	x.waitText("sorted by id") // the table's own line (the header counts the rows on every screen)
	x.keys("q")
	x.waitText("ROLO-EXITED-0")
	if got := left(); len(got) != 0 {
		t.Errorf("the throw-away store outlived rolo: %v", got)
	}

	// A hang-up: the session goes away while rolo shows the file.
	y := &tmuxSession{t: t, sock: x.sock, name: "hup"}
	y.tmux("new-session", "-d", "-s", y.name, "-x", "80", "-y", "24",
		"env", "TMPDIR="+tmp, bin, "open", file, "--country", "PL")
	y.waitText("Problems · rows")
	if got := left(); len(got) != 1 {
		t.Fatalf("throw-away folders while open: %v", got)
	}
	y.tmux("kill-session", "-t", y.name)
	deadline := time.Now().Add(10 * time.Second)
	for len(left()) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := left(); len(got) != 0 {
		t.Errorf("the throw-away store outlived a hang-up: %v", got)
	}
}

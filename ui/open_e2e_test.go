//go:build unix

package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenFileEndToEndInTmux builds rolo and runs `rolo open FILE` in tmux
// on a file with known problems: the rows show, A opens the audit panel
// with its counts, enter on one shows exactly its rows in the table, q
// quits, and nothing was written to the temporary folder; a second run,
// hung up (its tmux session killed), ends.
func TestOpenFileEndToEndInTmux(t *testing.T) {
	dir, bin := e2eBinary(t, "the interface")
	file, want := auditFile(t, 60)
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	left := func() []string {
		m, _ := filepath.Glob(filepath.Join(tmp, "*"))
		return m
	}

	x := &tmuxSession{t: t, sock: fmt.Sprintf("rolo-open-e2e-%d", os.Getpid()), name: "open"}
	x.tmux("new-session", "-d", "-s", x.name, "-x", "100", "-y", "32", "env", "PS1=$ ", "sh")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", x.sock, "kill-server").Run() })
	x.text(fmt.Sprintf("TMPDIR=%s %s open %s --country PL; echo ROLO-EXITED-$?", tmp, bin, file))
	x.keys("Enter")
	x.waitText("read-only file, not the store", "60 rows", "Anna")
	x.keys("A")
	s := x.waitText("Problems · rows", "invalid e-mail", "Columns")
	mustContain(t, s, "kontakty.csv", "60 rows read", "ragged row", "no e-mail or phone", "read as PL", "read as DE")
	if got := left(); len(got) != 0 {
		t.Fatalf("written to the temporary folder while open: %v", got)
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
	x.waitText("sorted by ID") // the table's own line (the header counts the rows on every screen)
	x.keys("q")
	x.waitText("ROLO-EXITED-0")
	if got := left(); len(got) != 0 {
		t.Errorf("written to the temporary folder: %v", got)
	}

	// A hang-up: the session goes away while rolo shows the file. rolo's
	// standard error goes to a file, to be read after the terminal is gone.
	errLog := filepath.Join(dir, "hup-stderr.log")
	y := &tmuxSession{t: t, sock: x.sock, name: "hup"}
	y.tmux("new-session", "-d", "-s", y.name, "-x", "80", "-y", "24",
		"sh", "-c", fmt.Sprintf("TMPDIR=%s exec %s open %s --country PL 2>%s", tmp, bin, file, errLog))
	y.waitText("60 rows", "Anna")
	pid, err := strconv.Atoi(strings.TrimSpace(y.tmux("display-message", "-p", "-t", y.name, "#{pane_pid}")))
	if err != nil {
		t.Fatalf("rolo's process: %v", err)
	}
	y.tmux("kill-session", "-t", y.name)
	deadline := time.Now().Add(10 * time.Second)
	for processAlive(pid) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := left(); len(got) != 0 {
		t.Errorf("written to the temporary folder: %v", got)
	}
	if processAlive(pid) {
		t.Errorf("rolo (pid %d) still runs 10 s after its terminal hung up", pid)
		_ = syscall.Kill(pid, syscall.SIGQUIT) // its goroutines, into the log
		time.Sleep(500 * time.Millisecond)
	}
	// A watchdog exit meets the contract but means the interface hung:
	// its goroutine dump is worth reading.
	if b, _ := os.ReadFile(errLog); len(b) > 0 {
		t.Logf("rolo's standard error after the hang-up:\n%s", b)
	}
}

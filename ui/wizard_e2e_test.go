//go:build unix

package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportWizardEndToEndInTmux runs `rolo import FILE` on a terminal (tmux,
// on its own socket): a Windows-1250 semicolon CSV with Polish headers and
// consent columns, generated here with x/text's encoder, goes through the
// wizard with one mapping changed by hand; the progress runs to the
// results, the rejects file is saved from there, and `rolo list --where`
// finds what was imported.
func TestImportWizardEndToEndInTmux(t *testing.T) {
	dir, bin := e2eBinary(t, "the import wizard")
	db := filepath.Join(dir, "rolo.db")
	if out, err := exec.Command(bin, "--db", db, "demo", "--count", "100").CombinedOutput(); err != nil {
		t.Fatalf("rolo demo: %v\n%s", err, out)
	}
	file := writeCP1250(t, dir, "klienci sklepu.csv", polishCSV)

	x := &tmuxSession{t: t, sock: fmt.Sprintf("rolo-wizard-e2e-%d", os.Getpid()), name: "wizard"}
	x.tmux("new-session", "-d", "-s", x.name, "-x", "120", "-y", "40", "env", "PS1=$ ", "LC_ALL=C", "sh")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", x.sock, "kill-server").Run() })
	x.text(fmt.Sprintf("%s --db %s import %s; echo ROLO-EXITED-$?", bin, db, shellQuoteTest(file)))
	x.keys("Enter")

	// Step 2: read as Windows-1250, semicolons, a header; Polish letters intact.
	x.waitText("[2 Read]", "‹ windows-1250 ›", "‹ ; (semicolon) ›", "Wiśniewska", "Łódź")
	x.keys("Enter")

	// Step 3: the consents are recognised; Uwagi becomes a custom field by hand.
	x.waitText("[3 Mapping]", "consent:newsletter", "consent:sms", "Check on 5 sample rows: 3 would be imported")
	for range 7 {
		prev := x.screen()
		x.keys("j") // a line at a time: a slow machine must not overshoot
		x.waitFor("the cursor to move", func(s string) bool { return s != prev })
	}
	x.waitFor("the cursor on Uwagi", func(s string) bool { return strings.Contains(s, "> Uwagi") })
	x.keys("Enter")
	x.text("custom:uwagi")
	x.waitText("new: custom:uwagi")
	x.keys("Enter")
	x.waitText("Uwagi → custom:uwagi: chosen here", "New custom fields: uwagi")
	x.keys("Tab")

	// Step 4: Polish phones, a group; the sentence says so.
	x.waitText("[4 Options]", "In words:")
	x.keys("j", "j", "j", "j", "Enter", "C-u")
	x.text("PL")
	x.keys("Enter")
	x.waitText("[PL] Poland")
	x.keys("j", "Enter")
	x.text("E2E Import")
	x.keys("Enter")
	x.waitText("are Polish; add all to group 'E2E Import'") // the sentence may wrap before "are"
	x.keys("C-s")

	// Steps 5 and 6: the progress runs to the results.
	x.waitText("[6 Results]", "Import job 1: klienci sklepu.csv", "created 3", "rejected 2", "[Rejected 2]")
	x.keys("s")
	x.waitText("save the rejected rows as:")
	x.keys("Enter")
	x.waitText("saved 2 rejected rows to")
	rejects := filepath.Join(dir, "klienci sklepu-rejects.csv")
	data, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	// A Windows-1250 source: the rejects open in Excel (a byte-order
	// mark, CRLF).
	lines := strings.Split(strings.TrimSpace(string(data)), "\r\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "\uFEFFImię;") || !strings.HasSuffix(lines[0], ";Uwagi;rolo_reject_reason") ||
		!strings.HasPrefix(lines[1], "Łucja;Gołąb;;;Gdańsk;1;1;brak kontaktu;no usable key") ||
		!strings.Contains(lines[2], ";ragged row: 9 cells where the header has 8") {
		t.Errorf("rejects file (UTF-8, as read, with the reason):\n%s", data)
	}

	// Close the results, quit.
	x.keys("Escape")
	x.waitText("All contacts")
	x.keys("q")
	x.waitText("ROLO-EXITED-0")

	list := func(where string) string {
		out, err := exec.Command(bin, "--db", db, "list", "--where", where, "--columns", "emails").CombinedOutput()
		if err != nil {
			t.Fatalf("rolo list --where %q: %v\n%s", where, err, out)
		}
		return string(out)
	}
	checks := []struct {
		where string
		want  []string
		not   []string
	}{
		{"source = import:1", []string{"zofia.wisniewska@example.pl", "pawel.zak@example.pl", "jerzy.k@example.pl"}, []string{"anna.nowak"}},
		{"group = E2E Import and consent:newsletter = yes", []string{"zofia.wisniewska@example.pl", "jerzy.k@example.pl"}, []string{"pawel.zak"}},
		{"consent:sms = yes and group = E2E Import", []string{"pawel.zak@example.pl"}, []string{"zofia", "jerzy"}},
		{"custom:uwagi = VIP", []string{"jerzy.k@example.pl"}, []string{"zofia"}},
		{"phones = +48601234567 and city = Łódź", []string{"zofia.wisniewska@example.pl"}, nil},
	}
	for _, c := range checks {
		out := list(c.where)
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("rolo list --where %q lacks %s:\n%s", c.where, w, out)
			}
		}
		for _, n := range c.not {
			if strings.Contains(out, n) {
				t.Errorf("rolo list --where %q lists %s:\n%s", c.where, n, out)
			}
		}
	}
}

func shellQuoteTest(p string) string { return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'" }

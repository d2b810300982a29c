package ui

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenDialogCompletesAndChecksThePath(t *testing.T) {
	dir := t.TempDir()
	path, _ := auditFile(t, 5)
	data, _ := os.ReadFile(path)
	for _, name := range []string{"kontakty-2026.csv", "kontakty-2025.csv", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "old"), 0o700); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, testStore(t, 10), 80, 24)
	var ran []string
	m.openCommand = func(p string) *exec.Cmd { ran = append(ran, p); return exec.Command("true") }

	press(t, m, "o")
	d, ok := m.active().(*openDialog)
	if !ok {
		t.Fatalf("o opened %T", m.active())
	}
	press(t, m, dir+"/ko", "tab")
	if got := d.input.Value(); got != dir+"/kontakty-202" || len(d.matches) != 2 {
		t.Fatalf("tab completed %q, matches %v", got, d.matches)
	}
	mustContain(t, screenText(m), "kontakty-2025.csv", "kontakty-2026.csv")
	press(t, m, "6", "tab")
	if got := d.input.Value(); got != dir+"/kontakty-2026.csv" {
		t.Fatalf("tab completed %q", got)
	}
	// A folder and a missing file are refused with the reason.
	d.input.SetValue(dir + "/old")
	press(t, m, "enter")
	if !strings.Contains(d.err, "is a folder") || len(ran) != 0 {
		t.Errorf("a folder: %q, ran %v", d.err, ran)
	}
	d.input.SetValue(dir + "/missing.csv")
	press(t, m, "enter")
	if !strings.Contains(d.err, "no such file") || len(ran) != 0 {
		t.Errorf("a missing file: %q, ran %v", d.err, ran)
	}
	mustContain(t, screenText(m), "no such file")
	// A file: the dialog closes and rolo open runs on it.
	d.input.SetValue(dir + "/kontakty-2026.csv")
	press(t, m, "enter")
	if len(ran) != 1 || ran[0] != filepath.Join(dir, "kontakty-2026.csv") {
		t.Fatalf("ran %v", ran)
	}
	if m.active() != m.table {
		t.Errorf("after opening, %T is on top", m.active())
	}
}

func TestOpenFromTheEmptyStore(t *testing.T) {
	m := newTestModel(t, testStore(t, 0), 80, 24)
	mustContain(t, screenText(m), "open a file read-only")
	press(t, m, "o")
	if _, ok := m.active().(*openDialog); !ok {
		t.Fatalf("o on the empty store opened %T", m.active())
	}
	press(t, m, "esc")
	if m.active() != screen(m.empty) {
		t.Errorf("esc left %T", m.active())
	}
}

func TestOpenEndedSaysWhy(t *testing.T) {
	m := newTestModel(t, testStore(t, 3), 80, 24)
	drain(t, m, openEndedMsg{Path: "/tmp/x.csv", Err: errors.New("exit status 1"), Stderr: "rolo: x.csv: the file is empty\n"})
	mustContain(t, screenText(m), "opening x.csv: x.csv: the file is empty")
	drain(t, m, openEndedMsg{Path: "/tmp/x.csv"})
	mustContain(t, screenText(m), "closed x.csv")
}

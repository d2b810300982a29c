package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// pickerDir makes a folder with files the picker offers and files it
// hides, and makes it the current folder.
func pickerDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]int{
		"klienci.csv": 1234, "Export.XLSX": 5_600_000, "notes.pdf": 10, ".secret.csv": 3, "cards.vcf": 812,
		"sub/inner.tsv": 20, ".hidden/x.csv": 1, "archive.zip": 2048, "export.jsonl": 4096,
	}
	for name, size := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("x", size)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func TestWizardFilePickerListsImportableFiles(t *testing.T) {
	dir := pickerDir(t)
	m := newTestModel(t, testStore(t, 3), 100, 30)
	drain(t, m, openImportMsg{})
	w := wizardOf(t, m)
	if w.step != wzFile {
		t.Fatalf("the wizard opened at step %d", w.step)
	}
	frame := screenText(m)
	mustContain(t, frame, "Choose the file to import", dir, "sub/", "klienci.csv", "1.2 kB", "Export.XLSX", "5.6 MB",
		"cards.vcf", "812 B", "archive.zip", "export.jsonl", "4.1 kB", "1 other file not shown")
	for _, hidden := range []string{"notes.pdf", ".secret.csv", ".hidden/"} {
		if strings.Contains(frame, hidden) {
			t.Errorf("the picker shows %s:\n%s", hidden, frame)
		}
	}
	// Folders first, then files by name whatever their case.
	if i, j, k := strings.Index(frame, "sub/"), strings.Index(frame, "archive.zip"), strings.Index(frame, "klienci.csv"); !(i < j && j < k) {
		t.Errorf("order: sub/ %d, archive.zip %d, klienci.csv %d:\n%s", i, j, k, frame)
	}

	press(t, m, ".")
	mustContain(t, screenText(m), ".secret.csv", ".hidden/", "hidden files shown")
	press(t, m, ".")

	// Into sub/ and back up: the cursor is on the folder we came from.
	press(t, m, "enter") // the cursor starts on the first entry: sub/
	w = wizardOf(t, m)
	if w.file.dir != filepath.Join(dir, "sub") {
		t.Fatalf("enter on sub/ lists %s", w.file.dir)
	}
	mustContain(t, screenText(m), "inner.tsv", "20 B")
	press(t, m, "backspace")
	if w.file.dir != dir || w.visibleEntries()[w.file.cursor].name != "sub" {
		t.Fatalf("back up: %s, cursor on %+v", w.file.dir, w.visibleEntries()[w.file.cursor])
	}

	// esc closes the wizard.
	press(t, m, "esc")
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("esc on the file step shows %T", m.active())
	}
}

func TestWizardTypedPathCompletes(t *testing.T) {
	dir := pickerDir(t)
	writeCP1250(t, filepath.Join(dir, "sub"), "kontakty.csv", polishCSV)
	m := newTestModel(t, testStore(t, 3), 100, 30)
	drain(t, m, openImportMsg{})
	w := wizardOf(t, m)

	press(t, m, "/")
	if !m.active().Typing() {
		t.Fatal("/ does not give the path input focus")
	}
	press(t, m, "su", "tab")
	if got := w.input.Value(); got != "sub/" {
		t.Fatalf("tab completed su to %q", got)
	}
	press(t, m, "tab") // two matches: both shown, the common start kept
	mustContain(t, screenText(m), "inner.tsv", "kontakty.csv")
	press(t, m, "k", "tab")
	if got := w.input.Value(); got != "sub/kontakty.csv" {
		t.Fatalf("tab completed sub/k to %q", got)
	}
	press(t, m, "enter")
	if w.step != wzRead || w.file.path != filepath.Join(dir, "sub", "kontakty.csv") {
		t.Fatalf("enter on a typed file: step %d, path %s", w.step, w.file.path)
	}
	mustContain(t, screenText(m), "windows-1250", "Wiśniewska")

	// Back to the picker: it lists the file's folder, the file under the
	// cursor; a typed path that does not exist says so.
	press(t, m, "esc")
	if w.step != wzFile || w.file.dir != filepath.Join(dir, "sub") {
		t.Fatalf("esc from the preview: step %d, folder %s", w.step, w.file.dir)
	}
	if e := w.visibleEntries()[w.file.cursor]; e.name != "kontakty.csv" {
		t.Errorf("the cursor is on %q", e.name)
	}
	press(t, m, "/", "nowhere.csv", "enter")
	mustContain(t, screenText(m), "nowhere.csv: no such file or directory")
	// q is typed into the path, not obeyed.
	press(t, m, "/", "q")
	if w.input.Value() != "q" || w.step != wzFile {
		t.Errorf("q while typing a path: %q, step %d", w.input.Value(), w.step)
	}
	press(t, m, "esc")
	if m.active().Typing() {
		t.Error("esc leaves the path input focused")
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 12_345: "12 kB", 5_600_000: "5.6 MB", 3_000_000_000: "3.0 GB"} {
		if got := humanSize(n); got != want {
			t.Errorf("humanSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWizardMouseWheelMovesTheCursor(t *testing.T) {
	pickerDir(t)
	m := newTestModel(t, testStore(t, 3), 100, 30)
	drain(t, m, openImportMsg{})
	w := wizardOf(t, m)
	drain(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	drain(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	drain(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if w.file.cursor != 2 {
		t.Fatalf("the wheel left the cursor on %d", w.file.cursor)
	}
}

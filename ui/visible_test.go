package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestVisibleCellMarks(t *testing.T) {
	for in, want := range map[string]string{
		"Anna Nowak":      "Anna Nowak",
		"a\x00b":          "a␀b",
		"\x1b[31mred":     "␛[31mred",
		"x\ry\nz\tw":      "x␍y␊z␉w",
		"del\x7f":         "del␡",
		"caf\xe9":         "caf⟨0xE9⟩",
		"\u009b2J":        "⟨U+009B⟩2J",
		"evil\u202etxt":   "evil⟨U+202E⟩txt",
		"\ufeffName":      "⟨U+FEFF⟩Name",
		"Łódź 東京":         "Łódź 東京",
		"👨\u200d👩\u200d👧": "👨\u200d👩\u200d👧",
	} {
		if got := visibleCell(in); got != want {
			t.Errorf("visibleCell(%q) = %q, want %q", in, got, want)
		}
	}
	// Cells everywhere else stay on one line and never reach the terminal
	// with a control in them.
	if got := cleanCell("a\x00b\x1b\u009b\u202e\xe9"); got != "a b   \ufffd" {
		t.Errorf("cleanCell left %q", got)
	}
}

// A file with ESC, CR inside cells and bytes of another encoding, and a
// JSON Lines file with NUL in its values (a NUL byte makes a CSV binary):
// the preview shows marks, every line keeps the frame's width, and a
// change of encoding redraws the whole screen.
func TestWizardPreviewShowsBadBytesAsMarks(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "bad.csv")
	data := "name,note,city\r\n" +
		"Ann,a\x07b,Kraków\r\n" +
		"Bob,\x1b[2J\x1b[31mred,Łódź\r\n" +
		"\"Cy\",\"one\rtwo\",Poznań\r\n" +
		"D\xe9borah,caf\xe9 cr\xe8me,Gda\xf1sk\r\n" +
		strings.Repeat("Ewa Nowak,a plain row to keep the controls under 1% of the file,Lublin\r\n", 8)
	jsonPath := filepath.Join(dir, "nul.jsonl")
	jsonl := `{"name":"Ann\u0000Nul","note":"bell\u0007\u001b[1m","city":"Kra\u009bków"}` + "\n" +
		`{"name":"Bob","note":"evil\u202etxt.exe","city":"Łódź"}` + "\n"
	for p, d := range map[string]string{csvPath: data, jsonPath: jsonl} {
		if err := os.WriteFile(p, []byte(d), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, testStore(t, 3), 80, 24)
	check := func(when string) string {
		t.Helper()
		frame := screenText(m)
		lines := strings.Split(frame, "\n")
		if len(lines) != 24 {
			t.Fatalf("%s: %d lines", when, len(lines))
		}
		for i, l := range lines {
			if ansi.StringWidth(l) != 80 {
				t.Fatalf("%s: line %d is %d cells: %q", when, i, ansi.StringWidth(l), l)
			}
			if !utf8.ValidString(l) || strings.ContainsAny(l, "\x00\x07\x1b\r\u009b\u202e") {
				t.Fatalf("%s: line %d holds raw control bytes: %q", when, i, l)
			}
		}
		return frame
	}

	drain(t, m, openImportMsg{Path: jsonPath})
	mustContain(t, check("JSON Lines"), "Ann␀Nul", "bell␇␛[1m", "Kra⟨U+009B⟩ków", "evil⟨U+202E⟩txt")
	press(t, m, "esc", "esc")

	drain(t, m, openImportMsg{Path: csvPath})
	w := wizardOf(t, m)
	frame := check("as detected")
	t.Logf("detected %s", w.table().Encoding)
	mustContain(t, frame, "a␇b", "␛[2J␛[31mred", "one␍two")

	// Read as UTF-8, the Latin-1 bytes cannot be decoded: they are marked.
	for w.table().Encoding != "utf-8" {
		msgs := press(t, m, "l")
		cleared := false
		for _, msg := range msgs {
			if typeName(msg) == typeName(tea.ClearScreen()) {
				cleared = true
			}
		}
		if !cleared {
			t.Fatalf("reading as %s did not redraw the whole screen", w.table().Encoding)
		}
		check("read as " + w.table().Encoding)
		if w.read.cursor != 0 {
			t.Fatal("the cursor left the encoding")
		}
	}
	frame = check("read as utf-8")
	if !strings.Contains(frame, "⟨0xE9⟩") && !strings.Contains(frame, "�") {
		t.Fatalf("read as UTF-8 the Latin-1 bytes show no mark:\n%s", frame)
	}
}

package ui

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// One completion serves the wizard's file step and the open dialog: case
// ignored, a folder gets its slash, hidden names only after a dot, and the
// wizard offers only files it can import.
func TestCompletePathIn(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"Kontakty.csv", "kontakty-2.xlsx", "notes.pdf", ".hidden.csv"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "Exports"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		typed   string
		want    func(string) bool
		value   string
		matches []string
	}{
		{"kon", importable, "Kontakty", []string{"Kontakty.csv", "kontakty-2.xlsx"}},
		{"kontakty.", importable, "Kontakty.csv", []string{"Kontakty.csv"}},
		{"ex", importable, "Exports/", []string{"Exports/"}},
		{"no", importable, "no", nil},
		{"no", nil, "notes.pdf", []string{"notes.pdf"}},
		{".h", importable, ".hidden.csv", []string{".hidden.csv"}},
		{"missing/x", nil, "missing/x", nil},
	} {
		c := completePathIn(dir, tt.typed, tt.want)
		if c.value != tt.value || !slices.Equal(c.matches, tt.matches) {
			t.Errorf("%q: got %q %q, want %q %q", tt.typed, c.value, c.matches, tt.value, tt.matches)
		}
	}
	// A path from the folder given, as the open dialog types it.
	c := completePathIn("", filepath.Join(dir, "EXP"), nil)
	if c.value != filepath.Join(dir, "Exports")+"/" {
		t.Errorf("absolute path: %q", c.value)
	}
}

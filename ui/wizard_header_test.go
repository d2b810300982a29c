package ui

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWizardReadStepShowsAndMovesTheHeaderRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clients.csv")
	data := "Billing Hub v4.5.17 - Clients export\n\nCLIENTS\n" +
		"Name,City,Work Phone,Email\n" +
		"Acme Tools,Leeds,+44 113 496 0000,office@acme.example\n" +
		"Berg & Sons,Uppsala,+46 18 123 456,info@berg.example\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, testStore(t, 3), 120, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	mustContain(t, screenText(m), "Header row ‹ yes: line 4 names the columns ›  detected · the lines above it are skipped", "Acme Tools")

	// The cursor on the header setting; left picks the line above.
	press(t, m, "j", "j", "h")
	if tb := w.table(); !tb.Header || tb.HeaderLine != 3 || tb.Columns[0] != "CLIENTS" {
		t.Fatalf("header on line %d: %q", tb.HeaderLine, tb.Columns)
	}
	mustContain(t, screenText(m), "Header row ‹ yes: line 3 names the columns ›  chosen")
	// Right twice: line 4, then line 5 (a data row, if the user wants it).
	press(t, m, "l", "l")
	if tb := w.table(); tb.HeaderLine != 5 || tb.Columns[0] != "Acme Tools" {
		t.Fatalf("header on line %d: %q", tb.HeaderLine, tb.Columns)
	}
	// Space turns the header off.
	press(t, m, "space")
	if tb := w.table(); tb.Header {
		t.Fatalf("space left the header on line %d", tb.HeaderLine)
	}
	mustContain(t, screenText(m), "Header row ‹ no: columns are numbered ›  chosen")
}

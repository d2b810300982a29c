package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// auditText writes text to a file and audits it, returning its rows.
func auditText(t *testing.T, name, text, country string) []*AuditRow {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Open(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var rows []*AuditRow
	if _, err := AuditEach(context.Background(), src, country, nil, func(r *AuditRow) error {
		c := *r
		c.Cells = append([]string(nil), r.Cells...)
		rows = append(rows, &c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestShortRowsReadWithTrailingCellsEmpty(t *testing.T) {
	rows := auditText(t, "short.csv", "First,Last,Email,Phone,City\n"+
		"Ann,Lee,ann@example.com,+48 601 234 567,Kraków\n"+
		"Bob,Ray,bob@example.com\n"+ // the last two cells left out
		"Cy,cy@example.com,+48 602 345 678\n"+ // a cell missing in the middle: shifted
		"Di,Orr,di@example.com,+48 603 456 789,Łódź,extra\n", // more cells than the header
		"PL")
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	if rows[0].Reject != "" || len(rows[0].Warnings) != 0 {
		t.Errorf("full row: %q %v", rows[0].Reject, rows[0].Warnings)
	}
	if r := rows[1]; r.Reject != "" || len(r.Warnings) != 1 || r.Warnings[0].Kind() != "short_row" ||
		r.Warnings[0].Message != "3 of 5 cells; the last 2 are taken as empty" || r.Contact.Emails[0] != "bob@example.com" {
		t.Errorf("short row: %q %+v", r.Reject, r.Warnings)
	}
	if r := rows[2]; r.RejectKind != "ragged_row" || !strings.Contains(r.Reject, `column "Last" holds what column "Email" takes`) {
		t.Errorf("shifted row: %q", r.Reject)
	}
	if r := rows[3]; r.RejectKind != "ragged_row" {
		t.Errorf("long row: %q", r.Reject)
	}
}

// An Outlook 2013 export in German: 92 header columns, rows of 89 cells
// (the last three empty ones left out) and a note on two lines.
func TestShortRowsWithMultiLineNote(t *testing.T) {
	header := []string{"Vorname", "Nachname", "E-Mail-Adresse", "Notizen"}
	for i := len(header); i < 92; i++ {
		header = append(header, fmt.Sprintf("Feld %d", i+1))
	}
	row := func(first, email, note string) string {
		cells := []string{first, "Schmidt", email, note}
		for len(cells) < 89 {
			cells = append(cells, "")
		}
		return strings.Join(cells, ",") + "\r\n"
	}
	text := strings.Join(header, ",") + "\r\n" +
		row("Anna", "anna@example.de", "\"Erste Zeile\r\nzweite Zeile, mit Komma\"") +
		row("Bernd", "bernd@example.de", "\"kurz\"")
	rows := auditText(t, "outlook.csv", text, "DE")
	if len(rows) != 2 {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	for _, r := range rows {
		if r.Reject != "" {
			t.Fatalf("row %d rejected: %s", r.Row, r.Reject)
		}
		if len(r.Warnings) != 1 || r.Warnings[0].Message != "89 of 92 cells; the last 3 are taken as empty" {
			t.Errorf("row %d warnings %+v", r.Row, r.Warnings)
		}
	}
	if got := rows[0].Contact.Description; got != "Erste Zeile\r\nzweite Zeile, mit Komma" && got != "Erste Zeile\nzweite Zeile, mit Komma" {
		t.Errorf("note %q", got)
	}
}

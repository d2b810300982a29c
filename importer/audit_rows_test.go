package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestAuditEachHandsOverEveryRow checks that the rows AuditEach hands over
// agree with the report: one per data row, in order, each kind of problem
// on exactly as many rows as the report counts, values and consents as an
// import reads them, and nothing for a row that could not be split.
func TestAuditEachHandsOverEveryRow(t *testing.T) {
	text := "Imię;Nazwisko;E-mail;Telefon;Kraj;Zgoda SMS\n" +
		"Łucja;Wiśniewska;lucja@example.pl;601 234 567;PL;1\n" + // fine
		"Jan;Kowalski;jan@;601 234 568;PL;0\n" + // bad e-mail
		"Anna;Nowak;anna@example.pl;602 345;PL;tak\n" + // a short phone, read as PL
		"Ewa;ewa@example.pl;603 456 789;PL\n" + // ragged: the surname left out, the rest shifted left
		"Piotr;Bez Kontaktu;;;PL;może\n" // no key, a consent neither yes nor no
	path := filepath.Join(t.TempDir(), "kontakty.csv")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Open(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var rows []*AuditRow
	rep, err := AuditEach(context.Background(), src, "PL", nil, func(r *AuditRow) error {
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != rep.Rows || rep.Rows != 5 {
		t.Fatalf("%d rows handed over, the report read %d", len(rows), rep.Rows)
	}
	kinds := map[string]int{}
	for i, r := range rows {
		if r.Row != i+1 || r.Line != i+2 {
			t.Errorf("row %d is numbered %d, line %d", i+1, r.Row, r.Line)
		}
		for _, k := range r.Kinds() {
			kinds[k]++
		}
	}
	for k, n := range rep.Problems {
		if kinds[k] != n {
			t.Errorf("%s on %d rows handed over, the report counts %d", k, kinds[k], n)
		}
	}
	if len(kinds) != len(rep.Problems) {
		t.Errorf("kinds %v, report %v", kinds, rep.Problems)
	}
	if c := rows[0].Contact; c == nil || c.FirstName != "Łucja" || c.PrimaryPhone() != "+48601234567" || len(rows[0].Consents) != 1 || !rows[0].Consents[0].Granted {
		t.Errorf("row 1: %+v %+v", c, rows[0].Consents)
	}
	if rows[3].Contact != nil || rows[3].RejectKind != "ragged_row" || len(rows[3].Cells) != 4 {
		t.Errorf("the ragged row: %+v", rows[3])
	}
	if r := rows[4]; r.Contact == nil || r.Contact.LastName != "Bez Kontaktu" || r.RejectKind != "no_key" || !slices.Contains(r.Kinds(), "invalid_consent") {
		t.Errorf("the row without a key: %+v", r)
	}
	var country string
	for _, w := range rows[2].Warnings {
		if w.Kind() == "invalid_phone" {
			country = w.Country()
		}
	}
	if country != "PL" {
		t.Errorf("the short phone was read as %q", country)
	}

	// An error from fn ends the audit with it.
	stop := errors.New("enough")
	src2, err := Open(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src2.Close()
	if _, err := AuditEach(context.Background(), src2, "PL", nil, func(*AuditRow) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("AuditEach returned %v, want fn's error", err)
	}
}

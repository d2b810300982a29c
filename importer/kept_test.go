package importer

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestKeptReadsEveryRowAgain checks that a kept row read again is the row
// the audit handed over: values, consents, warnings and refusal, for a
// CSV with rows an import refuses and a JSON Lines file with consent
// times.
func TestKeptReadsEveryRowAgain(t *testing.T) {
	files := map[string]string{
		"kontakty.csv": "Imię;Nazwisko;E-mail;Telefon;Kraj;Zgoda SMS;Notatka\n" +
			"Łucja;Wiśniewska;lucja@example.pl;601 234 567;PL;1;=HYPERLINK(\"x\")\n" +
			"Jan;Kowalski;jan@;601 234 568;PL;0;\n" +
			"Ewa;ewa@example.pl;603 456 789;PL\n" +
			"\"Olga;Nowak;olga@example.pl;604 111 222;PL;1;\n",
		"contacts.jsonl": `{"first_name":"Ana","emails":["ana@example.com"],"consents":{"email":{"granted":true,"at":"2024-01-02T03:04:05Z","source":"form"}}}` + "\n" +
			`{"first_name":"Bo","phones":["+48601234567"]}` + "\n" +
			"not json\n",
	}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			src, err := Open(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			kept := NewKept()
			var rows []*AuditRow
			_, err = AuditKeep(context.Background(), src, "PL", nil, kept, func(r *AuditRow) error {
				c := *r
				c.Cells = append([]string(nil), r.Cells...)
				rows = append(rows, &c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if kept.Len() != len(rows) || len(rows) < 3 {
				t.Fatalf("%d rows kept of %d", kept.Len(), len(rows))
			}
			for _, want := range rows {
				got, err := kept.Row(want.Row)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("row %d read again:\n%+v\nread first:\n%+v", want.Row, got, want)
				}
			}
			if name == "kontakty.csv" && !slices.Contains(rows[0].Kinds(), "formula_text") {
				t.Errorf("a cell that runs as a formula is not counted: %v", rows[0].Kinds())
			}
			if name == "contacts.jsonl" && (len(rows[0].Consents) != 1 || rows[0].Contact == nil) {
				t.Errorf("the consent of the first line is not read: %+v", rows[0])
			}
			if _, err := kept.Row(len(rows) + 1); err == nil {
				t.Error("a row past the end was read")
			}
		})
	}
}

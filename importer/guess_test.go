package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDatesOfSomethingElseAreNotBirthDates(t *testing.T) {
	year := time.Now().Year()
	for _, tt := range []struct {
		name, csv, want string
	}{
		{"a sign-up time", "Email;Data zapisu\na@example.pl;2021-08-07 19:03:32\nb@example.pl;2022-01-02 08:15:00\n", "custom:Data zapisu"},
		{"a header naming registration", "Email;Дата регистрации\na@example.ru;07.08.1990\nb@example.ru;02.01.1985\n", "custom:Дата регистрации"},
		{"Anmeldedatum", "Email;Anmeldedatum\na@example.de;07.08.1990\nb@example.de;02.01.1985\n", "custom:Anmeldedatum"},
		{"times of day under no known header", "Email;When\na@example.com;1990-08-07 19:03\nb@example.com;1985-01-02 08:15\n", "custom:When"},
		{"recent dates", fmt.Sprintf("Email;When\na@example.com;%d-08-07\nb@example.com;%d-01-02\n", year-1, year+1), "custom:When"},
		{"old dates, midnight", "Email;When\na@example.com;1990-08-07 00:00:00\nb@example.com;1985-01-02 00:00:00\n", "birth_date"},
		{"a birthday header", "Email;Birthday\na@example.com;2024-08-07\n", "birth_date"},
	} {
		m := mapText(t, "f.csv", tt.csv)
		if got := m.Columns[1].Field; got != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.name, got, m.Columns[1].Reason, tt.want)
		}
	}
}

// A headless import keeps an unsure guess out of the typed field; the
// wizard's automatic mapping still offers it, and the report and the audit
// list it with the --map that applies it.
func TestUnsureGuessesAreHeldByAHeadlessImport(t *testing.T) {
	text := "Email;Column X;Kraj\na@example.com;1980-02-03;PL\nb@example.com;1975-11-30;DE\n"
	m := mapText(t, "f.csv", text)
	if c := m.Columns[1]; c.Field != "birth_date" || c.Sure || !c.Doubt {
		t.Fatalf("AutoMap: %+v", c)
	}
	path := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Open(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	opt := Options{}
	maps, err := opt.mappings(src)
	if err != nil {
		t.Fatal(err)
	}
	held := maps[0].HeldGuesses()
	if c := maps[0].Columns[1]; c.Field != "custom:Column X" || c.Held != "birth_date" || len(held) != 1 ||
		held[0].Map != "--map 'Column X=birth_date'" {
		t.Errorf("headless: %+v %+v", c, held)
	}
	// --map applies it.
	opt = Options{Map: []MapEntry{{Column: "Column X", Field: "birth_date"}}}
	if maps, _ = opt.mappings(src); maps[0].Columns[1].Field != "birth_date" || len(maps[0].HeldGuesses()) != 0 {
		t.Errorf("--map: %+v", maps[0].Columns[1])
	}
	rep, err := Audit(context.Background(), src, "PL", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.UnsureGuesses) != 1 || !strings.Contains(rep.UnsureGuesses[0].Reason, "values are dates") {
		t.Errorf("audit: %+v", rep.UnsureGuesses)
	}
}

package importer

import (
	"context"
	"testing"
	"time"
)

// The guess "recent dates are not birth dates" reads the import's clock,
// not the machine's: the same dates are recent at one time and old at
// another, whatever day the test runs.
func TestGuessReadsTheImportsClock(t *testing.T) {
	text := "Email;Datum\na@example.com;2019-03-04\nb@example.com;2018-07-01\nc@example.com;2017-11-12\n"
	path := writeFile(t, "dates.csv", []byte(text))
	at := func(y int) func() time.Time {
		return func() time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	}
	for _, c := range []struct {
		year  int
		field string
		doubt bool
	}{
		{2021, "custom:Datum", false}, // within five years: the date of something else
		{2040, "birth_date", true},    // long ago: an unsure birth date
	} {
		src, err := Open(path, ReadOptions{Now: at(c.year)})
		if err != nil {
			t.Fatal(err)
		}
		if col := AutoMap(src.Tables[0]).Columns[1]; col.Field != c.field || col.Doubt != c.doubt {
			t.Errorf("at %d: %s (doubt %v), want %s", c.year, col.Field, col.Doubt, c.field)
		}
		src.Close()
	}
	// An import's own clock (Options.Now) decides for a table opened
	// without one.
	src, err := Open(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	for year, want := range map[int]string{2021: "custom:Datum", 2040: "custom:Datum"} {
		opt := Options{Country: "PL", Now: at(year)}
		opt.defaults()
		maps, err := opt.mappings(src)
		if err != nil {
			t.Fatal(err)
		}
		// A headless import keeps the unsure birth-date guess of 2040 as
		// a custom field, and says so.
		col := maps[0].Columns[1]
		if col.Field != want || (year == 2040) != (col.Held == "birth_date") {
			t.Errorf("import at %d: %s held %q", year, col.Field, col.Held)
		}
	}
	r, err := Start(context.Background(), src, Options{Country: "PL", Now: at(2040), DryRun: true}, newMemorySink())
	if err != nil {
		t.Fatal(err)
	}
	for range r.Progress() {
	}
	rep, err := r.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.HeldGuesses) != 1 || rep.HeldGuesses[0].Guess != "birth_date" {
		t.Errorf("held guesses %+v", rep.HeldGuesses)
	}
}

package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rolo/contact"
	"rolo/filter"
	"rolo/importer"
	"rolo/store"
)

// importRows imports a CSV (E-mail;Miasto) through the wizard's job and
// returns its job number.
func importRows(t *testing.T, st *store.Store, rows []string) uint64 {
	t.Helper()
	path := filepath.Join(t.TempDir(), "update.csv")
	writeFile(t, path, "E-mail;Miasto\n"+strings.Join(rows, "\n")+"\n")
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opt := importer.Options{Country: "PL", Mappings: []importer.Mapping{importer.AutoMap(src.Tables[0])}}
	ch := make(chan importer.Progress, 1)
	go func() {
		for range ch {
		}
	}()
	msg, _ := importJob(st, src, opt, context.Background(), ch, importDoneMsg{})(context.Background(), func(int, int) {})
	done := msg.(importDoneMsg)
	if done.rep == nil {
		t.Fatalf("import: %v %v", done.err, done.startErr)
	}
	return done.rep.Job
}

// "View in table" after an import that updated more contacts than a
// screen of IDs: every contact it created or updated, and no other.
func TestViewTouchedListsCreatedAndUpdated(t *testing.T) {
	st := testStore(t, 400)
	var rows []string
	var want []uint64
	err := st.ScanBorrowed(func(c *contact.Contact) error {
		if len(c.Emails) > 0 && len(rows) < 300 {
			rows = append(rows, c.Emails[0]+";Zakopane Testowe")
			want = append(want, c.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		rows = append(rows, fmt.Sprintf("nowy%d@example.pl;Zakopane Testowe", i))
	}
	job := importRows(t, st, rows)

	f, note, err := touchedFilter(st, job)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "the 305 contacts import job") {
		t.Errorf("note %q", note)
	}
	ix := filter.NewIndex(filter.Options{})
	if err := ix.Build(func(fn func(*contact.Contact) error) error { return st.Scan(fn) }); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Match(f)
	if err != nil {
		t.Fatal(err)
	}
	byCity, _ := ix.Match(filter.Filter{Conds: []filter.Condition{{Field: "city", Op: filter.Eq, Values: []string{"Zakopane Testowe"}}}})
	if len(got) != 305 || !slices.Equal(got, byCity) {
		t.Errorf("the filter finds %d contacts; the import wrote %d", len(got), len(byCity))
	}
	for _, id := range want {
		if _, ok := slices.BinarySearch(got, id); !ok {
			t.Errorf("updated contact %d is not in the filter", id)
		}
	}
	if d := f.Describe(); len(d) > 200 || !strings.Contains(d, "(305 values)") {
		t.Errorf("the header's words for it: %q", d)
	}
}

// An import that only created contacts, more than a filter lists by ID:
// shown exactly by their source.
func TestViewTouchedBySourceWhenOnlyCreatedAndMany(t *testing.T) {
	st := testStore(t, 0)
	rows := make([]string, maxIDFilter+1)
	for i := range rows {
		rows[i] = fmt.Sprintf("c%d@example.pl;Kraków", i)
	}
	job := importRows(t, st, rows)
	f, note, err := touchedFilter(st, job)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.String(); got != fmt.Sprintf("source = import:%d", job) {
		t.Errorf("filter %q", got)
	}
	if !strings.Contains(note, "the 100 001 contacts import job") {
		t.Errorf("note %q", note)
	}
}

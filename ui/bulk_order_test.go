package ui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A selection is exported in the table's order (its sort), not by ID.
func TestBulkExportFollowsTheTableOrder(t *testing.T) {
	st := testStore(t, 30)
	m := newTestModel(t, st, 120, 40)
	press(t, m, "l", "l", "l", "s") // sort by the fourth column (City)
	if m.table.q.sortField == "" {
		t.Fatal("s did not sort")
	}
	press(t, m, "a", "b")
	d := m.active().(*bulkDialog)
	d.cursor = slices.IndexFunc(d.actions, func(a bulkAction) bool { return a.kind == bulkExport })
	press(t, m, "enter", "enter", "enter") // export, CSV, the table's columns
	out := filepath.Join(t.TempDir(), "sorted.csv")
	d.input.SetValue(out)
	press(t, m, "enter", "y")
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, id := range m.table.rows.ids {
		want = append(want, m.table.rows.value(id, "full_name"))
	}
	for _, r := range recs[1:] {
		got = append(got, r[0])
	}
	if !slices.Equal(got, want) {
		t.Fatalf("exported in the order\n%q\nthe table shows\n%q", got, want)
	}
	ids := slices.Clone(m.table.rows.ids)
	if slices.IsSorted(ids) {
		t.Fatal("the sort left the rows in ID order: the test proves nothing")
	}
}

package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rolo/store"
)

func TestBulkAddThreeToNewGroup(t *testing.T) {
	st := testStore(t, 60)
	m := newTestModel(t, st, 80, 24)
	press(t, m, "space", "space", "space")
	ids := m.table.sel.ids()
	press(t, m, "b")
	d, ok := m.active().(*bulkDialog)
	if !ok {
		t.Fatalf("b opened %T", m.active())
	}
	press(t, m, "down", "enter", "Trio")
	if d.options[0] != newPrefix+"Trio" {
		t.Fatalf("options %v", d.options)
	}
	press(t, m, "enter")
	mustContain(t, screenText(m), "Add 3 contacts to group 'Trio'?")
	msgs := press(t, m, "y")
	if _, ok := findMsg[jobEventMsg](msgs); !ok {
		t.Fatal("confirming should start a job")
	}
	done, ok := findMsg[bulkDoneMsg](msgs)
	if !ok || done.Changed != 3 {
		t.Fatalf("bulk result %+v", done)
	}
	for _, id := range ids {
		c := reload(t, st, id)
		if !slices.Contains(c.Groups, "Trio") {
			t.Fatalf("contact %d groups %v", id, c.Groups)
		}
		hist, _ := st.History(id)
		if hist[len(hist)-1].Source != "bulk" {
			t.Fatalf("history of %d: %+v", id, hist)
		}
	}
	n, _ := m.ix.Count(mustParse(t, "group = Trio"))
	if n != 3 {
		t.Fatalf("the index has %d in Trio", n)
	}
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("after the job the table should be back, got %T", m.active())
	}
	mustContain(t, screenText(m), "add to group Trio: 3 changed")
}

func TestBulkSetFieldValidatesAndConfirms(t *testing.T) {
	st := testStore(t, 40)
	m := newTestModel(t, st, 120, 40)
	press(t, m, "a", "b", "enter", "priority", "enter")
	d := m.active().(*bulkDialog)
	press(t, m, "urgent", "enter")
	if d.err == "" || d.step != bkValue {
		t.Fatalf("an invalid priority should be refused: %q step %v", d.err, d.step)
	}
	press(t, m, "ctrl+u", "high", "enter")
	mustContain(t, screenText(m), `Set priority to "high" on 40 contacts?`)
	press(t, m, "n")
	if d.step != bkMenu {
		t.Fatal("n should go back to the menu")
	}
	press(t, m, "enter", "priority", "enter", "high", "enter", "enter")
	n, _ := m.ix.Count(mustParse(t, "priority = high"))
	if n != 40 {
		t.Fatalf("%d contacts have priority high, want 40", n)
	}
}

func TestBulkExportWritesTheFile(t *testing.T) {
	st := testStore(t, 30)
	m := newTestModel(t, st, 120, 40)
	press(t, m, "space", "space", "space", "b")
	d := m.active().(*bulkDialog)
	d.cursor = 7 // Export the selection…
	press(t, m, "enter")
	if d.step != bkFormat || d.options[0] != "csv" {
		t.Fatalf("step %v options %v", d.step, d.options)
	}
	press(t, m, "enter", "enter") // CSV, the table's columns
	if d.step != bkPath {
		t.Fatalf("step %v", d.step)
	}
	out := filepath.Join(t.TempDir(), "three.csv")
	d.input.SetValue(out)
	press(t, m, "enter")
	mustContain(t, screenText(m), "Export 3 contacts as CSV to", "three.csv", "Columns: full_name, emails, phones")
	press(t, m, "y")
	mustContain(t, screenText(m), "exported 3 contacts to "+out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "full_name,emails,phones") {
		t.Fatalf("the file:\n%s", data)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".rolo-export-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestBulkEraseAsksForTheWord(t *testing.T) {
	st := testStore(t, 20)
	m := newTestModel(t, st, 120, 40)
	press(t, m, "space", "space")
	ids := m.table.sel.ids()
	emails := []string{reload(t, st, ids[0]).PrimaryEmail(), reload(t, st, ids[1]).PrimaryEmail()}
	press(t, m, "b")
	d := m.active().(*bulkDialog)
	d.cursor = 8 // Erase personal data…
	press(t, m, "enter", "REQ-2026-17", "enter")
	mustContain(t, screenText(m), "Erase 2 contacts? This cannot be undone.")
	press(t, m, "yes", "enter")
	if d.step != bkTypeErase || d.err == "" {
		t.Fatalf("anything but the word should be refused: step %v err %q", d.step, d.err)
	}
	for _, id := range ids {
		if reload(t, st, id).Status == "erased" {
			t.Fatal("erased before the word was typed")
		}
	}
	press(t, m, "ctrl+u", "erase", "enter")
	for i, id := range ids {
		c := reload(t, st, id)
		if c.Status != "erased" || c.FullName() != "" || len(c.Emails) != 0 {
			t.Fatalf("contact %d after erasure: %+v", id, c)
		}
		if emails[i] != "" {
			if _, ok, _ := st.Suppressed(store.SuppressEmail, emails[i]); !ok {
				t.Errorf("%s is not on the suppression list", emails[i])
			}
		}
		if v := m.ix.Value(id, "status"); v != "erased" {
			t.Errorf("the index has status %q for %d", v, id)
		}
	}
	mustContain(t, screenText(m), "erased 2 contacts", "18 contacts · 2 erased")
	if m.table.sel.len() != 0 {
		t.Fatalf("%d contacts still selected after the erasure", m.table.sel.len())
	}
	// Select all leaves the erased out; a bulk action on a selection that
	// holds one anyway skips it and says so.
	press(t, m, "a")
	mustContain(t, screenText(m), "18 contacts selected · 2 erased contacts left out")
	m.table.sel.add(ids[0])
	press(t, m, "b")
	m.active().(*bulkDialog).cursor = 3 // Add a tag…
	press(t, m, "enter", "vip", "enter")
	if strings.Contains(screenText(m), "?") {
		press(t, m, "y")
	}
	mustContain(t, screenText(m), "add tag vip: 18 changed, 1 erased contact skipped")
	if c := reload(t, st, ids[0]); len(c.Tags) != 0 {
		t.Fatalf("the erased contact was tagged: %+v", c)
	}
	press(t, m, "a") // clears
	// Searching an erased e-mail says it is suppressed, and shows no data.
	if emails[0] != "" {
		press(t, m, "/", emails[0])
		mustContain(t, screenText(m), "is on the suppression list (erased", "0 of 18 contacts · 2 erased")
	}
}

func TestBulkOnReadOnlyOffersOnlyExport(t *testing.T) {
	st := testStore(t, 5)
	path := st.Path()
	st.Close()
	ro, err := storeOpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 120, 40)
	press(t, m, "space", "b")
	d, ok := m.active().(*bulkDialog)
	if !ok {
		t.Fatalf("b on a read-only store opened %T", m.active())
	}
	press(t, m, "enter") // Set a field…
	if d.step != bkMenu || !strings.Contains(d.err, "read-only") {
		t.Fatalf("editing should be refused on a read-only store: step %v err %q", d.step, d.err)
	}
	d.cursor = 7
	press(t, m, "enter")
	if d.step != bkFormat {
		t.Fatalf("export should work read-only: step %v", d.step)
	}
}

// An empty input shows its whole placeholder, not its first letter (which
// looked typed: "group: t").
func TestPlaceholderShownWhole(t *testing.T) {
	m := newTestModel(t, testStore(t, 10), 80, 24)
	press(t, m, "space", "b", "down", "enter")
	mustContain(t, screenText(m), "group: type to find one, or a new name")
}

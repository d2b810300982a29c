package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/filter"
	"rolo/store"
)

func TestColumnsDialogTogglesMovesAndSaves(t *testing.T) {
	st := testStore(t, 20)
	m := newTestModel(t, st, 80, 24)
	press(t, m, "c")
	d, ok := m.active().(*columnsDialog)
	if !ok {
		t.Fatalf("c opened %T", m.active())
	}
	// Custom fields and consents of the store are on offer.
	var all []string
	for _, it := range d.items {
		all = append(all, it.field)
	}
	for _, want := range []string{"custom:language", "consent:email", "points", "tax_id"} {
		if !slices.Contains(all, want) {
			t.Fatalf("the dialog lacks %s: %v", want, all)
		}
	}
	// The name column cannot be hidden.
	press(t, m, "space")
	if !d.items[0].on {
		t.Fatal("space hid the name column")
	}
	// Hide e-mails (second), move phones up above it... then show points.
	press(t, m, "j", "space", "j", "K")
	if d.items[1].field != "phones" || d.items[2].field != "emails" || d.items[2].on {
		t.Fatalf("after hide and move: %v %v", d.items[1], d.items[2])
	}
	press(t, m, "/", "points", "enter", "space")
	press(t, m, "/", "esc")
	msgs := press(t, m, "enter")
	if _, ok := findMsg[setColumnsMsg](msgs); !ok {
		t.Fatal("enter should apply the columns")
	}
	want := []string{"full_name", "phones", "city", "country", "status", "groups", "points"}
	if !slices.Equal(m.table.fields, want) {
		t.Fatalf("table columns %v, want %v", m.table.fields, want)
	}
	var saved []string
	if ok, err := st.Pref(columnsPref, &saved); !ok || err != nil || !slices.Equal(saved, want[1:]) {
		t.Fatalf("saved columns %v (%v %v), want %v", saved, ok, err, want[1:])
	}
	// A new session restores them.
	m2 := newTestModel(t, st, 80, 24)
	if !slices.Equal(m2.table.fields, want) {
		t.Fatalf("restored columns %v, want %v", m2.table.fields, want)
	}
}

func TestColumnsDialogEscKeepsColumns(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	before := slices.Clone(m.table.fields)
	press(t, m, "c", "j", "space", "esc")
	if !slices.Equal(m.table.fields, before) {
		t.Fatalf("esc changed the columns to %v", m.table.fields)
	}
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("esc left %T open", m.active())
	}
}

func TestFilterBuilderBuildsCountsAndApplies(t *testing.T) {
	st := testStore(t, 300)
	m := newTestModel(t, st, 80, 24)
	press(t, m, "f")
	b, ok := m.active().(*filterBuilder)
	if !ok {
		t.Fatalf("f opened %T", m.active())
	}
	// Field by typeahead, operator, two values joined by OR.
	press(t, m, "a", "cit")
	if len(b.options) == 0 || b.options[0] != "city" {
		t.Fatalf("typeahead for cit: %v", b.options)
	}
	press(t, m, "enter") // city
	if b.mode != fbOp || b.options[0] != "=" {
		t.Fatalf("operators of city: mode %v %v", b.mode, b.options)
	}
	press(t, m, "enter", "Kraków")
	one, _ := m.ix.Count(mustParse(t, "city = Kraków"))
	if b.count != one {
		t.Fatalf("live count while typing: %d, want %d", b.count, one)
	}
	press(t, m, "+", "Łódź")
	two, _ := m.ix.Count(mustParse(t, "city = Kraków, Łódź"))
	if b.count != two || two <= one {
		t.Fatalf("count with two values: %d, want %d (> %d)", b.count, two, one)
	}
	mustContain(t, screenText(m), "--where  city = Kraków, Łódź", groupDigits(two)+" matching")
	press(t, m, "enter")
	if len(b.conds) != 1 || b.mode != fbList {
		t.Fatalf("enter should finish the condition: %v mode %v", b.conds, b.mode)
	}
	// A second condition: AND.
	press(t, m, "a", "status", "enter")
	if b.mode != fbOp {
		t.Fatalf("mode %v", b.mode)
	}
	press(t, m, "enter") // = : a checklist of the statuses
	if b.mode != fbChecklist || !slices.Contains(b.options, "subscriber") {
		t.Fatalf("status values: mode %v %v", b.mode, b.options)
	}
	i := slices.Index(b.options, "subscriber")
	for range i {
		press(t, m, "down")
	}
	press(t, m, "space", "enter")
	f := b.filter()
	if f.String() != "city = Kraków, Łódź and status = subscriber" {
		t.Fatalf("built %q", f.String())
	}
	want, _ := m.ix.Count(f)
	msgs := press(t, m, "enter") // the apply row
	if a, ok := findMsg[applyFilterMsg](msgs); !ok || a.F.String() != f.String() {
		t.Fatalf("apply gave %#v", a)
	}
	if len(m.table.rows.ids) != want {
		t.Fatalf("table shows %d, want %d", len(m.table.rows.ids), want)
	}
	mustContain(t, screenText(m), groupDigits(want)+" of 300 contacts", "city is Kraków or Łódź")
}

func mustParse(t *testing.T, s string) filter.Filter {
	t.Helper()
	f, err := filter.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFilterBuilderGroupsChecklistAndSegments(t *testing.T) {
	st := testStore(t, 200)
	m := newTestModel(t, st, 120, 40)
	press(t, m, "f", "a", "groups", "enter", "enter")
	b := m.active().(*filterBuilder)
	if b.mode != fbChecklist || len(b.options) < 2 {
		t.Fatalf("groups should be a checklist of the groups: mode %v %v", b.mode, b.options)
	}
	press(t, m, "space", "down", "space", "enter")
	if len(b.conds) != 1 || len(b.conds[0].Values) != 2 || b.conds[0].Op != filter.In {
		t.Fatalf("condition %+v", b.conds)
	}
	press(t, m, "s", "Two groups", "enter")
	segs, err := st.Segments()
	if err != nil || len(segs) != 1 || segs[0].Name != "Two groups" || segs[0].Expr != b.filter().String() {
		t.Fatalf("segments %+v %v", segs, err)
	}
	// Load it in a fresh builder.
	press(t, m, "esc", "f")
	b2 := m.active().(*filterBuilder)
	press(t, m, "x", "l", "enter")
	if b2.filter().String() != segs[0].Expr || b2.segment != "Two groups" {
		t.Fatalf("loaded %q from %q", b2.filter().String(), b2.segment)
	}
	press(t, m, "enter")
	mustContain(t, screenText(m), "Segment Two groups")
}

func TestFilterBuilderTypesQAndRefusesBadNumbers(t *testing.T) {
	m := newTestModel(t, testStore(t, 20), 80, 24)
	press(t, m, "f", "a", "points", "enter")
	b := m.active().(*filterBuilder)
	press(t, m, "down", "down", "enter") // >
	if b.draft.Op != filter.Gt {
		t.Fatalf("op %v", b.draft.Op)
	}
	press(t, m, "lots", "q", "enter")
	if b.mode != fbValues || b.err == "" {
		t.Fatalf("a non-number should be refused: mode %v err %q", b.mode, b.err)
	}
	if b.input.Value() != "lotsq" {
		t.Fatalf("q should be typed into the value, got %q", b.input.Value())
	}
	press(t, m, "ctrl+u", "100", "enter")
	if len(b.conds) != 1 || b.conds[0].String() != "points > 100" {
		t.Fatalf("conds %v err %q", b.conds, b.err)
	}
}

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
	mustContain(t, screenText(m), "Add 3 contacts to group Trio?")
	msgs := press(t, m, "y")
	if _, ok := findMsg[runJobMsg](msgs); !ok {
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
	mustContain(t, screenText(m), "erased 2 contacts")
	// Searching an erased e-mail says it is suppressed, and shows no data.
	if emails[0] != "" {
		press(t, m, "/", emails[0])
		mustContain(t, screenText(m), "is on the suppression list (erased", "0 of 20 contacts")
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

func TestCreateForm(t *testing.T) {
	st := testStore(t, 3)
	m := newTestModel(t, st, 80, 24)
	press(t, m, "n")
	f, ok := m.active().(*createForm)
	if !ok {
		t.Fatalf("n opened %T", m.active())
	}
	press(t, m, "Zofia", "tab", "Nałkowska", "tab", "tab", "tab", "PL", "tab", "zofia@@example", "tab")
	if f.errs[indexOf(createFields, "emails")] == "" {
		t.Fatal("an invalid e-mail is not flagged when leaving the field")
	}
	press(t, m, "shift+tab")
	f.focus = indexOf(createFields, "emails")
	f.inputs[f.focus].SetValue("zofia@example.com")
	f.focus = indexOf(createFields, "phones")
	f.inputs[f.focus].SetValue("601 234 567")
	msgs := press(t, m, "ctrl+s")
	created, ok := findMsg[createdMsg](msgs)
	if !ok || created.Err != nil {
		t.Fatalf("create: %+v (form error %q)", created, f.err)
	}
	c := reload(t, st, created.C.ID)
	if c.FullName() != "Zofia Nałkowska" || c.PrimaryPhone() != "+48601234567" || c.Address.Country != "PL" {
		t.Fatalf("created %+v", c)
	}
	if card, ok := m.active().(*cardModel); !ok || card.id != c.ID {
		t.Fatalf("after create the card should open, active %T", m.active())
	}
	if n, _ := m.sh.st.Count(); n != 4 || m.total != 4 {
		t.Fatalf("count %d / header total %d, want 4", n, m.total)
	}
}

func TestCreateFormRefusesDuplicateEmail(t *testing.T) {
	st := testStore(t, 3)
	m := newTestModel(t, st, 80, 24)
	taken := reload(t, st, 1).PrimaryEmail()
	press(t, m, "n")
	f := m.active().(*createForm)
	f.inputs[0].SetValue("Someone")
	f.inputs[indexOf(createFields, "emails")].SetValue(taken)
	press(t, m, "ctrl+s")
	if !strings.Contains(f.err, "already belongs to contact 1") {
		t.Fatalf("form error %q", f.err)
	}
	press(t, m, "esc")
	if !f.confirm {
		t.Fatal("esc with data typed should ask first")
	}
	press(t, m, "y")
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("y should discard the form, active %T", m.active())
	}
}

func TestEmptyStoreLoadsDemoData(t *testing.T) {
	st := testStore(t, 0)
	m := newTestModel(t, st, 80, 24)
	if _, ok := m.active().(*emptyModel); !ok {
		t.Fatalf("an empty store shows %T", m.active())
	}
	mustContain(t, screenText(m), "no contacts yet", "demo")
	press(t, m, "i")
	mustContain(t, screenText(m), "rolo import")
	press(t, m, "esc", "d")
	if n, _ := st.Count(); n != demoSmall {
		t.Fatalf("demo loaded %d contacts", n)
	}
	if _, ok := m.active().(*tableModel); !ok || m.ix == nil || len(m.table.rows.ids) != demoSmall {
		t.Fatalf("after demo data the table should show them: %T", m.active())
	}
	mustContain(t, screenText(m), "1 000 contacts")
}

func TestImportFileOpensTheImportEntry(t *testing.T) {
	st := testStore(t, 5)
	m := New(Deps{Store: st, Now: fixedNow, NoColor: true, ImportFile: "/data/klienci 2026.csv"})
	m.sh.after = testAfter
	t.Cleanup(m.Shutdown)
	drain(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	drain(t, m, m.Init())
	if _, ok := m.active().(*importEntry); !ok {
		t.Fatalf("rolo import FILE on a terminal shows %T", m.active())
	}
	mustContain(t, screenText(m), "rolo import --mode upsert '/data/klienci 2026.csv'")
	press(t, m, "esc")
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("esc should go back to the table, active %T", m.active())
	}
}

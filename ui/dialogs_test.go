package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/book"
	"rolo/filter"
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
	if ok, err := st.Pref(book.ColumnsKey, &saved); !ok || err != nil || !slices.Equal(saved, want[1:]) {
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
	press(t, m, "enter") // the apply row
	if m.active() != screen(m.table) || m.table.q.filter.String() != f.String() {
		t.Fatalf("apply left %T with the filter %q", m.active(), m.table.q.filter.String())
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
	// Saving it again under the same name asks; enter again replaces.
	press(t, m, "space") // uncheck the first group: a different filter
	press(t, m, "s", "ctrl+u", "Two groups", "enter")
	mustContain(t, screenText(m), "a segment named Two groups exists: enter again replaces it")
	if again, _ := st.Segments(); again[0].Expr != segs[0].Expr {
		t.Fatalf("saving over a segment changed it before asking: %q", again[0].Expr)
	}
	press(t, m, "esc")
	press(t, m, "s", "ctrl+u", "Two groups", "enter", "enter")
	if again, _ := st.Segments(); len(again) != 1 || again[0].Expr != b.filter().String() {
		t.Fatalf("enter again did not replace it: %+v", again)
	}
	segs, _ = st.Segments()
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

func TestCreateForm(t *testing.T) {
	st := testStore(t, 3)
	m := newTestModel(t, st, 80, 24)
	press(t, m, "+")
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
	press(t, m, "+")
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
	mustContain(t, screenText(m), "Choose the file to import")
	press(t, m, "esc", "d")
	if n, _ := st.Count(); n != demoSmall {
		t.Fatalf("demo loaded %d contacts", n)
	}
	if _, ok := m.active().(*tableModel); !ok || m.ix == nil || len(m.table.rows.ids) != demoSmall {
		t.Fatalf("after demo data the table should show them: %T", m.active())
	}
	mustContain(t, screenText(m), "1 000 contacts")
}

func TestImportFileOpensTheImportWizard(t *testing.T) {
	st := testStore(t, 5)
	m := New(Deps{Store: st, Now: fixedNow, NoColor: true, ImportFile: "/data/klienci 2026.csv"})
	m.sh.after = testAfter
	t.Cleanup(m.Shutdown)
	drain(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	drain(t, m, m.Init())
	w, ok := m.active().(*importWizard)
	if !ok || w.step != wzRead {
		t.Fatalf("rolo import FILE on a terminal shows %T", m.active())
	}
	mustContain(t, screenText(m), "/data/klienci 2026.csv: no such file")
	press(t, m, "esc") // back to the file step
	press(t, m, "esc")
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("esc should go back to the table, active %T", m.active())
	}
}

// A segment with or-groups, saved from the command line, opens in the
// builder's groups and is kept whole when a condition is added.
func TestFilterBuilderKeepsOrGroupsOfASegment(t *testing.T) {
	st := testStore(t, 200)
	expr := "status = subscriber and (city = Kraków or points > 100)"
	if err := st.SaveSegment("Mixed", mustParse(t, expr).String(), false); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, st, 120, 40)
	press(t, m, "f")
	b := m.active().(*filterBuilder)
	press(t, m, "x", "l", "enter")
	mustContain(t, screenText(m), "group 1 · all of:", "group 2 · any of:", "city is Kraków", "points > 100")
	if len(b.kept) != 0 || b.groups() != 2 {
		t.Fatalf("opened with %d groups, %d kept as they came", b.groups(), len(b.kept))
	}
	// a on the first condition adds to its group (all of).
	press(t, m, "g", "a", "email", "enter", "down", "down", "down", "down", "enter") // is set
	f := b.filter()
	if got, want := f.String(), "status = subscriber and emails exists and (city = Kraków or points > 100)"; got != want {
		t.Fatalf("built %q, want %q", got, want)
	}
	want, _ := m.ix.Count(f)
	press(t, m, "enter")
	if len(m.table.rows.ids) != want || want == 0 {
		t.Fatalf("table shows %d, want %d (> 0)", len(m.table.rows.ids), want)
	}
}

// The segment list renames (a name in use is refused) and deletes after
// asking.
func TestFilterBuilderRenamesAndDeletesSegments(t *testing.T) {
	st := testStore(t, 50)
	for _, s := range [][2]string{{"Kraków", "city = Kraków"}, {"Rich", "points > 100"}} {
		if err := st.SaveSegment(s[0], s[1], false); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, st, 100, 30)
	press(t, m, "f", "l")
	b := m.active().(*filterBuilder)
	mustContain(t, screenText(m), "r renames", "d deletes")
	// Rename Kraków to Rich: refused, nothing changes; then to Kraków VIP.
	press(t, m, "r", "ctrl+u", "Rich", "enter")
	mustContain(t, screenText(m), "already exists")
	press(t, m, "r", "ctrl+u", "Kraków VIP", "enter")
	segs, _ := st.Segments()
	if len(segs) != 2 || segs[0].Name != "Kraków VIP" || segs[0].Expr != "city = Kraków" {
		t.Fatalf("after rename: %+v", segs)
	}
	if b.mode != fbSegments || b.options[0] != "Kraków VIP" {
		t.Fatalf("the list after rename: mode %v %v", b.mode, b.options)
	}
	// Delete asks; n keeps, y deletes.
	press(t, m, "d")
	mustContain(t, screenText(m), "Delete the segment Kraków VIP? y deletes it")
	press(t, m, "n")
	if segs, _ := st.Segments(); len(segs) != 2 {
		t.Fatalf("n deleted: %+v", segs)
	}
	press(t, m, "d", "y")
	segs, _ = st.Segments()
	if len(segs) != 1 || segs[0].Name != "Rich" {
		t.Fatalf("after delete: %+v", segs)
	}
	press(t, m, "d", "y")
	if segs, _ := st.Segments(); len(segs) != 0 || b.mode != fbList {
		t.Fatalf("deleting the last: %+v, mode %v", segs, b.mode)
	}
}

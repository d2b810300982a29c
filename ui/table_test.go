package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/filter"
)

func TestTableStartsOnTheIndexInNameOrder(t *testing.T) {
	st := testStore(t, 120)
	m := newTestModel(t, st, 80, 24)
	if m.ix == nil || !m.table.rows.complete {
		t.Fatal("the index was not built")
	}
	if got := len(m.table.rows.ids); got != 120 {
		t.Fatalf("rows: %d, want 120", got)
	}
	// Name order, as the index sorts.
	want := append([]uint64(nil), m.table.rows.ids...)
	m.ix.Sort(want, "full_name", false)
	for i := range want {
		if want[i] != m.table.rows.ids[i] {
			t.Fatalf("row %d is %d, want %d", i, m.table.rows.ids[i], want[i])
		}
	}
	if m.table.cursor != 0 || m.table.top != 0 {
		t.Errorf("cursor %d top %d, want the first row", m.table.cursor, m.table.top)
	}
	mustContain(t, screenText(m), "120 contacts", "All contacts", "Name", "E-mails")
}

func TestTableNavigation(t *testing.T) {
	st := testStore(t, 100)
	m := newTestModel(t, st, 80, 24)
	rows := m.table.dataRows()
	tests := []struct {
		keys       []string
		cursor     int
		wantTopMax int
	}{
		{[]string{"j"}, 1, 0},
		{[]string{"down", "down"}, 3, 0},
		{[]string{"k"}, 2, 0},
		{[]string{"up", "up", "up"}, 0, 0},
		{[]string{"G"}, 99, 99},
		{[]string{"g"}, 0, 0},
		{[]string{"end"}, 99, 99},
		{[]string{"home"}, 0, 0},
		{[]string{"pgdown"}, rows, rows},
		{[]string{"pgup"}, 0, 0},
	}
	for _, tc := range tests {
		press(t, m, tc.keys...)
		if m.table.cursor != tc.cursor {
			t.Fatalf("after %v: cursor %d, want %d", tc.keys, m.table.cursor, tc.cursor)
		}
		if m.table.cursor < m.table.top || m.table.cursor >= m.table.top+rows || m.table.top > tc.wantTopMax {
			t.Fatalf("after %v: cursor %d not in view (top %d, %d rows)", tc.keys, m.table.cursor, m.table.top, rows)
		}
	}
	// The cursor row is marked in the frame.
	press(t, m, "j")
	lines := strings.Split(screenText(m), "\n")
	name := m.table.rows.value(m.table.focusedID(), "full_name")
	found := false
	for _, l := range lines {
		if strings.HasPrefix(l, ">") && strings.Contains(l, firstRunes(name, 10)) {
			found = true
		}
	}
	if !found {
		t.Errorf("the cursor row (%s) is not marked:\n%s", name, strings.Join(lines, "\n"))
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

func TestTableEnterOpensTheCard(t *testing.T) {
	m := newTestModel(t, testStore(t, 30), 80, 24)
	press(t, m, "j", "j")
	id := m.table.focusedID()
	m.table.Update(keyMsg("enter"))
	if got := asked(m.sh); len(got) != 1 || got[0] != (openCardMsg{ID: id}) {
		t.Fatalf("enter asked %#v, want openCardMsg{%d}", got, id)
	}
	press(t, m, "enter")
	card, ok := m.active().(*cardModel)
	if !ok || card.id != id || !card.loaded {
		t.Fatalf("active screen %T, want the loaded card of %d", m.active(), id)
	}
	press(t, m, "q")
	if m.active() != screen(m.table) {
		t.Fatalf("q on the card should go back to the table, active is %T", m.active())
	}
}

func TestTableSelection(t *testing.T) {
	m := newTestModel(t, testStore(t, 50), 80, 24)
	first := m.table.rows.ids[0]
	press(t, m, "space")
	if !m.table.sel.has(first) || m.table.cursor != 1 {
		t.Fatalf("space should select the row and move down: selected %v cursor %d", m.table.sel.has(first), m.table.cursor)
	}
	press(t, m, "space", "space")
	if m.table.sel.len() != 3 {
		t.Fatalf("selected %d, want 3", m.table.sel.len())
	}
	mustContain(t, screenText(m), "3 selected", "✓")
	press(t, m, "i")
	if m.table.sel.len() != 47 || m.table.sel.has(first) {
		t.Fatalf("invert: %d selected (first selected: %v), want 47 without the first", m.table.sel.len(), m.table.sel.has(first))
	}
	press(t, m, "a")
	if m.table.sel.len() != 50 {
		t.Fatalf("select all: %d, want 50", m.table.sel.len())
	}
	press(t, m, "a")
	if m.table.sel.len() != 0 {
		t.Fatalf("a again clears: %d selected", m.table.sel.len())
	}
	_, cmd := m.table.Update(keyMsg("b"))
	if st, ok := cmd().(statusMsg); !ok || !strings.Contains(st.Text, "select") {
		t.Fatalf("b with nothing selected should say how to select, got %#v", cmd())
	}
	press(t, m, "space")
	m.table.Update(keyMsg("b"))
	if got := asked(m.sh); len(got) != 1 || len(got[0].(openBulkMsg).IDs) != 1 {
		t.Fatalf("b asked %#v, want openBulkMsg with 1 ID", got)
	}
}

func TestTableQuickSearch(t *testing.T) {
	st := testStore(t, 200)
	m := newTestModel(t, st, 120, 40)
	target := m.table.rows.ids[57]
	email := m.ix.Value(target, "emails")
	if email == "" {
		target = m.table.rows.ids[58]
		email = m.ix.Value(target, "emails")
	}
	email = strings.Split(email, ";")[0]
	press(t, m, "/")
	if !m.table.Typing() {
		t.Fatal("/ should focus the search line")
	}
	press(t, m, email)
	if len(m.table.rows.ids) != 1 || m.table.rows.ids[0] != target {
		t.Fatalf("search %q found %v, want [%d]", email, m.table.rows.ids, target)
	}
	mustContain(t, screenText(m), "1 of 200 contacts", "Search")
	// q is typed, not obeyed, while searching.
	press(t, m, "q")
	if m.table.q.search != email+"q" {
		t.Fatalf("q while searching should be typed: search is %q", m.table.q.search)
	}
	press(t, m, "backspace", "enter")
	if m.table.Typing() || m.table.q.search != email {
		t.Fatalf("enter keeps the results: typing %v, search %q", m.table.Typing(), m.table.q.search)
	}
	mustContain(t, screenText(m), "esc clear search")
	press(t, m, "esc")
	if m.table.q.search != "" || len(m.table.rows.ids) != 200 {
		t.Fatalf("esc clears kept results: %q, %d rows", m.table.q.search, len(m.table.rows.ids))
	}
	press(t, m, "/", "kowal", "esc")
	if m.table.q.search != "" || len(m.table.rows.ids) != 200 || m.table.Typing() {
		t.Fatalf("esc while typing cancels the search: %q, %d rows", m.table.q.search, len(m.table.rows.ids))
	}
}

func TestTableSearchFindsNationalPhone(t *testing.T) {
	st := testStore(t, 200)
	m := newTestModel(t, st, 120, 40)
	// A Polish contact's mobile, typed the way a Pole says it.
	var id uint64
	var e164 string
	for _, x := range m.table.rows.ids {
		if p := m.ix.Value(x, "phones"); strings.HasPrefix(p, "+48") {
			id, e164 = x, strings.Split(p, ";")[0]
			break
		}
	}
	if id == 0 {
		t.Skip("no Polish phone in the demo sample")
	}
	national := e164[3:6] + " " + e164[6:9] + " " + e164[9:]
	press(t, m, "/", national)
	found := false
	for _, x := range m.table.rows.ids {
		found = found || x == id
	}
	if !found {
		t.Fatalf("searching %q did not find %s (contact %d); got %d rows", national, e164, id, len(m.table.rows.ids))
	}
}

func TestTableSortByFocusedColumn(t *testing.T) {
	m := newTestModel(t, testStore(t, 80), 120, 40)
	press(t, m, "l", "l", "l") // city
	if f := m.table.fields[m.table.focus]; f != "city" {
		t.Fatalf("focused column %s, want city", f)
	}
	press(t, m, "s")
	if m.table.q.sortField != "city" || m.table.q.sortDesc {
		t.Fatalf("sort %s desc=%v, want city ascending", m.table.q.sortField, m.table.q.sortDesc)
	}
	ids := m.table.rows.ids
	want := append([]uint64(nil), ids...)
	m.ix.Sort(want, "city", false)
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("row %d: %d, want %d", i, ids[i], want[i])
		}
	}
	press(t, m, "s")
	if !m.table.q.sortDesc {
		t.Fatal("s again should sort descending")
	}
	mustContain(t, screenText(m), "sorted by city, descending", "City ↓")
}

func TestTableCopyCell(t *testing.T) {
	m := newTestModel(t, testStore(t, 20), 80, 24)
	press(t, m, "l") // e-mails
	want := m.ix.Value(m.table.focusedID(), "emails")
	msgs := press(t, m, "y")
	st, ok := findMsg[statusMsg](msgs)
	if !ok || !strings.Contains(st.Text, "copied e-mails") || !strings.Contains(st.Text, strings.Split(want, ";")[0]) {
		t.Fatalf("status after y: %#v, want it to name the e-mail %s", st, want)
	}
	if !strings.Contains(screenText(m), "copied e-mails") {
		t.Error("the status line does not say what was copied")
	}
	// The clipboard command is OSC 52's: its message is bubbletea's own.
	_, cmd := m.table.Update(keyMsg("y"))
	found := false
	for _, c := range cmd().(tea.BatchMsg) {
		if c != nil && strings.Contains(strings.ToLower(typeName(c())), "clipboard") {
			found = true
		}
	}
	if !found {
		t.Error("y did not send the clipboard command")
	}
}

func TestTableFilterAndClear(t *testing.T) {
	m := newTestModel(t, testStore(t, 150), 120, 40)
	f, err := filter.Parse("country = PL")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := m.ix.Count(f)
	drain(t, m, applyFilterMsg{F: f})
	if len(m.table.rows.ids) != want || want == 0 {
		t.Fatalf("filter country = PL: %d rows, want %d", len(m.table.rows.ids), want)
	}
	mustContain(t, screenText(m), groupDigits(want)+" of 150 contacts", "Filter: country is PL")
	press(t, m, "x")
	if len(m.table.rows.ids) != 150 {
		t.Fatalf("x should clear the filter: %d rows", len(m.table.rows.ids))
	}
	press(t, m, "x")
	if len(m.table.rows.ids) != want || m.table.q.filter.String() != "country = PL" {
		t.Fatalf("x again should bring the filter back: %d rows, %q", len(m.table.rows.ids), m.table.q.filter.String())
	}
}

func TestTableQuitAndCtrlC(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	if _, ok := findMsg[tea.QuitMsg](press(t, m, "q")); !ok {
		t.Fatal("q on the table should quit")
	}
	press(t, m, "c") // the columns dialog
	if _, ok := m.active().(*columnsDialog); !ok {
		t.Fatalf("c: active is %T", m.active())
	}
	if _, ok := findMsg[tea.QuitMsg](press(t, m, "ctrl+c")); !ok {
		t.Fatal("ctrl+c quits from any screen")
	}
}

func TestTableReadOnlyHidesEditing(t *testing.T) {
	st := testStore(t, 10)
	path := st.Path()
	st.Close()
	ro, err := storeOpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 120, 40)
	frame := screenText(m)
	mustContain(t, frame, "read-only")
	if strings.Contains(frame, "new contact") {
		t.Errorf("read-only help lists editing keys:\n%s", frame)
	}
	press(t, m, "+")
	if _, ok := m.active().(*tableModel); !ok {
		t.Errorf("n opened %T on a read-only store", m.active())
	}
}

func TestTableWideTextKeepsTheLayout(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	id := m.table.rows.ids[0]
	c := reload(t, m.sh.st, id)
	c.FirstName = "李小龍李小龍李小龍李小龍李小龍🙂🙂"
	c.Description = "line one\nline two\tand a tab"
	drain(t, m, cardSavedMsg{ID: id, C: c, Outcome: 1})
	m.table.setFields([]string{"full_name", "description", "emails"})
	frame := screenText(m)
	for i, l := range strings.Split(frame, "\n") {
		if w := lipglossWidth(l); w > 80 {
			t.Fatalf("line %d is %d cells wide:\n%s", i, w, frame)
		}
	}
	if strings.Count(frame, "\n") != 23 {
		t.Fatalf("frame has %d lines, want 24", strings.Count(frame, "\n")+1)
	}
}

// A key pressed while a query is on its way applies to its answer: G goes
// to the last row of the new rows, not of the old ones.
func TestTableBottomWhileQueryRuns(t *testing.T) {
	m := newTestModel(t, testStore(t, 120), 80, 24)
	press(t, m, "/", "an", "enter")
	n := len(m.table.rows.ids)
	if n == 0 || n == 120 {
		t.Fatalf("search an: %d rows", n)
	}
	_, pending := m.Update(keyMsg("esc")) // clears the search: a query starts
	drain(t, m, keyMsg("G"))              // pressed before the answer
	drain(t, m, pending)
	if len(m.table.rows.ids) != 120 || m.table.cursor != 119 {
		t.Fatalf("after the answer: %d rows, cursor %d, want the last of 120", len(m.table.rows.ids), m.table.cursor)
	}
}

func TestTableSaysWhenNothingMatches(t *testing.T) {
	m := newTestModel(t, testStore(t, 20), 80, 24)
	drain(t, m, applyFilterMsg{F: mustParse(t, "city = Atlantis")})
	mustContain(t, screenText(m), "0 of 20 contacts", "no contact matches this filter")
	press(t, m, "enter", "space", "y") // nothing to open, select or copy: no crash
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("active %T", m.active())
	}
}

// Typing quickly costs one search: a pause tick of an older text is stale.
func TestTableSearchWaitsForAPause(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	m.sh.after = func(_ time.Duration, msg tea.Msg) tea.Cmd { return msgCmd(msg) }
	press(t, m, "/")
	_, first := m.table.Update(keyMsg("a"))  // its tick is not delivered yet
	_, second := m.table.Update(keyMsg("n")) // a newer text
	searches := 0
	for _, cmd := range []tea.Cmd{first, second} {
		for _, msg := range drain(t, m, cmd) {
			if _, ok := msg.(queryResultMsg); ok {
				searches++
			}
		}
	}
	if searches != 1 || m.table.q.search != "an" {
		t.Fatalf("%d searches ran for %q, want 1", searches, m.table.q.search)
	}
}

// All contacts in name order are kept: clearing a filter needs no new sort,
// and a change to the contacts forgets them.
func TestTableKeepsTheNameOrder(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	if m.table.idx.byName == nil {
		t.Fatal("the name order was not kept")
	}
	drain(t, m, applyFilterMsg{F: mustParse(t, "country = PL")})
	msgs := drain(t, m, keyMsg("x"))
	if r, ok := findMsg[queryResultMsg](msgs); !ok || len(r.IDs) != 40 {
		t.Fatalf("clearing the filter: %+v", r)
	}
	c := reload(t, m.sh.st, m.table.rows.ids[0])
	c.FirstName, c.MiddleName = "Zzyzx", ""
	drain(t, m, contactChangedMsg{C: c})
	if m.table.rows.ids[0] == c.ID {
		t.Fatalf("after renaming %d to Zzyzx it is still the first row", c.ID)
	}
	want := append([]uint64(nil), m.table.rows.ids...)
	m.ix.Sort(want, "full_name", false)
	for i := range want {
		if want[i] != m.table.rows.ids[i] {
			t.Fatalf("row %d is %d, a fresh sort says %d", i, m.table.rows.ids[i], want[i])
		}
	}
}

// n and N walk the matches of the last search; + makes a new contact; a
// sort starts at the top of the new order; esc closes the help.
func TestTableHabits(t *testing.T) {
	m := newTestModel(t, testStore(t, 200), 80, 24)
	press(t, m, "n")
	mustContain(t, screenText(m), "no search yet")
	if _, ok := m.active().(*createForm); ok {
		t.Fatal("n opened the new-contact form")
	}
	press(t, m, "/", "a", "enter")
	n := len(m.table.rows.ids)
	if n < 3 {
		t.Fatalf("the search for a matched %d", n)
	}
	press(t, m, "n", "n")
	if m.table.cursor != 2 {
		t.Fatalf("n n: cursor %d", m.table.cursor)
	}
	mustContain(t, screenText(m), "match 3 of")
	// The position follows any move, and is not left behind in the
	// status line for the card.
	press(t, m, "j")
	mustContain(t, screenText(m), "match 4 of")
	press(t, m, "enter")
	if strings.Contains(screenText(m), "match 4 of") {
		t.Fatal("the card shows the table's match position")
	}
	press(t, m, "esc", "k")
	press(t, m, "N", "N", "N")
	if m.table.cursor != n-1 {
		t.Fatalf("N from the first match goes round to the last: cursor %d of %d", m.table.cursor, n)
	}
	press(t, m, "esc", "+")
	if _, ok := m.active().(*createForm); !ok {
		t.Fatalf("+ opened %T", m.active())
	}
	press(t, m, "esc")
	press(t, m, "j", "j", "j", "l", "s")
	if m.table.cursor != 0 {
		t.Fatalf("after s the cursor is on row %d, not the top", m.table.cursor)
	}
	press(t, m, "?")
	if !m.help.ShowAll {
		t.Fatal("? did not open the help")
	}
	press(t, m, "esc")
	if m.help.ShowAll {
		t.Fatal("esc did not close the help")
	}
}

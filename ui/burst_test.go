package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/store"
)

// burst applies keys one Update after another without running a command in
// between, as a terminal over SSH delivers them: every key is queued before
// the first one's commands have answered. Then the commands run.
func burst(t testing.TB, m *Model, keys ...string) {
	t.Helper()
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		drain(t, m, c)
	}
}

func TestBurstFilterKeyThenA(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	burst(t, m, "f", "a")
	if _, ok := m.active().(*filterBuilder); !ok {
		t.Fatalf("f a shows %T", m.active())
	}
	if n := m.table.sel.len(); n != 0 {
		t.Fatalf("the a of f a selected %d contacts in the table below", n)
	}
}

func TestBurstBulkThenEnter(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	press(t, m, "space")
	burst(t, m, "b", "enter")
	d, ok := m.active().(*bulkDialog)
	if !ok {
		t.Fatalf("b enter shows %T", m.active())
	}
	if d.step == bkMenu {
		t.Fatal("the enter of b enter did not reach the bulk dialog")
	}
	for _, s := range m.stack {
		if _, ok := s.(*cardModel); ok {
			t.Fatal("the enter of b enter opened a card below the dialog")
		}
	}
}

func TestBurstColumnsThenJSpace(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	row := m.table.cursor
	burst(t, m, "c", "j", "space")
	d, ok := m.active().(*columnsDialog)
	if !ok {
		t.Fatalf("c j space shows %T", m.active())
	}
	if d.cursor != 1 || d.items[1].on == (len(m.table.fields) > 1) {
		t.Fatalf("the dialog's cursor is %d, item 1 %+v: j space did not reach it", d.cursor, d.items[1])
	}
	if m.table.cursor != row || m.table.sel.len() != 0 {
		t.Fatalf("j space moved the table (%d→%d) or selected %d rows", row, m.table.cursor, m.table.sel.len())
	}
}

func TestBurstConsentsThenJ(t *testing.T) {
	st := testStore(t, 40)
	if defs, _ := st.ConsentDefs(); len(defs) < 2 {
		t.Fatalf("the test store defines %d consents", len(defs))
	}
	m := newTestModel(t, st, 80, 24)
	row := m.table.cursor
	burst(t, m, "C", "j")
	s, ok := m.active().(*consentsScreen)
	if !ok || s.cursor != 1 || m.table.cursor != row {
		t.Fatalf("C j: %T, the consents' cursor on %d, the table's moved %d→%d", m.active(), s.cursor, row, m.table.cursor)
	}
}

func TestBurstImportsThenJ(t *testing.T) {
	st := testStore(t, 40)
	for _, f := range []string{"/tmp/a.csv", "/tmp/b.csv"} {
		if _, err := st.NewJob(store.Job{File: f, Status: contact.JobDone, Started: testNow}); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, st, 80, 24)
	row := m.table.cursor
	burst(t, m, "I", "j")
	l, ok := m.active().(*jobsList)
	if !ok || l.cursor != 1 || m.table.cursor != row {
		t.Fatalf("I j: %T, the list's cursor on %d, the table's moved %d→%d", m.active(), l.cursor, row, m.table.cursor)
	}
}

// A burst into a card that is still loading waits for it; keys after esc
// go to the table again.
func TestBurstCardKeysWaitForTheCard(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	burst(t, m, "enter", "j")
	c, ok := m.active().(*cardModel)
	if !ok || !c.loaded {
		t.Fatalf("enter j shows %T", m.active())
	}
	first := newCard(m.sh, c.id)
	drain(t, m, nil)
	first.setLoaded(cardLoadedMsg{ID: c.id, C: c.c, History: c.history, Defs: c.defs, Customs: c.customs})
	if c.cursor == first.cursor {
		t.Fatalf("the j of enter j did not move the card's cursor (%d)", c.cursor)
	}
	row := m.table.cursor
	burst(t, m, "esc", "j", "j")
	if m.active() != screen(m.table) || m.table.cursor != row+2 {
		t.Fatalf("esc j j: %T, table cursor %d→%d", m.active(), row, m.table.cursor)
	}
}

// Keys typed at a screen that closes before it has loaded are dropped,
// never given to the screen below.
func TestBurstKeysOfAClosedScreenAreDropped(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	m.Update(keyMsg("C"))
	m.Update(keyMsg("a"))
	m.Update(closeScreenMsg{})
	drain(t, m, nil)
	if m.active() != screen(m.table) || m.table.sel.len() != 0 {
		t.Fatalf("%T active, %d selected: a held for the consents reached the table", m.active(), m.table.sel.len())
	}
}

// Three quick → on the encoding move it three choices on, as three slow
// ones do.
func TestBurstWizardEncodingArrows(t *testing.T) {
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := newTestModel(t, testStore(t, 3), 120, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	want := w.read.encodings[3]
	burst(t, m, "right", "right", "right")
	if got := w.table().Encoding; got != want {
		t.Fatalf("→→→ read the file as %q, want %q (choices %v)", got, want, w.read.encodings)
	}
}

// f while the index is still built: the builder opens and waits for it,
// and the a typed after f goes to the builder once it is ready, never to
// the table (where it selects every contact).
func TestBurstFilterWhileIndexing(t *testing.T) {
	m := newTestModel(t, testStore(t, 40), 80, 24)
	ix := m.ix
	m.ix = nil
	burst(t, m, "f", "a")
	b, ok := m.active().(*filterBuilder)
	if !ok {
		t.Fatalf("f while indexing shows %T", m.active())
	}
	if n := m.table.sel.len(); n != 0 {
		t.Fatalf("the a of f a selected %d contacts while indexing", n)
	}
	drain(t, m, indexReadyMsg{ix: ix})
	if b.mode != fbField {
		t.Fatalf("the a typed while indexing did not reach the builder: mode %v", b.mode)
	}
}

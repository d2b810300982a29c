package ui

import (
	"strings"
	"testing"

	"rolo/contact"
)

// u undoes the user's last change, naming it first; a contact changed
// again since is left as it is and listed.
func TestUndoBulkActionFromTheTable(t *testing.T) {
	st := testStore(t, 20)
	m := newTestModel(t, st, 80, 24)
	press(t, m, "space", "space", "space")
	ids := m.table.sel.ids()
	press(t, m, "b")
	m.active().(*bulkDialog).cursor = 3 // Add a tag…
	press(t, m, "enter", "vip", "enter")
	if strings.Contains(screenText(m), "?") {
		press(t, m, "y")
	}
	for _, id := range ids {
		if c := reload(t, st, id); len(c.Tags) == 0 || c.Tags[len(c.Tags)-1] != "vip" {
			t.Fatalf("contact %d not tagged: %v", id, c.Tags)
		}
	}
	// Someone changes the third one again.
	c := reload(t, st, ids[2])
	c.Company = "Changed Since"
	if _, err := st.Save(c, contactEvent()); err != nil {
		t.Fatal(err)
	}
	burst(t, m, "u") // the dialog is pushed at once, and waits for the action
	d, ok := m.active().(*undoDialog)
	if !ok {
		t.Fatalf("u opened %T", m.active())
	}
	mustContain(t, screenText(m), "undo: add tag 'vip' to 3 contacts?")
	press(t, m, "y")
	if m.active() != screen(m.table) || d == nil {
		t.Fatalf("after y the active screen is %T", m.active())
	}
	mustContain(t, screenText(m), "undone: add tag 'vip' to 3 contacts: 2 contacts put back")
	for i, id := range ids {
		c := reload(t, st, id)
		tagged := len(c.Tags) > 0 && c.Tags[len(c.Tags)-1] == "vip"
		if tagged != (i == 2) {
			t.Errorf("contact %d after the undo: tags %v", id, c.Tags)
		}
	}
	if c := reload(t, st, ids[2]); c.Company != "Changed Since" {
		t.Errorf("the contact changed since was overwritten: %+v", c)
	}
	// Nothing left: the dialog says so.
	press(t, m, "u")
	mustContain(t, screenText(m), "Nothing to undo")
	press(t, m, "esc")
}

// A card edit and a new contact are undone step by step.
func TestUndoCardEditAndNewContact(t *testing.T) {
	st := testStore(t, 10)
	m := newTestModel(t, st, 120, 40)
	press(t, m, "enter")
	card := m.active().(*cardModel)
	id := card.id
	before := reload(t, st, id).Company
	for card.focused().field != "company" {
		press(t, m, "j")
	}
	press(t, m, "e", "ctrl+u", "Undo Me Ltd", "enter")
	if reload(t, st, id).Company != "Undo Me Ltd" {
		t.Fatal("the edit was not saved")
	}
	press(t, m, "esc", "u")
	mustContain(t, screenText(m), "undo: edit company of")
	press(t, m, "y")
	if got := reload(t, st, id).Company; got != before {
		t.Fatalf("after the undo the company is %q, want %q", got, before)
	}
}

func contactEvent() contact.Event { return contact.Event{Source: "test"} }

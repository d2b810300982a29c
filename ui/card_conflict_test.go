package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"rolo/contact"
	"rolo/store"
)

// anotherUserSaves is ana, in another rolo process on the same store,
// saving contact id with change applied.
func anotherUserSaves(t *testing.T, st *store.Store, id uint64, change func(*contact.Contact)) *contact.Contact {
	t.Helper()
	other, err := store.Open(st.Path(), store.Options{Now: fixedNow, NoSync: true, User: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	c, err := other.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	change(c)
	if _, err := other.Save(c, contact.Event{Source: "card"}); err != nil {
		t.Fatal(err)
	}
	return reload(t, st, id)
}

// conflictOnCompany opens the first contact's card, types a new company
// on its edit line, lets ana save the contact (another company and city),
// then presses enter: the save must stop at the conflict dialog.
func conflictOnCompany(t *testing.T) (*Model, *store.Store, *cardModel, uint64) {
	t.Helper()
	st := testStore(t, 30)
	m := newTestModel(t, st, 80, 24)
	id := m.table.focusedID()
	card := openCard(t, m)
	focusField(t, m, card, "company", 0)
	press(t, m, "e", "ctrl+u", "Mine Sp. z o.o.")
	anotherUserSaves(t, st, id, func(c *contact.Contact) {
		c.Company, c.Address.City = "Theirs GmbH", "Gdańsk"
	})
	press(t, m, "enter")
	if _, ok := m.active().(*cardConflict); !ok {
		t.Fatalf("after the save: active is %T, want the conflict dialog", m.active())
	}
	if got := reload(t, st, id); got.Company != "Theirs GmbH" || got.Address.City != "Gdańsk" {
		t.Fatalf("the refused save wrote something: company %q city %q", got.Company, got.Address.City)
	}
	return m, st, card, id
}

func TestCardConflictShowsBothVersions(t *testing.T) {
	m, _, _, _ := conflictOnCompany(t)
	frame := screenText(m)
	mustContain(t, frame, "ana (card) at 14:03:00", "Company", "Theirs GmbH", "Mine Sp. z o.o.", "City", "Gdańsk", "both", "them",
		"t keep theirs", "o overwrite with mine")
	golden.RequireEqual(t, frame)
}

func TestCardConflictKeepTheirs(t *testing.T) {
	m, st, card, id := conflictOnCompany(t)
	press(t, m, "t")
	if m.active() != card || card.editing {
		t.Fatalf("after t: active %T, editing %v; want the card, not editing", m.active(), card.editing)
	}
	if card.c.Company != "Theirs GmbH" || card.c.Address.City != "Gdańsk" {
		t.Errorf("the card shows %q / %q, want ana's version", card.c.Company, card.c.Address.City)
	}
	if got := reload(t, st, id); got.Company != "Theirs GmbH" {
		t.Errorf("stored company %q", got.Company)
	}
	mustContain(t, screenText(m), "kept the saved version")
}

func TestCardConflictOverwriteWithMine(t *testing.T) {
	m, st, card, id := conflictOnCompany(t)
	press(t, m, "o")
	got := reload(t, st, id)
	// Overwriting saves the card's whole version: its company, and the
	// city it read (ana's city goes back: the dialog said so).
	if got.Company != "Mine Sp. z o.o." || got.Address.City == "Gdańsk" {
		t.Errorf("after o: company %q city %q", got.Company, got.Address.City)
	}
	if m.active() != card || card.editing || card.c.Company != "Mine Sp. z o.o." {
		t.Errorf("after o: active %T editing %v card company %q", m.active(), card.editing, card.c.Company)
	}
}

func TestCardConflictEditAgain(t *testing.T) {
	m, st, card, id := conflictOnCompany(t)
	press(t, m, "e")
	if m.active() != card || !card.editing || card.input.Value() != "Mine Sp. z o.o." {
		t.Fatalf("after e: active %T editing %v value %q; want the card's edit line with the typed value", m.active(), card.editing, card.input.Value())
	}
	if card.c.Address.City != "Gdańsk" {
		t.Errorf("the card should show ana's version now, city %q", card.c.Address.City)
	}
	// Saving now saves over ana's version: her city stays.
	press(t, m, "enter")
	got := reload(t, st, id)
	if got.Company != "Mine Sp. z o.o." || got.Address.City != "Gdańsk" {
		t.Errorf("after e and enter: company %q city %q", got.Company, got.Address.City)
	}
	if _, ok := m.active().(*cardConflict); ok {
		t.Error("the second save met a conflict again")
	}
}

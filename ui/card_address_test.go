package ui

import (
	"strings"
	"testing"

	"rolo/contact"
)

func TestCardShowsEveryAddressWithItsKind(t *testing.T) {
	c := &contact.Contact{ID: 7, FirstName: "Sara", LastName: "Holm",
		Address: contact.Address{Kind: contact.AddressWork, Street: "Kungsgatan", House: "9", City: "Stockholm", Country: "SE"},
		MoreAddresses: []contact.Address{
			{Kind: contact.AddressHome, Street: "Storgatan 1", PostalCode: "753 20", City: "Uppsala", Country: "SE"},
			{City: "Visby"},
		}}
	text := cardText(cardItems(c, nil, nil, nil, nil))
	for _, want := range []string{"Address (work, preferred)", "Kungsgatan", "Other addresses", "Storgatan 1, 753 20 Uppsala, SE", "home", "Visby"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q:\n%s", want, text)
		}
	}
	c.MoreAddresses = nil
	if text := cardText(cardItems(c, nil, nil, nil, nil)); strings.Contains(text, "Other addresses") || !strings.Contains(text, "Address (work)") {
		t.Errorf("one address:\n%s", text)
	}
}

func TestCardAddsEditsAndRemovesAnAddress(t *testing.T) {
	st := testStore(t, 10)
	m := newTestModel(t, st, 80, 24)
	id := m.table.focusedID()
	card := openCard(t, m)
	before := reload(t, st, id)

	// + on the address adds a whole address, in the text form.
	focusField(t, m, card, "city", 0)
	press(t, m, "+", "work: Kungsgatan | 9 | 111 43 | Stockholm |  | Sweden", "enter")
	if card.editing {
		t.Fatalf("the edit is still open: %q", card.editErr)
	}
	got := reload(t, st, id)
	n := len(before.MoreAddresses)
	want := contact.Address{Kind: contact.AddressWork, Street: "Kungsgatan", House: "9", PostalCode: "111 43", City: "Stockholm", Country: "SE"}
	if len(got.MoreAddresses) != n+1 || got.MoreAddresses[n] != want || got.Address != before.Address {
		t.Fatalf("after adding: preferred %+v, others %+v", got.Address, got.MoreAddresses)
	}
	mustContain(t, cardText(card.items), "Kungsgatan 9, 111 43 Stockholm, SE")

	// Editing it edits its text form; the preferred address stays.
	focusField(t, m, card, "addresses", n+1)
	press(t, m, "e", "ctrl+u", "home: Storgatan 1 |  | 753 20 | Uppsala", "enter")
	got = reload(t, st, id)
	if len(got.MoreAddresses) != n+1 || got.MoreAddresses[n].City != "Uppsala" || got.MoreAddresses[n].Kind != contact.AddressHome || got.Address != before.Address {
		t.Fatalf("after editing: preferred %+v, others %+v", got.Address, got.MoreAddresses)
	}
	// A line that is not an address is refused with the reason.
	focusField(t, m, card, "addresses", n+1)
	press(t, m, "e", "ctrl+u", "a | b | c | d | e | f | g", "enter")
	if !card.editing || !strings.Contains(card.editErr, "at most 6") {
		t.Fatalf("a bad address: editing %v, %q", card.editing, card.editErr)
	}
	press(t, m, "esc")

	// d removes it.
	focusField(t, m, card, "addresses", n+1)
	press(t, m, "d")
	if got = reload(t, st, id); len(got.MoreAddresses) != n || got.Address != before.Address {
		t.Fatalf("after removing: preferred %+v, others %+v", got.Address, got.MoreAddresses)
	}
}

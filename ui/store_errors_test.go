package ui

import (
	"fmt"
	"testing"

	"rolo/contact"
	"rolo/store"
)

func TestDamagedStoreScreenUsesTheCommandLinesWords(t *testing.T) {
	de := &store.DamageError{Path: "/srv/rolo.db", What: "the file is empty"}
	got := fatalText(fmt.Errorf("reading /srv/rolo.db: %w", de))
	if got != de.Error() {
		t.Errorf("error screen says %q, want %q", got, de.Error())
	}
}

func TestCardHistorySaysWhoAndFromWhere(t *testing.T) {
	var items []cardItem
	historyItems(&items, []contact.Event{
		{At: fixedNow(), Kind: contact.EventUpdate, Source: "card", By: "ana", Changes: []contact.Change{{Field: "last_name", Old: "A", New: "B"}}},
		{At: fixedNow(), Kind: contact.EventUpdate, Source: "import:3"},
	})
	if got := items[0].value; got != "update by import:3" {
		t.Errorf("an event from before users were recorded: %q", got)
	}
	if got := items[1].value; got != "update by ana (card)" {
		t.Errorf("history line %q, want the user and the source", got)
	}
}

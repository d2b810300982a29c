package ui

import (
	"charm.land/bubbles/v2/key"

	"rolo/dedupe"
)

// dupeKinds are the choices of the kind filter, in the order f cycles.
var dupeKinds = []dedupe.Key{"", dedupe.KeyEmail, dedupe.KeyPhone, dedupe.KeyTaxID, dedupe.KeyName}

// kindWords names a kind of key in the list's heading.
func kindWords(k dedupe.Key) string {
	switch k {
	case "":
		return "every key"
	case dedupe.KeyEmail:
		return "e-mail"
	case dedupe.KeyPhone:
		return "phone"
	case dedupe.KeyTaxID:
		return "tax ID"
	case dedupe.KeyName:
		return "similar names"
	}
	return string(k)
}

// dupesKeys is the duplicates screen's key map; setKeys enables those of
// the list, the comparison or the question on screen.
type dupesKeys struct {
	listKeys
	Open, Kind, Again, Undo, Back key.Binding
	// Side by side.
	Pick, Page, All, Card, Merge, NotDup, Close key.Binding
	Yes, No                                     key.Binding
}

func defaultDupesKeys() dupesKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return dupesKeys{
		listKeys: defaultListKeys(),
		Open:     b("enter", "side by side", "enter"),
		Kind:     b("f", "filter by key", "f"),
		Again:    b("r", "find again", "r"),
		Undo:     b("u", "undo not-a-duplicate", "u"),
		Back:     b("q/esc", "back", "q", "esc"),
		Pick:     b("←/→", "pick the value", "left", "right", "h", "l"),
		Page:     b("[/]", "other contacts", "[", "]", "tab", "shift+tab"),
		All:      b("a", "all fields/differing", "a"),
		Card:     b("c", "open the card", "c"),
		Merge:    b("m", "merge", "m"),
		NotDup:   b("n", "not a duplicate", "n"),
		Close:    b("q/esc", "back to the list", "q", "esc"),
		Yes:      b("y", "yes", "y"),
		No:       b("n/esc", "no", "n", "esc"),
	}
}

// set enables the keys of the state on screen.
func (s *dupesScreen) setKeys() {
	k := &s.keys
	list := s.cmp == nil && s.confirm == dcNone
	cmp := s.cmp != nil && s.confirm == dcNone
	any := len(s.current()) > 0
	k.setEnabled(list || cmp)
	k.Open.SetEnabled(list && any)
	k.Kind.SetEnabled(list)
	k.Again.SetEnabled(list && s.finding == notFinding)
	k.Undo.SetEnabled(list && s.canWrite && (s.undoMerges && len(s.merges) > 0 || !s.undoMerges && len(s.unmark) > 0))
	if s.undoMerges {
		k.Undo.SetHelp("u", "undo the merge")
	} else {
		k.Undo.SetHelp("u", "undo not-a-duplicate")
	}
	k.Back.SetEnabled(list)
	k.Pick.SetEnabled(cmp && s.cmp.loaded)
	k.Page.SetEnabled(cmp && s.cmp.loaded && len(s.cmp.cs) > s.cmp.fit)
	k.All.SetEnabled(cmp && s.cmp.loaded)
	k.Card.SetEnabled(cmp && s.cmp.loaded)
	k.Merge.SetEnabled(cmp && s.cmp.loaded && s.canWrite)
	k.NotDup.SetEnabled(cmp && s.cmp.loaded && s.canWrite)
	k.Close.SetEnabled(cmp)
	k.Yes.SetEnabled(s.confirm != dcNone)
	k.No.SetEnabled(s.confirm != dcNone)
}

func (k dupesKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Kind, k.Pick, k.Page, k.Merge, k.NotDup, k.All, k.Yes, k.No, k.Undo, k.Close, k.Back}
}

func (k dupesKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.help(),
		{k.Open, k.Kind, k.Again, k.Undo, k.Back},
		{k.Pick, k.Page, k.All, k.Card, k.Close},
		{k.Merge, k.NotDup, k.Yes, k.No},
	}
}

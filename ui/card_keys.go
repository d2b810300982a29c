package ui

import "charm.land/bubbles/v2/key"

// cardKeys is the 360 card's key map.
type cardKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Edit, Toggle, Add, Remove               key.Binding
	Copy, CopyAll, Back                     key.Binding
	Erase, Unsubscribe                      key.Binding
	// While a field is being edited.
	Save, Cancel key.Binding
}

func defaultCardKeys() cardKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return cardKeys{
		Up:          b("↑/k", "up", "up", "k"),
		Down:        b("↓/j", "down", "down", "j"),
		PageUp:      b("pgup", "page up", "pgup", "ctrl+b", "ctrl+u"),
		PageDown:    b("pgdn", "page down", "pgdown", "ctrl+f", "ctrl+d"),
		Top:         b("g/home", "top", "home", "g"),
		Bottom:      b("G/end", "history, then the end", "end", "G"),
		Edit:        b("enter/e", "edit", "enter", "e"),
		Toggle:      b("space", "toggle consent", "space"),
		Add:         b("+", "add", "+", "a"),
		Remove:      b("d", "remove", "d", "delete"),
		Copy:        b("y", "copy value", "y"),
		CopyAll:     b("Y", "copy card", "Y"),
		Back:        b("q/esc", "back", "q", "esc"),
		Erase:       b("E", "erase personal data", "E"),
		Unsubscribe: b("U", "unsubscribe", "U"),
		Save:        b("enter", "save", "enter"),
		Cancel:      b("esc", "cancel", "esc"),
	}
}

// update enables the keys that fit the focused line and the mode; live is
// a contact that can still be unsubscribed or erased (loaded, not erased).
func (k *cardKeys) update(readOnly, editing, live bool, it cardItem) {
	nav := []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Copy, &k.CopyAll, &k.Back}
	for _, b := range nav {
		b.SetEnabled(!editing)
	}
	k.Save.SetEnabled(editing)
	k.Cancel.SetEnabled(editing)
	// An erased contact (not live) is read-only: its card only reads.
	can := !readOnly && !editing && live
	k.Edit.SetEnabled(can && it.field != "" && !it.readOnly)
	k.Toggle.SetEnabled(can && it.kind == itemConsent)
	k.Add.SetEnabled(can && it.listField() != "")
	k.Remove.SetEnabled(can && it.removable())
	k.Copy.SetEnabled(!editing && it.copy != "")
	k.Erase.SetEnabled(can)
	k.Unsubscribe.SetEnabled(can)
}

// ShortHelp is the one-line help bar.
func (k cardKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Save, k.Cancel, k.Edit, k.Toggle, k.Add, k.Remove, k.Copy, k.CopyAll, k.Back}
}

// FullHelp is the help shown with ?: every key of the card, not only those
// of the line under the cursor (the short help shows those).
func (k cardKeys) FullHelp() [][]key.Binding {
	all := func(bs ...key.Binding) []key.Binding {
		for i := range bs {
			bs[i].SetEnabled(true)
		}
		return bs
	}
	return [][]key.Binding{
		all(k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom),
		all(k.Edit, k.Toggle, k.Add, k.Remove, k.Save, k.Cancel),
		all(k.Copy, k.CopyAll, k.Unsubscribe, k.Erase, k.Back),
	}
}

package ui

import (
	"charm.land/bubbles/v2/key"
)

// consentsKeys is the consent screen's key map; set enables the keys of
// the list, the form or the question on screen.
type consentsKeys struct {
	listKeys
	Open, Add, Edit, Remove, Back key.Binding
	// In the form.
	Next, Prev, Channel, Save, Cancel key.Binding
	// Confirmations.
	Yes, No, Force key.Binding
}

func defaultConsentsKeys() consentsKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return consentsKeys{
		listKeys: defaultListKeys(),
		Open:     b("enter", "show its contacts", "enter"),
		Add:      b("a", "add", "a", "+"),
		Edit:     b("e", "edit", "e"),
		Remove:   b("d", "remove", "d", "delete"),
		Back:     b("q/esc", "back", "q", "esc"),
		Next:     b("tab", "next field", "tab", "down"),
		Prev:     b("shift+tab", "previous field", "shift+tab", "up"),
		Channel:  b("←/→", "channel", "left", "right"),
		Save:     b("enter", "save", "enter", "ctrl+s"),
		Cancel:   b("esc", "cancel", "esc"),
		Yes:      b("y", "yes", "y"),
		No:       b("n/esc", "no", "n", "esc"),
		Force:    b("f", "remove from them too", "f"),
	}
}

// set enables the keys of the mode on screen.
func (k *consentsKeys) set(mode consentsMode, readOnly, any bool) {
	list := mode == csList
	k.setEnabled(list)
	k.Back.SetEnabled(list)
	k.Open.SetEnabled(list && any)
	k.Add.SetEnabled(list && !readOnly)
	k.Edit.SetEnabled(list && !readOnly && any)
	k.Remove.SetEnabled(list && !readOnly && any)
	form := mode == csForm
	for _, b := range []*key.Binding{&k.Next, &k.Prev, &k.Channel, &k.Save, &k.Cancel} {
		b.SetEnabled(form)
	}
	k.Yes.SetEnabled(mode == csRemove || mode == csForce)
	k.No.SetEnabled(mode == csRemove || mode == csForce || mode == csInUse)
	k.Force.SetEnabled(mode == csInUse)
}

func (k consentsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Add, k.Edit, k.Remove, k.Save, k.Next, k.Channel, k.Cancel, k.Yes, k.Force, k.No, k.Back}
}

func (k consentsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.help(),
		{k.Open, k.Back},
		{k.Add, k.Edit, k.Remove},
		{k.Next, k.Prev, k.Channel, k.Save, k.Cancel},
		{k.Yes, k.No, k.Force},
	}
}

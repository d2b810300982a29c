package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listKeys are the keys that move a cursor through a list: a line, a page,
// or to either end, with the keys of less, vim and htop. Every list's key
// map embeds them and asks move where the cursor goes, so no list takes
// fewer of them than another.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func defaultListKeys() listKeys {
	k := listKeys{
		Up:       key.NewBinding(key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithHelp("g/home", "first")),
		Bottom:   key.NewBinding(key.WithHelp("G/end", "last")),
	}
	k.setTyping(false)
	return k
}

// setTyping takes the letters and the control keys of a text input away
// while one has focus (j, k, g and G are typed then, ctrl+u erases the
// line, home and end move in the text); the arrows and the page keys
// still move.
func (k *listKeys) setTyping(on bool) {
	bind := func(b *key.Binding, help, typingHelp string, keys ...string) {
		if on {
			keys, help = keys[:1], typingHelp
		}
		b.SetKeys(keys...)
		b.SetHelp(help, b.Help().Desc)
	}
	bind(&k.Up, "↑/k", "↑", "up", "k")
	bind(&k.Down, "↓/j", "↓", "down", "j")
	bind(&k.PageUp, "pgup", "pgup", "pgup", "ctrl+b", "ctrl+u")
	bind(&k.PageDown, "pgdn", "pgdn", "pgdown", "ctrl+f", "ctrl+d")
	bind(&k.Top, "g/home", "", "home", "g")
	bind(&k.Bottom, "G/end", "", "end", "G")
	if on {
		k.Top.SetKeys()
		k.Bottom.SetKeys()
	}
}

// setEnabled switches all six on or off (off while a question is asked).
func (k *listKeys) setEnabled(on bool) {
	for _, b := range k.all() {
		b.SetEnabled(on)
	}
}

func (k *listKeys) all() []*key.Binding {
	return []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom}
}

// help lists the six for a full help column.
func (k listKeys) help() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// move answers where a cursor at cursor goes on msg, in a list of n items
// of which page show at once; ok is false when msg is none of these keys
// (or its binding is off), so the caller goes on to its own keys.
func (k listKeys) move(msg tea.KeyPressMsg, cursor, n, page int) (int, bool) {
	page = max(page, 1)
	switch {
	case key.Matches(msg, k.Up):
		cursor--
	case key.Matches(msg, k.Down):
		cursor++
	case key.Matches(msg, k.PageUp):
		cursor -= page
	case key.Matches(msg, k.PageDown):
		cursor += page
	case key.Matches(msg, k.Top):
		cursor = 0
	case key.Matches(msg, k.Bottom):
		cursor = n - 1
	default:
		return cursor, false
	}
	return max(0, min(cursor, n-1)), true
}

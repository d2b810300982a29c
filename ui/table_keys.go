package ui

import "charm.land/bubbles/v2/key"

// tableKeys is the contact table's key map. Editing keys are disabled on a
// read-only store, so the help bar never lists a key that does nothing.
type tableKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Left, Right                             key.Binding
	Open, Search, Filter, ClearFilter       key.Binding
	Columns, Sort, Copy                     key.Binding
	Select, SelectAll, Invert               key.Binding
	Bulk, New, Quit                         key.Binding
	NextMatch, PrevMatch                    key.Binding // of the last search, as in less and vim
	Imports                                 key.Binding // the import jobs list
	Undo                                    key.Binding // the user's last change
	// Duplicates, consent definitions, open a file; Audit only
	// for a file opened with rolo open.
	Duplicates, Consents, OpenFile, Audit key.Binding
	Settings                              key.Binding // the default country
	OnFile                                bool        // a file opened read-only: no imports list
	readOnly                              bool
	// While the search line has focus.
	SearchDone, SearchCancel key.Binding
	// ClearSearch drops kept search results (esc, when there are some).
	ClearSearch key.Binding
}

func defaultTableKeys() tableKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return tableKeys{
		Up:           b("↑/k", "up", "up", "k"),
		Down:         b("↓/j", "down", "down", "j"),
		PageUp:       b("pgup", "page up", "pgup", "ctrl+b", "ctrl+u"),
		PageDown:     b("pgdn", "page down", "pgdown", "ctrl+f", "ctrl+d"),
		Top:          b("g/home", "first", "home", "g"),
		Bottom:       b("G/end", "last", "end", "G"),
		Left:         b("←/h", "column left", "left", "h"),
		Right:        b("→/l", "column right", "right", "l"),
		Open:         b("enter", "open card", "enter"),
		Search:       b("/", "search", "/"),
		Filter:       b("f", "filter", "f"),
		ClearFilter:  b("x", "clear/restore filter", "x"),
		Columns:      b("c", "columns", "c"),
		Sort:         b("s", "sort by column", "s"),
		Copy:         b("y", "copy cell", "y"),
		Select:       b("space", "select", "space"),
		SelectAll:    b("a", "select all/none", "a"),
		Invert:       b("i", "invert selection", "i"),
		Bulk:         b("b", "bulk actions", "b"),
		New:          b("+", "new contact", "+"),
		NextMatch:    b("n", "next match", "n"),
		PrevMatch:    b("N", "previous match", "N"),
		Imports:      b("I", "imports", "I"),
		Undo:         b("u", "undo last change", "u"),
		Duplicates:   b("D", "duplicates", "D"),
		Consents:     b("C", "consents", "C"),
		OpenFile:     b("o", "open a file", "o"),
		Audit:        b("A", "audit panel", "A"),
		Settings:     b(",", "settings", ","),
		Quit:         b("q", "quit", "q"),
		SearchDone:   b("enter", "keep results", "enter"),
		SearchCancel: b("esc", "cancel search", "esc"),
		ClearSearch:  b("esc", "clear search", "esc"),
	}
}

// setReadOnly hides the keys that write to the store (the bulk dialog
// stays: a read-only store can still export a selection).
func (k *tableKeys) setReadOnly(ro bool) {
	k.New.SetEnabled(!ro)
	k.Undo.SetEnabled(!ro)
	k.readOnly = ro
}

// showCountry puts the default country in the settings key's help, so
// ? tells how phones in national form are read.
func (k *tableKeys) showCountry(cc string) {
	if cc == "" {
		cc = "none"
	}
	k.Settings.SetHelp(",", "country: "+cc)
}

// setSearching swaps the table keys for the search line's.
func (k *tableKeys) setSearching(on bool) {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Open} {
		b.SetEnabled(true)
	}
	for _, b := range []*key.Binding{&k.Top, &k.Bottom, &k.Left, &k.Right, &k.Search, &k.Filter, &k.ClearFilter,
		&k.Columns, &k.Sort, &k.Copy, &k.Select, &k.SelectAll, &k.Invert, &k.Quit, &k.Imports, &k.NextMatch, &k.PrevMatch,
		&k.Duplicates, &k.Consents, &k.OpenFile, &k.Settings} {
		b.SetEnabled(!on)
	}
	k.SearchDone.SetEnabled(on)
	k.SearchCancel.SetEnabled(on)
	k.Undo.SetEnabled(!on && !k.readOnly)
	if k.OnFile {
		k.Imports.SetEnabled(false)
	}
	// While typing, letters are text: only the arrow and page keys move.
	if on {
		k.Up.SetKeys("up")
		k.Up.SetHelp("↑", "up")
		k.Down.SetKeys("down")
		k.Down.SetHelp("↓", "down")
		k.PageUp.SetKeys("pgup")
		k.PageDown.SetKeys("pgdown")
	} else {
		k.Up.SetKeys("up", "k")
		k.Up.SetHelp("↑/k", "up")
		k.Down.SetKeys("down", "j")
		k.Down.SetHelp("↓/j", "down")
		k.PageUp.SetKeys("pgup", "ctrl+b", "ctrl+u")
		k.PageDown.SetKeys("pgdown", "ctrl+f", "ctrl+d")
	}
}

// ShortHelp is the one-line help bar.
func (k tableKeys) ShortHelp() []key.Binding {
	if k.SearchDone.Enabled() {
		return []key.Binding{k.SearchDone, k.SearchCancel, k.Up, k.Down}
	}
	return []key.Binding{k.Open, k.Search, k.ClearSearch, k.Filter, k.Columns, k.Sort, k.Select, k.Bulk, k.New, k.Quit}
}

// FullHelp is the help shown with ?.
func (k tableKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Left, k.Right, k.Sort, k.Columns, k.Copy, k.Open},
		{k.Search, k.NextMatch, k.PrevMatch, k.ClearSearch, k.Filter, k.ClearFilter},
		{k.New, k.Settings, k.Quit},
		{k.Select, k.SelectAll, k.Invert, k.Bulk, k.Undo, k.Imports},
		{k.Duplicates, k.Consents, k.OpenFile, k.Audit},
		{k.SearchDone, k.SearchCancel},
	}
}

package ui

import "charm.land/bubbles/v2/key"

// fbMode is the step the filter builder is at.
type fbMode int

const (
	fbList          fbMode = iota // the conditions, add / apply rows
	fbField                       // typeahead over the fields
	fbOp                          // the operators that fit the field
	fbValues                      // typed values, + adds another (OR)
	fbChecklist                   // values picked with checkboxes (groups, tags, enums)
	fbSaveName                    // the name of a segment to save
	fbSegments                    // the saved segments, to load, rename or delete one
	fbRenameSegment               // the new name of the segment under the cursor
	fbDeleteSegment               // asking whether to delete it
)

// filterKeys is the filter builder's key map; bindings are enabled per step.
type filterKeys struct {
	listKeys
	Choose, Add, Delete, Save, Load, Clear, Back key.Binding
	Toggle, Another, Remove, Done, Cancel        key.Binding
	Rename, DeleteSegment, Yes                   key.Binding
	AddGroup, Join, JoinGroups                   key.Binding
}

func defaultFilterKeys() filterKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return filterKeys{
		listKeys:      defaultListKeys(),
		Choose:        b("enter", "choose", "enter"),
		Add:           b("a", "add condition", "a", "+"),
		Delete:        b("d", "delete condition", "d", "delete"),
		Save:          b("s", "save as segment", "s"),
		Load:          b("l", "load segment", "l"),
		Clear:         b("x", "clear all", "x"),
		Back:          b("esc/q", "back", "esc", "q"),
		Toggle:        b("space", "check", "space"),
		Rename:        b("r", "rename segment", "r"),
		DeleteSegment: b("d", "delete segment", "d", "delete"),
		Yes:           b("y", "yes, delete", "y"),
		AddGroup:      b("A", "add a group", "A"),
		Join:          b("o", "group: all of/any of", "o"),
		JoinGroups:    b("O", "groups: all of/any of", "O"),
		Another:       b("+", "another value (or)", "+"),
		Remove:        b("ctrl+w", "drop last value", "ctrl+w"),
		Done:          b("enter", "done", "enter"),
		Cancel:        b("esc", "cancel", "esc"),
	}
}

// forMode enables the keys of one step.
func (k *filterKeys) forMode(m fbMode, typing bool) {
	all := []*key.Binding{&k.Choose, &k.Add, &k.Delete, &k.Save, &k.Load, &k.Clear, &k.Back,
		&k.Toggle, &k.Another, &k.Remove, &k.Done, &k.Cancel, &k.Rename, &k.DeleteSegment, &k.Yes,
		&k.AddGroup, &k.Join, &k.JoinGroups}
	for _, b := range all {
		b.SetEnabled(false)
	}
	k.setEnabled(false)
	on := func(bs ...*key.Binding) {
		for _, b := range bs {
			b.SetEnabled(true)
		}
	}
	// Arrow and page keys only while typing: j and k are letters then.
	k.setTyping(typing)
	list := func() { k.setEnabled(true) }
	switch m {
	case fbList:
		k.Choose.SetKeys("enter")
		list()
		on(&k.Choose, &k.Add, &k.AddGroup, &k.Join, &k.JoinGroups, &k.Delete, &k.Save, &k.Load, &k.Clear, &k.Back)
	case fbField, fbOp:
		k.Choose.SetKeys("enter")
		list()
		on(&k.Choose, &k.Cancel)
	case fbSegments:
		k.Choose.SetKeys("enter")
		list()
		on(&k.Choose, &k.Rename, &k.DeleteSegment, &k.Cancel)
	case fbDeleteSegment:
		on(&k.Yes, &k.Cancel)
	case fbValues:
		on(&k.Another, &k.Remove, &k.Done, &k.Cancel)
	case fbChecklist:
		list()
		on(&k.Toggle, &k.Done, &k.Cancel)
	case fbSaveName, fbRenameSegment:
		on(&k.Done, &k.Cancel)
	}
}

// ShortHelp is the one-line help bar.
func (k filterKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Choose, k.Add, k.AddGroup, k.Join, k.Delete, k.Save, k.Load, k.Rename, k.DeleteSegment, k.Yes, k.Toggle, k.Another, k.Remove, k.Done, k.Cancel, k.Back}
}

// FullHelp is the help shown with ?.
func (k filterKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.help(),
		{k.Choose, k.Add, k.Delete, k.AddGroup, k.Join, k.JoinGroups},
		{k.Save, k.Load, k.Rename, k.DeleteSegment, k.Yes, k.Clear, k.Back},
		{k.Toggle, k.Another, k.Remove, k.Done, k.Cancel},
	}
}

package ui

import "charm.land/bubbles/v2/key"

// wizardKeys is the import wizard's key map: every step's keys, enabled by
// setKeys for the step and state on screen, so the help bar lists only
// keys that do something there.
type wizardKeys struct {
	listKeys
	Left, Right              key.Binding
	Choose, Next, Prev, Back key.Binding
	// File step.
	Parent, Hidden, TypePath, Complete key.Binding
	// Read step.
	Toggle, ScrollLeft, ScrollRight key.Binding
	// Mapping step.
	Ignore, Auto, Member, SaveMapping key.Binding
	// Options step.
	Start key.Binding
	// Import step.
	Cancel key.Binding
	// Results.
	List, Reason, Fix, ImportFixed, SaveRejects, RejectsBOM, View, Undo, Yes, No key.Binding
}

func defaultWizardKeys() wizardKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return wizardKeys{
		listKeys:    defaultListKeys(),
		Left:        b("←/h", "previous value", "left", "h"),
		Right:       b("→/l", "next value", "right", "l"),
		Choose:      b("enter", "choose", "enter"),
		Next:        b("tab", "next step", "tab"),
		Prev:        b("shift+tab", "previous step", "shift+tab"),
		Back:        b("esc", "back a step", "esc", "q"),
		Parent:      b("backspace", "parent folder", "backspace", "left", "h"),
		Hidden:      b(".", "hidden files", "."),
		TypePath:    b("/", "type a path", "/"),
		Complete:    b("tab", "complete", "tab"),
		Toggle:      b("space", "change", "space"),
		ScrollLeft:  b("[", "columns left", "["),
		ScrollRight: b("]", "columns right", "]"),
		Ignore:      b("i", "ignore column", "i"),
		Auto:        b("a", "automatic", "a"),
		Member:      b("t", "next file in archive", "t"),
		SaveMapping: b("s", "save mapping file", "s"),
		Start:       b("ctrl+s", "start import", "ctrl+s"),
		Cancel:      b("x", "cancel import", "x"),
		List:        b("tab", "rejected/warnings", "tab"),
		Reason:      b("f", "filter by reason", "f"),
		Fix:         b("e", "fix row", "e"),
		ImportFixed: b("r", "import fixed rows", "r"),
		SaveRejects: b("s", "save rejects file", "s"),
		RejectsBOM:  b("tab", "byte-order mark", "tab"),
		View:        b("v", "view in table", "v"),
		Undo:        b("u", "undo import", "u"),
		Yes:         b("y", "yes", "y"),
		No:          b("n", "no", "n"),
	}
}

// all lists every binding, to switch them off before enabling a state's.
func (k *wizardKeys) all() []*key.Binding {
	return []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Left, &k.Right,
		&k.Choose, &k.Next, &k.Prev, &k.Back, &k.Parent, &k.Hidden, &k.TypePath, &k.Complete,
		&k.Toggle, &k.ScrollLeft, &k.ScrollRight, &k.Ignore, &k.Auto, &k.Member, &k.SaveMapping,
		&k.Start, &k.Cancel, &k.List, &k.Reason, &k.Fix, &k.ImportFixed, &k.SaveRejects, &k.RejectsBOM, &k.View,
		&k.Undo, &k.Yes, &k.No}
}

func on(bs ...*key.Binding) {
	for _, b := range bs {
		b.SetEnabled(true)
	}
}

// setKeys enables the keys of the step and state on screen and words
// their help for it.
func (w *importWizard) setKeys() {
	k := &w.keys
	for _, b := range k.all() {
		b.SetEnabled(false)
	}
	k.Back.SetKeys("esc", "q")
	k.Back.SetHelp("esc", "back a step")
	k.setTyping(w.inputFor != inNone)
	k.Choose.SetHelp("enter", "choose")
	if w.inputFor != inNone {
		// While typing only keys that are not text work.
		k.Back.SetKeys("esc")
		k.Back.SetHelp("esc", "cancel")
		on(&k.Back, &k.Choose)
		switch w.inputFor {
		case inPath:
			k.Choose.SetHelp("enter", "open")
			on(&k.Complete)
		case inTarget:
			k.Choose.SetHelp("enter", "map to this")
			on(k.listKeys.all()...)
		case inSaveMapping:
			k.Choose.SetHelp("enter", "save")
		case inSaveRejects:
			k.Choose.SetHelp("enter", "save")
			on(&k.RejectsBOM)
		default:
			k.Choose.SetHelp("enter", "done")
		}
		return
	}
	on(&k.Back)
	switch w.step {
	case wzFile:
		if w.first == wzFile && w.step == wzFile {
			k.Back.SetHelp("esc", "close")
		}
		k.Choose.SetHelp("enter", "open")
		on(k.listKeys.all()...)
		on(&k.Choose, &k.Parent, &k.Hidden, &k.TypePath)
	case wzRead:
		k.Choose.SetHelp("enter", "next: mapping")
		k.Toggle.SetHelp("space", "change")
		on(k.listKeys.all()...)
		on(&k.Left, &k.Right, &k.Toggle, &k.Choose, &k.ScrollLeft, &k.ScrollRight)
	case wzMap:
		k.Choose.SetHelp("enter", "change field")
		k.Next.SetHelp("tab", "next: options")
		on(k.listKeys.all()...)
		on(&k.Choose, &k.Ignore, &k.Auto, &k.SaveMapping, &k.Next, &k.Prev)
		k.Member.SetEnabled(w.read.src != nil && len(w.read.src.Tables) > 1)
	case wzOptions:
		k.Choose.SetHelp("enter", "change")
		on(k.listKeys.all()...)
		on(&k.Left, &k.Right, &k.Toggle, &k.Choose, &k.Start, &k.SaveMapping, &k.Prev)
	case wzRun:
		k.Back.SetHelp("esc", "leave (import goes on)")
		k.Cancel.SetEnabled(!w.run.done && !w.run.cancelling)
	case wzResults:
		w.resultsKeys()
	}
}

// ShortHelp is the one-line help bar.
func (k wizardKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Choose, k.Complete, k.Next, k.Toggle, k.Parent, k.TypePath, k.Hidden,
		k.Ignore, k.Auto, k.Start, k.Cancel, k.Yes, k.No, k.Fix, k.ImportFixed, k.SaveRejects, k.View, k.Undo,
		k.List, k.Reason, k.SaveMapping, k.Back}
}

// FullHelp is the help shown with ?.
func (k wizardKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		append(k.help(), k.Left, k.Right),
		{k.Choose, k.Toggle, k.Complete, k.Next, k.Prev, k.Back},
		{k.Parent, k.TypePath, k.Hidden, k.ScrollLeft, k.ScrollRight, k.Member},
		{k.Ignore, k.Auto, k.SaveMapping, k.Start, k.Cancel},
		{k.List, k.Reason, k.Fix, k.ImportFixed, k.SaveRejects, k.View, k.Undo, k.Yes, k.No},
	}
}

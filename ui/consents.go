package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// consentsScreen manages the consent definitions: each with its channel,
// description, how many contacts granted or withdrew it, and whether an
// import or edit created it on first use (a typo shows up there). It adds
// and edits definitions, and removes one: refused while contacts hold it,
// unless forced after a confirmation that says how many contacts it
// touches (a job: each of them gets a history entry).
type consentsScreen struct {
	sh     *shared
	keys   consentsKeys
	defs   []store.ConsentDef
	usage  map[string]store.ConsentUsage // nil while counted
	loaded bool
	err    error
	cursor int
	top    int

	mode     consentsMode
	form     consentForm
	removing store.ConsentDef
	inUse    store.ConsentUsage
	note     string // an error or refusal shown in the dialog
	want     string // put the cursor on this definition when the list comes
}

type consentsMode int

const (
	csList   consentsMode = iota
	csForm                // adding or editing
	csRemove              // confirm removing an unused definition
	csInUse               // refused: contacts hold it (f forces)
	csForce               // confirm removing it from every holder
)

// consentForm is the add/edit dialog: name (fixed when editing), channel
// (picked with ←/→) and description.
type consentForm struct {
	editing bool
	old     store.ConsentDef
	name    textinput.Model
	desc    textinput.Model
	channel int // index into store.Channels
	focus   int // 0 name, 1 channel, 2 description
}

type consentsKeys struct {
	Up, Down, Open, Add, Edit, Remove, Back key.Binding
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
		Up:      b("↑/k", "up", "up", "k"),
		Down:    b("↓/j", "down", "down", "j"),
		Open:    b("enter", "show its contacts", "enter"),
		Add:     b("a", "add", "a", "+"),
		Edit:    b("e", "edit", "e"),
		Remove:  b("d", "remove", "d", "delete"),
		Back:    b("q/esc", "back", "q", "esc"),
		Next:    b("tab", "next field", "tab", "down"),
		Prev:    b("shift+tab", "previous field", "shift+tab", "up"),
		Channel: b("←/→", "channel", "left", "right"),
		Save:    b("enter", "save", "enter", "ctrl+s"),
		Cancel:  b("esc", "cancel", "esc"),
		Yes:     b("y", "yes", "y"),
		No:      b("n/esc", "no", "n", "esc"),
		Force:   b("f", "remove from them too", "f"),
	}
}

// set enables the keys of the mode on screen.
func (k *consentsKeys) set(mode consentsMode, readOnly, any bool) {
	list := mode == csList
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Back} {
		b.SetEnabled(list)
	}
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
		{k.Up, k.Down, k.Open, k.Back},
		{k.Add, k.Edit, k.Remove},
		{k.Next, k.Prev, k.Channel, k.Save, k.Cancel},
		{k.Yes, k.No, k.Force},
	}
}

func newConsentsScreen(sh *shared) *consentsScreen {
	s := &consentsScreen{sh: sh, keys: defaultConsentsKeys()}
	s.form.name = textinput.New()
	s.form.name.SetStyles(inputStyles(sh))
	s.form.name.CharLimit = 100
	s.form.name.Prompt = ""
	s.form.desc = textinput.New()
	s.form.desc.SetStyles(inputStyles(sh))
	s.form.desc.Prompt = ""
	s.keys.set(csList, sh.readOnly, false)
	return s
}

// consentsLoadedMsg carries the definitions; consentUsageMsg the counts,
// which take a pass over the store and come after.
type (
	consentsLoadedMsg struct {
		Defs []store.ConsentDef
		Err  error
	}
	consentUsageMsg struct {
		Usage map[string]store.ConsentUsage
		Err   error
	}
	// consentSavedMsg answers an add or an edit.
	consentSavedMsg struct {
		Def     store.ConsentDef
		Created bool
		Edited  bool
		Err     error
	}
	// consentRemovedMsg ends a removal.
	consentRemovedMsg struct {
		Name    string
		Removed int // contacts it was removed from
		Err     error
	}
)

// Init loads the definitions and counts their holders.
func (s *consentsScreen) Init() tea.Cmd { return s.reload() }

func (s *consentsScreen) reload() tea.Cmd {
	st := s.sh.st
	s.usage = nil
	return tea.Batch(
		func() tea.Msg {
			defs, err := st.ConsentDefs()
			return consentsLoadedMsg{Defs: defs, Err: err}
		},
		func() tea.Msg {
			u, err := st.ConsentUsage()
			return consentUsageMsg{Usage: u, Err: err}
		})
}

// Update handles the screen's loads and keys.
func (s *consentsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case consentsLoadedMsg:
		s.loaded, s.err, s.defs = true, msg.Err, msg.Defs
		if i := slices.IndexFunc(s.defs, func(d store.ConsentDef) bool { return d.Name == s.want }); i >= 0 {
			s.cursor = i
		}
		s.want = ""
		s.clamp()
	case consentUsageMsg:
		if msg.Err != nil {
			return s, statusErr(msg.Err)
		}
		s.usage = msg.Usage
	case consentSavedMsg:
		return s, s.saved(msg)
	case consentRemovedMsg:
		return s, s.removed(msg)
	case tea.PasteMsg:
		if s.mode == csForm {
			return s, s.formInput(msg)
		}
	case tea.KeyPressMsg:
		defer func() { s.keys.set(s.mode, s.sh.readOnly, len(s.defs) > 0) }()
		switch s.mode {
		case csForm:
			return s, s.formKey(msg)
		case csRemove, csInUse, csForce:
			return s, s.confirmKey(msg)
		}
		return s, s.listKey(msg)
	}
	return s, nil
}

func (s *consentsScreen) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.keys
	s.keys.set(csList, s.sh.readOnly, len(s.defs) > 0)
	switch {
	case key.Matches(msg, k.Back):
		return msgCmd(closeScreenMsg{})
	case key.Matches(msg, k.Up):
		s.cursor--
	case key.Matches(msg, k.Down):
		s.cursor++
	case key.Matches(msg, k.Open):
		d := s.current()
		f := filter.Filter{Conds: []filter.Condition{{Field: contact.ConsentPrefix + d.Name, Op: filter.Exists}}}
		return msgCmd(applyFilterMsg{F: f})
	case key.Matches(msg, k.Add):
		s.openForm(store.ConsentDef{}, false)
		return s.form.name.Focus()
	case key.Matches(msg, k.Edit):
		s.openForm(s.current(), true)
		return s.form.desc.Focus()
	case key.Matches(msg, k.Remove):
		s.removing = s.current()
		s.note = ""
		u, counted := s.usage[s.removing.Name]
		switch {
		case s.usage == nil:
			return status("still counting who holds each consent: a moment")
		case counted && u.Holders() > 0:
			s.inUse = u
			s.mode = csInUse
		default:
			s.inUse = store.ConsentUsage{}
			s.mode = csRemove
		}
	}
	s.clamp()
	return nil
}

func (s *consentsScreen) current() store.ConsentDef {
	if s.cursor >= 0 && s.cursor < len(s.defs) {
		return s.defs[s.cursor]
	}
	return store.ConsentDef{}
}

func (s *consentsScreen) clamp() {
	s.cursor = max(0, min(s.cursor, len(s.defs)-1))
	rows := s.rows()
	if s.cursor < s.top {
		s.top = s.cursor
	}
	if s.cursor >= s.top+rows {
		s.top = s.cursor - rows + 1
	}
	s.top = max(0, min(s.top, len(s.defs)-rows))
}

// rows is how many definitions the body shows (less the title, the column
// titles and the legend).
func (s *consentsScreen) rows() int { return max(s.sh.bodyH-4, 1) }

func (s *consentsScreen) resized() { s.clamp() }

// openForm starts adding (or editing d).
func (s *consentsScreen) openForm(d store.ConsentDef, editing bool) {
	f := &s.form
	f.editing, f.old = editing, d
	f.name.SetValue(d.Name)
	f.name.Placeholder = "newsletter, sms, promo_calls…"
	f.desc.SetValue(d.Description)
	f.desc.Placeholder = "what the person agreed to"
	f.channel = max(slices.Index(store.Channels, d.Channel), 0)
	if !editing {
		f.channel = slices.Index(store.Channels, store.ChannelEmail)
	}
	f.focus = 0
	if editing {
		f.focus = 2
	}
	f.name.Blur()
	f.desc.Blur()
	s.note = ""
	s.mode = csForm
}

func (s *consentsScreen) formKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.keys
	f := &s.form
	switch {
	case key.Matches(msg, k.Cancel):
		s.mode = csList
		f.name.Blur()
		f.desc.Blur()
		return nil
	case key.Matches(msg, k.Save):
		return s.save()
	case key.Matches(msg, k.Next), key.Matches(msg, k.Prev):
		d := 1
		if key.Matches(msg, k.Prev) {
			d = -1
		}
		first := 0
		if f.editing {
			first = 1 // the name is fixed
		}
		f.focus += d
		if f.focus > 2 {
			f.focus = first
		}
		if f.focus < first {
			f.focus = 2
		}
		return s.focusForm()
	case f.focus == 1 && (key.Matches(msg, k.Channel) || msg.String() == "space"):
		d := 1
		if msg.String() == "left" {
			d = -1
		}
		f.channel = (f.channel + d + len(store.Channels)) % len(store.Channels)
		return nil
	}
	return s.formInput(msg)
}

func (s *consentsScreen) formInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch s.form.focus {
	case 0:
		s.form.name, cmd = s.form.name.Update(msg)
	case 2:
		s.form.desc, cmd = s.form.desc.Update(msg)
	}
	s.note = ""
	return cmd
}

func (s *consentsScreen) focusForm() tea.Cmd {
	s.form.name.Blur()
	s.form.desc.Blur()
	switch s.form.focus {
	case 0:
		return s.form.name.Focus()
	case 2:
		return s.form.desc.Focus()
	}
	return nil
}

// save checks the form and writes the definition in a command.
func (s *consentsScreen) save() tea.Cmd {
	f := &s.form
	d := store.ConsentDef{Name: strings.TrimSpace(f.name.Value()), Channel: store.Channels[f.channel], Description: strings.TrimSpace(f.desc.Value())}
	st := s.sh.st
	if f.editing {
		old := f.old
		d.Name, d.CreatedAt = old.Name, old.CreatedAt
		return func() tea.Msg {
			return consentSavedMsg{Def: d, Edited: true, Err: st.PutConsentDef(d)}
		}
	}
	if err := store.CheckConsentName(d.Name); err != nil {
		s.note = err.Error()
		return nil
	}
	return func() tea.Msg {
		def, created, err := st.AddConsentDef(d)
		return consentSavedMsg{Def: def, Created: created, Err: err}
	}
}

func (s *consentsScreen) saved(msg consentSavedMsg) tea.Cmd {
	switch {
	case errors.Is(msg.Err, store.ErrExists):
		s.note = fmt.Sprintf("a consent called %s exists already: edit it instead (e)", msg.Def.Name)
		return nil
	case msg.Err != nil:
		s.note = msg.Err.Error()
		return nil
	}
	s.mode = csList
	s.form.name.Blur()
	s.form.desc.Blur()
	s.keys.set(csList, s.sh.readOnly, true)
	note := "consent " + msg.Def.Name + " saved"
	switch {
	case msg.Created:
		note = "consent " + msg.Def.Name + " added"
	case !msg.Edited:
		note = "consent " + msg.Def.Name + " was created on first use; it is now defined on purpose"
	}
	name := msg.Def.Name
	return tea.Batch(s.reloadAt(name), status(note))
}

// reloadAt reloads and puts the cursor on name once the list arrives.
func (s *consentsScreen) reloadAt(name string) tea.Cmd {
	s.want = name
	return s.reload()
}

func (s *consentsScreen) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.keys
	switch {
	case key.Matches(msg, k.No):
		s.mode = csList
	case s.mode == csInUse && key.Matches(msg, k.Force):
		s.mode = csForce
	case key.Matches(msg, k.Yes):
		name, n := s.removing.Name, s.inUse.Holders()
		force := s.mode == csForce
		s.mode = csList
		label := "removing consent " + name
		if force {
			label = fmt.Sprintf("removing consent %s from %s contacts", name, groupDigits(n))
		}
		return runJob(label, true, removeConsent(s.sh.st, name, force))
	}
	return nil
}

// removeConsent is the job that removes a definition (and, forced, the
// consent from every contact that holds it, each with a history entry).
func removeConsent(st *store.Store, name string, force bool) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		n, err := st.RemoveConsentDef(ctx, name, store.RemoveConsentOptions{Force: force, Source: "consents", Progress: report})
		return consentRemovedMsg{Name: name, Removed: n, Err: err}, nil
	}
}

func (s *consentsScreen) removed(msg consentRemovedMsg) tea.Cmd {
	var iu *store.ConsentInUseError
	var cmds []tea.Cmd
	switch {
	case errors.As(msg.Err, &iu):
		cmds = append(cmds, statusErr(fmt.Errorf("%w: nothing was removed", iu)))
	case errors.Is(msg.Err, context.Canceled):
		cmds = append(cmds, status(fmt.Sprintf("removing consent %s cancelled: it was removed from %s contacts and is still defined", msg.Name, groupDigits(msg.Removed))))
	case msg.Err != nil:
		cmds = append(cmds, statusErr(fmt.Errorf("removing consent %s: %w", msg.Name, msg.Err)))
	case msg.Removed > 0:
		cmds = append(cmds, status(fmt.Sprintf("consent %s removed, and from %s contacts (each has a history entry)", msg.Name, groupDigits(msg.Removed))))
	default:
		cmds = append(cmds, status("consent "+msg.Name+" removed"))
	}
	if msg.Removed > 0 {
		cmds = append(cmds, msgCmd(reindexMsg{}))
	}
	return tea.Batch(append(cmds, s.reload())...)
}

func (s *consentsScreen) Keys() help.KeyMap {
	s.keys.set(s.mode, s.sh.readOnly, len(s.defs) > 0)
	return s.keys
}
func (s *consentsScreen) Typing() bool  { return s.mode == csForm && s.form.focus != 1 }
func (s *consentsScreen) Title() string { return "Consents" }

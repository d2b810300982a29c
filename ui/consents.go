package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"

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
	if c, ok := k.move(msg, s.cursor, len(s.defs), s.rows()); ok {
		s.cursor = c
		s.clamp()
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return s.sh.ask(closeScreenMsg{})
	case key.Matches(msg, k.Open):
		d := s.current()
		// Who holds it: those who granted it, not those who refused or
		// withdrew it (the list counts them apart).
		f := filter.Filter{Conds: []filter.Condition{{Field: contact.ConsentPrefix + d.Name, Op: filter.Eq, Values: []string{"yes"}}}}
		return s.sh.ask(applyFilterMsg{F: f})
	case key.Matches(msg, k.Add):
		s.openForm(store.ConsentDef{}, false)
		return s.form.name.Focus()
	case key.Matches(msg, k.Edit):
		s.openForm(s.current(), true)
		return s.focusForm()
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
		return s.sh.runJob(label, true, removeConsent(s.sh.st, name, force))
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

func (s *consentsScreen) Typing() bool { return s.mode == csForm && s.form.focus != 1 }

func (s *consentsScreen) Title() string { return "Consents" }

func (s *consentsScreen) loading() bool { return !s.loaded }

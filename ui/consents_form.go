package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/store"
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
	// The first field the user can change has the focus: the name, or
	// when editing (the name is fixed) the channel.
	f.focus = 0
	if editing {
		f.focus = 1
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

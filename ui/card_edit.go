package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/store"
)

// cardSavedMsg is the answer of a save made from the card.
type cardSavedMsg struct {
	ID      uint64
	C       *contact.Contact
	What    string // what changed, for the status line
	Outcome store.Outcome
	Err     error
	Editing bool // the save came from the edit line (an error keeps it open)
}

// saveContact writes an edited copy of a contact as one undoable action;
// the store diffs it and appends the history event. c carries the version
// it was made from (its UpdatedAt): if someone else saved the contact
// since, nothing is written and the answer carries a *contact.ChangedError.
func saveContact(st *store.Store, c *contact.Contact, what string, editing bool) tea.Cmd {
	action := what
	if editing {
		action = "edit " + what
	}
	if name := c.FullName(); name != "" {
		action += " of " + name
	} else {
		action += fmt.Sprintf(" of contact %d", c.ID)
	}
	read := c.UpdatedAt
	return func() tea.Msg {
		var o store.Outcome
		err := st.Update(func(tx *store.Tx) (err error) {
			if err := tx.Action(action); err != nil {
				return err
			}
			o, err = tx.SaveUnchanged(c, read, contact.Event{Kind: contact.EventUpdate, Source: "card"})
			return err
		})
		return cardSavedMsg{ID: c.ID, C: c, What: what, Outcome: o, Err: err, Editing: editing}
	}
}

// startEdit opens the edit line for a field, a list value or a new one.
func (m *cardModel) startEdit(it cardItem, adding bool) tea.Cmd {
	if m.sh.readOnly || it.field == "" || it.readOnly || m.saving {
		return nil
	}
	if adding && it.listField() == "" {
		return nil
	}
	if adding && it.listField() != it.field {
		// Adding on one part of the address adds a whole address, on a
		// line of its own below the address.
		it = cardItem{kind: itemListVal, label: "  + new", field: it.listField(), index: -1}
		m.insertAddLine(it.field)
	}
	m.editing, m.edit, m.editErr = true, it, ""
	m.input.SetSuggestions(nil)
	m.input.ShowSuggestions = false
	m.input.Placeholder = ""
	switch {
	case adding || it.kind == itemListVal && it.index < 0:
		m.edit.index = -1
		if it.kind == itemListVal && it.index >= 0 {
			m.insertAddLine(it.field)
		}
		m.input.SetValue("")
		m.input.Placeholder = "new " + strings.TrimSuffix(strings.ToLower(fieldLabel(it.field)), "s")
		if it.field == "addresses" {
			m.input.Placeholder = "kind: street | house | postal code | city | region | country"
		}
		if it.field == "groups" {
			m.input.SetSuggestions(m.groups)
			m.input.ShowSuggestions = true
		}
	case it.kind == itemListVal:
		m.input.SetValue(it.copy)
	case it.kind == itemConsent:
		v, _ := m.c.Consent(it.name)
		m.input.SetValue(contact.FormatBool(v.Granted))
		m.input.Placeholder = "yes or no (empty removes)"
	default:
		m.input.SetValue(m.c.Get(it.field))
		if f, ok := contact.LookupField(it.field); ok && len(f.Values) > 0 {
			m.input.Placeholder = strings.Join(f.Values, ", ")
		}
	}
	m.input.CursorEnd()
	m.editFrom = m.input.Value()
	m.input.SetWidth(max(m.sh.width-24, 10))
	m.keys.update(m.sh.readOnly, true, m.live(), it)
	return m.input.Focus()
}

func (m *cardModel) updateEdit(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.stopEdit()
		return nil
	case key.Matches(msg, m.keys.Save):
		if m.saving {
			return nil
		}
		return m.commitEdit()
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.editErr = ""
	return cmd
}

// insertAddLine puts an empty line for the new value after the last value
// of the list, so adding never looks like replacing the value under the
// cursor.
func (m *cardModel) insertAddLine(field string) {
	at := m.cursor + 1
	for i, x := range m.items {
		if x.field == field && x.kind == itemListVal {
			at = i + 1
		}
	}
	line := cardItem{kind: itemListVal, label: "  + new", field: field, index: -1}
	m.items = append(m.items[:at], append([]cardItem{line}, m.items[at:]...)...)
	m.addFrom, m.cursor = m.cursor, at
	m.clamp()
}

func (m *cardModel) stopEdit() {
	if m.addFrom >= 0 && m.cursor < len(m.items) && m.items[m.cursor].label == "  + new" {
		m.items = append(m.items[:m.cursor], m.items[m.cursor+1:]...)
		m.cursor = m.addFrom
	}
	m.addFrom = -1
	m.editing, m.editErr = false, ""
	m.input.Blur()
	m.keys.update(m.sh.readOnly, false, m.live(), m.focused())
}

// commitEdit validates the value with contact.Set (the same validation as an
// import) and, when it is accepted, saves the contact in a command. A refused
// value stays on the edit line with the reason.
func (m *cardModel) commitEdit() tea.Cmd {
	it := m.edit
	val := strings.TrimSpace(m.input.Value())
	next := m.c.Clone()
	var err error
	if it.kind == itemListVal {
		list := slices.Clone(m.c.Values(it.field))
		switch {
		case it.index < 0 && val == "":
			m.stopEdit()
			return nil
		case it.index < 0:
			list = append(list, val)
		case val == "":
			list = slices.Delete(list, it.index, it.index+1)
		default:
			list[it.index] = val
		}
		err = next.Set(it.field, strings.Join(list, "; "), m.sh.setOptions("card"))
		if err == nil && it.field == "phones" {
			keepPhoneOrigins(m.c, next)
		}
	} else {
		err = next.Set(it.field, val, m.sh.setOptions("card"))
	}
	if err != nil {
		m.editErr = err.Error()
		return nil
	}
	if contact.Equal(m.c, next) {
		m.stopEdit()
		return status("nothing changed")
	}
	m.saving = true
	return saveContact(m.sh.st, next, fieldLabel(it.field), true)
}

// keepPhoneOrigins keeps what is known of phones that were there before an
// edit (how their country was decided, the raw form), so editing one number
// does not lose the others' provenance.
func keepPhoneOrigins(old, next *contact.Contact) {
	for i, p := range next.Phones {
		for _, q := range old.Phones {
			if q.Number == p.Number {
				next.Phones[i] = q
			}
		}
	}
}

// remove deletes a list value or clears a consent.
func (m *cardModel) remove(it cardItem) tea.Cmd {
	if m.sh.readOnly || !it.removable() || m.saving {
		return nil
	}
	next := m.c.Clone()
	var what string
	switch {
	case it.kind == itemConsent:
		next.RemoveConsent(it.name)
		what = "consent " + it.name + " cleared"
	case it.field == "groups":
		next.RemoveGroup(it.copy)
		what = "removed from group " + it.copy
	case it.field == "tags":
		next.RemoveTag(it.copy)
		what = "tag " + it.copy + " removed"
	default:
		list := slices.Delete(slices.Clone(m.c.Values(it.field)), it.index, it.index+1)
		if err := next.Set(it.field, strings.Join(list, "; "), m.sh.setOptions("card")); err != nil {
			return statusErr(err)
		}
		if it.field == "phones" {
			keepPhoneOrigins(m.c, next)
		}
		label := fieldLabel(it.field)
		if it.field == "addresses" {
			label = "address"
		}
		what = label + " " + it.copy + " removed"
	}
	m.saving = true
	return saveContact(m.sh.st, next, what, false)
}

// toggleConsent gives a consent that was not given or withdrawn, and
// withdraws one that was given; the time and "card" as source are recorded.
func (m *cardModel) toggleConsent(it cardItem) tea.Cmd {
	if m.sh.readOnly || it.kind != itemConsent || m.saving {
		return nil
	}
	cur, _ := m.c.Consent(it.name)
	next := m.c.Clone()
	opt := m.sh.setOptions("card")
	next.SetConsent(contact.Consent{Name: it.name, Granted: !cur.Granted, At: opt.Now, Source: opt.Source})
	m.saving = true
	verb := "given"
	if cur.Granted {
		verb = "withdrawn"
	}
	return saveContact(m.sh.st, next, "consent "+it.name+" "+verb, false)
}

// saved handles the answer of a save: reload the card and tell the root.
func (m *cardModel) saved(msg cardSavedMsg) tea.Cmd {
	if msg.ID != m.id {
		return nil
	}
	m.saving = false
	var changed *contact.ChangedError
	if errors.As(msg.Err, &changed) {
		// Someone saved it since the card read it: both versions, and the
		// user chooses (the edit line stays open under the dialog).
		return m.sh.ask(pushScreenMsg{s: newCardConflict(m.sh, m.c, msg.C, changed, msg.What)})
	}
	if msg.Err != nil {
		reason := msg.Err.Error()
		var ce *contact.ConflictError
		if errors.As(msg.Err, &ce) {
			reason = fmt.Sprintf("%s %s already belongs to contact %d", ce.Key, ce.Value, ce.ID)
		}
		if msg.Editing && m.editing {
			m.editErr = reason
			return nil
		}
		return statusErr(fmt.Errorf("saving contact %d: %s", m.id, reason))
	}
	if m.editing {
		m.stopEdit()
	}
	if msg.Outcome == store.Unchanged {
		return status("nothing changed")
	}
	note := "saved: " + msg.What
	if !strings.Contains(msg.What, " ") {
		note = "saved " + msg.What
	}
	return tea.Batch(loadCard(m.sh.st, m.id), msgCmd(contactChangedMsg{C: msg.C}), status(note))
}

// conflictChosen acts on the choice made in the conflict dialog.
func (m *cardModel) conflictChosen(msg cardConflictMsg) tea.Cmd {
	if msg.ID != m.id {
		return nil
	}
	who := "the saved version"
	switch msg.Choice {
	case keepTheirs:
		if m.editing {
			m.stopEdit()
		}
		return tea.Batch(loadCard(m.sh.st, m.id), status("kept "+who+"; not saved: "+msg.What))
	case overwriteMine:
		mine := msg.Mine.Clone()
		mine.UpdatedAt = msg.Theirs.UpdatedAt // over the version just shown, not an even newer one
		m.saving = true
		return saveContact(m.sh.st, mine, msg.What, m.editing)
	}
	note := "the card shows " + who + ": make your change again"
	if m.editing {
		note = "the card shows " + who + "; your value is still on the edit line: enter saves it"
	}
	return tea.Batch(loadCard(m.sh.st, m.id), status(note))
}

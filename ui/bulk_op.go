package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// bulkKind is one of the bulk actions that edit contacts.
type bulkKind int

const (
	bulkSetField bulkKind = iota
	bulkAddGroup
	bulkRemoveGroups
	bulkAddTag
	bulkRemoveTags
	bulkSetConsent
	bulkClearConsent
	bulkExport // not an edit: runs runExport
	bulkErase  // not an edit: runs runErase
)

// bulkOp is a bulk edit: what to do to every selected contact.
type bulkOp struct {
	kind    bulkKind
	field   string   // bulkSetField
	value   string   // bulkSetField
	names   []string // groups, tags or the consent
	granted bool     // bulkSetConsent
}

// describe says what the edit does, for the confirmation and the history.
func (op bulkOp) describe() string {
	list := strings.Join(op.names, ", ")
	switch op.kind {
	case bulkSetField:
		if op.value == "" {
			return "clear " + fieldLabel(op.field)
		}
		return fmt.Sprintf("set %s to %q", fieldLabel(op.field), op.value)
	case bulkAddGroup:
		return "add to group " + list
	case bulkRemoveGroups:
		return "remove from group " + list
	case bulkAddTag:
		return "add tag " + list
	case bulkRemoveTags:
		return "remove tag " + list
	case bulkSetConsent:
		return fmt.Sprintf("set consent %s to %s", list, contact.FormatBool(op.granted))
	case bulkClearConsent:
		return "clear consent " + list
	}
	return "edit"
}

// action names the edit of n contacts for undo: "add tag 'vip' to 2 451
// contacts".
func (op bulkOp) action(n int) string {
	list := "'" + strings.Join(op.names, "', '") + "'"
	count := countOf(n, "contact")
	switch op.kind {
	case bulkSetField:
		if op.value == "" {
			return fmt.Sprintf("clear %s on %s", fieldLabel(op.field), count)
		}
		return fmt.Sprintf("set %s to %q on %s", fieldLabel(op.field), op.value, count)
	case bulkAddGroup:
		return fmt.Sprintf("add %s to group %s", count, list)
	case bulkRemoveGroups:
		return fmt.Sprintf("remove %s from group %s", count, list)
	case bulkAddTag:
		return fmt.Sprintf("add tag %s to %s", list, count)
	case bulkRemoveTags:
		return fmt.Sprintf("remove tag %s from %s", list, count)
	case bulkSetConsent:
		return fmt.Sprintf("set consent %s to %s on %s", list, contact.FormatBool(op.granted), count)
	case bulkClearConsent:
		return fmt.Sprintf("clear consent %s on %s", list, count)
	}
	return op.describe() + " on " + count
}

// question asks for confirmation in the words undo will use later, saying
// how many contacts the edit touches.
func (op bulkOp) question(n int) string {
	return capitalize(op.action(n)) + "?"
}

// destructive reports whether the edit removes data (it then asks for
// confirmation even for one contact).
func (op bulkOp) destructive() bool {
	switch op.kind {
	case bulkRemoveGroups, bulkRemoveTags, bulkClearConsent:
		return true
	case bulkSetField:
		return true // it replaces whatever each contact had
	}
	return false
}

// apply makes the edit on one contact.
func (op bulkOp) apply(c *contact.Contact, opt contact.SetOptions) error {
	switch op.kind {
	case bulkSetField:
		return c.Set(op.field, op.value, opt)
	case bulkAddGroup:
		for _, g := range op.names {
			c.AddGroup(g)
		}
	case bulkRemoveGroups:
		for _, g := range op.names {
			c.RemoveGroup(g)
		}
	case bulkAddTag:
		for _, t := range op.names {
			c.AddTag(t)
		}
	case bulkRemoveTags:
		for _, t := range op.names {
			c.RemoveTag(t)
		}
	case bulkSetConsent:
		for _, n := range op.names {
			c.SetConsent(contact.Consent{Name: n, Granted: op.granted, At: opt.Now, Source: opt.Source})
		}
	case bulkClearConsent:
		for _, n := range op.names {
			c.RemoveConsent(n)
		}
	}
	return nil
}

// bulkDoneMsg reports a finished (or cancelled) bulk edit.
type bulkDoneMsg struct {
	What      string
	Changed   int
	Unchanged int
	Erased    int // erased contacts skipped: their records are read-only
	Failed    int
	FirstErr  error
	Canceled  bool
}

// bulkChunk is how many contacts one transaction edits: a cancel takes
// effect within one chunk, and what was committed stays consistent.
const bulkChunk = 500

// runBulk is the job of a bulk edit: chunk by chunk, each in one
// transaction, each changed contact saved with a "bulk" history event and
// put into the index.
func runBulk(st *store.Store, ix *filter.Index, ids []uint64, op bulkOp, opt contact.SetOptions) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		res := bulkDoneMsg{What: op.describe()}
		ev := contact.Event{Kind: contact.EventUpdate, Source: "bulk", Note: op.describe()}
		action, err := st.BeginAction(op.action(len(ids)))
		if err != nil {
			return res, fmt.Errorf("%s: %w", op.describe(), err)
		}
		for start := 0; start < len(ids); start += bulkChunk {
			if err := ctx.Err(); err != nil {
				res.Canceled = true
				return res, err
			}
			chunk := ids[start:min(start+bulkChunk, len(ids))]
			var changed []*contact.Contact
			var fails []error
			erased := 0
			err := st.Update(func(tx *store.Tx) error {
				tx.Undoable(action)
				changed, fails, erased = changed[:0], fails[:0], 0
				for _, id := range chunk {
					c, err := tx.Get(id)
					if errors.Is(err, store.ErrNotFound) {
						continue // deleted since it was selected
					}
					if err != nil {
						return err
					}
					if c.Status == contact.StatusErased {
						erased++
						continue
					}
					if err := op.apply(c, opt); err != nil {
						fails = append(fails, fmt.Errorf("contact %d: %w", id, err))
						continue
					}
					o, err := tx.Save(c, ev)
					switch {
					case errors.Is(err, contact.ErrConflict):
						fails = append(fails, fmt.Errorf("contact %d: %w", id, err))
					case err != nil:
						return err
					case o == store.Updated:
						changed = append(changed, c)
					}
				}
				return nil
			})
			if err != nil {
				return res, fmt.Errorf("%s, contacts %d to %d: %w", op.describe(), start+1, start+len(chunk), err)
			}
			for _, c := range changed {
				ix.Upsert(c)
			}
			res.Changed += len(changed)
			res.Failed += len(fails)
			res.Erased += erased
			res.Unchanged += len(chunk) - len(changed) - len(fails) - erased
			if res.FirstErr == nil && len(fails) > 0 {
				res.FirstErr = fails[0]
			}
			report(start+len(chunk), len(ids))
		}
		return res, nil
	}
}

// summary is the status line after a bulk edit.
func (r bulkDoneMsg) summary() string {
	s := fmt.Sprintf("%s: %s changed", r.What, groupDigits(r.Changed))
	if r.Canceled {
		s = fmt.Sprintf("%s: cancelled after %s changed (those stay changed)", r.What, groupDigits(r.Changed))
	}
	if r.Unchanged > 0 {
		s += fmt.Sprintf(", %s already so", groupDigits(r.Unchanged))
	}
	if r.Erased > 0 {
		s += ", " + countOf(r.Erased, "erased contact") + " skipped"
	}
	if r.Failed > 0 {
		s += fmt.Sprintf(", %s refused (%v)", groupDigits(r.Failed), r.FirstErr)
	}
	return s
}

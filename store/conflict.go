package store

import (
	"errors"
	"fmt"
	"time"

	"rolo/contact"
)

// ErrChanged says a contact was saved by someone else after it was read.
var ErrChanged = errors.New("changed by someone else since it was read")

// ChangedError is ErrChanged with what the other save left: the contact as
// stored now and who saved it, so the user can compare both versions and
// choose.
type ChangedError struct {
	Stored *contact.Contact
	By     string // the operating-system user of the last change, if recorded
	Source string
	At     time.Time
}

func (e *ChangedError) Error() string {
	who := e.By
	if who == "" {
		who = "someone else"
	}
	if e.Source != "" {
		who += " (" + e.Source + ")"
	}
	return fmt.Sprintf("contact %d was changed by %s at %s, after you opened it", e.Stored.ID, who, e.At.Local().Format("15:04:05"))
}

// Is makes errors.Is(err, ErrChanged) true.
func (e *ChangedError) Is(target error) bool { return target == ErrChanged }

// SaveUnchanged is Save for an edit of the contact as it was read at
// version read (its UpdatedAt then): if it was saved since, by another
// process or another screen, nothing is written and a *ChangedError
// carries the stored contact. Optimistic concurrency: nobody holds a lock
// while a card is open, and no save silently overwrites another.
func (tx *Tx) SaveUnchanged(c *contact.Contact, read time.Time, ev contact.Event) (Outcome, error) {
	stored, err := tx.Get(c.ID)
	if err != nil {
		return Unchanged, err
	}
	if !stored.UpdatedAt.Equal(read) {
		e := &ChangedError{Stored: stored, At: stored.UpdatedAt}
		if evs, err := tx.History(c.ID); err == nil && len(evs) > 0 {
			last := evs[len(evs)-1]
			e.By, e.Source = last.By, last.Source
		}
		return Unchanged, e
	}
	return tx.Save(c, ev)
}

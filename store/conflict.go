package store

import (
	"time"

	"rolo/contact"
)

// SaveUnchanged is Save for an edit of the contact as it was read at
// version read (its UpdatedAt then): if it was saved since, by another
// process or another screen, nothing is written and a *contact.ChangedError
// carries the stored contact. Optimistic concurrency: nobody holds a lock
// while a card is open, and no save silently overwrites another.
func (tx *Tx) SaveUnchanged(c *contact.Contact, read time.Time, ev contact.Event) (Outcome, error) {
	stored, err := tx.Get(c.ID)
	if err != nil {
		return Unchanged, err
	}
	if !stored.UpdatedAt.Equal(read) {
		e := &contact.ChangedError{Stored: stored, At: stored.UpdatedAt}
		if evs, err := tx.History(c.ID); err == nil && len(evs) > 0 {
			last := evs[len(evs)-1]
			e.By, e.Source = last.By, last.Source
		}
		return Unchanged, e
	}
	return tx.Save(c, ev)
}

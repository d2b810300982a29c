package store

import (
	"encoding/binary"
	"errors"

	"rolo/contact"
)

// Count is the number of contacts.
func (s *Store) Count() (int, error) {
	n := 0
	err := s.View(func(tx *Tx) error { n = tx.Count(); return nil })
	return n, err
}

// Living returns how many contacts the store holds and how many of them
// are tombstones of erased people (counted apart: they are nobody).
func (s *Store) Living() (living, erased int, err error) {
	err = s.View(func(tx *Tx) error {
		erased = tx.Erased()
		living = tx.Count() - erased
		return nil
	})
	return living, erased, err
}

// Get returns one contact, or an error wrapping ErrNotFound.
func (s *Store) Get(id uint64) (*contact.Contact, error) {
	var c *contact.Contact
	err := s.View(func(tx *Tx) (err error) { c, err = tx.Get(id); return err })
	return c, err
}

// GetMany returns the contacts with the given IDs in the same order, in one
// transaction; an ID that no longer exists gives a nil entry (the screen
// that asked may hold an ID deleted since).
func (s *Store) GetMany(ids []uint64) ([]*contact.Contact, error) {
	out := make([]*contact.Contact, len(ids))
	err := s.View(func(tx *Tx) error {
		for i, id := range ids {
			c, err := tx.Get(id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out[i] = c
		}
		return nil
	})
	return out, err
}

// Scan calls fn for every contact in ID order, in one read transaction.
func (s *Store) Scan(fn func(*contact.Contact) error) error {
	return s.View(func(tx *Tx) error { return tx.ForEach(fn) })
}

// ScanBorrowed calls fn for every contact in ID order without allocating:
// the same Contact is reused for each call and its strings point into the
// store's memory map. Both are valid only until fn returns; copy
// (strings.Clone, Contact.Clone) whatever is kept. It is the fast path for
// passes over the whole store (a million contacts in a fraction of the
// time Scan takes); anything else should use Scan.
func (s *Store) ScanBorrowed(fn func(*contact.Contact) error) error {
	return s.View(func(tx *Tx) error {
		var c contact.Contact
		return tx.tx.Bucket(bContacts).ForEach(func(k, v []byte) error {
			if err := decodeInto(&c, binary.BigEndian.Uint64(k), v, true); err != nil {
				return err
			}
			return fn(&c)
		})
	})
}

// Find looks contacts up by an indexed key (see Tx.Find).
func (s *Store) Find(k Key, value string) ([]uint64, error) {
	var ids []uint64
	err := s.View(func(tx *Tx) (err error) { ids, err = tx.Find(k, value); return err })
	return ids, err
}

// History returns a contact's events, oldest first.
func (s *Store) History(id uint64) ([]contact.Event, error) {
	var evs []contact.Event
	err := s.View(func(tx *Tx) (err error) { evs, err = tx.History(id); return err })
	return evs, err
}

// Create stores one new contact in its own transaction.
func (s *Store) Create(c *contact.Contact) (uint64, error) {
	var id uint64
	err := s.Update(func(tx *Tx) (err error) { id, err = tx.Create(c); return err })
	return id, err
}

// Save writes one edited contact in its own transaction (see Tx.Save).
func (s *Store) Save(c *contact.Contact, ev contact.Event) (Outcome, error) {
	var o Outcome
	err := s.Update(func(tx *Tx) (err error) { o, err = tx.Save(c, ev); return err })
	return o, err
}

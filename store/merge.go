package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Merging duplicates and remembering pairs that are not.
//
// The merged contact is built by the caller (package dedupe decides which
// value survives per field); the store writes it in one transaction: the
// merged-away contacts are deleted (their index entries freed first, so
// their e-mails can move to the survivor), their histories move under the
// survivor, each with an event recording what its fields became, and the
// survivor gets a merge event with its own changes.

// ErrStale refuses a merge planned on contacts that have changed since.
var ErrStale = errors.New("changed since the duplicates were found")

// Merge writes merged (the surviving contact, with its ID) and deletes
// others, in one transaction. merged.UpdatedAt and each other's UpdatedAt
// must be those read when the merge was planned: a contact changed since
// is refused with ErrStale, so a merge never silently drops a newer edit.
// source names what merged ("dedupe", "card").
func (s *Store) Merge(merged *contact.Contact, others []*contact.Contact, source string) error {
	return s.Update(func(tx *Tx) error { return tx.Merge(merged, others, source) })
}

// Merge is Store.Merge within a transaction.
func (tx *Tx) Merge(merged *contact.Contact, others []*contact.Contact, source string) error {
	if source == "" {
		source = "merge"
	}
	if len(others) == 0 {
		return fmt.Errorf("merging into contact %d: nothing to merge", merged.ID)
	}
	cur, err := tx.current(merged)
	if err != nil {
		return err
	}
	now := tx.s.now().UTC()
	events, err := tx.History(cur.ID)
	if err != nil {
		return err
	}
	var ids []string
	before := []*contact.Contact{cur.Clone()}
	for _, o := range others {
		if o.ID == merged.ID {
			return fmt.Errorf("merging contact %d into itself", o.ID)
		}
		old, err := tx.current(o)
		if err != nil {
			return err
		}
		before = append(before, old.Clone())
		evs, err := tx.History(old.ID)
		if err != nil {
			return err
		}
		// The merged-away contact's creation (not an event of its own),
		// its events, and what each of its fields became.
		events = append(events, contact.Event{At: old.CreatedAt, Kind: contact.EventCreate, Source: old.Source,
			Note: fmt.Sprintf("contact #%d created", old.ID)})
		for _, ev := range evs {
			ev.Note = strings.TrimSuffix(fmt.Sprintf("from contact #%d; %s", old.ID, ev.Note), "; ")
			events = append(events, ev)
		}
		events = append(events, contact.Event{At: now, Kind: contact.EventMerge, Source: source,
			Note: fmt.Sprintf("contact #%d merged into #%d", old.ID, cur.ID), Changes: contact.Diff(old, merged)})
		if err := tx.Delete(old.ID); err != nil {
			return fmt.Errorf("removing contact %d merged into %d: %w", old.ID, cur.ID, err)
		}
		if err := tx.forgetNotDuplicates(old.ID); err != nil {
			return err
		}
		ids = append(ids, fmt.Sprintf("#%d", old.ID))
	}
	m := merged.Clone()
	m.CreatedAt = cur.CreatedAt
	m.NoteChangedBy(cur.ChangedBy...)
	for _, o := range others {
		m.NoteChangedBy(o.ChangedBy...)
		if !o.CreatedAt.IsZero() && o.CreatedAt.Before(m.CreatedAt) {
			m.CreatedAt = o.CreatedAt
		}
	}
	m.UpdatedAt = now
	if m.Source == "" {
		m.Source = cur.Source
	}
	if err := tx.checkUnique(m, m.ID, ""); err != nil {
		return fmt.Errorf("merging into contact %d: %w", m.ID, err)
	}
	if err := tx.put(m); err != nil {
		return err
	}
	if err := tx.index(cur, m); err != nil {
		return err
	}
	if err := tx.define(m); err != nil {
		return err
	}
	events = append(events, contact.Event{At: now, Kind: contact.EventMerge, Source: source,
		Note: fmt.Sprintf("merged %s into #%d", strings.Join(ids, ", "), m.ID), Changes: contact.Diff(cur, m), Before: before})
	slices.SortStableFunc(events, func(a, b contact.Event) int { return a.At.Compare(b.At) })
	if err := tx.ReplaceHistory(m.ID, events); err != nil {
		return err
	}
	// An unsubscribed person stays out with every address they now have.
	if m.Status == contact.StatusUnsubscribed {
		h, err := tx.hasher()
		if err != nil {
			return err
		}
		entry := Suppression{Reason: ReasonUnsubscribed, Source: source, At: now}
		if _, _, err := tx.claimSuppression(h, m, entry, tx.jobIDs(), false); err != nil {
			return err
		}
	}
	*merged = *m
	tx.dirty = true
	return nil
}

// current reads c's stored version and refuses it when it changed since c
// was read, or was erased.
func (tx *Tx) current(c *contact.Contact) (*contact.Contact, error) {
	cur, err := tx.Get(c.ID)
	if err != nil {
		return nil, err
	}
	if cur.Status == contact.StatusErased {
		return nil, fmt.Errorf("contact %d was erased and cannot be merged", c.ID)
	}
	if !cur.UpdatedAt.Equal(c.UpdatedAt) {
		return nil, fmt.Errorf("contact %d %w; look again", c.ID, ErrStale)
	}
	return cur, nil
}

// notDupKey is the key of a pair, the smaller ID first.
func notDupKey(a, b uint64) []byte {
	if a > b {
		a, b = b, a
	}
	return append(key64(a), key64(b)...)
}

// MarkNotDuplicates remembers that the contacts are different people: no
// pair of them is proposed as duplicates again.
func (s *Store) MarkNotDuplicates(ids ...uint64) error {
	if len(ids) < 2 {
		return fmt.Errorf("marking contacts as not duplicates needs at least two")
	}
	return s.Update(func(tx *Tx) error {
		b := tx.tx.Bucket(bNotDupes)
		for i, a := range ids {
			for _, c := range ids[i+1:] {
				if a == c {
					continue
				}
				if err := b.Put(notDupKey(a, c), nil); err != nil {
					return fmt.Errorf("marking contacts %d and %d as not duplicates: %w", a, c, err)
				}
			}
		}
		return nil
	})
}

// UnmarkNotDuplicate forgets that two contacts were marked different.
func (s *Store) UnmarkNotDuplicate(a, b uint64) error {
	return s.Update(func(tx *Tx) error { return tx.tx.Bucket(bNotDupes).Delete(notDupKey(a, b)) })
}

// NotDuplicates returns the pairs marked "not a duplicate", as a test for
// dedupe.Options.NotDuplicate.
func (s *Store) NotDuplicates() (func(a, b uint64) bool, error) {
	set := map[[2]uint64]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bNotDupes).ForEach(func(k, _ []byte) error {
			if len(k) == 16 {
				set[[2]uint64{u64(k[:8]), u64(k[8:])}] = true
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("reading pairs marked not duplicates: %w", err)
	}
	return func(a, b uint64) bool {
		a, b = min(a, b), max(a, b)
		return set[[2]uint64{a, b}]
	}, nil
}

// forgetNotDuplicates drops the marks of a contact that no longer exists.
// Pairs are keyed by their smaller ID, so the marks where id is the larger
// one need a pass over the bucket (it holds only what people marked).
func (tx *Tx) forgetNotDuplicates(id uint64) error {
	b := tx.tx.Bucket(bNotDupes)
	var del [][]byte
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) == 16 && (u64(k[:8]) == id || u64(k[8:]) == id) {
			del = append(del, bytes.Clone(k))
		}
	}
	for _, k := range del {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("forgetting the duplicate marks of contact %d: %w", id, err)
		}
	}
	return nil
}

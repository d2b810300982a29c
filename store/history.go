package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"rolo/contact"
)

// History keys are the contact ID followed by a store-wide sequence, so one
// contact's events are adjacent and in the order they happened.

// AddEvent appends an event to a contact's history.
func (tx *Tx) AddEvent(id uint64, ev contact.Event) error {
	b := tx.tx.Bucket(bHistory)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("history of contact %d: %w", id, err)
	}
	if ev.At.IsZero() {
		ev.At = tx.s.now().UTC()
	}
	if ev.By == "" {
		ev.By = tx.s.user
	}
	if ev.Source == "" {
		ev.Source = tx.source
	}
	tx.adoptSource(ev.Source)
	v, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encoding an event of contact %d: %w", id, err)
	}
	k := binary.BigEndian.AppendUint64(key64(id), seq)
	if err := b.Put(k, v); err != nil {
		return fmt.Errorf("writing an event of contact %d: %w", id, err)
	}
	return nil
}

// History returns a contact's events, oldest first. Creation is not an
// event: the contact's CreatedAt and Source say when and by what.
func (tx *Tx) History(id uint64) ([]contact.Event, error) {
	var out []contact.Event
	prefix := key64(id)
	c := tx.tx.Bucket(bHistory).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var ev contact.Event
		if err := json.Unmarshal(v, &ev); err != nil {
			return nil, fmt.Errorf("history of contact %d: %w", id, err)
		}
		out = append(out, ev)
	}
	return out, nil
}

// ReplaceHistory rewrites a contact's history (erasure keeps the events but
// not the personal values in them).
func (tx *Tx) ReplaceHistory(id uint64, events []contact.Event) error {
	if err := tx.deleteHistory(id); err != nil {
		return err
	}
	for _, ev := range events {
		if err := tx.AddEvent(id, ev); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) deleteHistory(id uint64) error {
	prefix := key64(id)
	c := tx.tx.Bucket(bHistory).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("deleting history of contact %d: %w", id, err)
		}
	}
	return nil
}

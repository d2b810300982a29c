package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

func keyBucket(k contact.Key) []byte {
	switch k {
	case contact.KeyEmail:
		return bIdxEmail
	case contact.KeyPhone:
		return bIdxPhone
	case contact.KeyCRMID:
		return bIdxCRM
	case contact.KeyTaxID:
		return bIdxTax
	case contact.KeyUID:
		return bIdxUID
	}
	return nil
}

// IndexValue normalises a value the way the index stores it: e-mails
// lower-cased, tax IDs reduced to letters and digits, CRM IDs trimmed (case
// and leading zeros kept), phones as given (E.164).
func IndexValue(k contact.Key, v string) string {
	v = strings.TrimSpace(v)
	switch k {
	case contact.KeyEmail:
		return strings.ToLower(v)
	case contact.KeyTaxID:
		return contact.NormalizeTaxID(v)
	}
	return v
}

// keys returns the index values of c for k.
func keysOf(c *contact.Contact, k contact.Key) []string {
	if c == nil {
		return nil
	}
	switch k {
	case contact.KeyEmail:
		return c.Emails
	case contact.KeyPhone:
		out := make([]string, 0, len(c.Phones))
		for _, p := range c.Phones {
			out = append(out, p.Number)
		}
		return out
	case contact.KeyCRMID:
		if v := IndexValue(k, c.CRMID); v != "" {
			return []string{v}
		}
	case contact.KeyTaxID:
		if v := IndexValue(k, c.TaxID); v != "" {
			return []string{v}
		}
	case contact.KeyUID:
		if v := IndexValue(k, c.UID); v != "" {
			return []string{v}
		}
	}
	return nil
}

var allKeys = []contact.Key{contact.KeyEmail, contact.KeyPhone, contact.KeyCRMID, contact.KeyTaxID, contact.KeyUID}

// Find returns the IDs of the contacts with the given key value (normalised
// with IndexValue). For e-mail, CRM ID and tax ID that is at most one.
func (tx *Tx) Find(k contact.Key, value string) ([]uint64, error) {
	if keyBucket(k) == nil {
		return nil, fmt.Errorf("unknown key %q", k)
	}
	value = IndexValue(k, value)
	if value == "" {
		return nil, nil
	}
	return tx.lookup(k, value)
}

// lookup finds value (already normalised) in the main index and in any
// runs: through the bulk overlay for the session's writer, by reading the
// runs otherwise.
func (tx *Tx) lookup(k contact.Key, value string) ([]uint64, error) {
	if k == contact.KeyPhone {
		return tx.lookupPhone(value)
	}
	// What the runs say is checked against the record, and so is the main
	// index when a run mentions the value: another process may have
	// changed the contact since the run was written (its change went to
	// the main index), or a hash collision may make the overlay speak of
	// another key.
	mentioned := false
	if tx.run != nil {
		h := tx.run.o.hash(k, value)
		var id uint64
		id, mentioned = tx.run.o.unique[h]
		if mentioned && id != 0 {
			if has, err := tx.hasKey(id, k, value); err != nil || has {
				return []uint64{id}, err
			}
		}
	} else {
		var id uint64
		id, mentioned = runLookupUnique(tx.tx, k, value)
		if mentioned && id != 0 {
			if has, err := tx.hasKey(id, k, value); err != nil || has {
				return []uint64{id}, err
			}
		}
	}
	// A store of an older schema opened read-only (so not migrated) may
	// lack a newer key's index: no contact of it has that key.
	b := tx.tx.Bucket(keyBucket(k))
	if b == nil {
		return nil, nil
	}
	v := b.Get([]byte(value))
	if v == nil {
		return nil, nil
	}
	if mentioned {
		if has, err := tx.hasKey(u64(v), k, value); err != nil || !has {
			return nil, err
		}
	}
	return []uint64{u64(v)}, nil
}

func (tx *Tx) lookupPhone(value string) ([]uint64, error) {
	prefix := append([]byte(value), 0)
	var ids []uint64
	c := tx.tx.Bucket(bIdxPhone).Cursor()
	for key, _ := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, _ = c.Next() {
		ids = append(ids, binary.BigEndian.Uint64(key[len(prefix):]))
	}
	if tx.run == nil {
		return runLookupPhone(tx.tx, value, ids), nil
	}
	var buf [1]uint64
	for _, e := range tx.run.o.phoneEntries(tx.run.o.hash(contact.KeyPhone, value), &buf) {
		id := e &^ removedBit
		ids = slices.DeleteFunc(ids, func(x uint64) bool { return x == id })
		if e&removedBit != 0 {
			continue
		}
		if has, err := tx.hasKey(id, contact.KeyPhone, value); err != nil {
			return nil, err
		} else if has {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// hasKey confirms that contact id has the key value (an overlay hit may be
// a hash collision).
func (tx *Tx) hasKey(id uint64, k contact.Key, value string) (bool, error) {
	c, err := tx.Get(id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return slices.Contains(keysOf(c, k), value), nil
}

// checkUnique refuses c when one of its unique keys belongs to a contact
// other than self. The values of key checked are not looked up (see
// CreateChecked).
func (tx *Tx) checkUnique(c *contact.Contact, self uint64, checked contact.Key) error {
	for _, k := range []contact.Key{contact.KeyEmail, contact.KeyCRMID, contact.KeyTaxID, contact.KeyUID} {
		if k == checked {
			continue
		}
		for _, v := range keysOf(c, k) {
			ids, err := tx.lookup(k, v)
			if err != nil {
				return err
			}
			if len(ids) > 0 && ids[0] != self {
				return &contact.ConflictError{Key: k, Value: v, ID: ids[0]}
			}
		}
	}
	return nil
}

// index moves c's index entries from old's keys to new's; either may be nil.
func (tx *Tx) index(old, c *contact.Contact) error {
	// Every change of a record passes here: the count of tombstones
	// follows it whatever made the change.
	tx.erased += isTombstone(c) - isTombstone(old)
	if tx.undo != 0 {
		if err := tx.recordUndo(old, c); err != nil {
			return err
		}
	}
	if old == nil && tx.run != nil {
		tx.bulkIndexNew(c)
		return nil
	}
	var id uint64
	if c != nil {
		id = c.ID
	} else {
		id = old.ID
	}
	for _, k := range allKeys {
		var b *bolt.Bucket
		if tx.run == nil {
			b = tx.tx.Bucket(keyBucket(k))
		}
		before, after := keysOf(old, k), keysOf(c, k)
		for _, v := range before {
			if slices.Contains(after, v) {
				continue
			}
			if tx.run != nil {
				tx.bulkIndex(k, v, id, false)
				continue
			}
			if err := b.Delete(indexKey(k, v, id)); err != nil {
				return fmt.Errorf("unindexing %s %s: %w", k, v, err)
			}
		}
		for _, v := range after {
			if slices.Contains(before, v) {
				continue
			}
			if tx.run != nil {
				tx.bulkIndex(k, v, id, true)
				continue
			}
			val := key64(id)
			if k == contact.KeyPhone {
				val = nil
			}
			if err := b.Put(indexKey(k, v, id), val); err != nil {
				return fmt.Errorf("indexing %s %s: %w", k, v, err)
			}
		}
	}
	return nil
}

// bulkIndexNew writes the entries of a new contact to the bulk session's
// run: what index does for it, without building the lists it compares.
func (tx *Tx) bulkIndexNew(c *contact.Contact) {
	for i, e := range c.Emails {
		if !slices.Contains(c.Emails[:i], e) {
			tx.bulkIndex(contact.KeyEmail, e, c.ID, true)
		}
	}
	for i, p := range c.Phones {
		if !slices.ContainsFunc(c.Phones[:i], func(q contact.Phone) bool { return q.Number == p.Number }) {
			tx.bulkIndex(contact.KeyPhone, p.Number, c.ID, true)
		}
	}
	if v := IndexValue(contact.KeyCRMID, c.CRMID); v != "" {
		tx.bulkIndex(contact.KeyCRMID, v, c.ID, true)
	}
	if v := IndexValue(contact.KeyTaxID, c.TaxID); v != "" {
		tx.bulkIndex(contact.KeyTaxID, v, c.ID, true)
	}
	if v := IndexValue(contact.KeyUID, c.UID); v != "" {
		tx.bulkIndex(contact.KeyUID, v, c.ID, true)
	}
}

func indexKey(k contact.Key, v string, id uint64) []byte {
	if k != contact.KeyPhone {
		return []byte(v)
	}
	out := make([]byte, 0, len(v)+9)
	out = append(out, v...)
	out = append(out, 0)
	return binary.BigEndian.AppendUint64(out, id)
}

func isTombstone(c *contact.Contact) int {
	if c != nil && c.Status == contact.StatusErased {
		return 1
	}
	return 0
}

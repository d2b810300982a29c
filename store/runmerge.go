package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"rolo/contact"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// prefixKey is the index a run entry's first byte names.
var prefixKey = map[byte]contact.Key{'e': contact.KeyEmail, 'p': contact.KeyPhone, 'c': contact.KeyCRMID, 't': contact.KeyTaxID}

// touchedByOthers collects the contacts changed since the current runs
// began by transactions that wrote no run (other processes, writing to the
// main index). It returns nil when the journal was trimmed past that point
// (every entry must then be checked).
func touchedByOthers(tx *bolt.Tx) map[uint64]bool {
	meta, j := tx.Bucket(bMeta), tx.Bucket(bJournal)
	since := meta.Get(metaRunsJournal)
	if j == nil || since == nil || u64(meta.Get(metaJournalTrim)) > u64(since) {
		return nil
	}
	touched := map[uint64]bool{}
	c := j.Cursor()
	for k, v := c.Seek(key64(u64(since) + 1)); k != nil; k, v = c.Next() {
		ch, err := decodeChange(u64(k), v)
		if err != nil {
			return nil
		}
		if ch.Bulk {
			continue
		}
		for _, id := range ch.Saved {
			touched[id] = true
		}
		for _, id := range ch.Deleted {
			touched[id] = true
		}
	}
	return touched
}

// runEntryHolds reports whether a merged run entry still says the truth
// about a contact another process changed (see mergeFrom); entries about
// other contacts hold as they are.
func runEntryHolds(tx *Tx, b *bolt.Bucket, key, val []byte, touched map[uint64]bool) (bool, error) {
	if b == nil {
		return true, nil // applyRunEntry reports the unknown prefix
	}
	k := prefixKey[key[0]]
	value := key[1:]
	check := func(id uint64, v []byte) (bool, error) {
		if touched != nil && !touched[id] {
			return true, nil
		}
		return tx.hasKey(id, k, string(v))
	}
	if k == contact.KeyPhone {
		i := bytes.IndexByte(value, 0)
		if i < 0 || len(value)-i-1 != 8 {
			return true, nil
		}
		id := binary.BigEndian.Uint64(value[i+1:])
		if touched != nil && !touched[id] {
			return true, nil
		}
		has, err := tx.hasKey(id, k, string(value[:i]))
		// Apply the entry only if it agrees with the record.
		return has == (len(val) > 0 && val[0] == 1), err
	}
	if len(val) == 8 { // an addition
		return check(u64(val), value)
	}
	// A removal: keep the main index's entry if its contact was changed by
	// another process and still has the key.
	cur := b.Get(value)
	if cur == nil {
		return true, nil
	}
	if touched != nil && !touched[u64(cur)] {
		return true, nil
	}
	has, err := tx.hasKey(u64(cur), k, string(value))
	return !has, err
}

// processAlive reports whether process pid exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migrations[i] takes a store from schema i to schema i+1. Append only: a
// released migration is never edited, so every store walks the same path.
var migrations = []func(tx *bolt.Tx) error{
	// 0 → 1: the first schema: every bucket, the magic, the secret, counters.
	func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("creating bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bMeta)
		secret, err := newSecret()
		if err != nil {
			return err
		}
		for k, v := range map[string][]byte{
			string(metaMagic): magicValue, string(metaSecret): secret,
			string(metaCount): key64(0), string(metaGen): key64(0),
		} {
			if meta.Get([]byte(k)) != nil {
				continue
			}
			if err := meta.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: the change journal.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bJournal)
		return err
	},
	// 2 → 3: the count of erased contacts (tombstones), kept since in the
	// same transaction as the records, so counts name living contacts.
	func(tx *bolt.Tx) error {
		n := 0
		err := tx.Bucket(bContacts).ForEach(func(k, v []byte) error {
			c, err := decodeContact(binary.BigEndian.Uint64(k), v)
			if err != nil {
				return err
			}
			n += isTombstone(c)
			return nil
		})
		if err != nil {
			return fmt.Errorf("counting erased contacts: %w", err)
		}
		return tx.Bucket(bMeta).Put(metaErased, key64(uint64(n)))
	},
	// 3 → 4: undo of the changes made by hand (see undo.go).
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bUndo, bUndoRec} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("creating bucket %s: %w", name, err)
			}
		}
		return nil
	},
	// 4 → 5: the index of vCard UIDs (no stored contact had one before).
	func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(bIdxUID); err != nil {
			return fmt.Errorf("creating bucket %s: %w", bIdxUID, err)
		}
		return nil
	},
	// 5 → 6: addresses kept whole in custom fields join the contacts'
	// lists of addresses (see migrate_addresses.go).
	migrateKeptAddresses,
}

// SchemaVersion is the schema this rolo writes.
func SchemaVersion() int { return len(migrations) }

func schemaOf(tx *bolt.Tx) int {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return 0
	}
	return int(u64(meta.Get(metaSchema)))
}

// migrate brings the store to SchemaVersion, one transaction per step, so a
// crash between steps leaves a store at a known version.
func (s *Store) migrate() error {
	if err := s.checkSchema(); err != nil {
		return err
	}
	for {
		var v int
		if err := s.view(func(tx *bolt.Tx) error { v = schemaOf(tx); return nil }); err != nil {
			return err
		}
		if v >= len(migrations) {
			return nil
		}
		err := s.update(func(tx *bolt.Tx) error {
			if err := migrations[v](tx); err != nil {
				return err
			}
			return tx.Bucket(bMeta).Put(metaSchema, key64(uint64(v+1)))
		})
		if err != nil {
			return fmt.Errorf("migrating %s from schema %d to %d: %w", s.path, v, v+1, err)
		}
	}
}

func (s *Store) checkSchema() error {
	return s.view(func(tx *bolt.Tx) error {
		if v := schemaOf(tx); v > len(migrations) {
			return fmt.Errorf("%s: %w (schema %d, this rolo knows %d); upgrade rolo", s.path, ErrTooNew, v, len(migrations))
		}
		return nil
	})
}

package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Cache returns a derived index saved by SetCache (a persisted sort order,
// say) and the store generation it was saved at; data is nil when nothing
// is saved under name. The caller compares gen with Generation to know
// whether the contacts changed since: a stale entry is never returned as
// current, so it cannot hide a change.
func (s *Store) Cache(name string) ([]byte, uint64, error) {
	var data []byte
	var gen uint64
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCache)
		if b == nil {
			return nil // a read-only store from before the bucket existed
		}
		v := b.Get([]byte(name))
		if len(v) < 8 {
			return nil
		}
		gen = binary.BigEndian.Uint64(v[:8])
		data = bytes.Clone(v[8:])
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("reading cache %s: %w", name, err)
	}
	return data, gen, nil
}

// SetCache saves data under name, stamped with the generation it was
// derived at. It does not move the generation: a cache is not a change to
// the contacts.
func (s *Store) SetCache(name string, gen uint64, data []byte) error {
	if name == "" {
		return fmt.Errorf("saving a cache entry: empty name")
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	v := make([]byte, 8+len(data))
	binary.BigEndian.PutUint64(v, gen)
	copy(v[8:], data)
	err := s.update(func(tx *bolt.Tx) error { return tx.Bucket(bCache).Put([]byte(name), v) })
	if err != nil {
		return fmt.Errorf("saving cache %s: %w", name, err)
	}
	return nil
}

// ReleasePages asks the kernel to drop the store file's pages from this
// process's resident memory, after a pass over the whole store (building
// the filter Index reads every record: on a million contacts that leaves
// some 500 MB of the file mapped and counted as resident). Nothing is lost:
// the mapping is read-only and the pages stay in the kernel's page cache,
// so a later read just maps them again. It runs inside a read transaction,
// which keeps bbolt from remapping the file meanwhile. A no-op where the
// system has no madvise.
func (s *Store) ReleasePages() error {
	return s.view(func(tx *bolt.Tx) error {
		if err := dropPages(tx.DB().Info().Data, tx.Size()); err != nil {
			return fmt.Errorf("releasing the pages of %s: %w", s.path, err)
		}
		return nil
	})
}

// ScanLean is ScanBorrowed (same contract: a reused contact whose strings
// are valid only until fn returns) for passes over the whole store that
// should not grow the process's resident memory by the file's size: after
// each of its transactions it drops the pages read (see ReleasePages), so
// an export or an index build of a million contacts stays flat.
func (s *Store) ScanLean(fn func(*contact.Contact) error) error {
	return s.scanChunks(true, true, fn)
}

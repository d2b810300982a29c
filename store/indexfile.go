package store

import (
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// The stored filter index.
//
// The filter index of the contacts (filter.Index: columns, dictionaries,
// text arenas) is kept in a file beside the store, IndexPath, stamped with
// the journal position it reflects; a process opens it and catches it up
// from the journal instead of reading every contact. It is a file, not a
// bucket, because it is written whole (some 300 MB for a million contacts):
// written under a temporary name and renamed into place, it never holds
// the store for more than the rename, and the store file does not grow by
// a copy of it at every write.
//
// It holds personal data, so an erasure removes it (and a process can only
// put an index in place that has caught up past the last erasure: see
// CommitIndex), and it is made with the store's file mode.

var metaIndexFloor = []byte("index_floor") // the journal head at the last erasure

// ErrIndexBehind says an index was not put in place because it reflects
// the store from before an erasure.
var ErrIndexBehind = errors.New("the index is older than the last erasure")

// IndexPath is where the store's filter index is kept.
func (s *Store) IndexPath() string { return s.path + ".index" }

// CommitIndex puts a written index file in place by calling commit (which
// renames it over IndexPath), unless the index reflects the journal only up
// to a position before the last erasure (ErrIndexBehind). The check and
// the rename happen while the store is held, so an erasure cannot slip in
// between.
func (s *Store) CommitIndex(seq uint64, commit func() error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.view(func(tx *bolt.Tx) error {
		if floor := u64(tx.Bucket(bMeta).Get(metaIndexFloor)); seq < floor {
			return fmt.Errorf("%w (index at change %d, erasure at %d)", ErrIndexBehind, seq, floor)
		}
		return commit()
	})
}

// dropIndex removes the stored index in an erasure's last transaction and
// records the journal head, below which no index may be put back.
func (s *Store) dropIndex(tx *bolt.Tx) error {
	head := uint64(0)
	if b := tx.Bucket(bJournal); b != nil {
		head = b.Sequence()
	}
	if err := tx.Bucket(bMeta).Put(metaIndexFloor, key64(head)); err != nil {
		return fmt.Errorf("recording the erasure for the index: %w", err)
	}
	if err := os.Remove(s.IndexPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing the index of erased contacts: %w", err)
	}
	return nil
}

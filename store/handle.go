package store

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Taking turns on the file.
//
// Several rolo processes share one store (a team on one server). bbolt
// locks the whole file for as long as it is open: shared by readers,
// exclusive for a writer. So a process holds the file only while it runs a
// transaction: the first transaction of the process opens it (read-only
// when only reads are open, read-write for a write), the last one to end
// closes it, and long work is a series of short transactions. Measured on
// the project machine (BenchmarkOpenTxClose), opening, running one small
// transaction and closing cost well under a millisecond read-only and a few
// milliseconds read-write, which is what makes this affordable.
//
// Within the process, transactions that overlap share the open file.
//
// Waiting for another process: bbolt polls its lock every 50 ms, which
// would let a process that ends a transaction and starts the next at once
// keep the file forever. acquire polls every millisecond instead (one
// non-blocking flock each), and a process that has just held the file for
// a long transaction leaves a short gap before the next (courtesy), so a
// waiter gets its turn between an import's batches.

// handle is the store file as this process holds it.
type handle struct {
	mu       sync.Mutex
	db       *bolt.DB
	users    int // transactions using db
	since    time.Time
	lastHeld time.Duration // how long the last hold lasted
	lastEnd  time.Time
}

// lockPoll is how often a waiting process tries the file's lock; courtesy
// is the gap left after a hold longer than courtesyAfter; a hold longer
// than maxHold (transactions overlapping without a break) lets new
// transactions wait, up to maxHoldWait, until the file is closed, so other
// processes get their turn.
const (
	lockPoll      = time.Millisecond
	courtesy      = 3 * time.Millisecond
	courtesyAfter = 20 * time.Millisecond
	maxHold       = 200 * time.Millisecond
	maxHoldWait   = 100 * time.Millisecond
)

// acquire returns the open file for a transaction, opening it if needed;
// release must follow. A writable store opens the file read-write for
// every transaction, so reads and writes of the process can overlap as
// bbolt allows (a read-only file could not be upgraded while one of the
// process's reads is open); a read-only store opens it read-only, which
// lets other readers in at the same time.
func (s *Store) acquire() (*bolt.DB, error) {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.db != nil && time.Since(h.since) > maxHold {
		// Not forever: a read nested in another transaction must not wait
		// for the end of the one it is nested in.
		deadline := time.Now().Add(maxHoldWait)
		for h.db != nil && time.Now().Before(deadline) {
			h.mu.Unlock()
			time.Sleep(lockPoll / 4)
			h.mu.Lock()
		}
	}
	if h.db != nil {
		h.users++
		return h.db, nil
	}
	if gap := courtesy - time.Since(h.lastEnd); h.lastHeld > courtesyAfter && gap > 0 {
		time.Sleep(gap)
	}
	db, err := s.openFile(!s.readOnly)
	if err != nil {
		return nil, err
	}
	h.db, h.users, h.since = db, 1, time.Now()
	return db, nil
}

// release ends a transaction's use of the file, closing it after the last.
func (s *Store) release() error {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	h.users--
	if h.users > 0 {
		return nil
	}
	err := h.db.Close()
	h.db = nil
	h.lastEnd = time.Now()
	h.lastHeld = h.lastEnd.Sub(h.since)
	if err != nil {
		return fmt.Errorf("closing %s: %w", s.path, err)
	}
	return nil
}

// openFile opens the store file, waiting up to the store's timeout for
// other processes, and reporting a wait longer than waitReport.
func (s *Store) openFile(write bool) (*bolt.DB, error) {
	start := time.Now()
	reported := false
	for {
		db, err := s.tryOpen(write)
		if !errors.Is(err, berrors.ErrTimeout) {
			if reported && s.onWait != nil {
				s.onWait("")
			}
			return db, err
		}
		waited := time.Since(start)
		if waited > s.timeout {
			return nil, fmt.Errorf("%s is %w: waited %s for %s", s.path, ErrInUse, s.timeout.Round(time.Second), holderOr(s.path, "another rolo"))
		}
		if waited > waitReport && !reported && s.onWait != nil {
			s.onWait("waiting for " + holderOr(s.path, "another rolo") + "…")
			reported = true
		}
		time.Sleep(lockPoll)
	}
}

// waitReport is how long a wait goes unreported.
const waitReport = 250 * time.Millisecond

// tryOpen opens the file if its lock is free now, else returns bbolt's
// ErrTimeout (a timeout shorter than bbolt's poll makes it try once).
func (s *Store) tryOpen(write bool) (*bolt.DB, error) {
	opt := &bolt.Options{Timeout: time.Nanosecond, ReadOnly: !write, NoSync: s.noSync,
		FreelistType: bolt.FreelistMapType, InitialMmapSize: initialMmap}
	if !s.creating {
		// bbolt would make a new, empty file where the store was.
		if _, err := os.Stat(s.path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w (it was removed while rolo had it open)", s.path, ErrNoStore)
		}
	}
	db, err := boltOpen(s.path, s.mode, opt)
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, err
		}
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", s.path, ErrNoStore)
		}
		return nil, openError(s.path, err)
	}
	if write {
		db.AllocSize = allocSize(s.path)
		if s.bulk != nil {
			db.AllocSize = allocStep // thousands of contacts: grow in big steps
		}
	}
	return db, nil
}

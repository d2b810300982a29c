package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Scrubbing: making erased values unrecoverable from the file.
//
// bbolt never changes a page in place. A write transaction copies the pages
// it changes into pages taken from the freelist (or from the end of the
// file), writes each one whole from a zeroed buffer, and frees the old
// versions. So after an erasure the erased bytes survive in exactly one
// place: pages on the freelist, until bbolt happens to reuse them. Live pages
// hold only live data (their unused tails are zero), and so do the meta and
// freelist pages. Scrubbing overwrites every free page that still holds
// bytes with zeros.
//
// The alternative, compacting into a new file (bolt.Compact) and swapping it
// in, costs a copy of the whole store on every erasure (13 s for the 832 MB
// 1M-contact demo store on the project machine), briefly doubles the disk
// used, and leaves the old blocks on the disk unlinked rather than
// overwritten. A scrub touches only the free pages and overwrites them where
// they are.
//
// Which pages are safe to zero: a page no transaction can read. In this
// process that means no transaction at all may be open while the scrub runs
// (Tx.Page reports pending pages, which an open reader may still use, as
// free), so the scrub holds dbmu alone. Another process may be copying the
// file for a read-only snapshot (snapshot.go): a copy of transaction T is
// kept only if the newest transaction is at most T+1 when the copy ends. The
// scrub therefore commits one transaction A, notes the pages free at its
// start, and in the next transaction B zeroes only pages that were free at
// the start of both: those are reachable from neither A-1 nor A, which are
// the only states a copy finishing during B could keep.

// metaScrub is set in the transaction that erases personal data and cleared
// by the scrub that follows, so a scrub interrupted by a crash (or put off
// because the store was busy) is run by the next Close or writable Open.
var metaScrub = []byte("scrub")

// scrubWait bounds how long an erasure waits for open transactions to end
// before it leaves the scrub to Close.
var scrubWait = 30 * time.Second

// ScrubStats says what a scrub did.
type ScrubStats struct {
	FreePages int           // pages of the file that no transaction reaches
	Zeroed    int           // pages that still held bytes and were overwritten
	Bytes     int64         // bytes overwritten
	Duration  time.Duration // the scrub's wall time, waiting included
}

// markScrub records in the transaction that it freed pages holding erased
// values.
func (tx *Tx) markScrub() error {
	if err := tx.tx.Bucket(bMeta).Put(metaScrub, []byte{1}); err != nil {
		return fmt.Errorf("marking the store for scrubbing: %w", err)
	}
	return nil
}

// ScrubPending reports whether erased values may still lie in free pages
// of the file (an erasure whose scrub has not run yet).
func (s *Store) ScrubPending() (bool, error) {
	pending := false
	err := s.view(func(tx *bolt.Tx) error {
		pending = tx.Bucket(bMeta).Get(metaScrub) != nil
		return nil
	})
	return pending, err
}

// Scrub overwrites with zeros every free page of the store file that still
// holds bytes, so nothing deleted can be read back from the file. It waits
// (up to ctx) until no transaction is open; other goroutines' transactions
// wait for it meanwhile. Erase calls it; it is exported for a "scrub now"
// after a failed or postponed one.
func (s *Store) Scrub(ctx context.Context) (ScrubStats, error) {
	if s.readOnly {
		return ScrubStats{}, ErrReadOnly
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.scrubAlone(ctx)
}

// scrubAlone takes dbmu alone and scrubs. The caller holds s.wmu.
func (s *Store) scrubAlone(ctx context.Context) (ScrubStats, error) {
	start := time.Now()
	if err := s.lockAlone(ctx); err != nil {
		return ScrubStats{}, fmt.Errorf("waiting for open transactions to end before scrubbing %s: %w", s.path, err)
	}
	defer s.dbmu.Unlock()
	st, err := s.scrubLocked()
	st.Duration = time.Since(start)
	return st, err
}

// lockAlone takes dbmu for writing. It polls with TryLock rather than
// calling Lock: a waiting Lock would block new readers, and a goroutine that
// opens a read transaction inside another one would then deadlock. So that
// a steady stream of short transactions cannot starve it, it raises a gate
// that holds new transactions back for up to gateWait each (then they go
// ahead, which is what keeps a nested one from deadlocking), while the
// transactions already open finish.
func (s *Store) lockAlone(ctx context.Context) error {
	gate := make(chan struct{})
	s.scrubGate.Store(&gate)
	defer func() {
		s.scrubGate.Store(nil)
		close(gate)
	}()
	delay := 100 * time.Microsecond
	for !s.dbmu.TryLock() {
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, 10*time.Millisecond)
	}
	return nil
}

// gateWait bounds how long a transaction waits at a raised scrub gate.
const gateWait = 100 * time.Millisecond

// enterTx takes dbmu shared for a transaction, first waiting (briefly) at
// the gate of a scrub that waits for the transactions to drain.
func (s *Store) enterTx() {
	if g := s.scrubGate.Load(); g != nil {
		t := time.NewTimer(gateWait)
		select {
		case <-*g:
		case <-t.C:
		}
		t.Stop()
	}
	s.dbmu.RLock()
}

// scrubIfPending runs a scrub left over by an erasure (at Open and Close,
// when no other transaction can be open).
func (s *Store) scrubIfPending() error {
	pending, err := s.ScrubPending()
	if err != nil || !pending {
		return err
	}
	s.dbmu.Lock()
	defer s.dbmu.Unlock()
	_, err = s.scrubLocked()
	return err
}

// scrubLocked does the scrub; the caller holds s.wmu and s.dbmu alone.
func (s *Store) scrubLocked() (st ScrubStats, err error) {
	db, err := s.acquire()
	if err != nil {
		return st, err
	}
	defer func() { err = errors.Join(err, s.release()) }()
	defer guard()()
	defer recoverCorrupt(s.path, &err)
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return st, fmt.Errorf("opening %s to scrub it: %w", s.path, err)
	}
	defer f.Close()
	var freeA bitset
	err = db.Update(func(tx *bolt.Tx) error {
		var err error
		if freeA, err = freePages(tx); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(metaScrub, []byte{2})
	})
	if err != nil {
		return st, fmt.Errorf("scrubbing %s: %w", s.path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		freeB, err := freePages(tx)
		if err != nil {
			return err
		}
		ps := int64(db.Info().PageSize)
		z := zeroer{f: f, pageSize: ps}
		hwm := tx.Size() / ps
		for id := int64(2); id < hwm; {
			if !freeA.has(id) || !freeB.has(id) {
				id++
				continue
			}
			end := id
			for end < hwm && freeA.has(end) && freeB.has(end) {
				end++
			}
			st.FreePages += int(end - id)
			if err := z.zero(id*ps, (end-id)*ps); err != nil {
				return err
			}
			id = end
		}
		// Pages past the high-water mark are normally never written, but a
		// commit that failed after writing its pages leaves them there.
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		if size := fi.Size(); size > hwm*ps {
			if err := z.zero(hwm*ps, size-hwm*ps); err != nil {
				return err
			}
		}
		if err := f.Sync(); err != nil {
			return err
		}
		st.Zeroed, st.Bytes = z.pages, z.bytes
		return tx.Bucket(bMeta).Delete(metaScrub)
	})
	if err != nil {
		return st, fmt.Errorf("scrubbing %s: %w", s.path, err)
	}
	return st, nil
}

// freePages returns the pages the freelist holds (bbolt releases every
// pending page when a write transaction begins with no reader open).
func freePages(tx *bolt.Tx) (bitset, error) {
	ps := int64(tx.DB().Info().PageSize)
	hwm := tx.Size() / ps
	free := newBitset(hwm)
	for id := int64(2); id < hwm; id++ {
		info, err := tx.Page(int(id))
		if err != nil {
			return nil, fmt.Errorf("reading page %d: %w", id, err)
		}
		if info != nil && info.Type == "free" {
			free.set(id)
		}
	}
	return free, nil
}

// zeroer overwrites the pages of a range that are not zero already, reading
// a megabyte at a time, so a store whose free pages were scrubbed before
// costs reads only.
type zeroer struct {
	f        *os.File
	pageSize int64
	buf      []byte
	zeros    []byte
	pages    int
	bytes    int64
}

const scrubChunk = 1 << 20

func (z *zeroer) zero(off, n int64) error {
	if z.buf == nil {
		z.buf = make([]byte, scrubChunk)
		z.zeros = make([]byte, scrubChunk)
	}
	for n > 0 {
		c := min(n, int64(len(z.buf)))
		c -= c % z.pageSize
		if c == 0 {
			c = n
		}
		buf := z.buf[:c]
		if _, err := z.f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading free pages at %d: %w", off, err)
		}
		// Write back runs of pages that hold anything.
		for p := int64(0); p < c; {
			q := min(p+z.pageSize, c)
			if bytes.Equal(buf[p:q], z.zeros[:q-p]) {
				p = q
				continue
			}
			end := q
			for end < c {
				nx := min(end+z.pageSize, c)
				if bytes.Equal(buf[end:nx], z.zeros[:nx-end]) {
					break
				}
				end = nx
			}
			if _, err := z.f.WriteAt(z.zeros[:end-p], off+p); err != nil {
				return fmt.Errorf("overwriting free pages at %d: %w", off+p, err)
			}
			z.pages += int((end - p + z.pageSize - 1) / z.pageSize)
			z.bytes += end - p
			p = end
		}
		off += c
		n -= c
	}
	return nil
}

// bitset is a fixed set of page ids.
type bitset []uint64

func newBitset(n int64) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int64)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int64) bool { return i/64 < int64(len(b)) && b[i/64]&(1<<(i%64)) != 0 }

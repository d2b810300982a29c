package store

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"

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

// Scan calls fn for every contact in ID order. Like every pass over the
// whole store it runs as a series of short read transactions (see
// scanChunks), so other processes get their turn meanwhile.
func (s *Store) Scan(fn func(*contact.Contact) error) error {
	return s.scanChunks(false, false, fn)
}

// ScanBorrowed calls fn for every contact in ID order without allocating
// per contact: the same Contact is reused for each call and its strings
// point into a block of copied records (see scanArena). Both are meant to
// be used only until fn returns; copy
// (strings.Clone, Contact.Clone) whatever is kept. It is the fast path for
// passes over the whole store (a million contacts in a fraction of the
// time Scan takes); anything else should use Scan.
func (s *Store) ScanBorrowed(fn func(*contact.Contact) error) error {
	return s.scanChunks(true, false, fn)
}

// scanChunk and scanSlice bound one read transaction of a scan: it ends
// after scanChunk contacts or scanSlice of time, whichever comes first
// (fn's own work counts: an export writes inside it).
var (
	scanChunk = 50_000
	scanSlice = 50 * time.Millisecond
)

// scanChunks is the pass over all contacts behind Scan, ScanBorrowed and
// ScanLean: read transactions of at most scanChunk contacts or scanSlice,
// each resuming after the last ID the one before saw. Every contact that
// exists from the start to the end of the scan is seen once; one created
// or deleted meanwhile may or may not be, and one changed meanwhile is seen
// as its chunk found it. A caller that must not miss those changes reads
// JournalHead before the scan and applies the Changes after it.
func (s *Store) scanChunks(borrow, lean bool, fn func(*contact.Contact) error) error {
	var c contact.Contact
	var arena scanArena
	var end func(*bolt.Tx) error
	if lean {
		end = func(tx *bolt.Tx) error { return dropPages(tx.DB().Info().Data, tx.Size()) }
	}
	return s.chunked(func(_ *bolt.Tx, id uint64, v []byte) error { return scanOne(&c, &arena, id, v, borrow, fn) }, end)
}

// chunked runs each on every contact record in ID order, in read
// transactions of at most scanChunk records or scanSlice of time, each
// resuming after the last ID the one before saw, so other processes wait
// for one chunk at most (see scanChunks for what the pass sees of their
// changes). v is the record as stored: valid in the transaction only. end,
// if set, runs at the end of each transaction.
func (s *Store) chunked(each func(tx *bolt.Tx, id uint64, v []byte) error, end func(*bolt.Tx) error) error {
	from := uint64(1)
	for done := false; !done; {
		err := s.view(func(tx *bolt.Tx) error {
			start := time.Now()
			cur := tx.Bucket(bContacts).Cursor()
			n := 0
			for k, v := cur.Seek(key64(from)); ; k, v = cur.Next() {
				if k == nil {
					done = true
					break
				}
				if n >= scanChunk || (n%256 == 255 && time.Since(start) > scanSlice) {
					from = u64(k)
					break
				}
				if err := each(tx, u64(k), v); err != nil {
					return err
				}
				n++
			}
			if end != nil {
				return end(tx)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// scanOne decodes a record into the reused c (borrowed) or a new contact,
// and hands it to fn.
func scanOne(c *contact.Contact, arena *scanArena, id uint64, v []byte, borrow bool, fn func(*contact.Contact) error) error {
	if !borrow {
		fresh, err := decodeContact(id, v)
		if err != nil {
			return err
		}
		return fn(fresh)
	}
	if err := decodeInto(c, id, arena.copy(v), true); err != nil {
		return err
	}
	return fn(c)
}

// scanArena holds copies of the records a borrowed scan decodes, so the
// strings it hands out point into Go memory rather than into the store's
// mapping: the file is closed (and unmapped) after every transaction, and
// a caller that keeps a borrowed string a little too long (a table that
// holds its first rows to size the columns) must not fault. Records are
// copied into blocks of arenaBlock bytes; a block lives as long as a string
// in it does.
type scanArena struct{ buf []byte }

const arenaBlock = 1 << 20

func (a *scanArena) copy(v []byte) []byte {
	if len(v) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(arenaBlock, len(v)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, v...)
	return a.buf[start:len(a.buf):len(a.buf)]
}

// Find looks contacts up by an indexed key (see Tx.Find).
func (s *Store) Find(k contact.Key, value string) ([]uint64, error) {
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

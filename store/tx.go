package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Tx is one transaction on the store. Contacts returned by it are copies:
// they stay valid after the transaction ends.
type Tx struct {
	s       *Store
	tx      *bolt.Tx
	buf     []byte
	scratch []byte // nested messages while encoding
	vals    []byte // a block the records written are cut from (see put)
	dirty   bool   // contacts changed: the generation moves on commit
	known   map[defKey]bool
	added   Added
	// count is the change to the contact count not yet written: it is
	// written once at commit, not once per contact (a bbolt Put each).
	count int
	// erased is the change to the number of tombstones, written with count.
	erased int
	undo   uint64 // the undoable action this transaction is part of (0: none)
	run    *runTx // set during a bulk session: index entries go to a run
	// journal collects what the transaction changed, for the change
	// journal; source is what the changes are recorded as coming from.
	journal   journalOps
	source    string
	sourceSet bool
}

// Added lists the definitions a write transaction created on first use (a
// consent, group or custom field name the store did not know), so an import
// can report them and a typo never passes unseen.
type Added struct {
	Consents []string
	Groups   []string
	Fields   []string
}

// valBlock is the size of the blocks put cuts records from.
const valBlock = 256 << 10

// View runs fn in a read transaction.
func (s *Store) View(fn func(*Tx) error) error {
	return s.view(func(btx *bolt.Tx) error { return fn(&Tx{s: s, tx: btx, source: s.source}) })
}

// Update runs fn in one write transaction: everything fn does is committed
// together or not at all. Keep a transaction to a few thousand contacts.
func (s *Store) Update(fn func(*Tx) error) error {
	_, err := s.UpdateAdded(fn)
	return err
}

// UpdateAdded is Update that also returns the definitions created on first
// use during the transaction.
func (s *Store) UpdateAdded(fn func(*Tx) error) (Added, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var tx *Tx
	committed := false
	defer func() {
		// A bulk transaction changes the session's overlay as it goes; one
		// that does not commit (an error, a failed commit, a panic) puts it
		// back.
		if !committed && tx != nil && tx.run != nil {
			tx.run.rollback()
		}
		if tx != nil && tx.run != nil {
			tx.run.o.done(tx.run)
		}
	}()
	err := s.update(func(btx *bolt.Tx) error {
		if tx != nil && tx.run != nil {
			tx.run.rollback() // bbolt does not retry, but be safe if it ever did
		}
		tx = &Tx{s: s, tx: btx, source: s.source}
		if s.bulk != nil {
			tx.run = s.bulk.newRunTx()
			if s.bulk.txs++; s.bulk.txs%releaseBulk == 0 {
				if err := dropPages(btx.DB().Info().Data, btx.Size()); err != nil {
					return fmt.Errorf("releasing the pages of %s: %w", s.path, err)
				}
			}
		}
		if err := fn(tx); err != nil {
			return err
		}
		if tx.run != nil {
			if err := tx.writeRun(); err != nil {
				return err
			}
		}
		if err := tx.writeCount(); err != nil {
			return err
		}
		if len(tx.added.Consents)+len(tx.added.Groups)+len(tx.added.Fields) > 0 {
			tx.journal.settings = true
		}
		if err := tx.writeJournal(); err != nil {
			return err
		}
		if tx.dirty {
			meta := btx.Bucket(bMeta)
			if err := meta.Put(metaGen, key64(u64(meta.Get(metaGen))+1)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Added{}, err
	}
	committed = true
	return tx.added, nil
}

// Now is the store's clock.
func (tx *Tx) Now() time.Time { return tx.s.now() }

// Count is the number of contacts.
func (tx *Tx) Count() int { return int(u64(tx.tx.Bucket(bMeta).Get(metaCount))) + tx.count }

// Erased is how many of the contacts counted are tombstones of erased
// people: Count() - Erased() people are still there.
func (tx *Tx) Erased() int { return int(u64(tx.tx.Bucket(bMeta).Get(metaErased))) + tx.erased }

func (tx *Tx) addCount(d int) error {
	tx.count += d
	return nil
}

// writeCount stores the transaction's change to the count.
func (tx *Tx) writeCount() error {
	meta := tx.tx.Bucket(bMeta)
	if tx.count != 0 {
		if err := meta.Put(metaCount, key64(uint64(int(u64(meta.Get(metaCount)))+tx.count))); err != nil {
			return fmt.Errorf("writing the contact count: %w", err)
		}
		tx.count = 0
	}
	if tx.erased != 0 {
		if err := meta.Put(metaErased, key64(uint64(max(int(u64(meta.Get(metaErased)))+tx.erased, 0)))); err != nil {
			return fmt.Errorf("writing the count of erased contacts: %w", err)
		}
		tx.erased = 0
	}
	return nil
}

// Get returns a contact by ID, or ErrNotFound.
func (tx *Tx) Get(id uint64) (*contact.Contact, error) {
	v := tx.tx.Bucket(bContacts).Get(key64(id))
	if v == nil {
		return nil, fmt.Errorf("contact %d: %w", id, ErrNotFound)
	}
	return decodeContact(id, v)
}

// ForEach calls fn for every contact in ID order; an error from fn stops it.
func (tx *Tx) ForEach(fn func(*contact.Contact) error) error {
	return tx.tx.Bucket(bContacts).ForEach(func(k, v []byte) error {
		c, err := decodeContact(binary.BigEndian.Uint64(k), v)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// Create stores a new contact and returns its ID. CreatedAt and UpdatedAt
// default to now and Status to "contact". An e-mail, CRM ID or tax ID that
// belongs to another contact is refused with a *contact.ConflictError.
func (tx *Tx) Create(c *contact.Contact) (uint64, error) {
	return tx.create(c, "")
}

// CreateChecked is Create for a caller that has just looked up, in this
// transaction, every value c has for the unique key checked (contact.KeyEmail,
// contact.KeyCRMID or contact.KeyTaxID) and found no contact: an import matching its rows.
// Those values are not looked up again; c's other unique keys are checked
// as Create checks them. Nothing may be written between the caller's
// lookups and this call.
func (tx *Tx) CreateChecked(c *contact.Contact, checked contact.Key) (uint64, error) {
	return tx.create(c, checked)
}

func (tx *Tx) create(c *contact.Contact, checked contact.Key) (uint64, error) {
	if err := tx.checkUnique(c, 0, checked); err != nil {
		return 0, err
	}
	b := tx.tx.Bucket(bContacts)
	id, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("allocating a contact id: %w", err)
	}
	now := tx.s.now().UTC()
	c.ID = id
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	if c.Status == "" {
		c.Status = contact.StatusContact
	}
	tx.adoptSource(c.Source)
	// IDs only grow, so a full fill keeps the contacts bucket dense.
	b.FillPercent = 1.0
	if err := tx.put(c); err != nil {
		return 0, err
	}
	if err := tx.index(nil, c); err != nil {
		return 0, err
	}
	if err := tx.define(c); err != nil {
		return 0, err
	}
	tx.dirty = true
	return id, tx.addCount(1)
}

// Outcome says what Save did.
type Outcome int

// Save outcomes.
const (
	Unchanged Outcome = iota
	Updated
)

// Save writes an edited contact (c.ID must exist). When nothing differs from
// the stored contact it writes nothing and returns Unchanged; otherwise it
// updates the record and its indexes, sets UpdatedAt, and appends ev to the
// history with the changes filled in.
func (tx *Tx) Save(c *contact.Contact, ev contact.Event) (Outcome, error) {
	old, err := tx.Get(c.ID)
	if err != nil {
		return Unchanged, err
	}
	changes := contact.Diff(old, c)
	if len(changes) == 0 {
		return Unchanged, nil
	}
	// An erased person stays erased: nothing may write to the tombstone,
	// and only Erase makes one (it also suppresses the keys).
	if old.Status == contact.StatusErased {
		return Unchanged, fmt.Errorf("contact %d: %w", c.ID, ErrErased)
	}
	if c.Status == contact.StatusErased {
		return Unchanged, fmt.Errorf("contact %d: status erased: %w", c.ID, ErrEraseOnly)
	}
	if err := tx.checkUnique(c, c.ID, ""); err != nil {
		return Unchanged, err
	}
	now := tx.s.now().UTC()
	c.CreatedAt, c.UpdatedAt = old.CreatedAt, now
	if c.Source == "" {
		c.Source = old.Source
	}
	// Whoever changed it since c was read stays named.
	c.NoteChangedBy(old.ChangedBy...)
	if err := tx.put(c); err != nil {
		return Unchanged, err
	}
	if err := tx.index(old, c); err != nil {
		return Unchanged, err
	}
	if err := tx.define(c); err != nil {
		return Unchanged, err
	}
	if ev.At.IsZero() {
		ev.At = now
	}
	if ev.Kind == "" {
		ev.Kind = contact.EventUpdate
	}
	ev.Changes = changes
	if err := tx.AddEvent(c.ID, ev); err != nil {
		return Unchanged, err
	}
	tx.dirty = true
	return Updated, nil
}

// Restore writes c back exactly as given (timestamps included), for undo:
// the contact is created again under its old ID if it was deleted.
func (tx *Tx) Restore(c *contact.Contact, ev contact.Event) error {
	old, err := tx.Get(c.ID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if err := tx.checkUnique(c, c.ID, ""); err != nil {
		return err
	}
	if err := tx.put(c); err != nil {
		return err
	}
	if err := tx.index(old, c); err != nil {
		return err
	}
	tx.dirty = true
	if old == nil {
		return tx.addCount(1)
	}
	ev.Changes = contact.Diff(old, c)
	if ev.At.IsZero() {
		ev.At = tx.s.now().UTC()
	}
	return tx.AddEvent(c.ID, ev)
}

// Delete removes a contact, its index entries and its history.
func (tx *Tx) Delete(id uint64) error {
	old, err := tx.Get(id)
	if err != nil {
		return err
	}
	if err := tx.index(old, nil); err != nil {
		return err
	}
	if err := tx.tx.Bucket(bContacts).Delete(key64(id)); err != nil {
		return fmt.Errorf("deleting contact %d: %w", id, err)
	}
	tx.journal.deleted(id)
	if err := tx.deleteHistory(id); err != nil {
		return err
	}
	tx.dirty = true
	return tx.addCount(-1)
}

func (tx *Tx) put(c *contact.Contact) error {
	c.NoteChangedBy(tx.s.user)
	tx.buf = encodeContactScratch(tx.buf[:0], c, &tx.scratch)
	// bbolt keeps a reference to the value until commit: give it its own
	// copy, cut from a block shared by the transaction's records (one
	// allocation for a few hundred of them rather than one each).
	if len(tx.buf) > cap(tx.vals)-len(tx.vals) {
		tx.vals = make([]byte, 0, max(valBlock, len(tx.buf)))
	}
	start := len(tx.vals)
	tx.vals = append(tx.vals, tx.buf...)
	v := tx.vals[start:len(tx.vals):len(tx.vals)]
	if err := tx.tx.Bucket(bContacts).Put(key64(c.ID), v); err != nil {
		return fmt.Errorf("writing contact %d: %w", c.ID, err)
	}
	tx.journal.saved(c.ID)
	return nil
}

package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// The change journal.
//
// Several rolo processes share one store, and each keeps an in-memory index
// of the contacts (the table, the filters). Every write transaction that
// changes contacts or settings appends one Change to the journal, in the
// same transaction: a sequence number (ascending, never reused), the time,
// the operating-system user, the source (card, bulk, import 12, merge,
// erase, rolo CLI commands) and the IDs of the contacts it saved and
// deleted. A process remembers the Seq of the last change it applied and
// asks for the ones after it:
//
//	changes, err := st.Changes(seen, 1000)
//	if errors.Is(err, store.ErrJournalTrimmed) { /* rebuild the index */ }
//	for _, ch := range changes { /* reload ch.Saved, drop ch.Deleted */; seen = ch.Seq }
//
// CatchUp does that in one read transaction for an in-memory index: the
// contacts saved as they are now, the IDs deleted, and the next position.
//
// JournalHead gives the Seq to start from after a full build (read it in
// the same View as the build, or before it: a change seen twice does no
// harm, a change missed does).
//
// The journal is trimmed as it grows (entries older than JournalKeep, and
// all but the newest journalMax): the Seq of the newest trimmed entry is
// kept, so a reader that fell behind the trimmed part learns it and
// rebuilds instead of silently missing changes. Entries hold no personal
// data (IDs, user names, sources), so an erasure has nothing to scrub here.

// ErrJournalTrimmed says the changes a reader asked for were trimmed from
// the journal: it must rebuild what it derived from the store.
var ErrJournalTrimmed = errors.New("the change journal was trimmed past this point")

var (
	bJournal        = []byte("journal") // seq → change (see encodeChange)
	metaJournalTrim = []byte("journal_trimmed")
)

// JournalKeep is how long journal entries are kept at least (unless there
// are more than journalMax of them).
const JournalKeep = 24 * time.Hour

// journalMax bounds the entries kept; trimEvery is how many appends go by
// between two trims.
const (
	journalMax = 100_000
	trimEvery  = 256
)

// Change is one write transaction, as the journal tells it.
type Change struct {
	Seq     uint64
	At      time.Time
	User    string   // the operating-system user who ran rolo
	Source  string   // what wrote: "card", "bulk", "import 12", "merge", "rolo erase"…
	Saved   []uint64 // contacts created or changed, ascending
	Deleted []uint64 // contacts removed, ascending
	// Settings is set when definitions or preferences changed (a consent,
	// a group, a segment, the default country): re-read them.
	Settings bool
	// Bulk marks a transaction of a bulk session (an import's batch),
	// whose index entries went to a run (see runs.go).
	Bulk bool
}

// journalOps collects what a transaction changed: contact IDs in the order
// written, a delete marked with the top bit.
type journalOps struct {
	ids      []uint64
	settings bool
}

const deletedBit = 1 << 63

func (j *journalOps) saved(id uint64)   { j.ids = append(j.ids, id) }
func (j *journalOps) deleted(id uint64) { j.ids = append(j.ids, id|deletedBit) }
func (j *journalOps) empty() bool       { return len(j.ids) == 0 && !j.settings }

// split gives the saved and deleted IDs, each ascending; for an ID written
// more than once the last write counts.
func (j *journalOps) split() (saved, deleted []uint64) {
	hasDelete := false
	for _, v := range j.ids {
		if v&deletedBit != 0 {
			hasDelete = true
			break
		}
	}
	if !hasDelete {
		saved = slices.Clone(j.ids)
		slices.Sort(saved)
		return slices.Compact(saved), nil
	}
	last := make(map[uint64]bool, len(j.ids))
	for _, v := range j.ids {
		last[v&^deletedBit] = v&deletedBit != 0
	}
	for id, del := range last {
		if del {
			deleted = append(deleted, id)
		} else {
			saved = append(saved, id)
		}
	}
	slices.Sort(saved)
	slices.Sort(deleted)
	return saved, deleted
}

// SetSource names what this transaction's changes come from, for the
// journal and for history events that name no source of their own. Without
// it, the first history event's source or created contact's source names
// the transaction, else the store's default (Options.Source).
func (tx *Tx) SetSource(source string) { tx.source, tx.sourceSet = source, true }

// adoptSource names the transaction after the first thing it wrote that
// says where it came from, unless SetSource named it.
func (tx *Tx) adoptSource(source string) {
	if !tx.sourceSet && source != "" {
		tx.source, tx.sourceSet = source, true
	}
}

// Source is what this transaction's changes are recorded as coming from.
func (tx *Tx) Source() string { return tx.source }

// User is the operating-system user recorded for this store's changes.
func (s *Store) User() string { return s.user }

// writeJournal appends the transaction's change, if it made one, and now
// and then trims the journal.
func (tx *Tx) writeJournal() error {
	if tx.journal.empty() {
		return nil
	}
	saved, deleted := tx.journal.split()
	ch := Change{At: tx.s.now().UTC(), User: tx.s.user, Source: tx.source,
		Saved: saved, Deleted: deleted, Settings: tx.journal.settings, Bulk: tx.run != nil}
	tx.journal = journalOps{ids: tx.journal.ids[:0]}
	return appendChange(tx.tx, ch)
}

// appendChange numbers ch, appends it, and now and then trims the journal.
func appendChange(tx *bolt.Tx, ch Change) error {
	b := tx.Bucket(bJournal)
	if b == nil {
		return nil // a store not yet migrated (Open migrates before any write)
	}
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("numbering a journal entry: %w", err)
	}
	ch.Seq = seq
	if err := b.Put(key64(seq), encodeChange(ch)); err != nil {
		return fmt.Errorf("writing journal entry %d: %w", seq, err)
	}
	if seq%trimEvery == 0 {
		return trimJournal(tx, ch.At.Add(-JournalKeep), seq-min(seq, journalMax))
	}
	return nil
}

// JournalHead is the Seq of the newest change in the journal (0 if none).
func (s *Store) JournalHead() (uint64, error) {
	var head uint64
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bJournal); b != nil {
			head = b.Sequence()
		}
		return nil
	})
	return head, err
}

// Changes returns up to max changes with Seq after after, oldest first. It
// returns ErrJournalTrimmed when some of them were trimmed: the caller has
// missed changes and must rebuild.
func (s *Store) Changes(after uint64, max int) ([]Change, error) {
	var out []Change
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bJournal)
		if b == nil {
			return nil
		}
		if after < u64(tx.Bucket(bMeta).Get(metaJournalTrim)) {
			return ErrJournalTrimmed
		}
		c := b.Cursor()
		for k, v := c.Seek(key64(after + 1)); k != nil && len(out) < max; k, v = c.Next() {
			ch, err := decodeChange(u64(k), v)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the change journal of %s: %w", s.path, err)
	}
	return out, nil
}

// TrimJournal removes the entries older than before (and, whatever their
// age, all but the newest journalMax). Readers that had not read them get
// ErrJournalTrimmed.
func (s *Store) TrimJournal(before time.Time) error {
	return s.Update(func(tx *Tx) error {
		head := tx.tx.Bucket(bJournal).Sequence()
		return trimJournal(tx.tx, before, head-min(head, journalMax))
	})
}

// trimJournal deletes entries older than before or with Seq up to maxSeq,
// oldest first, and records the newest Seq deleted.
func trimJournal(tx *bolt.Tx, before time.Time, maxSeq uint64) error {
	b := tx.Bucket(bJournal)
	c := b.Cursor()
	var last uint64
	for k, v := c.First(); k != nil; k, v = c.First() {
		seq := u64(k)
		if seq > maxSeq {
			at, err := changeTime(v)
			if err != nil || !at.Before(before) {
				break
			}
		}
		if err := c.Delete(); err != nil {
			return fmt.Errorf("trimming the change journal: %w", err)
		}
		last = seq
	}
	if last == 0 {
		return nil
	}
	return tx.Bucket(bMeta).Put(metaJournalTrim, key64(last))
}

// A change is encoded as a version byte, the time (Unix nanoseconds), the
// user and the source (each length-prefixed), a flags byte, then the saved
// and the deleted IDs (a count, then deltas): an import's batch of 5,000
// new contacts takes about 5 KB.
const changeVersion = 1

var errChange = errors.New("malformed journal entry")

func encodeChange(ch Change) []byte {
	b := make([]byte, 0, 32+len(ch.User)+len(ch.Source)+2*(len(ch.Saved)+len(ch.Deleted)))
	b = append(b, changeVersion)
	b = binary.AppendVarint(b, ch.At.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(ch.User)))
	b = append(b, ch.User...)
	b = binary.AppendUvarint(b, uint64(len(ch.Source)))
	b = append(b, ch.Source...)
	var flags byte
	if ch.Settings {
		flags |= 1
	}
	if ch.Bulk {
		flags |= 2
	}
	b = append(b, flags)
	for _, ids := range [][]uint64{ch.Saved, ch.Deleted} {
		b = binary.AppendUvarint(b, uint64(len(ids)))
		prev := uint64(0)
		for _, id := range ids {
			b = binary.AppendUvarint(b, id-prev)
			prev = id
		}
	}
	return b
}

// changeTime reads only the time of an encoded change.
func changeTime(v []byte) (time.Time, error) {
	if len(v) < 2 || v[0] != changeVersion {
		return time.Time{}, errChange
	}
	ns, n := binary.Varint(v[1:])
	if n <= 0 {
		return time.Time{}, errChange
	}
	return time.Unix(0, ns).UTC(), nil
}

func decodeChange(seq uint64, v []byte) (Change, error) {
	ch := Change{Seq: seq}
	at, err := changeTime(v)
	if err != nil {
		return ch, fmt.Errorf("journal entry %d: %w", seq, err)
	}
	ch.At = at
	_, n := binary.Varint(v[1:])
	d := v[1+n:]
	fail := func() (Change, error) { return ch, fmt.Errorf("journal entry %d: %w", seq, errChange) }
	str := func() (string, bool) {
		l, n := binary.Uvarint(d)
		if n <= 0 || uint64(len(d)-n) < l {
			return "", false
		}
		s := string(d[n : n+int(l)])
		d = d[n+int(l):]
		return s, true
	}
	var ok bool
	if ch.User, ok = str(); !ok {
		return fail()
	}
	if ch.Source, ok = str(); !ok {
		return fail()
	}
	if len(d) == 0 {
		return fail()
	}
	ch.Settings, ch.Bulk = d[0]&1 != 0, d[0]&2 != 0
	d = d[1:]
	for _, dst := range []*[]uint64{&ch.Saved, &ch.Deleted} {
		cnt, n := binary.Uvarint(d)
		if n <= 0 || cnt > uint64(len(d)) {
			return fail()
		}
		d = d[n:]
		ids := make([]uint64, 0, cnt)
		prev := uint64(0)
		for range cnt {
			delta, n := binary.Uvarint(d)
			if n <= 0 {
				return fail()
			}
			d = d[n:]
			prev += delta
			ids = append(ids, prev)
		}
		if len(ids) > 0 {
			*dst = ids
		}
	}
	return ch, nil
}

// Catchup is what a process needs to bring an index of the contacts up to
// date: the contacts saved (as they are now) and the IDs deleted by the
// changes after a position, and the position after them.
type Catchup struct {
	Saved    []*contact.Contact
	Deleted  []uint64
	Settings bool   // definitions or preferences changed: re-read them
	Next     uint64 // pass it as after next time
}

// CatchUp reads the changes after after (at most max of them) and the
// contacts they saved, in one read transaction, so what it returns is the
// store at one moment. An ID saved and later deleted is only in Deleted.
// ErrJournalTrimmed means the caller missed changes: it must rebuild.
func (s *Store) CatchUp(after uint64, max int) (Catchup, error) {
	out := Catchup{Next: after}
	err := s.View(func(tx *Tx) error {
		b := tx.tx.Bucket(bJournal)
		if b == nil {
			return nil
		}
		if after < u64(tx.tx.Bucket(bMeta).Get(metaJournalTrim)) {
			return ErrJournalTrimmed
		}
		last := map[uint64]bool{} // id → deleted by its last change
		c := b.Cursor()
		n := 0
		for k, v := c.Seek(key64(after + 1)); k != nil && n < max; k, v = c.Next() {
			ch, err := decodeChange(u64(k), v)
			if err != nil {
				return err
			}
			for _, id := range ch.Saved {
				last[id] = false
			}
			for _, id := range ch.Deleted {
				last[id] = true
			}
			out.Settings = out.Settings || ch.Settings
			out.Next = ch.Seq
			n++
		}
		ids := make([]uint64, 0, len(last))
		for id := range last {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			if last[id] {
				out.Deleted = append(out.Deleted, id)
				continue
			}
			c, err := tx.Get(id)
			if errors.Is(err, ErrNotFound) {
				out.Deleted = append(out.Deleted, id) // deleted by a later change than max reached
				continue
			}
			if err != nil {
				return err
			}
			out.Saved = append(out.Saved, c)
		}
		return nil
	})
	if err != nil {
		return Catchup{Next: after}, fmt.Errorf("catching up with the changes to %s: %w", s.path, err)
	}
	return out, nil
}

package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Undo of the changes a person makes by hand: a card edit, a consent
// toggle, a bulk action, a merge, a new contact. The change journal says
// which contacts each transaction wrote, by whom; it holds no values, and
// a bulk action spans many transactions. So an action is opened first
// (BeginAction names it and its user), every write transaction that is
// part of it says so (Tx.Undoable), and each contact it writes has its
// record from before kept once, with a fingerprint of the record the action
// left. Undo puts the records back, newest action first, and leaves alone
// every contact whose record is no longer the one the action left: it was
// changed again since, and undoing would overwrite that change.
//
// Imports keep their own undo (UndoJob) and record nothing here. The last
// undoKeep actions are kept.
//
// Bucket undo:      action seq (8 bytes)      → Action (JSON)
// Bucket undo_rec:  action seq + contact id   → kind (1 byte) + fingerprint
//                                              of the record left (8) + the
//                                              record before (empty: created)

var (
	bUndo    = []byte("undo")
	bUndoRec = []byte("undo_rec")
)

// undoKeep is how many actions are kept for undo.
const undoKeep = 200

// ErrNothingToUndo says the user has no action left to undo.
var ErrNothingToUndo = errors.New("nothing to undo")

// Action is one undoable change made by hand.
type Action struct {
	Seq    uint64    `json:"seq"`
	User   string    `json:"user"`
	What   string    `json:"what"` // "add tag 'vip' to 2 451 contacts"
	At     time.Time `json:"at"`
	Undone bool      `json:"undone,omitempty"`
}

// BeginAction opens an undoable action for the store's user, for work
// spread over several transactions (a bulk action): pass its Seq to
// Tx.Undoable in each of them.
func (s *Store) BeginAction(what string) (uint64, error) {
	var seq uint64
	err := s.update(func(tx *bolt.Tx) (err error) { seq, err = beginAction(tx, s, what); return err })
	return seq, err
}

// Action makes the rest of this transaction one undoable action.
func (tx *Tx) Action(what string) error {
	seq, err := beginAction(tx.tx, tx.s, what)
	tx.undo = seq
	return err
}

func beginAction(tx *bolt.Tx, s *Store, what string) (uint64, error) {
	b := tx.Bucket(bUndo)
	seq, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("numbering an undo action: %w", err)
	}
	a := Action{Seq: seq, User: s.user, What: what, At: s.now().UTC()}
	if err := putAction(b, a); err != nil {
		return 0, err
	}
	if seq > undoKeep {
		return seq, dropAction(tx, seq-undoKeep)
	}
	return seq, nil
}

// RenameAction sets what an action did, once it is known ("merge 3
// contacts into Anna Nowak").
func (s *Store) RenameAction(seq uint64, what string) error {
	return s.update(func(tx *bolt.Tx) error {
		a, err := getAction(tx.Bucket(bUndo), seq)
		if err != nil {
			return err
		}
		a.What = what
		return putAction(tx.Bucket(bUndo), a)
	})
}

// Undoable makes the transaction part of action seq: every contact it
// writes keeps its record from before (the first time the action writes it).
func (tx *Tx) Undoable(seq uint64) { tx.undo = seq }

// recordUndo keeps old (nil: c is new) under the action, and the
// fingerprint of c (nil: deleted), the record the action leaves.
func (tx *Tx) recordUndo(old, c *contact.Contact) error {
	b := tx.tx.Bucket(bUndoRec)
	if b == nil {
		return nil
	}
	var id uint64
	if c != nil {
		id = c.ID
	} else {
		id = old.ID
	}
	k := undoRecKey(tx.undo, id)
	prev := b.Get(k)
	var v []byte
	if prev != nil {
		v = append([]byte(nil), prev...) // the record before the action stays
	} else {
		v = make([]byte, 9)
		if old != nil {
			v[0] = 1
			v = encodeContact(v, old)
		}
	}
	binary.BigEndian.PutUint64(v[1:9], fingerprint(c))
	if err := b.Put(k, v); err != nil {
		return fmt.Errorf("keeping contact %d for undo: %w", id, err)
	}
	return nil
}

// fingerprint identifies a record's content (0: no record).
func fingerprint(c *contact.Contact) uint64 {
	if c == nil {
		return 0
	}
	h := fnv.New64a()
	h.Write(encodeContact(nil, c))
	return h.Sum64() | 1
}

// LastAction is the newest action of user not undone yet (an action that
// changed nothing is passed over).
func (s *Store) LastAction(user string) (Action, error) {
	var out Action
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bUndo).Cursor()
		recs := tx.Bucket(bUndoRec).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var a Action
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("reading undo action %d: %w", u64(k), err)
			}
			if r, _ := recs.Seek(k); r == nil || string(r[:8]) != string(k) {
				continue // it changed nothing
			}
			if a.User == user && !a.Undone {
				out = a
				return nil
			}
		}
		return ErrNothingToUndo
	})
	return out, err
}

// ActionUndone says what undoing an action did.
type ActionUndone struct {
	Action   Action
	Restored int      // contacts put back as they were
	Removed  int      // contacts the action created, deleted again
	Changed  []uint64 // contacts changed again since: left as they are
}

// Summary says what the undo did, for a person: what was undone, how many
// contacts came back, and which were left because they changed since.
func (r ActionUndone) Summary() string {
	var parts []string
	if r.Restored > 0 {
		parts = append(parts, contact.CountOf(r.Restored, "contact")+" put back")
	}
	if r.Removed > 0 {
		parts = append(parts, contact.CountOf(r.Removed, "contact")+" it created removed")
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing to put back")
	}
	s := "undone: " + r.Action.What + ": " + strings.Join(parts, ", ")
	if n := len(r.Changed); n > 0 {
		ids := make([]string, 0, min(n, 10))
		for _, id := range r.Changed[:min(n, 10)] {
			ids = append(ids, "#"+strconv.FormatUint(id, 10))
		}
		if n > 10 {
			ids = append(ids, "…")
		}
		s += fmt.Sprintf("; %s changed again since, left as they are: %s", contact.CountOf(n, "contact"), strings.Join(ids, ", "))
	}
	return s
}

// UndoAction puts back every contact action seq wrote, unless it changed
// again since, in chunks of transactions; the action is then marked undone.
func (s *Store) UndoAction(ctx context.Context, seq uint64, progress func(done, total int)) (ActionUndone, error) {
	var res ActionUndone
	var ids []uint64
	err := s.view(func(tx *bolt.Tx) error {
		a, err := getAction(tx.Bucket(bUndo), seq)
		if err != nil {
			return err
		}
		res.Action = a
		c := tx.Bucket(bUndoRec).Cursor()
		prefix := key64(seq)
		for k, _ := c.Seek(prefix); k != nil && string(k[:8]) == string(prefix); k, _ = c.Next() {
			ids = append(ids, u64(k[8:]))
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if res.Action.Undone {
		return res, fmt.Errorf("action %d (%s) is undone already", seq, res.Action.What)
	}
	ev := contact.Event{Kind: contact.EventUndo, Source: "undo", Note: "undo: " + res.Action.What}
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		part := ids[start:min(start+chunk, len(ids))]
		var step ActionUndone
		err := s.Update(func(tx *Tx) error {
			tx.SetSource("undo")
			step = ActionUndone{}
			for _, id := range part {
				if err := tx.undoOne(seq, id, ev, &step); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("undoing %s: %w", res.Action.What, err)
		}
		res.Restored += step.Restored
		res.Removed += step.Removed
		res.Changed = append(res.Changed, step.Changed...)
		if progress != nil {
			progress(start+len(part), len(ids))
		}
	}
	err = s.update(func(tx *bolt.Tx) error {
		a, err := getAction(tx.Bucket(bUndo), seq)
		if err != nil {
			return err
		}
		a.Undone = true
		return putAction(tx.Bucket(bUndo), a)
	})
	return res, err
}

// undoOne puts one contact back, if the action's record is still there.
func (tx *Tx) undoOne(seq, id uint64, ev contact.Event, res *ActionUndone) error {
	v := tx.tx.Bucket(bUndoRec).Get(undoRecKey(seq, id))
	if len(v) < 9 {
		return nil
	}
	cur, err := tx.Get(id)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if fingerprint(cur) != binary.BigEndian.Uint64(v[1:9]) {
		res.Changed = append(res.Changed, id)
		return nil
	}
	if v[0] == 0 { // the action created it
		if cur != nil {
			res.Removed++
			return tx.Delete(id)
		}
		return nil
	}
	before, err := decodeContact(id, v[9:])
	if err != nil {
		return fmt.Errorf("reading contact %d as it was: %w", id, err)
	}
	if err := tx.Restore(before, ev); err != nil {
		return err
	}
	res.Restored++
	return nil
}

func undoRecKey(seq, id uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, seq)
	binary.BigEndian.PutUint64(k[8:], id)
	return k
}

func getAction(b *bolt.Bucket, seq uint64) (Action, error) {
	var a Action
	v := b.Get(key64(seq))
	if v == nil {
		return a, fmt.Errorf("undo action %d: %w", seq, ErrNotFound)
	}
	if err := json.Unmarshal(v, &a); err != nil {
		return a, fmt.Errorf("reading undo action %d: %w", seq, err)
	}
	return a, nil
}

func putAction(b *bolt.Bucket, a Action) error {
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := b.Put(key64(a.Seq), v); err != nil {
		return fmt.Errorf("writing undo action %d: %w", a.Seq, err)
	}
	return nil
}

// dropAction forgets an old action and the records it kept.
func dropAction(tx *bolt.Tx, seq uint64) error {
	if err := tx.Bucket(bUndo).Delete(key64(seq)); err != nil {
		return err
	}
	c := tx.Bucket(bUndoRec).Cursor()
	prefix := key64(seq)
	for k, _ := c.Seek(prefix); k != nil && string(k[:8]) == string(prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("dropping undo action %d: %w", seq, err)
		}
	}
	return nil
}

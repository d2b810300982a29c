package indexfile

import (
	"context"
	"fmt"
	"slices"

	"rolo/contact"
	"rolo/filter"
	"rolo/private"
	"rolo/store"
)

// Catching up, in short steps: the journal is read a page of changes at a
// time and the contacts they saved a chunk at a time, each in its own read
// transaction, so other processes take their turns meanwhile. A contact
// changed again after its chunk was read is in a later change, which the
// next catch-up applies: the index converges on the store.
const (
	journalPage = 256
	getChunk    = 2048
)

// farAfter is how many changed contacts make a catch-up give up for a
// build: beyond a quarter of the index (and at least this many), reading
// them one by one costs more than reading them all in order.
const farAfter = 100_000

// CatchUp applies the changes after o.Seq to o.Index and moves o.Seq past
// them; it returns how many contacts it applied (added to o.Behind). An
// error wrapping store.ErrJournalTrimmed means changes were missed: build
// the index again.
func (o *Opened) CatchUp(ctx context.Context, st *store.Store) (int, error) {
	applied := 0
	limit := max(farAfter, o.Index.Len()/4)
	for {
		changes, err := st.Changes(o.Seq, journalPage)
		if err != nil {
			return applied, err
		}
		if len(changes) == 0 {
			o.Behind += applied
			return applied, nil
		}
		last := map[uint64]bool{} // id → deleted by its last change
		for _, ch := range changes {
			for _, id := range ch.Saved {
				last[id] = false
			}
			for _, id := range ch.Deleted {
				last[id] = true
			}
		}
		if applied+len(last) > limit {
			return applied, errTooFar
		}
		if len(last) > 4*getChunk {
			// Many changes: the columns are read now, rather than the
			// changes kept for the columns not read yet.
			if err := o.Index.LoadAll(); err != nil {
				return applied, err
			}
		}
		ids := make([]uint64, 0, len(last))
		for id := range last {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for i := 0; i < len(ids); i += getChunk {
			if err := ctx.Err(); err != nil {
				return applied, err
			}
			if err := apply(st, o.Index, ids[i:min(i+getChunk, len(ids))], last); err != nil {
				return applied, err
			}
		}
		applied += len(ids)
		o.Seq = changes[len(changes)-1].Seq
	}
}

// apply reads the contacts of ids saved and applies them and the deleted
// ones to ix.
func apply(st *store.Store, ix *filter.Index, ids []uint64, deleted map[uint64]bool) error {
	var want, gone []uint64
	for _, id := range ids {
		if deleted[id] {
			gone = append(gone, id)
		} else {
			want = append(want, id)
		}
	}
	cs, err := st.GetMany(want)
	if err != nil {
		return fmt.Errorf("catching the index up: %w", err)
	}
	saved := make([]*contact.Contact, 0, len(cs))
	for i, c := range cs {
		if c == nil {
			gone = append(gone, want[i]) // deleted by a change after these
			continue
		}
		saved = append(saved, c)
	}
	ix.Apply(saved, gone)
	return nil
}

// Save writes ix, which reflects the journal up to seq, as st's stored
// index. It fails harmlessly (the stored copy stays as it was) when the
// folder cannot be written to, when ix changed while it was written
// (filter.ErrIndexChanged), or when an erasure came after seq
// (store.ErrIndexBehind).
func Save(st *store.Store, ix *filter.Index, seq uint64) error {
	origin, err := Origin(st)
	if err != nil {
		return err
	}
	f, err := private.Create(st.IndexPath(), private.ForStore(st.Path()))
	if err != nil {
		return fmt.Errorf("saving the index: %w", err)
	}
	if err := ix.Encode(f, filter.Stamp{Origin: origin, Seq: seq}); err != nil {
		f.Abort()
		return fmt.Errorf("saving the index: %w", err)
	}
	// Flushed before the store is held: the rename is all CommitIndex waits for.
	if err := f.Sync(); err != nil {
		f.Abort()
		return fmt.Errorf("saving the index: %w", err)
	}
	committed := false
	err = st.CommitIndex(seq, func() error { committed = true; return f.Commit() })
	if !committed {
		f.Abort()
	}
	return err
}

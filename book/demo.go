package book

import (
	"context"
	"errors"
	"fmt"
	"time"

	"rolo/contact"
	"rolo/demo"
	"rolo/store"
)

// demoBatch is how many demo contacts one transaction writes.
const demoBatch = 5000

// NotEmptyError says demo contacts would be mixed into a store that has
// contacts, which AddDemo does only when asked to.
type NotEmptyError struct {
	Path  string
	Count int
}

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("%s already has %s contacts", e.Path, contact.FormatCount(e.Count))
}

// AddDemo writes count demo contacts made from seed, batch by batch in a
// bulk session, and returns how many it wrote. ctx cancels between
// batches (what was written stays); progress, if set, is told after each
// batch. A store with contacts gets a *NotEmptyError unless appendTo is
// set.
func (b *Book) AddDemo(ctx context.Context, count int, seed uint64, now time.Time, appendTo bool, progress func(done int)) (int, error) {
	st := b.st
	existing, err := st.Count()
	if err != nil {
		return 0, err
	}
	if existing > 0 && !appendTo {
		return 0, &NotEmptyError{Path: st.Path(), Count: existing}
	}
	// The numbers that keep CRM IDs, e-mails and tax IDs unique are
	// reserved in the store, so another demo --append running at the same
	// time gets others.
	start, err := st.Reserve("demo", count)
	if err != nil {
		return 0, err
	}
	if err := st.BeginBulk(); err != nil {
		return 0, err
	}
	gen := demo.New(seed, start, now)
	written := 0
	for written < count {
		if err := ctx.Err(); err != nil {
			return written, errors.Join(err, st.EndBulk())
		}
		batch := make([]*contact.Contact, min(demoBatch, count-written))
		for i := range batch {
			batch[i] = gen.Next()
		}
		err := st.Update(func(tx *store.Tx) error {
			for _, c := range batch {
				if _, err := tx.Create(c); err != nil {
					return fmt.Errorf("writing demo contact %s: %w", c.FullName(), err)
				}
			}
			return nil
		})
		if err != nil {
			return written, errors.Join(err, st.EndBulk())
		}
		written += len(batch)
		if progress != nil {
			progress(written)
		}
	}
	return written, st.EndBulk()
}

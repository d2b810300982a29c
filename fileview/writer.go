package fileview

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"rolo/contact"
	"rolo/store"
)

// writer writes batches of rows on its own goroutine, so reading and
// checking the next rows (one core) overlaps with writing these (another).
type writer struct {
	st     *store.Store
	now    time.Time
	in     chan []row
	done   chan struct{}
	failed chan struct{} // closed when err is set
	err    error         // the first failure
	// Counted by the goroutine, read after stop.
	written    int
	moved      int // rows that kept a key an earlier row has in "file: problems"
	movedClean int // of them, rows with no other problem
}

func newWriter(st *store.Store, now time.Time) *writer {
	return &writer{st: st, now: now, in: make(chan []row, 2), done: make(chan struct{}), failed: make(chan struct{})}
}

func (w *writer) start() {
	go func() {
		defer close(w.done)
		for b := range w.in {
			if w.err != nil {
				continue // drain: the reader stops at its next send
			}
			if err := w.write(b); err != nil {
				w.err = err
				close(w.failed)
			}
		}
	}()
}

// send hands a batch over; it fails once the writer has failed.
func (w *writer) send(b []row) error {
	select {
	case <-w.failed:
		return w.err
	case w.in <- b:
		return nil
	}
}

// stop waits for the batches sent and returns the first failure.
func (w *writer) stop() error {
	close(w.in)
	<-w.done
	return w.err
}

// write stores one batch in one transaction. The store keeps e-mails, CRM
// IDs and tax IDs unique: a row with one an earlier row has keeps it in
// its problems instead, so that every row is there to look at.
func (w *writer) write(b []row) error {
	written, moved, movedClean := 0, 0, 0
	err := w.st.Update(func(tx *store.Tx) error {
		written, moved, movedClean = 0, 0, 0
		for _, r := range b {
			c := r.c
			wasMoved := false
			for tries := 0; ; tries++ {
				id, err := tx.Create(c)
				var ce *store.ConflictError
				if errors.As(err, &ce) && tries < 64 {
					moveKey(c, ce)
					wasMoved = true
					continue
				}
				if err != nil {
					return fmt.Errorf("writing row %d: %w", r.row, err)
				}
				if id != uint64(r.row) {
					return fmt.Errorf("row %d was stored as contact %d: the store was not empty", r.row, id)
				}
				break
			}
			written++
			if wasMoved {
				moved++
				if r.clean {
					movedClean++
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.written += written
	w.moved += moved
	w.movedClean += movedClean
	return nil
}

// moveKey takes the key an earlier row has off the contact and says so in
// its problems and tags.
func moveKey(c *contact.Contact, ce *store.ConflictError) {
	what := map[store.Key]string{store.KeyEmail: "e-mail", store.KeyCRMID: "CRM ID", store.KeyTaxID: "tax ID"}[ce.Key]
	switch ce.Key {
	case store.KeyEmail:
		c.Emails = slices.DeleteFunc(c.Emails, func(e string) bool { return store.IndexValue(store.KeyEmail, e) == ce.Value })
	case store.KeyCRMID:
		c.CRMID = ""
	case store.KeyTaxID:
		c.TaxID = ""
	default:
		what = string(ce.Key) // not a key the store keeps unique: write's guard ends the loop
	}
	note := fmt.Sprintf("%s %s is on row %d too (an import merges this row into that row's contact)", what, ce.Value, ce.ID)
	old, _ := c.CustomValue(FieldProblems)
	c.SetCustom(FieldProblems, strings.TrimPrefix(old+"; "+note, "; "))
	c.AddTag(kindTag(earlierKey))
}

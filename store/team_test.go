package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"rolo/contact"
)

// TestFourOnOneStore runs four users of one store at once, each with its
// own Store on the file (bbolt locks per open file, so they take turns
// exactly as four processes do): two edit contacts, some their own and one
// both edit; one imports 100,000 rows the importer's way; one reads in a
// loop. No one gets an error, no update is lost (a save over a newer
// version is detected and retried), every read sees whole batches with the
// indexes in step, and at the end all four agree with the store.
func TestFourOnOneStore(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	const rows, batch, shared = 100_000, 5000, uint64(100)
	path := filepath.Join(t.TempDir(), "rolo.db")
	open := func(user string) *Store {
		s, err := Open(path, Options{NoSync: true, User: user})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	setup := open("setup")
	err := setup.Update(func(tx *Tx) error {
		for i := range 200 {
			if _, err := tx.Create(&contact.Contact{FirstName: "Base", LastName: fmt.Sprint(i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	imp, ana, bartek, reader := open("importer"), open("ana"), open("bartek"), open("reader")
	var importing atomic.Bool
	importing.Store(true)
	var wg sync.WaitGroup
	fail := make(chan error, 16)

	// The importer: a bulk session of batches, as storesink writes them.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer importing.Store(false)
		if err := imp.BeginBulk(); err != nil {
			fail <- err
			return
		}
		for done := 0; done < rows; done += batch {
			err := imp.Update(func(tx *Tx) error {
				tx.SetSource("import:1")
				for i := done; i < done+batch; i++ {
					c := &contact.Contact{FirstName: "Imported", LastName: fmt.Sprint(i), Emails: []string{fmt.Sprintf("i%d@example.com", i)}}
					if _, err := tx.Create(c); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				fail <- fmt.Errorf("import: %w", err)
				return
			}
		}
		if err := imp.EndBulk(); err != nil {
			fail <- fmt.Errorf("import: %w", err)
		}
	}()

	// The editors: each appends its name to its own contacts and to the
	// shared one, reading first and saving only over what it read.
	edits := map[string]*atomic.Int64{"ana": {}, "bartek": {}}
	var conflicts atomic.Int64
	edit := func(s *Store, who string, own []uint64) {
		defer wg.Done()
		for n := 0; importing.Load() || n < 20; n++ {
			for _, id := range []uint64{own[n%len(own)], shared} {
				for {
					c, err := s.Get(id)
					if err != nil {
						fail <- err
						return
					}
					read := c.UpdatedAt
					c.Description += who[:1]
					err = s.Update(func(tx *Tx) error {
						_, err := tx.SaveUnchanged(c, read, contact.Event{Kind: contact.EventUpdate, Source: "card"})
						return err
					})
					if errors.Is(err, contact.ErrChanged) {
						conflicts.Add(1)
						continue // the user sees both and saves again
					}
					if err != nil {
						fail <- fmt.Errorf("%s: %w", who, err)
						return
					}
					edits[who].Add(1)
					break
				}
			}
		}
	}
	wg.Add(2)
	go edit(ana, "ana", []uint64{1, 2, 3, 4, 5})
	go edit(bartek, "bartek", []uint64{6, 7, 8, 9, 10})

	// The reader: counts and checks that it sees whole batches.
	var reads atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for importing.Load() {
			err := reader.View(func(tx *Tx) error {
				n := tx.Count()
				if (n-200)%batch != 0 {
					return fmt.Errorf("a reader saw %d contacts: not whole batches", n)
				}
				if n > 200 {
					last := fmt.Sprintf("i%d@example.com", n-200-1)
					if ids, err := tx.Find(contact.KeyEmail, last); err != nil || len(ids) != 1 {
						return fmt.Errorf("the batch's last e-mail %s is not indexed (%v %v)", last, ids, err)
					}
				}
				return nil
			})
			if err != nil {
				fail <- err
				return
			}
			reads.Add(1)
			time.Sleep(2 * time.Millisecond)
		}
	}()
	wg.Wait()
	close(fail)
	for err := range fail {
		t.Error(err)
	}
	if t.Failed() {
		return
	}

	// No lost update: every save is in the text, the shared contact's too.
	want := int(edits["ana"].Load() + edits["bartek"].Load())
	got := 0
	for _, s := range []*Store{imp, ana, bartek, reader} {
		err := s.View(func(tx *Tx) error {
			if n := tx.Count(); n != 200+rows {
				return fmt.Errorf("count %d, want %d", n, 200+rows)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
	for id := uint64(1); id <= 10; id++ {
		c, _ := reader.Get(id)
		got += len(c.Description)
	}
	c, _ := reader.Get(shared)
	got += len(c.Description)
	if got != want {
		t.Errorf("%d edits saved, %d in the contacts: updates were lost", want, got)
	}
	if problems, err := reader.Verify(); err != nil || len(problems) > 0 {
		t.Errorf("after the four: %v %v", problems, err)
	}
	t.Logf("%d edits, %d conflicts caught, %d reads", want, conflicts.Load(), reads.Load())
}

package store

import (
	"errors"
	"testing"

	"rolo/contact"
)

// The contact count is written once per transaction (not once per
// contact, for imports): within the transaction it is already right, a
// rollback drops it, a commit keeps it.
func TestCountIsWrittenOncePerTransaction(t *testing.T) {
	s := openTemp(t)
	errRollback := errors.New("rollback")
	err := s.Update(func(tx *Tx) error {
		for range 3 {
			if _, err := tx.Create(&contact.Contact{}); err != nil {
				return err
			}
		}
		if n := tx.Count(); n != 3 {
			t.Errorf("count inside the transaction = %d", n)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	if n, _ := s.Count(); n != 0 {
		t.Errorf("count after a rollback = %d", n)
	}
	var ids []uint64
	s.Update(func(tx *Tx) error {
		for range 3 {
			id, _ := tx.Create(&contact.Contact{})
			ids = append(ids, id)
		}
		return tx.Delete(ids[0])
	})
	if n, _ := s.Count(); n != 2 {
		t.Errorf("count after commit = %d", n)
	}
	mustVerify(t, s, "after counting")
}

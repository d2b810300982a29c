package store

import (
	"context"
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// An erased person is counted apart and stays erased: no edit writes to
// the tombstone, and no edit makes one.
func TestErasedAreCountedApartAndReadOnly(t *testing.T) {
	s := openTemp(t)
	fillers(t, s, 10)
	a, _ := s.Create(markerContact())
	b, _ := s.Create(&contact.Contact{FirstName: "Keep", Emails: []string{"keep@example.com"}})
	if _, err := s.Erase(context.Background(), []uint64{a}, EraseOptions{}); err != nil {
		t.Fatal(err)
	}
	living, erased, err := s.Living()
	if err != nil || living != 11 || erased != 1 {
		t.Fatalf("living %d, erased %d, %v; want 11 and 1", living, erased, err)
	}
	err = s.Update(func(tx *Tx) error {
		c, _ := tx.Get(a)
		c.FirstName = "Ghost"
		_, err := tx.Save(c, contact.Event{})
		return err
	})
	if !errors.Is(err, ErrErased) {
		t.Fatalf("saving over a tombstone: %v, want ErrErased", err)
	}
	if c, _ := s.Get(a); c.FirstName != "" {
		t.Fatalf("the tombstone was written: %+v", c)
	}
	err = s.Update(func(tx *Tx) error {
		c, _ := tx.Get(b)
		c.Status = contact.StatusErased
		_, err := tx.Save(c, contact.Event{})
		return err
	})
	if !errors.Is(err, ErrEraseOnly) {
		t.Fatalf("setting the status erased by an edit: %v", err)
	}
	// Deleting a tombstone takes it off the count of erased.
	if err := s.Update(func(tx *Tx) error { return tx.Delete(a) }); err != nil {
		t.Fatal(err)
	}
	if living, erased, _ = s.Living(); living != 11 || erased != 0 {
		t.Fatalf("after deleting the tombstone: living %d, erased %d", living, erased)
	}
}

// A store written before erased contacts were counted apart gets its
// count when it is opened.
func TestMigrationCountsTheErased(t *testing.T) {
	s := openTemp(t)
	fillers(t, s, 5)
	a, _ := s.Create(markerContact())
	if _, err := s.Erase(context.Background(), []uint64{a}, EraseOptions{}); err != nil {
		t.Fatal(err)
	}
	err := s.update(func(btx *bolt.Tx) error {
		meta := btx.Bucket(bMeta)
		if err := meta.Delete(metaErased); err != nil {
			return err
		}
		return meta.Put(metaSchema, key64(2)) // before migration 2 → 3 counted them
	})
	if err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if living, erased, _ := s.Living(); living != 5 || erased != 1 {
		t.Fatalf("after the migration: living %d, erased %d; want 5 and 1", living, erased)
	}
}

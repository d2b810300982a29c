package store

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// A store written before UIDs were indexed gets the index when it is
// opened, and a read-only look at it, which cannot migrate, finds no UID
// rather than failing.
func TestStoreBeforeUIDs(t *testing.T) {
	s := openTemp(t)
	fillers(t, s, 3)
	err := s.update(func(btx *bolt.Tx) error {
		if err := btx.DeleteBucket(bIdxUID); err != nil {
			return err
		}
		return btx.Bucket(bMeta).Put(metaSchema, key64(4))
	})
	if err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := ro.Find(contact.KeyUID, "urn:uuid:1"); err != nil || len(ids) != 0 {
		t.Errorf("read-only Find = %v, %v", ids, err)
	}
	if p, err := ro.Verify(); err != nil || len(p) > 0 {
		t.Errorf("read-only Verify = %v, %v", p, err)
	}
	ro.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, err := s.Create(&contact.Contact{FirstName: "Ola", UID: "urn:uuid:1"})
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := s.Find(contact.KeyUID, "urn:uuid:1"); err != nil || len(ids) != 1 || ids[0] != id {
		t.Errorf("after the migration Find = %v, %v", ids, err)
	}
	if _, err := s.Create(&contact.Contact{FirstName: "Jan", UID: "urn:uuid:1"}); err == nil {
		t.Error("a second contact took the same UID")
	}
}

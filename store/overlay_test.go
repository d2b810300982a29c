package store

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// A bulk transaction writes into the session's overlay as it goes; one
// that rolls back must leave the overlay exactly as it found it, shared
// phones included, or later lookups in the session would see contacts
// that were never stored.
func TestBulkRollbackRestoresTheOverlay(t *testing.T) {
	s := openTemp(t)
	if err := s.BeginBulk(); err != nil {
		t.Fatal(err)
	}
	shared := "+48221234567"
	var kept []uint64
	err := s.Update(func(tx *Tx) error {
		for i := range 3 {
			id, err := tx.Create(&contact.Contact{Emails: []string{fmt.Sprintf("k%d@x.pl", i)}, Phones: []contact.Phone{{Number: shared}}})
			if err != nil {
				return err
			}
			kept = append(kept, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	snapshot := func() (map[uint64]uint64, map[uint64]uint64, map[uint64][]uint64) {
		u, p, m := map[uint64]uint64{}, map[uint64]uint64{}, map[uint64][]uint64{}
		for k, v := range s.bulk.unique {
			u[k] = v
		}
		for k, v := range s.bulk.phones {
			p[k] = v
		}
		for k, v := range s.bulk.many {
			m[k] = append([]uint64(nil), v...)
		}
		return u, p, m
	}
	u0, p0, m0 := snapshot()
	errRollback := errors.New("rollback")
	err = s.Update(func(tx *Tx) error {
		// New keys, a new owner of the shared phone, a removal, a change.
		if _, err := tx.Create(&contact.Contact{Emails: []string{"gone@x.pl"}, Phones: []contact.Phone{{Number: shared}, {Number: "+48601000000"}}}); err != nil {
			return err
		}
		if err := tx.Delete(kept[0]); err != nil {
			return err
		}
		c, err := tx.Get(kept[1])
		if err != nil {
			return err
		}
		c.Emails, c.Phones = []string{"moved@x.pl"}, nil
		if _, err := tx.Save(c, contact.Event{}); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	u1, p1, m1 := snapshot()
	if !reflect.DeepEqual(u0, u1) || !reflect.DeepEqual(p0, p1) || !reflect.DeepEqual(m0, m1) {
		t.Fatalf("the overlay changed:\nunique %v → %v\nphones %v → %v\nmany %v → %v", u0, u1, p0, p1, m0, m1)
	}
	// What the session's writer finds is what is stored.
	err = s.Update(func(tx *Tx) error {
		for email, want := range map[string][]uint64{"gone@x.pl": nil, "moved@x.pl": nil, "k0@x.pl": {kept[0]}, "k1@x.pl": {kept[1]}} {
			if got, _ := tx.Find(contact.KeyEmail, email); !reflect.DeepEqual(got, want) {
				t.Errorf("Find(%s) = %v, want %v", email, got, want)
			}
		}
		if got, _ := tx.Find(contact.KeyPhone, shared); !reflect.DeepEqual(got, kept) {
			t.Errorf("shared phone: %v, want %v", got, kept)
		}
		if got, _ := tx.Find(contact.KeyPhone, "+48601000000"); got != nil {
			t.Errorf("phone of the rolled-back contact: %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndBulk(); err != nil {
		t.Fatal(err)
	}
	mustVerify(t, s, "after the session")
}

// CreateChecked skips only the key the caller looked up; the others are
// checked as Create checks them, in a bulk session and out of one.
func TestCreateCheckedStillChecksTheOtherKeys(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		s := openTemp(t)
		if bulk {
			if err := s.BeginBulk(); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Create(&contact.Contact{Emails: []string{"a@x.pl"}, CRMID: "C1", TaxID: "PL 123-456-32-18"}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			c    *contact.Contact
			want error
		}{
			{&contact.Contact{Emails: []string{"b@x.pl"}, CRMID: "C1"}, contact.ErrConflict},
			{&contact.Contact{Emails: []string{"c@x.pl"}, TaxID: "PL-1234563218"}, contact.ErrConflict},
			{&contact.Contact{Emails: []string{"d@x.pl"}, CRMID: "C2"}, nil},
		} {
			err := s.Update(func(tx *Tx) error {
				if ids, err := tx.Find(contact.KeyEmail, tt.c.Emails[0]); err != nil || len(ids) > 0 {
					t.Fatalf("the e-mail is not free: %v %v", ids, err)
				}
				_, err := tx.CreateChecked(tt.c, contact.KeyEmail)
				return err
			})
			if !errors.Is(err, tt.want) && (err != nil || tt.want != nil) {
				t.Errorf("bulk %v: CreateChecked(%+v) = %v, want %v", bulk, tt.c, err, tt.want)
			}
		}
		if bulk {
			if err := s.EndBulk(); err != nil {
				t.Fatal(err)
			}
		}
		mustVerify(t, s, "after CreateChecked")
	}
}

// A merge that fails half-way (here on a run entry of no known index)
// returns the error, stops its merging goroutine, and keeps the runs for
// the next merge.
func TestMergeFailureStopsCleanly(t *testing.T) {
	defer func(n int) { mergeChunk = n }(mergeChunk)
	mergeChunk = 5000
	s := openTemp(t)
	if err := s.BeginBulk(); err != nil {
		t.Fatal(err)
	}
	err := s.Update(func(tx *Tx) error {
		for i := range 10000 {
			if _, err := tx.Create(&contact.Contact{Emails: []string{fmt.Sprintf("m%d@x.pl", i)}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.update(func(btx *bolt.Tx) error {
		runs := btx.Bucket(bRuns)
		seq, _ := runs.NextSequence()
		return runs.Put(key64(seq), encodeRun([]runOp{{key: []byte("zzz"), id: 1, add: true}}))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndBulk(); err == nil || !strings.Contains(err.Error(), "unknown prefix") {
		t.Fatalf("EndBulk over a bad run: %v", err)
	}
	if runCount(t, s) != 2 {
		t.Errorf("%d runs left, want both kept", runCount(t, s))
	}
}

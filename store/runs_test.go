package store

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

func runCount(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	s.view(func(tx *bolt.Tx) error {
		return forEachRun(tx, func(uint64, run) error { n++; return nil })
	})
	return n
}

func mustVerify(t *testing.T, s *Store, when string) {
	t.Helper()
	if p, err := s.Verify(); err != nil || len(p) > 0 {
		t.Fatalf("%s: %v %v", when, p, err)
	}
}

func TestBulkSessionKeepsIndexesRight(t *testing.T) {
	defer func(n int) { mergeChunk = n }(mergeChunk)
	mergeChunk = 7 // merge in many small transactions
	s := openTemp(t)
	// Some contacts exist before the session, in the main indexes.
	pre, _ := s.Create(&contact.Contact{Emails: []string{"pre@x.pl"}, CRMID: "P1", Phones: []contact.Phone{{Number: "+48221234567"}}})
	if err := s.BeginBulk(); err != nil {
		t.Fatal(err)
	}
	if err := s.BeginBulk(); err == nil {
		t.Error("a second bulk session was allowed")
	}
	var ids []uint64
	for batch := range 3 {
		err := s.Update(func(tx *Tx) error {
			for i := range 10 {
				n := batch*10 + i
				c := &contact.Contact{Emails: []string{fmt.Sprintf("c%d@x.pl", n)}, CRMID: fmt.Sprintf("C%d", n),
					Phones: []contact.Phone{{Number: "+48221234567"}}}
				id, err := tx.Create(c)
				if err != nil {
					return err
				}
				ids = append(ids, id)
				// Within the transaction, what was just written is found.
				if got, _ := tx.Find(contact.KeyEmail, c.Emails[0]); !reflect.DeepEqual(got, []uint64{id}) {
					t.Errorf("in-tx Find = %v, want %d", got, id)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if runCount(t, s) != 3 {
		t.Errorf("%d runs, want one per transaction", runCount(t, s))
	}
	mustVerify(t, s, "during the session")

	// Conflicts are caught against the main index, earlier runs and the
	// same transaction.
	for _, email := range []string{"pre@x.pl", "c5@x.pl"} {
		_, err := s.Create(&contact.Contact{Emails: []string{email}})
		if !errors.Is(err, contact.ErrConflict) {
			t.Errorf("duplicate %s in a bulk session: %v", email, err)
		}
	}
	err := s.Update(func(tx *Tx) error {
		if _, err := tx.Create(&contact.Contact{Emails: []string{"same@x.pl"}}); err != nil {
			return err
		}
		_, err := tx.Create(&contact.Contact{Emails: []string{"same@x.pl"}})
		return err
	})
	if !errors.Is(err, contact.ErrConflict) {
		t.Errorf("duplicate within one bulk transaction: %v", err)
	}
	if ids, _ := s.Find(contact.KeyEmail, "same@x.pl"); ids != nil {
		t.Errorf("a rolled-back transaction left an index entry: %v", ids)
	}

	// Updates and deletes in the session write removals into runs.
	c, _ := s.Get(ids[0])
	c.Emails = []string{"moved@x.pl"}
	c.Phones = nil
	if _, err := s.Save(c, contact.Event{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error { return tx.Delete(ids[1]) }); err != nil {
		t.Fatal(err)
	}
	pc, _ := s.Get(pre)
	pc.Emails = []string{"pre2@x.pl"}
	if _, err := s.Save(pc, contact.Event{}); err != nil {
		t.Fatal(err)
	}
	// The freed e-mail can be taken again, in the session.
	if _, err := s.Create(&contact.Contact{Emails: []string{"c0@x.pl"}}); err != nil {
		t.Errorf("taking a freed e-mail in a bulk session: %v", err)
	}
	check := func(when string) {
		t.Helper()
		mustVerify(t, s, when)
		for v, want := range map[string][]uint64{"c0@x.pl": {ids[len(ids)-1] + 1}, "moved@x.pl": {ids[0]},
			"c1@x.pl": nil, "pre@x.pl": nil, "pre2@x.pl": {pre}} {
			if got, _ := s.Find(contact.KeyEmail, v); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Find(%s) = %v, want %v", when, v, got, want)
			}
		}
		phone, _ := s.Find(contact.KeyPhone, "+48221234567")
		if len(phone) != 29 || phone[0] != pre {
			t.Errorf("%s: shared phone has %d owners (%v)", when, len(phone), phone)
		}
	}
	check("before merging") // read transactions consult the runs
	if err := s.EndBulk(); err != nil {
		t.Fatal(err)
	}
	if runCount(t, s) != 0 {
		t.Error("runs left after EndBulk")
	}
	check("after merging")
}

func TestKilledBulkImportIsMergedOnOpen(t *testing.T) {
	path := t.TempDir() + "/rolo.db"
	s, _ := Open(path, Options{})
	s.BeginBulk()
	for b := range 4 {
		s.Update(func(tx *Tx) error {
			for i := range 50 {
				tx.Create(&contact.Contact{Emails: []string{fmt.Sprintf("k%d.%d@x.pl", b, i)}})
			}
			return nil
		})
	}
	s.Close() // as if killed: no EndBulk
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if ids, _ := ro.Find(contact.KeyEmail, "k3.7@x.pl"); len(ids) != 1 {
		t.Errorf("a reader does not see unmerged runs: %v", ids)
	}
	ro.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if runCount(t, s) != 0 {
		t.Error("the runs of a killed import were not merged on open")
	}
	mustVerify(t, s, "after reopening")
	if n, _ := s.Count(); n != 200 {
		t.Errorf("count = %d", n)
	}
}

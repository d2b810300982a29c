package cli

import (
	"strings"
	"testing"

	"rolo/contact"
	"rolo/store"
)

func TestUndoPutsBackTheLastChange(t *testing.T) {
	db, ids := privacyStore(t, person("A", "One", "a@example.com", "+48221234567"), person("B", "Two", "b@example.com", "+48221234568"))
	if code, _, errs := run(t, "--db", db, "undo", "--yes"); code != ExitError || !strings.Contains(errs, "nothing to undo") {
		t.Fatalf("nothing to undo: %d %q", code, errs)
	}
	withStore(t, db, func(s *store.Store) {
		err := s.Update(func(tx *store.Tx) error {
			if err := tx.Action("add tag 'vip' to 2 contacts"); err != nil {
				return err
			}
			for _, id := range ids {
				c, _ := tx.Get(id)
				c.AddTag("vip")
				if _, err := tx.Save(c, contact.Event{Source: "bulk"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// B is changed again by hand: the undo must leave it.
		c, _ := s.Get(ids[1])
		c.Company = "Acme"
		if _, err := s.Save(c, contact.Event{}); err != nil {
			t.Fatal(err)
		}
	})
	if code, _, errs := run(t, "--db", db, "undo"); code != ExitUsage || !strings.Contains(errs, "--yes") {
		t.Fatalf("undo without a terminal or --yes: %d %q", code, errs)
	}
	code, out, errs := run(t, "--db", db, "undo", "--yes")
	want := "undone: add tag 'vip' to 2 contacts: 1 contact put back; 1 contact changed again since, left as they are: #" // then B's ID
	if code != ExitOK || !strings.HasPrefix(out, want) {
		t.Fatalf("undo: %d %q %q", code, out, errs)
	}
	withStore(t, db, func(s *store.Store) {
		a, _ := s.Get(ids[0])
		b, _ := s.Get(ids[1])
		if len(a.Tags) != 0 || len(b.Tags) != 1 || b.Company != "Acme" {
			t.Errorf("after the undo: %+v / %+v", a, b)
		}
	})
}

package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"rolo/contact"
)

// Every write names its user on the contact: a save over a copy read
// before someone else's change keeps their name, a merge keeps everyone's,
// and an erasure keeps who worked on the person (staff, not the person's
// data).
func TestChangedByNamesEveryWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	as := func(user string) *Store {
		s, err := Open(path, Options{User: user, NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	ana, jan, ola := as("ana"), as("jan"), as("ola")
	id, err := ana.Create(&contact.Contact{FirstName: "Łucja", Emails: []string{"lucja@wp.pl"}})
	if err != nil {
		t.Fatal(err)
	}
	users := func(s *Store, id uint64) []string {
		t.Helper()
		c, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		return c.ChangedBy
	}
	if got := users(jan, id); !slices.Equal(got, []string{"ana"}) {
		t.Fatalf("after ana created it: %v", got)
	}
	stale, _ := ola.Get(id) // ola reads it, then jan changes it
	c, _ := jan.Get(id)
	c.Company = "Żabka"
	if _, err := jan.Save(c, contact.Event{Source: "card"}); err != nil {
		t.Fatal(err)
	}
	stale.JobTitle = "Kierowniczka"
	if _, err := ola.Save(stale, contact.Event{Source: "card"}); err != nil {
		t.Fatal(err)
	}
	if got := users(ana, id); !slices.Equal(got, []string{"ana", "jan", "ola"}) {
		t.Fatalf("after jan's and ola's saves: %v", got)
	}
	if evs, _ := ana.History(id); len(evs) != 2 || slices.ContainsFunc(evs[1].Changes, func(ch contact.Change) bool { return ch.Field == "changed_by" }) {
		t.Errorf("the history should list field changes only: %+v", evs)
	}
	// A merge keeps the names of both contacts' writers.
	other, _ := jan.Create(&contact.Contact{FirstName: "Lucja", Emails: []string{"l@firma.pl"}})
	kept, _ := ana.Get(id)
	gone, _ := ana.Get(other)
	m := kept.Clone()
	m.AddEmail(gone.Emails[0])
	zofia := as("zofia")
	if err := zofia.Merge(m, []*contact.Contact{gone}, "dedupe"); err != nil {
		t.Fatal(err)
	}
	if got := users(ana, id); !slices.Equal(got, []string{"ana", "jan", "ola", "zofia"}) {
		t.Fatalf("after the merge: %v", got)
	}
	if _, err := ana.Erase(context.Background(), []uint64{id}, EraseOptions{Source: "cli"}); err != nil {
		t.Fatal(err)
	}
	if got := users(jan, id); !slices.Equal(got, []string{"ana", "jan", "ola", "zofia"}) {
		t.Fatalf("after the erasure: %v", got)
	}
}

package filter_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
	"rolo/filter"
	"rolo/store"
)

// *store.Store is the Cache the TUI passes.
var _ filter.Cache = (*store.Store)(nil)

func TestSavedOrderOnARealStore(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "rolo.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := demo.New(5, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err := s.Update(func(tx *store.Tx) error {
		for range 500 {
			if _, err := tx.Create(g.Next()); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ix := filter.NewIndex(filter.Options{})
	if err := ix.Build(s.ScanLean); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := filter.LoadOrder(s, "full_name"); ok || err != nil {
		t.Fatalf("nothing saved yet: %v %v", ok, err)
	}
	if err := filter.SaveOrder(s, ix, "full_name"); err != nil {
		t.Fatal(err)
	}
	order, ok, err := filter.LoadOrder(s, "full_name")
	all, _ := ix.Match(filter.Filter{})
	ix.Sort(all, "full_name", false)
	if err != nil || !ok || !slices.Equal(order, all) {
		t.Fatalf("LoadOrder: %v %v, %d ids", ok, err, len(order))
	}
	// Any change to the contacts makes the saved order stale.
	c, _ := s.Get(order[0])
	c.FirstName = "Zzz"
	if _, err := s.Save(c, contact.Event{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := filter.LoadOrder(s, "full_name"); ok {
		t.Error("a stale order was returned after an edit")
	}
	// A read-only store refuses to save; the caller just loses its head start.
	ro, err := store.Open(s.Path(), store.Options{ReadOnly: true})
	if err == nil {
		if filter.SaveOrder(ro, ix, "full_name") == nil {
			t.Error("a read-only store saved an order")
		}
		ro.Close()
	}
}

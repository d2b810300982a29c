package filter_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
	"rolo/filter"
	"rolo/store"
)

// BenchmarkCatchUpAfter1000Changes is what a process pays to bring its
// in-memory index up to date after another process changed 1,000 contacts
// (store.CatchUp, then Upsert each into the index), on ROLO_BENCH_N demo
// contacts (default 100,000).
func BenchmarkCatchUpAfter1000Changes(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("ROLO_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	path := filepath.Join(b.TempDir(), "rolo.db")
	mine, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer mine.Close()
	g := demo.New(7, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	for done := 0; done < n; done += 5000 {
		err := mine.Update(func(tx *store.Tx) error {
			for range min(5000, n-done) {
				if _, err := tx.Create(g.Next()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	theirs, err := store.Open(path, store.Options{NoSync: true, User: "bartek"})
	if err != nil {
		b.Fatal(err)
	}
	defer theirs.Close()
	ix := filter.NewIndex(filter.Options{})
	seen, _ := mine.JournalHead()
	if err := ix.Build(mine.ScanLean); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for round := range b.N {
		b.StopTimer()
		err := theirs.Update(func(tx *store.Tx) error {
			for i := range 1000 {
				c, err := tx.Get(uint64((round*1000+i)%n) + 1)
				if err != nil {
					return err
				}
				c.Description = fmt.Sprintf("changed in round %d", round)
				if _, err := tx.Save(c, contact.Event{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		up, err := mine.CatchUp(seen, 100_000)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range up.Saved {
			ix.Upsert(c)
		}
		for _, id := range up.Deleted {
			ix.Delete(id)
		}
		seen = up.Next
		if len(up.Saved) != 1000 {
			b.Fatalf("caught up with %d contacts, want 1000", len(up.Saved))
		}
	}
}

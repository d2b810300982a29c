package indexfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
	"rolo/filter"
	"rolo/store"
)

var testNow = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func opts() filter.Options {
	return filter.Options{Country: "PL", Now: func() time.Time { return testNow }}
}

// newStore makes a store of n demo contacts.
func newStore(t *testing.T, n int) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rolo.db")
	st, err := store.Open(path, store.Options{NoSync: true, User: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g := demo.New(3, 0, testNow)
	if err := st.Update(func(tx *store.Tx) error {
		for range n {
			if _, err := tx.Create(g.Next()); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return st, path
}

// filters cover every kind of column.
var filters = []string{
	"city = Kraków", "city != Warszawa, Gdańsk", "last_name contains wisn", "full_name starts with an",
	"email contains @gmail", "phone starts with +48", "points >= 1000 and points < 2000", "group in VIP",
	"tag = newsletter", "consent:sms = yes", "consent:email exists", "created_at >= 2026", "status = erased",
	"custom:language = pl", "email not exists", "description contains changed", "company exists",
}

// agree checks that ix gives what plain evaluation of every contact gives.
func agree(t *testing.T, st *store.Store, ix *filter.Index) {
	t.Helper()
	for _, expr := range filters {
		f, err := filter.Parse(expr)
		if err != nil {
			t.Fatal(err)
		}
		m, err := f.Compile(opts())
		if err != nil {
			t.Fatal(err)
		}
		var want []uint64
		if err := st.Scan(func(c *contact.Contact) error {
			if m(c) {
				want = append(want, c.ID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got, err := ix.Match(f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: index %d, plain evaluation %d", expr, len(got), len(want))
		}
	}
}

func TestOpenBuildsOnceThenOpensTheStoredIndex(t *testing.T) {
	st, _ := newStore(t, 1500)
	first, err := Open(context.Background(), st, opts(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if !first.Built || first.Why != "there is no stored index yet" {
		t.Fatalf("first open: built %v (%q)", first.Built, first.Why)
	}
	fi, err := os.Stat(st.IndexPath())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("index file mode %v, want 0600", fi.Mode().Perm())
	}
	again, err := Open(context.Background(), st, opts(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Built {
		t.Fatalf("second open built again: %s", again.Why)
	}
	agree(t, st, again.Index)
}

// Another Store value on the same file (another process) writes: an open
// index catches up, and so does one opened from the stored copy.
func TestCaughtUpAfterAnotherProcessWrites(t *testing.T) {
	st, path := newStore(t, 2000)
	mine, err := Open(context.Background(), st, opts(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	theirs, err := store.Open(path, store.Options{NoSync: true, User: "bartek"})
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	g := demo.New(9, 5000, testNow)
	if err := theirs.Update(func(tx *store.Tx) error {
		for i := uint64(1); i <= 300; i++ {
			c, err := tx.Get(i * 5)
			if err != nil {
				return err
			}
			c.Description = fmt.Sprint("changed ", i)
			c.Address.City = "Kraków"
			c.Groups = append(c.Groups, "VIP")
			c.SetConsent(contact.Consent{Name: "sms", Granted: i%2 == 0, At: testNow})
			if _, err := tx.Save(c, contact.Event{}); err != nil {
				return err
			}
		}
		for range 200 {
			if _, err := tx.Create(g.Next()); err != nil {
				return err
			}
		}
		for i := uint64(1); i <= 50; i++ {
			if err := tx.Delete(i*7 + 1); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := theirs.Erase(context.Background(), []uint64{3, 4}, store.EraseOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if n, err := mine.CatchUp(context.Background(), st); err != nil || n < 500 {
		t.Fatalf("CatchUp: %d, %v", n, err)
	}
	agree(t, st, mine.Index)
	// A new process opens the stored copy (removed by the erasure: built
	// again) and, after more changes, catches it up.
	next, err := Open(context.Background(), st, opts(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if !next.Built {
		t.Error("the erasure left the stored index in place")
	}
	if err := theirs.Update(func(tx *store.Tx) error {
		c, err := tx.Get(100)
		if err != nil {
			return err
		}
		c.Address.City, c.Description = "Łódź", "changed again"
		_, err = tx.Save(c, contact.Event{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	last, err := Open(context.Background(), st, opts(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer last.Close()
	if last.Built || last.Behind != 1 {
		t.Errorf("opened: built %v (%s), behind %d; want the stored index caught up by 1", last.Built, last.Why, last.Behind)
	}
	agree(t, st, last.Index)
}

// An index from before an erasure is never put back, and none that
// reaches the file holds the erased person.
func TestErasureRemovesTheStoredIndex(t *testing.T) {
	st, _ := newStore(t, 300)
	c, _ := st.Get(10)
	c.LastName, c.Emails = "Qzxwvmarker", []string{"qzxwvmarker@example.com"}
	if _, err := st.Save(c, contact.Event{}); err != nil {
		t.Fatal(err)
	}
	old, err := Open(context.Background(), st, opts(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if !fileHolds(t, st.IndexPath(), "qzxwvmarker") {
		t.Fatal("the marker is not in the stored index to begin with")
	}
	if _, err := st.Erase(context.Background(), []uint64{10}, store.EraseOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(st.IndexPath()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the index file is still there: %v", err)
	}
	if err := Save(st, old.Index, old.Seq); !errors.Is(err, store.ErrIndexBehind) {
		t.Fatalf("saving an index from before the erasure: %v", err)
	}
	if _, err := old.CatchUp(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if err := Save(st, old.Index, old.Seq); err != nil {
		t.Fatal(err)
	}
	if fileHolds(t, st.IndexPath(), "qzxwvmarker") {
		t.Error("the caught-up index written after the erasure holds the erased values")
	}
	entries, _ := os.ReadDir(filepath.Dir(st.IndexPath()))
	if len(entries) != 2 {
		t.Errorf("files beside the store: %v (a temporary file left?)", entries)
	}
}

func fileHolds(t *testing.T, path, s string) bool {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(bytes.ToLower(b), []byte(s))
}

// A stored index of another store, or damaged, is built again and says why.
func TestOpenBuildsInsteadOfAnUnusableIndex(t *testing.T) {
	st, _ := newStore(t, 200)
	other, _ := newStore(t, 100)
	o, err := Open(context.Background(), other, opts(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	data, _ := os.ReadFile(other.IndexPath())
	for name, b := range map[string][]byte{"another store's": data, "damaged": data[:len(data)/2]} {
		if err := os.WriteFile(st.IndexPath(), b, 0o600); err != nil {
			t.Fatal(err)
		}
		op, err := Open(context.Background(), st, opts(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		op.Close()
		if !op.Built || op.Why == "" || op.Index.Len() != 200 {
			t.Errorf("%s index: built %v (%q), %d contacts", name, op.Built, op.Why, op.Index.Len())
		}
	}
}

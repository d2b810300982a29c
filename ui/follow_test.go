package ui

import (
	"context"
	"testing"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// otherProcess opens the test store a second time, as a colleague's rolo
// would (bbolt's lock is per open file: it takes turns like a process).
func otherProcess(t *testing.T, st *store.Store) *store.Store {
	t.Helper()
	other, err := store.Open(st.Path(), store.Options{NoSync: true, User: "bartek", Source: "interface"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

func renameAndDelete(t *testing.T, st *store.Store, rename, del uint64) {
	t.Helper()
	err := st.Update(func(tx *store.Tx) error {
		c, err := tx.Get(rename)
		if err != nil {
			return err
		}
		c.LastName = "Zmieniony"
		if _, err := tx.Save(c, contact.Event{Kind: contact.EventUpdate, Source: "bulk"}); err != nil {
			return err
		}
		return tx.Delete(del)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An index built while contacts were bulk-edited and erased used to lose
// those changes until the next rebuild (an erased person stayed in the
// table): the build now catches up from the journal.
func TestARebuiltIndexKeepsChangesMadeDuringTheBuild(t *testing.T) {
	st := testStore(t, 40)
	m := newTestModel(t, st, 100, 30)
	ready, err := buildIndex(st, filter.Options{Now: fixedNow}, nil)(context.Background(), func(int, int) {})
	if err != nil {
		t.Fatal(err)
	}
	renameAndDelete(t, otherProcess(t, st), 2, 3)
	drain(t, m, ready)
	if n := m.ix.Len(); n != 39 {
		t.Errorf("the index holds %d contacts, want 39 after a deletion during the build", n)
	}
	if got := m.ix.Value(2, "last_name"); got != "Zmieniony" {
		t.Errorf("contact 2's last name in the index: %q, want the edit made during the build", got)
	}
}

// Another process's edit shows in the table at the next look (once a
// second in the running interface).
func TestTheTableFollowsAnotherProcess(t *testing.T) {
	st := testStore(t, 40)
	m := newTestModel(t, st, 100, 30)
	renameAndDelete(t, otherProcess(t, st), 1, 3)
	drain(t, m, followTickMsg{})
	if got := m.ix.Value(1, "last_name"); got != "Zmieniony" {
		t.Errorf("contact 1's last name in the index: %q", got)
	}
	if n := m.ix.Len(); n != 39 || m.total != 39 {
		t.Errorf("index %d, total %d after another process deleted one of 40", n, m.total)
	}
	if ids := m.ix.Search("Zmieniony", 10); len(ids) != 1 || ids[0] != 1 {
		t.Errorf("quick search for the new name finds %v", ids)
	}
}

// The first start builds the index and stores it; the next opens the
// stored one, with the changes another process made meanwhile applied.
func TestTheNextStartOpensTheStoredIndex(t *testing.T) {
	st := testStore(t, 40)
	opt := filter.Options{Now: fixedNow}
	first, err := buildIndex(st, opt, []string{"full_name"})(context.Background(), func(int, int) {})
	if err != nil {
		t.Fatal(err)
	}
	ready := first.(indexReadyMsg)
	if ready.built == "" || !ready.save {
		t.Fatalf("first start: built %q, save %v; want a build to store", ready.built, ready.save)
	}
	if _, err := saveIndex(st, ready.ix, ready.head)(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ready.file.Close()
	renameAndDelete(t, otherProcess(t, st), 2, 3)
	next, err := buildIndex(st, opt, []string{"full_name"})(context.Background(), func(int, int) {})
	if err != nil {
		t.Fatal(err)
	}
	again := next.(indexReadyMsg)
	defer again.file.Close()
	if again.built != "" {
		t.Fatalf("second start built the index again: %s", again.built)
	}
	if n := again.ix.Len(); n != 39 {
		t.Errorf("the opened index holds %d contacts, want 39", n)
	}
	if got := again.ix.Value(2, "last_name"); got != "Zmieniony" {
		t.Errorf("contact 2's last name: %q, want the other process's edit", got)
	}
}

package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/store"
)

// dupeStore is a demo store with, for the first three contacts, a second
// record of the same person as another system has it: the name without
// accents and upper-cased, the same phone, another e-mail. It returns the
// pairs (original, copy).
func dupeStore(t *testing.T, n int) (*store.Store, [][2]uint64) {
	t.Helper()
	st := testStore(t, n)
	var pairs [][2]uint64
	for id := uint64(1); id <= 3; id++ {
		c := reload(t, st, id).Clone()
		c.ID, c.CRMID, c.TaxID = 0, "", ""
		c.FirstName = strings.ToUpper(contact.Translit(c.FirstName))
		c.LastName = strings.ToUpper(contact.Translit(c.LastName))
		c.Emails = []string{fmt.Sprintf("second.record%d@example.com", id)}
		c.Phones = c.Phones[:1]
		// An hour ago: an edit made now is seen as one.
		c.CreatedAt, c.UpdatedAt = testNow.Add(-time.Hour), testNow.Add(-time.Hour)
		nid, err := st.Create(c)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, [2]uint64{id, nid})
	}
	return st, pairs
}

// openDupes opens the screen and waits for the clusters.
func openDupes(t *testing.T, m *Model) *dupesScreen {
	t.Helper()
	press(t, m, "D")
	s, ok := m.active().(*dupesScreen)
	if !ok {
		t.Fatalf("D opened %T", m.active())
	}
	if _, done := s.found[""]; !done {
		t.Fatalf("the clusters were not found: %v", s.finding)
	}
	return s
}

// cursorOn puts the list's cursor on the cluster holding id.
func cursorOn(t *testing.T, s *dupesScreen, id uint64) dedupe.Cluster {
	t.Helper()
	for i, c := range s.current() {
		if slices.Contains(c.IDs, id) {
			s.cursor = i
			s.clamp()
			return c
		}
	}
	t.Fatalf("no cluster holds %d: %v", id, s.current())
	return dedupe.Cluster{}
}

func TestDupesFindsAndComparesSideBySide(t *testing.T) {
	st, pairs := dupeStore(t, 60)
	m := newTestModel(t, st, 80, 24)
	s := openDupes(t, m)
	for _, p := range pairs {
		c := cursorOn(t, s, p[0])
		if !slices.Contains(c.IDs, p[1]) || !strings.Contains(clusterWords(c), "same phone") {
			t.Errorf("cluster of %v: %v %q", p, c.IDs, clusterWords(c))
		}
	}
	mustContain(t, screenText(m), "SCORE", "same phone", "clusters among 63 contacts")

	orig, dup := reload(t, st, pairs[0][0]), reload(t, st, pairs[0][1])
	cursorOn(t, s, orig.ID)
	press(t, m, "enter")
	if s.cmp == nil || !s.cmp.loaded {
		t.Fatal("enter did not open the cluster side by side")
	}
	frame := screenText(m)
	mustContain(t, frame, fmt.Sprintf("#%d", orig.ID), fmt.Sprintf("#%d", dup.ID), "Keeps its ID", "≠", "●", "E-mails (all)")
	if s.cmp.survivor != orig.ID {
		t.Errorf("the oldest contact should survive by default, not %d", s.cmp.survivor)
	}
	// Only the fields that differ are listed; a lists them all.
	short := len(s.cmp.rows)
	press(t, m, "a")
	if len(s.cmp.rows) <= short {
		t.Errorf("a shows %d rows, differing only %d", len(s.cmp.rows), short)
	}
	press(t, m, "esc")
	if s.cmp != nil {
		t.Fatal("esc did not go back to the list")
	}
}

func TestDupesMergeKeepsPickedValues(t *testing.T) {
	st, pairs := dupeStore(t, 30)
	m := newTestModel(t, st, 120, 40)
	before := m.total
	s := openDupes(t, m)
	orig, dup := reload(t, st, pairs[1][0]), reload(t, st, pairs[1][1])
	cursorOn(t, s, orig.ID)
	press(t, m, "enter")
	// The name row: keep the copy's name (→ moves the pick to it).
	for i, r := range s.cmp.rows {
		if r.key == "name" {
			s.cmp.row = i
		}
	}
	if s.cmp.pick["name"] == dup.ID {
		press(t, m, "left")
	}
	press(t, m, "right")
	if s.cmp.pick["name"] != dup.ID {
		t.Fatalf("the name is picked from %d, want %d", s.cmp.pick["name"], dup.ID)
	}
	press(t, m, "m")
	mustContain(t, screenText(m), "Merge 2 contacts into", "histories are kept")
	press(t, m, "y")
	merged := reload(t, st, orig.ID)
	if merged.FirstName != dup.FirstName || !slices.Contains(merged.Emails, dup.Emails[0]) || !slices.Contains(merged.Emails, orig.Emails[0]) {
		t.Errorf("merged: name %q, e-mails %v", merged.FullName(), merged.Emails)
	}
	if _, err := st.Get(dup.ID); err == nil {
		t.Error("the copy is still there after the merge")
	}
	hist, _ := st.History(orig.ID)
	if len(hist) == 0 || hist[len(hist)-1].Kind != contact.EventMerge {
		t.Errorf("no merge event: %+v", hist)
	}
	if m.total != before-1 || m.ix.Len() != before-1 || m.ix.Value(orig.ID, "first_name") != dup.FirstName {
		t.Errorf("after the merge: total %d, index %d (before %d), first name in the index %q", m.total, m.ix.Len(), before, m.ix.Value(orig.ID, "first_name"))
	}
	for _, c := range s.current() {
		if slices.Contains(c.IDs, orig.ID) {
			t.Errorf("the merged cluster is still listed: %v", c.IDs)
		}
	}
	mustContain(t, screenText(m), "merged 2 contacts into #", "u undoes")

	// u undoes the merge: both contacts are back as they were, in the
	// store, the index and the list.
	press(t, m, "u")
	for _, want := range []*contact.Contact{orig, dup} {
		if got := reload(t, st, want.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("contact %d after the undo:\n%+v\nwant\n%+v", want.ID, got, want)
		}
	}
	if m.total != before || m.ix.Len() != before || m.ix.Value(orig.ID, "first_name") != orig.FirstName {
		t.Errorf("after the undo: total %d, index %d (before %d), first name in the index %q", m.total, m.ix.Len(), before, m.ix.Value(orig.ID, "first_name"))
	}
	if !slices.ContainsFunc(s.current(), func(c dedupe.Cluster) bool { return slices.Contains(c.IDs, orig.ID) }) {
		t.Error("the cluster is not listed again after the undo")
	}
	mustContain(t, screenText(m), "merge undone: 2 contacts are back as they were")
}

func TestDupesMergeOfChangedContactIsRefreshed(t *testing.T) {
	st, pairs := dupeStore(t, 20)
	m := newTestModel(t, st, 80, 24)
	s := openDupes(t, m)
	cursorOn(t, s, pairs[2][0])
	press(t, m, "enter")
	// Someone edits the copy meanwhile.
	c := reload(t, st, pairs[2][1])
	c.Address.City = "Opole"
	if _, err := st.Save(c, contact.Event{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	press(t, m, "m", "y")
	if _, err := st.Get(pairs[2][1]); err != nil {
		t.Fatal("a merge planned on a stale contact went through")
	}
	if s.cmp == nil || !strings.Contains(s.cmp.note, "changed since") {
		t.Fatalf("no word of the change: %+v", s.cmp)
	}
	mustContain(t, screenText(m), "changed since")
	press(t, m, "m", "y")
	if _, err := st.Get(pairs[2][1]); err == nil {
		t.Error("the merge after the reload did not go through")
	}
}

func TestDupesNotADuplicate(t *testing.T) {
	st, pairs := dupeStore(t, 20)
	m := newTestModel(t, st, 80, 24)
	s := openDupes(t, m)
	a, b := pairs[0][0], pairs[0][1]
	cursorOn(t, s, a)
	press(t, m, "enter", "n")
	mustContain(t, screenText(m), "as different people?")
	press(t, m, "y")
	notDup, _ := st.NotDuplicates()
	if !notDup(a, b) {
		t.Fatal("the pair is not marked")
	}
	if s.cmp != nil || slices.ContainsFunc(s.current(), func(c dedupe.Cluster) bool { return slices.Contains(c.IDs, a) }) {
		t.Fatal("the pair is still listed")
	}
	// Found again, it is not proposed.
	press(t, m, "r")
	if slices.ContainsFunc(s.current(), func(c dedupe.Cluster) bool { return slices.Contains(c.IDs, a) && slices.Contains(c.IDs, b) }) {
		t.Fatal("a pair marked not a duplicate was proposed again")
	}
	// u undoes the mark.
	press(t, m, "u")
	notDup, _ = st.NotDuplicates()
	if notDup(a, b) {
		t.Error("u did not forget the mark")
	}
	cursorOn(t, s, a)
}

func TestDupesFilterByKind(t *testing.T) {
	st, pairs := dupeStore(t, 20)
	m := newTestModel(t, st, 80, 24)
	s := openDupes(t, m)
	press(t, m, "f") // e-mail: the copies have other e-mails
	if s.kind != dedupe.KeyEmail {
		t.Fatalf("kind %q", s.kind)
	}
	for _, c := range s.current() {
		if slices.Contains(c.IDs, pairs[0][1]) {
			t.Errorf("by e-mail, the copy with another e-mail is listed: %v", c.IDs)
		}
	}
	mustContain(t, screenText(m), "Key: e-mail")
	press(t, m, "f") // phone
	cursorOn(t, s, pairs[0][1])
	for range 3 {
		press(t, m, "f")
	}
	if s.kind != "" {
		t.Errorf("f cycles back to every key, not %q", s.kind)
	}
}

func TestDupesReadOnlyComparesOnly(t *testing.T) {
	st, pairs := dupeStore(t, 10)
	path := st.Path()
	st.Close()
	ro, err := storeOpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 80, 24)
	s := openDupes(t, m)
	cursorOn(t, s, pairs[0][0])
	press(t, m, "enter", "m", "n")
	if s.confirm != dcNone {
		t.Fatal("a read-only store asked to merge or mark")
	}
	mustContain(t, screenText(m), "read-only: compare only")
}

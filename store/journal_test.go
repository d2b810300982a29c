package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

func openAs(t *testing.T, path, user, source string) *Store {
	t.Helper()
	s, err := Open(path, Options{NoSync: true, User: user, Source: source})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJournalRecordsEveryChangeWithWhoAndWhence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s := openAs(t, path, "ana", "rolo import")
	defer s.Close()
	start, err := s.JournalHead()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.Create(&contact.Contact{FirstName: "A", Emails: []string{"a@example.com"}})
	b, _ := s.Create(&contact.Contact{FirstName: "B"})
	err = s.Update(func(tx *Tx) error {
		tx.SetSource("card")
		c, err := tx.Get(a)
		if err != nil {
			return err
		}
		c.LastName = "Nowak"
		if _, err := tx.Save(c, contact.Event{Kind: contact.EventUpdate}); err != nil {
			return err
		}
		// Saved, then deleted in the same transaction: the delete counts.
		cb, _ := tx.Get(b)
		cb.LastName = "X"
		if _, err := tx.Save(cb, contact.Event{}); err != nil {
			return err
		}
		return tx.Delete(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPref("columns", []string{"email"}); err != nil {
		t.Fatal(err)
	}
	// A transaction that writes nothing is not journalled.
	if err := s.Update(func(*Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Changes(start, 100)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		User, Source   string
		Saved, Deleted []uint64
		Settings       bool
	}
	var rows []row
	for i, ch := range got {
		if ch.Seq != start+uint64(i)+1 || ch.At.IsZero() {
			t.Errorf("change %d: seq %d at %v", i, ch.Seq, ch.At)
		}
		rows = append(rows, row{ch.User, ch.Source, ch.Saved, ch.Deleted, ch.Settings})
	}
	want := []row{
		{"ana", "rolo import", []uint64{a}, nil, false},
		{"ana", "rolo import", []uint64{b}, nil, false},
		{"ana", "card", []uint64{a}, []uint64{b}, false},
		{"ana", "rolo import", nil, nil, true},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("journal:\n got %+v\nwant %+v", rows, want)
	}
	head, _ := s.JournalHead()
	if head != got[len(got)-1].Seq {
		t.Errorf("head %d, last change %d", head, got[len(got)-1].Seq)
	}
	if more, err := s.Changes(head, 100); err != nil || len(more) != 0 {
		t.Errorf("after the head: %v %v", more, err)
	}
	if some, _ := s.Changes(start, 2); len(some) != 2 {
		t.Errorf("max 2 gave %d", len(some))
	}
	var hist []contact.Event
	s.View(func(tx *Tx) error { hist, err = tx.History(a); return err })
	if len(hist) != 1 || hist[0].By != "ana" || hist[0].Source != "card" {
		t.Errorf("history %+v, want one event by ana from the card", hist)
	}
}

func TestTrimmedJournalTellsALateReaderToRebuild(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, err := Open(path, Options{NoSync: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 5 {
		now = now.Add(time.Hour)
		if _, err := s.Create(&contact.Contact{FirstName: string(rune('A' + i))}); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := s.Changes(0, 100)
	if len(all) != 5 {
		t.Fatalf("%d changes", len(all))
	}
	// Trim the three oldest (made before 04:00).
	if err := s.TrimJournal(all[2].At.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, after := range []uint64{0, all[0].Seq, all[1].Seq} {
		if _, err := s.Changes(after, 100); !errors.Is(err, ErrJournalTrimmed) {
			t.Errorf("Changes(%d) after a trim: %v, want ErrJournalTrimmed", after, err)
		}
	}
	rest, err := s.Changes(all[2].Seq, 100)
	if err != nil || len(rest) != 2 || rest[0].Seq != all[3].Seq {
		t.Errorf("Changes after the trimmed part: %v %v", rest, err)
	}
	// All but the newest maxSeq-th: a count bound trims whatever the age.
	s.update(func(tx *bolt.Tx) error { return trimJournal(tx, time.Time{}, all[3].Seq) })
	if _, err := s.Changes(all[2].Seq, 100); !errors.Is(err, ErrJournalTrimmed) {
		t.Errorf("count trim not seen: %v", err)
	}
	if rest, err := s.Changes(all[3].Seq, 100); err != nil || len(rest) != 1 {
		t.Errorf("newest entry: %v %v", rest, err)
	}
}

func TestChangeEncodingRoundTripsAndRefusesGarbage(t *testing.T) {
	ch := Change{Seq: 9, At: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), User: "bartek", Source: "import:12",
		Saved: []uint64{1, 2, 300, 1 << 40}, Deleted: []uint64{7}, Settings: true}
	got, err := decodeChange(9, encodeChange(ch))
	if err != nil || !reflect.DeepEqual(got, ch) {
		t.Errorf("round trip: %+v %v", got, err)
	}
	enc := encodeChange(ch)
	for i := 1; i < len(enc); i++ {
		if _, err := decodeChange(9, enc[:i]); !errors.Is(err, errChange) {
			t.Errorf("cut at %d: %v", i, err)
		}
	}
}

func TestCatchUpGivesAnotherProcessesChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	mine := openAs(t, path, "ana", "interface")
	defer mine.Close()
	theirs := openAs(t, path, "bartek", "interface")
	defer theirs.Close()
	a, _ := mine.Create(&contact.Contact{FirstName: "A"})
	seen, _ := mine.JournalHead()
	b, _ := theirs.Create(&contact.Contact{FirstName: "B"})
	c, _ := theirs.Create(&contact.Contact{FirstName: "C"})
	theirs.Update(func(tx *Tx) error {
		x, _ := tx.Get(a)
		x.LastName = "Changed"
		if _, err := tx.Save(x, contact.Event{}); err != nil {
			return err
		}
		return tx.Delete(c)
	})
	up, err := mine.CatchUp(seen, 100)
	if err != nil {
		t.Fatal(err)
	}
	var saved []string
	for _, s := range up.Saved {
		saved = append(saved, s.FirstName+s.LastName)
	}
	if !reflect.DeepEqual(saved, []string{"AChanged", "B"}) || !reflect.DeepEqual(up.Deleted, []uint64{c}) || up.Saved[1].ID != b {
		t.Errorf("caught up: saved %v deleted %v", saved, up.Deleted)
	}
	if again, _ := mine.CatchUp(up.Next, 100); len(again.Saved)+len(again.Deleted) != 0 || again.Next != up.Next {
		t.Errorf("nothing new, yet %+v", again)
	}
	mine.TrimJournal(time.Now().Add(time.Hour))
	if _, err := mine.CatchUp(seen, 100); !errors.Is(err, ErrJournalTrimmed) {
		t.Errorf("after a trim: %v", err)
	}
}

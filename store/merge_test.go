package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"rolo/contact"
)

func TestMergeKeepsHistoriesAndIndexes(t *testing.T) {
	s, ck := openClock(t)
	a, _ := s.Create(&contact.Contact{FirstName: "Łucja", Emails: []string{"lucja@wp.pl"}, Phones: []contact.Phone{{Number: "+48601234567"}}, CRMID: "C1", Source: "import:1"})
	ck.t = t0.Add(time.Hour)
	b, _ := s.Create(&contact.Contact{FirstName: "Lucja", Emails: []string{"l.w@firma.pl"}, Phones: []contact.Phone{{Number: "+48221234567"}}, CRMID: "C2", Source: "import:2"})
	// Each has a history of its own.
	ck.t = t0.Add(2 * time.Hour)
	cb, _ := s.Get(b)
	cb.Company = "Żabka"
	s.Save(cb, contact.Event{Source: "card"})
	if err := s.MarkNotDuplicates(b, 77); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Count()

	ck.t = t0.Add(3 * time.Hour)
	ca, _ := s.Get(a)
	cb, _ = s.Get(b)
	m := ca.Clone()
	m.FirstName, m.Company = cb.FirstName, cb.Company
	m.AddEmail(cb.Emails[0])
	m.AddPhone(cb.Phones[0])
	if err := s.Merge(m, []*contact.Contact{cb}, "dedupe"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count(); n != before-1 {
		t.Errorf("count %d, want %d", n, before-1)
	}
	if _, err := s.Get(b); !errors.Is(err, ErrNotFound) {
		t.Errorf("merged-away contact still there: %v", err)
	}
	got, _ := s.Get(a)
	if got.FirstName != "Lucja" || got.Company != "Żabka" || len(got.Emails) != 2 || !got.UpdatedAt.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("survivor %+v", got)
	}
	for _, e := range []string{"lucja@wp.pl", "l.w@firma.pl"} {
		if ids, _ := s.Find(contact.KeyEmail, e); len(ids) != 1 || ids[0] != a {
			t.Errorf("%s → %v", e, ids)
		}
	}
	if ids, _ := s.Find(contact.KeyCRMID, "C2"); len(ids) != 0 {
		t.Errorf("the merged-away CRM ID is still indexed: %v", ids)
	}
	if problems, err := s.Verify(); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", problems, err)
	}
	evs, _ := s.History(a)
	var kinds []string
	for _, ev := range evs {
		kinds = append(kinds, ev.Kind+"("+ev.Source+": "+ev.Note+")")
	}
	want := "create(import:2: contact #2 created) update(card: from contact #2) merge(dedupe: contact #2 merged into #1) merge(dedupe: merged #2 into #1)"
	if strings.Join(kinds, " ") != want {
		t.Errorf("history:\n got %s\nwant %s", strings.Join(kinds, " "), want)
	}
	if notDup, _ := s.NotDuplicates(); notDup(b, 77) {
		t.Error("the marks of a merged-away contact were kept")
	}
}

func TestMergeRefusesStaleAndErased(t *testing.T) {
	s, ck := openClock(t)
	a, _ := s.Create(&contact.Contact{FirstName: "A", Emails: []string{"a@x.pl"}})
	b, _ := s.Create(&contact.Contact{FirstName: "B", Emails: []string{"b@x.pl"}, Status: contact.StatusUnsubscribed})
	ca, _ := s.Get(a)
	cb, _ := s.Get(b)
	// b changes after the merge was planned.
	ck.t = t0.Add(time.Minute)
	edit := cb.Clone()
	edit.LastName = "New"
	s.Save(edit, contact.Event{Source: "card"})
	err := s.Merge(ca.Clone(), []*contact.Contact{cb}, "dedupe")
	if !errors.Is(err, ErrStale) {
		t.Errorf("stale merge: %v", err)
	}
	if _, err := s.Get(b); err != nil {
		t.Errorf("a refused merge deleted the contact: %v", err)
	}
	// A fresh plan goes through; the result keeps the unsubscribe and
	// suppresses the survivor's own address too.
	cb, _ = s.Get(b)
	m := ca.Clone()
	m.Status = contact.StatusUnsubscribed
	m.AddEmail("b@x.pl")
	if err := s.Merge(m, []*contact.Contact{cb}, "dedupe"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Suppressed(SuppressEmail, "a@x.pl"); !ok {
		t.Error("the merged unsubscribed contact's e-mail is not suppressed")
	}
	c, _ := s.Create(&contact.Contact{FirstName: "C"})
	s.Erase(t.Context(), []uint64{c}, EraseOptions{})
	cc, _ := s.Get(c)
	m, _ = s.Get(a)
	if err := s.Merge(m, []*contact.Contact{cc}, "dedupe"); err == nil || !strings.Contains(err.Error(), "erased") {
		t.Errorf("merging a tombstone: %v", err)
	}
	if err := s.MarkNotDuplicates(a); err == nil {
		t.Error("marking one contact was accepted")
	}
}

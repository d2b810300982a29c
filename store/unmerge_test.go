package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"rolo/contact"
)

func TestUnmergeBringsEveryContactBack(t *testing.T) {
	s, ck := openClock(t)
	a, _ := s.Create(&contact.Contact{FirstName: "Łucja", Emails: []string{"lucja@wp.pl"}, Phones: []contact.Phone{{Number: "+48601234567", Raw: "601 234 567"}},
		CRMID: "C1", Source: "import:1", Consents: []contact.Consent{{Name: "sms", Granted: true, At: t0, Source: "import:1"}}})
	ck.t = t0.Add(time.Hour)
	b, _ := s.Create(&contact.Contact{FirstName: "Lucja", Emails: []string{"l.w@firma.pl"}, CRMID: "C2", Source: "import:2"})
	ck.t = t0.Add(2 * time.Hour)
	cb, _ := s.Get(b)
	cb.Company = "Żabka"
	s.Save(cb, contact.Event{Source: "card"})
	ca, _ := s.Get(a)
	cb, _ = s.Get(b)
	histA, _ := s.History(a)
	histB, _ := s.History(b)
	count, _ := s.Count()

	ck.t = t0.Add(3 * time.Hour)
	m := ca.Clone()
	m.FirstName, m.Company = cb.FirstName, cb.Company
	m.AddEmail(cb.Emails[0])
	if err := s.Merge(m, []*contact.Contact{cb}, "dedupe"); err != nil {
		t.Fatal(err)
	}
	ck.t = t0.Add(4 * time.Hour)
	ids, err := s.Unmerge(a, "dedupe")
	if err != nil || len(ids) != 2 || ids[0] != a || ids[1] != b {
		t.Fatalf("unmerge: %v %v", ids, err)
	}
	for _, want := range []*contact.Contact{ca, cb} {
		got, err := s.Get(want.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("contact %d came back as\n%+v\nwant\n%+v (%v)", want.ID, got, want, err)
		}
	}
	if n, _ := s.Count(); n != count {
		t.Errorf("count %d, want %d", n, count)
	}
	for id, want := range map[uint64][]contact.Event{a: histA, b: histB} {
		got, _ := s.History(id)
		if len(got) != len(want)+1 || got[len(got)-1].Kind != contact.EventUndo {
			t.Errorf("history of %d: %+v", id, got)
			continue
		}
		for i := range want {
			if got[i].Note != want[i].Note || got[i].Source != want[i].Source || !got[i].At.Equal(want[i].At) {
				t.Errorf("history of %d, event %d: %+v, want %+v", id, i, got[i], want[i])
			}
		}
	}
	if ids, _ := s.Find(contact.KeyEmail, "l.w@firma.pl"); len(ids) != 1 || ids[0] != b {
		t.Errorf("e-mail of b → %v", ids)
	}
	if problems, err := s.Verify(); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", problems, err)
	}
	// Nothing left to undo.
	if _, err := s.Unmerge(a, "dedupe"); !errors.Is(err, ErrNoMerge) {
		t.Errorf("second undo: %v", err)
	}

	// A merge followed by an edit is not undone.
	ca, _ = s.Get(a)
	cb, _ = s.Get(b)
	m = ca.Clone()
	m.AddEmail(cb.Emails[0])
	ck.t = t0.Add(5 * time.Hour)
	if err := s.Merge(m, []*contact.Contact{cb}, "dedupe"); err != nil {
		t.Fatal(err)
	}
	ck.t = t0.Add(6 * time.Hour)
	m, _ = s.Get(a)
	m.JobTitle = "CEO"
	s.Save(m, contact.Event{Source: "card"})
	if _, err := s.Unmerge(a, "dedupe"); err == nil || !strings.Contains(err.Error(), "contact 1 changed since the merge (update by card") {
		t.Errorf("undo after an edit: %v", err)
	}
	if _, err := s.Get(b); !errors.Is(err, ErrNotFound) {
		t.Errorf("a refused undo brought %d back: %v", b, err)
	}
}

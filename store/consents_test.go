package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"testing"
	"time"

	"rolo/contact"
	"rolo/filter"
)

// clock is a settable store clock for tests that need time to move.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func openClock(t *testing.T) (*Store, *clock) {
	t.Helper()
	ck := &clock{t: t0}
	s, err := Open(t.TempDir()+"/rolo.db", Options{Now: ck.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, ck
}

func describeChanges(cs []ConsentChange) []string {
	var out []string
	for _, c := range cs {
		state := contact.FormatBool(c.Granted)
		if c.Removed {
			state = "removed"
		}
		out = append(out, fmt.Sprintf("%s %s at %s by %s (%s %s)", c.Name, state, c.At.Format("01-02 15:04"), c.Source, c.Kind, c.Changed.Format("01-02 15:04")))
	}
	return out
}

// Consent history across import → card edit → bulk action → unsubscribe,
// written through the store APIs the importer, the card and the bulk
// action use.
func TestConsentHistoryAcrossImportEditBulk(t *testing.T) {
	s, ck := openClock(t)
	// import:1 creates the contact with a newsletter consent.
	c := &contact.Contact{FirstName: "Ola", Emails: []string{"ola@example.pl"}, Source: "import:1",
		Consents: []contact.Consent{{Name: "newsletter", Granted: true, At: t0, Source: "import:1"}}}
	id, err := s.Create(c)
	if err != nil {
		t.Fatal(err)
	}
	step := func(d time.Duration, source string, edit func(c *contact.Contact)) {
		t.Helper()
		ck.t = t0.Add(d)
		c, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		edit(c)
		if _, err := s.Save(c, contact.Event{Source: source}); err != nil {
			t.Fatal(err)
		}
	}
	// import:2 withdraws it and grants sms (an import column of 0 and 1).
	step(time.Hour, "import:2", func(c *contact.Contact) {
		c.SetConsent(contact.Consent{Name: "newsletter", Granted: false, At: t0.Add(time.Hour), Source: "import:2"})
		c.SetConsent(contact.Consent{Name: "sms", Granted: true, At: t0.Add(time.Hour), Source: "import:2"})
	})
	// The card grants the newsletter again.
	step(2*time.Hour, "card", func(c *contact.Contact) {
		if err := c.Set("consent:newsletter", "yes", contact.SetOptions{Source: "card", Now: t0.Add(2 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	})
	// A bulk action clears the sms consent.
	step(3*time.Hour, "bulk", func(c *contact.Contact) { c.RemoveConsent("sms") })
	// An unsubscribe withdraws what is granted.
	ck.t = t0.Add(4 * time.Hour)
	if _, err := s.Unsubscribe(context.Background(), []uint64{id}, UnsubscribeOptions{Source: "card", Reason: "asked by phone"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ConsentHistory(id)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"newsletter yes at 11-02 09:30 by import:1 (create 11-02 09:30)",
		"newsletter no at 11-02 10:30 by import:2 (update 11-02 10:30)",
		"sms yes at 11-02 10:30 by import:2 (update 11-02 10:30)",
		"newsletter yes at 11-02 11:30 by card (update 11-02 11:30)",
		"sms removed at 11-02 12:30 by bulk (update 11-02 12:30)",
		"newsletter no at 11-02 13:30 by card (unsubscribe 11-02 13:30)",
	}
	if d := describeChanges(got); fmt.Sprint(d) != fmt.Sprint(want) {
		t.Errorf("consent history:\n got %q\nwant %q", d, want)
	}
	// Ola withdrew the newsletter she had granted; Piotr refused it from
	// the start; Ewa grants it.
	s.Create(&contact.Contact{FirstName: "Piotr", Consents: []contact.Consent{{Name: "newsletter", Granted: false, At: t0}}})
	s.Create(&contact.Contact{FirstName: "Ewa", Consents: []contact.Consent{{Name: "newsletter", Granted: true, At: t0}}})
	usage, err := s.ConsentUsage()
	if u := usage["newsletter"]; err != nil || u != (ConsentUsage{Granted: 1, Refused: 1, Withdrawn: 1}) || u.Holders() != 3 {
		t.Errorf("newsletter usage %+v %v, want 1 granted, 1 refused, 1 withdrawn", u, err)
	}
	// The current state carries the exact time.
	if last := got[len(got)-1]; !last.At.Equal(t0.Add(4 * time.Hour)) {
		t.Errorf("current state time %v", last.At)
	}

	// Filters read consent:<name> and the time it was given.
	now := func() time.Time { return t0.Add(5 * time.Hour) }
	cur, _ := s.Get(id)
	for expr, want := range map[string]bool{
		"consent:newsletter = no":           true,
		"consent:newsletter exists":         true,
		"consent:sms not exists":            true,
		"consent:newsletter = yes":          false,
		"consent:newsletter >= 2026-11-02":  false, // withdrawn: not given at any time
		"status = unsubscribed":             true,
		"consent:newsletter != yes":         true,
		"consent:newsletter < 2026-11-03":   false,
		"consent:missing exists":            false,
		"consent:newsletter = 2026-11-02":   false,
		"consent:\"newsletter\" not exists": false,
	} {
		f, err := filter.Parse(expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		m, err := f.Compile(filter.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if m(cur) != want {
			t.Errorf("%s on the unsubscribed contact = %v, want %v", expr, !want, want)
		}
	}
	granted := &contact.Contact{Consents: []contact.Consent{{Name: "newsletter", Granted: true, At: t0.Add(-40 * 24 * time.Hour)}}}
	for expr, want := range map[string]bool{
		"consent:newsletter >= -30d":       false,
		"consent:newsletter < -30d":        true,
		"consent:newsletter = 2026-09-23":  true,
		"consent:newsletter >= 2026-09-01": true,
	} {
		f, _ := filter.Parse(expr)
		m, err := f.Compile(filter.Options{Now: func() time.Time { return t0 }})
		if err != nil {
			t.Fatal(err)
		}
		if m(granted) != want {
			t.Errorf("%s on a consent given 40 days ago = %v, want %v", expr, !want, want)
		}
	}
}

func TestConsentDefsAddListRemove(t *testing.T) {
	s := openTemp(t)
	d, created, err := s.AddConsentDef(ConsentDef{Name: "newsletter", Channel: "e-mail", Description: "Monthly news"})
	if err != nil || !created || d.Channel != ChannelEmail || d.Auto {
		t.Fatalf("add: %+v %v %v", d, created, err)
	}
	if _, _, err := s.AddConsentDef(ConsentDef{Name: "newsletter"}); !errors.Is(err, ErrExists) {
		t.Errorf("adding twice: %v", err)
	}
	for _, bad := range []ConsentDef{{Name: ""}, {Name: " x"}, {Name: "a\tb"}, {Name: "ok", Channel: "pigeon"}} {
		if _, _, err := s.AddConsentDef(bad); err == nil {
			t.Errorf("AddConsentDef(%+v) accepted", bad)
		}
	}
	// A consent used before it was defined is created on first use (Auto);
	// adding it makes it deliberate and keeps its creation time.
	id, _ := s.Create(&contact.Contact{FirstName: "A", Consents: []contact.Consent{{Name: "sms_promo", Granted: true}}})
	s.Create(&contact.Contact{FirstName: "B", Consents: []contact.Consent{{Name: "sms_promo", Granted: false}}})
	auto, err := s.ConsentDef("sms_promo")
	if err != nil || !auto.Auto || auto.Channel != ChannelSMS {
		t.Fatalf("auto definition %+v %v", auto, err)
	}
	d, created, err = s.AddConsentDef(ConsentDef{Name: "sms_promo", Description: "Promotions by SMS"})
	if err != nil || created || d.Auto || d.Channel != ChannelSMS || !d.CreatedAt.Equal(auto.CreatedAt) {
		t.Errorf("confirming an auto definition: %+v %v %v", d, created, err)
	}
	usage, err := s.ConsentUsage()
	if err != nil || usage["sms_promo"] != (ConsentUsage{Granted: 1, Refused: 1}) || usage["newsletter"].Holders() != 0 {
		t.Errorf("usage %+v %v", usage, err)
	}
	// Removing a held consent is refused, then forced.
	_, err = s.RemoveConsentDef(context.Background(), "sms_promo", RemoveConsentOptions{})
	var inUse *ConsentInUseError
	if !errors.As(err, &inUse) || inUse.Usage.Holders() != 2 {
		t.Fatalf("removing a held consent: %v", err)
	}
	n, err := s.RemoveConsentDef(context.Background(), "sms_promo", RemoveConsentOptions{Force: true, Source: "cli"})
	if err != nil || n != 2 {
		t.Fatalf("forced removal: %d %v", n, err)
	}
	if _, err := s.ConsentDef("sms_promo"); !errors.Is(err, ErrNotFound) {
		t.Errorf("definition still there: %v", err)
	}
	c, _ := s.Get(id)
	if len(c.Consents) != 0 {
		t.Errorf("consent still on the contact: %+v", c.Consents)
	}
	h, _ := s.ConsentHistory(id)
	if len(h) != 2 || !h[1].Removed || h[1].Source != "cli" {
		t.Errorf("history after removal: %q", describeChanges(h))
	}
	if _, err := s.RemoveConsentDef(context.Background(), "nope", RemoveConsentOptions{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing an unknown consent: %v", err)
	}
	if _, err := s.RemoveConsentDef(context.Background(), "newsletter", RemoveConsentOptions{}); err != nil {
		t.Errorf("removing an unused consent: %v", err)
	}
}

func TestUnsubscribe(t *testing.T) {
	s := openTemp(t)
	a, _ := s.Create(&contact.Contact{FirstName: "A", Status: contact.StatusSubscriber,
		Emails: []string{"a@example.com"}, Phones: []contact.Phone{{Number: "+48601234567"}}, WhatsApp: "+48601234568",
		Consents: []contact.Consent{{Name: "newsletter", Granted: true}, {Name: "sms", Granted: false, Source: "import:1"}}})
	b, _ := s.Create(&contact.Contact{FirstName: "B", Status: contact.StatusUnsubscribed, Emails: []string{"b@example.com"}})
	e, _ := s.Create(&contact.Contact{FirstName: "E", Emails: []string{"e@example.com"}})
	if _, err := s.Erase(context.Background(), []uint64{e}, EraseOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Unsubscribe(context.Background(), []uint64{a, b, e, 12345}, UnsubscribeOptions{Source: "cli", Reason: "request"})
	if err != nil {
		t.Fatal(err)
	}
	want := UnsubscribeResult{Unsubscribed: 1, Unchanged: 1, Erased: 1, Missing: 1, Withdrawn: 1, Suppressed: 4}
	if res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	c, _ := s.Get(a)
	if c.Status != contact.StatusUnsubscribed {
		t.Errorf("status %q", c.Status)
	}
	if k, _ := c.Consent("newsletter"); k.Granted || k.Source != "cli" || !k.At.Equal(t0) {
		t.Errorf("newsletter %+v", k)
	}
	if k, _ := c.Consent("sms"); k.Source != "import:1" {
		t.Errorf("a refused consent was touched: %+v", k)
	}
	for _, v := range [][2]string{{SuppressEmail, "A@Example.com"}, {SuppressPhone, "+48601234567"}, {SuppressPhone, "+48601234568"}, {SuppressEmail, "b@example.com"}} {
		if sup, ok, _ := s.Suppressed(v[0], v[1]); !ok || sup.Reason != ReasonUnsubscribed || sup.Source != "cli" {
			t.Errorf("%s %s: %+v %v", v[0], v[1], sup, ok)
		}
	}
	evs, _ := s.History(a)
	if len(evs) != 1 || evs[0].Kind != EventUnsubscribe || evs[0].Note != "unsubscribed: request" {
		t.Errorf("history %+v", evs)
	}
	// Once more: nothing changes, no new event.
	res, _ = s.Unsubscribe(context.Background(), []uint64{a}, UnsubscribeOptions{})
	if res.Unchanged != 1 || res.Suppressed != 0 {
		t.Errorf("second unsubscribe %+v", res)
	}
	if evs, _ := s.History(a); len(evs) != 1 {
		t.Errorf("second unsubscribe wrote history: %+v", evs)
	}
}

// An import that put an address on the suppression list (a block list)
// removes its entries when undone, but not once the person was
// unsubscribed or erased on purpose: the entry is theirs then.
func TestSuppressionClaimedFromImportUndo(t *testing.T) {
	s := openTemp(t)
	j, _ := s.NewJob(Job{File: "/tmp/block.csv"})
	var id uint64
	err := s.Update(func(tx *Tx) error {
		c := &contact.Contact{FirstName: "Z", Emails: []string{"z@example.com"}, Source: j.Source()}
		var err error
		if id, err = tx.Create(c); err != nil {
			return err
		}
		if err := tx.JobCreated(j.ID, id, id); err != nil {
			return err
		}
		keys, err := tx.SuppressContact(c, Suppression{Reason: "block list", Source: j.Source()})
		if err != nil {
			return err
		}
		return tx.JobSuppressed(j.ID, keys)
	})
	if err != nil {
		t.Fatal(err)
	}
	j.Status, j.Updated = contact.JobDone, t0
	s.PutJob(j)
	if _, err := s.Unsubscribe(context.Background(), []uint64{id}, UnsubscribeOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UndoJob(j.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Suppressed(SuppressEmail, "z@example.com"); !ok {
		t.Error("undoing the import removed the suppression of an unsubscribed person")
	}
}

// ConsentUsage reads the store in chunks, resuming by key: with chunks of
// a few contacts, every contact is counted once, as in one pass.
func TestConsentUsageInChunks(t *testing.T) {
	s := openTemp(t)
	for i := range 23 {
		c := &contact.Contact{FirstName: "C", LastName: fmt.Sprint(i),
			Consents: []contact.Consent{{Name: "newsletter", Granted: i%3 == 0}, {Name: "sms", Granted: i%2 == 0}}}
		if _, err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	whole, err := s.ConsentUsage()
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { scanChunk = n }(scanChunk)
	scanChunk = 4
	chunked, err := s.ConsentUsage()
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(whole, chunked) || whole["newsletter"] != (ConsentUsage{Granted: 8, Refused: 15}) || whole["sms"] != (ConsentUsage{Granted: 12, Refused: 11}) {
		t.Errorf("in one pass %v, in chunks of 4 %v", whole, chunked)
	}
}

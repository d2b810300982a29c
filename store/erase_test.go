package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
)

// The marker is a made-up word that appears nowhere else, written in several
// fields in several forms; after an erasure none of its forms may remain
// anywhere in the store's folder.
const (
	marker      = "Zyxqvorth"
	markerCyr   = "Зыксквортович"
	markerEmail = "zyxqvorth.qa@example.org"
	markerPhone = "+48 601 987 321" // as written
	markerE164  = "+48601987321"
	markerTax   = "PL 987-654-32-10"
	markerCRM   = "ZYX-0042"
)

// markerForms are the byte strings that must not survive: raw, case-folded,
// normalised and transliterated forms of everything the marker contact held.
func markerForms() []string {
	return []string{
		marker, strings.ToLower(marker), strings.ToUpper(marker),
		markerCyr, strings.ToLower(markerCyr), contact.Translit(markerCyr),
		markerEmail, strings.ToUpper(markerEmail),
		markerPhone, markerE164, "48601987321", "601987321", "601 987 321",
		markerTax, contact.NormalizeTaxID(markerTax), markerCRM,
		"Qvorth-Card-77",
	}
}

func markerContact() *contact.Contact {
	c := &contact.Contact{
		FirstName: marker, MiddleName: markerCyr, LastName: "Ąbel" + marker,
		Emails: []string{markerEmail},
		Phones: []contact.Phone{{Number: markerE164, Raw: markerPhone, Origin: contact.OriginExplicit}},
		TaxID:  markerTax, CRMID: markerCRM, Telegram: "@" + strings.ToLower(marker),
		Description: "Notes about " + marker,
		Address:     contact.Address{Street: marker + "straße", City: "Łódź", Country: "PL"},
		Groups:      []string{"VIP"}, Tags: []string{"b2b"},
		Consents: []contact.Consent{{Name: "email", Granted: true, At: t0, Source: "card"}},
		Status:   contact.StatusSubscriber,
	}
	c.SetCustom("loyalty", "Qvorth-Card-77")
	return c
}

// findMarkers returns the marker forms found in any file under dir.
func findMarkers(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, f := range markerForms() {
			if bytes.Contains(data, []byte(f)) {
				found = append(found, fmt.Sprintf("%q in %s", f, filepath.Base(path)))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// fillers adds realistic contacts around the marker so its records share
// pages with live data.
func fillers(t *testing.T, s *Store, n int) {
	t.Helper()
	start, err := s.Count()
	if err != nil {
		t.Fatal(err)
	}
	g := demo.New(7, start, t0)
	for i := 0; i < n; i += 500 {
		err := s.Update(func(tx *Tx) error {
			for range min(500, n-i) {
				if _, err := tx.Create(g.Next()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func openIn(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(filepath.Join(dir, "rolo.db"), Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestEraseLeavesNoTraceInTheFile(t *testing.T) {
	for _, tt := range []struct {
		name  string
		write func(t *testing.T, s *Store) uint64 // makes the marker contact, returns its ID
	}{
		{"created then edited", func(t *testing.T, s *Store) uint64 {
			fillers(t, s, 1500)
			id, err := s.Create(markerContact())
			if err != nil {
				t.Fatal(err)
			}
			fillers(t, s, 1500)
			// Edits put the old values in the history.
			for _, d := range []string{"Met " + marker + " at the fair", "Called " + strings.ToLower(marker)} {
				c, _ := s.Get(id)
				c.Description = d
				c.SetCustom("loyalty", "Qvorth-Card-77")
				c.SetConsent(contact.Consent{Name: "sms", Granted: true, At: t0, Source: "card"})
				if _, err := s.Save(c, contact.Event{Source: "card"}); err != nil {
					t.Fatal(err)
				}
			}
			return id
		}},
		{"bulk import (index runs merged)", func(t *testing.T, s *Store) uint64 {
			if err := s.BeginBulk(); err != nil {
				t.Fatal(err)
			}
			fillers(t, s, 2000)
			id, err := s.Create(markerContact())
			if err != nil {
				t.Fatal(err)
			}
			fillers(t, s, 2000)
			if err := s.EndBulk(); err != nil {
				t.Fatal(err)
			}
			return id
		}},
		{"during a bulk session (runs not merged yet)", func(t *testing.T, s *Store) uint64 {
			if err := s.BeginBulk(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.EndBulk() })
			fillers(t, s, 1000)
			id, err := s.Create(markerContact())
			if err != nil {
				t.Fatal(err)
			}
			fillers(t, s, 1000)
			return id
		}},
		{"import job with undo record and logs", func(t *testing.T, s *Store) uint64 {
			fillers(t, s, 1000)
			id, err := s.Create(&contact.Contact{FirstName: "Before", Emails: []string{markerEmail}})
			if err != nil {
				t.Fatal(err)
			}
			j, err := s.NewJob(Job{File: "/tmp/in.csv"})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Update(func(tx *Tx) error {
				old, _ := tx.Get(id)
				if err := tx.JobBefore(j.ID, old); err != nil {
					return err
				}
				c := markerContact()
				c.ID = id
				if _, err := tx.Save(c, contact.Event{Source: j.Source()}); err != nil {
					return err
				}
				// As the importer logs rows: the person's row rejected with
				// its cells, a warning about their name on the same row, and
				// another person's row, which must survive.
				log := fmt.Sprintf(`{"rejected":[{"row":4,"line":5,"reason":"e-mail %s belongs to 2 contacts","cells":["Ąbel%s","%s","%s","%s"],"table":0},`+
					`{"row":9,"line":10,"reason":"no usable key","cells":["Anna","Nowak","601 000 111"],"table":0}],`+
					`"warnings":[{"row":4,"field":"Imię","message":"%s looks like mojibake"},{"row":3,"field":"phone","message":"kept %s as written"}]}`,
					markerEmail, marker, markerEmail, markerPhone, markerCRM, markerCyr, markerPhone)
				return tx.PutJobLog(j.ID, 1, []byte(log))
			})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openIn(t, dir)
			id := tt.write(t, s)
			if len(findMarkers(t, dir)) == 0 {
				t.Fatal("the marker is not in the file before the erasure: the test proves nothing")
			}
			res, err := s.Erase(context.Background(), []uint64{id}, EraseOptions{Source: "test", Reason: "request 17"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Erased != 1 || res.ScrubPostponed {
				t.Fatalf("erase result %+v", res)
			}
			if found := findMarkers(t, dir); len(found) > 0 {
				t.Errorf("after the erasure the store folder still holds %v (scrub %+v)", found, res.Scrub)
			}
			checkTombstone(t, s, id)
			if problems, err := s.Verify(); err != nil || len(problems) > 0 {
				t.Errorf("verify after erase: %v %v", problems, err)
			}
		})
	}
}

func checkTombstone(t *testing.T, s *Store, id uint64) {
	t.Helper()
	c, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	want := &contact.Contact{ID: id, Status: contact.StatusErased, CreatedAt: c.CreatedAt, UpdatedAt: t0, Source: c.Source}
	if !contact.Equal(c, want) || !c.UpdatedAt.Equal(t0) {
		t.Errorf("tombstone = %+v", c)
	}
	for _, e := range []string{markerEmail} {
		if ids, _ := s.Find(contact.KeyEmail, e); len(ids) != 0 {
			t.Errorf("e-mail still indexed to %v", ids)
		}
		if sup, ok, _ := s.Suppressed(SuppressEmail, e); !ok || sup.Reason != ReasonErased {
			t.Errorf("e-mail suppression = %+v %v", sup, ok)
		}
	}
	if ids, _ := s.Find(contact.KeyPhone, markerE164); len(ids) != 0 {
		t.Errorf("phone still indexed to %v", ids)
	}
	evs, _ := s.History(id)
	if len(evs) == 0 || evs[len(evs)-1].Kind != contact.EventErase {
		t.Fatalf("history = %+v", evs)
	}
	for _, ev := range evs[:len(evs)-1] {
		if ev.Note != erasedNote {
			t.Errorf("event kept its note: %+v", ev)
		}
		for _, ch := range ev.Changes {
			if ch.Old != "" || ch.New != "" {
				t.Errorf("event kept values: %+v", ev)
			}
		}
	}
}

// A reader that stays open keeps the scrub waiting; the erasure then
// reports it postponed, the erased bytes are still in free pages (this is
// what bbolt does, and why the scrub exists), and Close scrubs them.
func TestEraseScrubPostponedWhileReadersStayOpen(t *testing.T) {
	old := scrubWait
	scrubWait = 50 * time.Millisecond
	t.Cleanup(func() { scrubWait = old })
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "rolo.db"), Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	fillers(t, s, 800)
	id, err := s.Create(markerContact())
	if err != nil {
		t.Fatal(err)
	}
	fillers(t, s, 800)
	release, held := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s.View(func(*Tx) error { close(held); <-release; return nil })
	}()
	<-held
	res, err := s.Erase(context.Background(), []uint64{id}, EraseOptions{})
	if err != nil || !res.ScrubPostponed || res.Erased != 1 {
		t.Fatalf("erase with a reader open: %+v %v", res, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.ScrubPending(); !pending {
		t.Error("the postponed scrub is not recorded")
	}
	// The reader kept the freed pages from reuse: the erased values are
	// still in the file, which is what the scrub is for.
	if len(findMarkers(t, dir)) == 0 {
		t.Error("the erased values are gone without a scrub: the test no longer shows bbolt keeping them")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if found := findMarkers(t, dir); len(found) > 0 {
		t.Errorf("Close did not scrub: %v", found)
	}
	s2, err := Open(filepath.Join(dir, "rolo.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if pending, _ := s2.ScrubPending(); pending {
		t.Error("the scrub flag survived the scrub")
	}
}

func TestEraseKeepsOthersAndCounts(t *testing.T) {
	s := openTemp(t)
	fillers(t, s, 300)
	before, _ := s.Count()
	a, _ := s.Create(markerContact())
	b, _ := s.Create(&contact.Contact{FirstName: "Keep", Emails: []string{"keep@example.com"}})
	// An unsubscribed person erased later: the entry becomes "erased".
	if _, err := s.Suppress(SuppressEmail, markerEmail, Suppression{Reason: ReasonUnsubscribed}); err != nil {
		t.Fatal(err)
	}
	var calls []int
	res, err := s.Erase(context.Background(), []uint64{a, a, 999999}, EraseOptions{Progress: func(d, _ int) { calls = append(calls, d) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Erased != 1 || res.AlreadyErased != 1 || res.Missing != 1 || res.Suppressed != 2 {
		t.Errorf("result %+v", res)
	}
	if len(calls) == 0 || calls[len(calls)-1] != 3 {
		t.Errorf("progress calls %v", calls)
	}
	if n, _ := s.Count(); n != before+2 {
		t.Errorf("count %d, want %d (the tombstone stays)", n, before+2)
	}
	if c, err := s.Get(b); err != nil || c.FirstName != "Keep" {
		t.Errorf("other contact: %+v %v", c, err)
	}
	if e, ok, _ := s.Suppressed(SuppressEmail, markerEmail); !ok || e.Reason != ReasonErased {
		t.Errorf("suppression after erase: %+v", e)
	}
	// A cancelled context erases nothing and says so.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = s.Erase(ctx, []uint64{b}, EraseOptions{})
	if err != nil || !res.Cancelled || res.Erased != 0 {
		t.Errorf("cancelled erase: %+v %v", res, err)
	}
}

// Erasing while other goroutines read (some opening a transaction inside
// another, which a blocking writer lock would deadlock) and write: it
// finishes, scrubs or postpones, and the store stays consistent.
func TestEraseWhileOthersReadAndWrite(t *testing.T) {
	s := openTemp(t)
	fillers(t, s, 1000)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 3)
	go func() { // nested readers
		for ctx.Err() == nil {
			err := s.View(func(*Tx) error {
				_, err := s.Count()
				return err
			})
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	go func() { // a scanner
		for ctx.Err() == nil {
			if err := s.ScanBorrowed(func(*contact.Contact) error { return nil }); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	go func() { // a writer
		for i := 0; ctx.Err() == nil; i++ {
			_, err := s.Create(&contact.Contact{FirstName: fmt.Sprint("W", i), Emails: []string{fmt.Sprintf("w%d@example.net", i)}})
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	ids := make([]uint64, 0, 600)
	for id := uint64(1); id <= 600; id++ {
		ids = append(ids, id)
	}
	res, err := s.Erase(context.Background(), ids, EraseOptions{})
	cancel()
	for range 3 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if err != nil || res.Erased != 600 {
		t.Fatalf("erase: %+v %v", res, err)
	}
	// The scrub's gate let the open transactions drain: it ran at once.
	if res.ScrubPostponed {
		t.Error("the scrub was starved by short transactions")
	}
	if pending, _ := s.ScrubPending(); pending {
		t.Error("scrub still pending")
	}
	if problems, err := s.Verify(); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", problems, err)
	}
}

func TestEraseRedactsImportLogs(t *testing.T) {
	s := openTemp(t)
	id, _ := s.Create(markerContact())
	j, _ := s.NewJob(Job{File: "/tmp/in.csv"})
	log := `{"rejected":[{"row":4,"line":5,"reason":"e-mail ` + markerEmail + ` belongs to 2 contacts","cells":["` + marker + `","Ąbel","` + markerEmail + `"],"table":0},` +
		`{"row":9,"line":10,"reason":"no usable key","cells":["Anna","Nowak","601 000 111"],"table":0}],` +
		`"warnings":[{"row":4,"field":"Imię","message":"Łódź looks like mojibake"},{"row":3,"field":"phone","message":"kept ` + markerPhone + ` as written"}]}`
	if err := s.Update(func(tx *Tx) error { return tx.PutJobLog(j.ID, 1, []byte(log)) }); err != nil {
		t.Fatal(err)
	}
	res, err := s.Erase(context.Background(), []uint64{id}, EraseOptions{})
	if err != nil || res.LogsRedacted != 1 {
		t.Fatalf("erase: %+v %v", res, err)
	}
	var got []string
	s.JobLogs(j.ID, func(data []byte) error { got = append(got, string(data)); return nil })
	want := `{"rejected":[{"cells":["[erased]","[erased]","[erased]"],"line":5,"reason":"[erased]","row":4,"table":0},` +
		`{"cells":["Anna","Nowak","601 000 111"],"line":10,"reason":"no usable key","row":9,"table":0}],` +
		`"warnings":[{"field":"Imię","message":"[erased]","row":4},{"field":"phone","message":"[erased]","row":3}]}`
	if len(got) != 1 || got[0] != want {
		t.Errorf("redacted log:\n got %s\nwant %s", got, want)
	}
}

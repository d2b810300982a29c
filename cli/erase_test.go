package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"rolo/contact"
	"rolo/store"
)

func TestEraseNeedsConfirmation(t *testing.T) {
	db, ids := privacyStore(t, person("Anna", "Nowak", "anna@example.com", "+48601234567"), person("Jan", "Kowalski", "jan@example.com", ""))
	erased := func() bool {
		var c *contact.Contact
		withStore(t, db, func(s *store.Store) { c, _ = s.Get(ids[0]) })
		return c.Status == contact.StatusErased
	}
	// No terminal, no --yes: refused, exit 2, nothing erased.
	args := []string{"--db", db, "erase", "--email", "anna@example.com"}
	code, _, errs := run(t, args...)
	oneLine(t, args, code, errs, ExitUsage, "erasing 1 contact needs --yes to confirm")
	if erased() {
		t.Fatal("erased without confirmation")
	}
	// On a terminal: asked with the count; anything but yes declines.
	code, _, errs = runIO(t, "no\n", true, args...)
	if code != ExitError || !strings.Contains(errs, "Erase the personal data of 1 contact (#1)? This cannot be undone. Type yes to confirm: ") ||
		!strings.Contains(errs, "rolo: not confirmed; nothing was erased") {
		t.Errorf("declined: %d %q", code, errs)
	}
	if erased() {
		t.Fatal("erased after no")
	}
	code, out, errs := runIO(t, "yes\n", true, args...)
	if code != ExitOK || !strings.Contains(out, "erased 1 contact (#1)") || !erased() {
		t.Fatalf("confirmed: %d %q %q", code, out, errs)
	}
	// Again: nothing to do.
	code, out, _ = run(t, "--db", db, "erase", "--id", "1", "--yes")
	if code != ExitOK || out != "1 contact already erased; nothing to do\n" {
		t.Errorf("erase twice: %d %q", code, out)
	}
	// The erased person is no longer counted as a contact.
	if _, out, _ := run(t, "--db", db, "count"); out != "1\n" {
		t.Errorf("rolo count after erasing one of two: %q", out)
	}
	if _, out, _ := run(t, "--db", db, "count", "--where", "status = erased"); out != "1\n" {
		t.Errorf("rolo count --where 'status = erased': %q", out)
	}
	withStore(t, db, func(s *store.Store) {
		if c, _ := s.Get(ids[1]); c.FirstName != "Jan" {
			t.Errorf("the other contact changed: %+v", c)
		}
		if e, ok, _ := s.Suppressed(store.SuppressPhone, "+48601234567"); !ok || e.Reason != store.ReasonErased || e.Source != "cli" {
			t.Errorf("suppression %+v %v", e, ok)
		}
	})
}

func TestEraseAndUnsubscribeErrors(t *testing.T) {
	db, _ := privacyStore(t, person("A", "One", "a@example.com", "+48221234567"), person("B", "Two", "b@example.com", "+48221234567"))
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"erase"}, ExitUsage, "say who: --email, --phone, --id or --where"},
		{[]string{"erase", "--where", "city = X", "--email", "a@example.com"}, ExitUsage, "use --where on its own"},
		{[]string{"erase", "--where", "pionts > 3"}, ExitUsage, `--where: "pionts" at column 1: unknown field; did you mean points?`},
		{[]string{"erase", "--email", "not-an-email"}, ExitUsage, `--email "not-an-email"`},
		{[]string{"erase", "--id", "x1"}, ExitUsage, `--id "x1" is not a contact ID`},
		{[]string{"erase", "--id", "99", "--yes"}, ExitError, "no contact has ID 99"},
		{[]string{"erase", "--email", "nobody@example.com", "--yes"}, ExitError, "no contact has email nobody@example.com; nothing was erased"},
		{[]string{"erase", "--phone", "+48 22 123 45 67", "--yes"}, ExitError, "phone +48221234567 belongs to 2 contacts (#1, #2); say which with --id"},
		{[]string{"erase", "--phone", "12"}, ExitUsage, `--phone "12"`},
		{[]string{"--read-only", "erase", "--id", "1"}, ExitUsage, "drop --read-only"},
		{[]string{"unsubscribe"}, ExitUsage, "say who"},
		{[]string{"unsubscribe", "--where", "status = subscriber"}, ExitUsage, "unsubscribing 2 contacts needs --yes"},
		{[]string{"unsubscribe", "--country", "Atlantis", "--phone", "601"}, ExitUsage, `"Atlantis" is not a country`},
	} {
		args := append([]string{"--db", db}, tt.args...)
		code, _, errs := run(t, args...)
		oneLine(t, args, code, errs, tt.code, tt.want)
	}
}

// The whole path through the command line: import a file with a marker,
// erase the person by --where, and find no trace of the marker in the
// store folder; a re-import then keeps the person out, reported per row.
func TestEraseAfterImportLeavesNoTraceAndStaysOut(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/rolo.db"
	csv := writeFile(t, "people.csv", "first_name,last_name,email,phone,newsletter,loyalty\n"+
		"Zyxqvorth,Ąbelzyx,zyxqvorth.qa@example.org,601 987 321,1,QVORTH-77\n"+
		"Anna,Nowak,anna@example.org,601 000 111,0,A-1\n")
	args := []string{"--db", db, "import", csv, "--country", "PL", "--map", "newsletter=consent:newsletter,loyalty=custom:loyalty"}
	if code, out, errs := run(t, args...); code != ExitOK || !strings.Contains(out, "created:    2") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	// An edit puts values in the history.
	withStore(t, db, func(s *store.Store) {
		ids, _ := s.Find(contact.KeyEmail, "zyxqvorth.qa@example.org")
		c, _ := s.Get(ids[0])
		c.Description = "called Zyxqvorth"
		if _, err := s.Save(c, contact.Event{Source: "card"}); err != nil {
			t.Fatal(err)
		}
	})
	forms := []string{"Zyxqvorth", "zyxqvorth", "ZYXQVORTH", "Ąbelzyx", "abelzyx", "+48601987321", "601987321", "601 987 321", "QVORTH-77"}
	found := func() []string {
		var out []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			data, _ := os.ReadFile(dir + "/" + e.Name())
			for _, f := range forms {
				if bytes.Contains(data, []byte(f)) {
					out = append(out, f+" in "+e.Name())
				}
			}
		}
		return out
	}
	if len(found()) == 0 {
		t.Fatal("the marker is not in the store before the erasure")
	}
	code, out, errs := run(t, "--db", db, "erase", "--where", "custom:loyalty starts with QVORTH", "--yes", "--reason", "request 17")
	if code != ExitOK || !strings.Contains(out, "erased 1 contact (#1)") || !strings.Contains(out, "freed pages overwritten") {
		t.Fatalf("erase: %d %q %q", code, out, errs)
	}
	if f := found(); len(f) > 0 {
		t.Errorf("after the erasure the store folder still holds %v", f)
	}
	// Re-importing the same file: the erased person is suppressed, per row.
	report := dir + "/report.json"
	code, out, errs = run(t, append(args, "--report", report)...)
	if code != ExitOK || !strings.Contains(out, "suppressed: 1") {
		t.Fatalf("re-import: %d %q %q", code, out, errs)
	}
	var rep struct {
		Created    int               `json:"created"`
		Suppressed []json.RawMessage `json:"suppressed"`
	}
	data, _ := os.ReadFile(report)
	if err := json.Unmarshal(data, &rep); err != nil || rep.Created != 0 || len(rep.Suppressed) != 1 {
		t.Errorf("re-import report: %v %s", err, data)
	}
	withStore(t, db, func(s *store.Store) {
		if n, _ := s.Count(); n != 2 {
			t.Errorf("count %d after re-import, want 2 (the tombstone and Anna)", n)
		}
		if c, _ := s.Get(1); c.Status != contact.StatusErased || c.FirstName != "" {
			t.Errorf("the tombstone came back to life: %+v", c)
		}
	})
}

func TestUnsubscribe(t *testing.T) {
	db, ids := privacyStore(t, person("Anna", "Nowak", "anna@example.com", "+48601234567"), person("Jan", "Kowalski", "jan@example.com", ""))
	code, out, errs := run(t, "--db", db, "unsubscribe", "--email", "ANNA@example.com", "--reason", "replied STOP")
	want := "unsubscribed 1 contact (#1)\nconsents withdrawn: 1; e-mails and phones added to the suppression list: 2\n"
	if code != ExitOK || out != want {
		t.Fatalf("unsubscribe: %d %q %q", code, out, errs)
	}
	withStore(t, db, func(s *store.Store) {
		c, _ := s.Get(ids[0])
		k, _ := c.Consent("newsletter")
		if c.Status != contact.StatusUnsubscribed || k.Granted || k.Source != "cli" {
			t.Errorf("after unsubscribe: %+v", c)
		}
		h, _ := s.ConsentHistory(ids[0])
		if len(h) != 2 || h[1].Granted || h[1].Kind != store.EventUnsubscribe {
			t.Errorf("consent history %+v", h)
		}
		evs, _ := s.History(ids[0])
		if len(evs) != 1 || evs[0].Note != "unsubscribed: replied STOP" {
			t.Errorf("history %+v", evs)
		}
	})
	// Someone who is not a contact is still kept out.
	code, out, _ = run(t, "--db", db, "unsubscribe", "--email", "ghost@example.com", "--phone", "+48 601 000 999")
	if code != ExitOK || !strings.Contains(out, "no contact has email ghost@example.com; added it to the suppression list") ||
		!strings.Contains(out, "no contact has phone +48601000999; added it") {
		t.Errorf("unknown person: %d %q", code, out)
	}
	// --where asks; --yes confirms; on a terminal "yes" does.
	code, out, errs = runIO(t, "yes\n", true, "--db", db, "unsubscribe", "--where", "status = subscriber")
	if code != ExitOK || !strings.Contains(errs, "Unsubscribe 1 contact (#2)? Type yes to confirm:") || !strings.Contains(out, "unsubscribed 1 contact (#2)") {
		t.Errorf("--where on a terminal: %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, "--db", db, "unsubscribe", "--where", "status = subscriber", "--yes")
	if code != ExitOK || !strings.Contains(out, "no contact matches") {
		t.Errorf("--where with nobody left: %d %q", code, out)
	}
}

// Consent history across import → card edit → bulk action, with the real
// importer writing the first two steps.
func TestConsentHistoryAcrossImportEditBulk(t *testing.T) {
	db := t.TempDir() + "/rolo.db"
	imp := func(newsletter string) {
		t.Helper()
		csv := writeFile(t, "in.csv", "email,first_name,newsletter\nola@example.pl,Ola,"+newsletter+"\n")
		if code, out, errs := run(t, "--db", db, "import", csv, "--map", "newsletter=consent:newsletter"); code != ExitOK {
			t.Fatalf("import: %d %q %q", code, out, errs)
		}
	}
	imp("1")
	imp("0")
	withStore(t, db, func(s *store.Store) {
		c, _ := s.Get(1)
		c.SetConsent(contact.Consent{Name: "newsletter", Granted: true, At: s.Now(), Source: "card"})
		if _, err := s.Save(c, contact.Event{Source: "card"}); err != nil {
			t.Fatal(err)
		}
		err := s.Update(func(tx *store.Tx) error {
			c, _ := tx.Get(1)
			c.SetConsent(contact.Consent{Name: "newsletter", Granted: false, At: s.Now(), Source: "bulk"})
			_, err := tx.Save(c, contact.Event{Source: "bulk"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.ConsentHistory(1)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range h {
			got = append(got, contact.FormatBool(x.Granted)+" by "+x.Source)
		}
		want := "[yes by import:1 no by import:2 yes by card no by bulk]"
		if strings.Join(got, " ") != want[1:len(want)-1] {
			t.Errorf("consent history %v, want %s", got, want)
		}
	})
	// The filter reads it.
	if _, out, _ := run(t, "--db", db, "count", "--where", "consent:newsletter = no"); out != "1\n" {
		t.Errorf("count consent:newsletter = no: %q", out)
	}
}

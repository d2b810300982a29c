package cli

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/store"
)

func dupeStore(t *testing.T) string {
	t.Helper()
	ph := func(n string) []contact.Phone { return []contact.Phone{{Number: n}} }
	db, _ := privacyStore(t,
		&contact.Contact{FirstName: "Łucja", LastName: "Wiśniewska", Emails: []string{"lucja@wp.pl"}, Phones: ph("+48601234567"),
			Groups: []string{"VIP"}, Consents: []contact.Consent{{Name: "newsletter", Granted: true}}},
		&contact.Contact{FirstName: "Lucja", LastName: "Wisniewska", Emails: []string{"l.w@firma.pl"}, Phones: ph("+48601234567"),
			Company: "Żabka", Groups: []string{"Newsletter"}},
		&contact.Contact{FirstName: "Сергей", LastName: "Иванов", BirthDate: "1980-05-01", Address: contact.Address{City: "Москва"}},
		&contact.Contact{FirstName: "Sergei", LastName: "Ivanov", BirthDate: "1980-05-01"},
		&contact.Contact{FirstName: "Anna", LastName: "Kowalska", Phones: ph("+48221234567")},
		&contact.Contact{FirstName: "Jan", LastName: "Kowalski", Phones: ph("+48221234567")},
	)
	return db
}

func TestDedupeReport(t *testing.T) {
	db := dupeStore(t)
	code, out, errs := run(t, "--db", db, "dedupe")
	if code != ExitOK {
		t.Fatalf("dedupe: %d %q", code, errs)
	}
	for _, want := range []string{
		"2 duplicate clusters (4 contacts) among 6 contacts (keys: email, phone, tax_id, name; score ≥ 0.60)",
		"1. score 0.95, 2 contacts",
		"#1 ~ #2  0.95  same phone +48601234567; names differ only in accents",
		"2. score 0.70, 2 contacts",
		"#3 ~ #4  0.70  names differ only in script (Сергей Иванов / Sergei Ivanov); same birth date 1980-05-01",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "#5 ~ #6") {
		t.Errorf("a household sharing a landline was reported:\n%s", out)
	}
	code, out, _ = run(t, "--db", db, "dedupe", "--key", "email,phone", "--json")
	var rep dedupeReport
	if err := json.Unmarshal([]byte(out), &rep); code != ExitOK || err != nil {
		t.Fatalf("--json: %d %v %s", code, err, out)
	}
	if len(rep.Clusters) != 1 || rep.Clusters[0].IDs[1] != 2 || len(rep.Clusters[0].Contacts) != 2 || rep.Contacts != 6 {
		t.Errorf("--key email,phone --json: %+v", rep)
	}
	// Pairs marked "not a duplicate" are not proposed again.
	withStore(t, db, func(s *store.Store) {
		if err := s.MarkNotDuplicates(3, 4); err != nil {
			t.Fatal(err)
		}
	})
	if _, out, _ = run(t, "--db", db, "dedupe", "--key", "name"); !strings.HasPrefix(out, "0 duplicate clusters") {
		t.Errorf("a marked pair came back: %q", out)
	}
}

func TestDedupeMerge(t *testing.T) {
	db := dupeStore(t)
	// No terminal to ask on and no --yes: nothing is merged.
	code, out, errs := run(t, "--db", db, "dedupe", "--merge")
	oneLine(t, []string{"dedupe", "--merge"}, code, errs, ExitUsage, "--merge needs --yes to confirm")
	if out != "" {
		t.Errorf("a refused merge printed %q", out)
	}
	// A dry run says what it would merge.
	code, out, errs = run(t, "--db", db, "dedupe", "--merge", "--dry-run")
	if code != ExitOK || !strings.Contains(out, "would merge into #1 (removing #2)") ||
		!strings.Contains(out, "dry run: would merge 1 cluster: 1 contact to merge into others and remove; nothing was changed") {
		t.Errorf("--dry-run: %d %q %q", code, out, errs)
	}
	withStore(t, db, func(s *store.Store) {
		if n, _ := s.Count(); n != 6 {
			t.Errorf("count %d after a refused merge and a dry run, want 6", n)
		}
	})
	// On a terminal, the clusters and then the question; "no" merges nothing.
	code, out, errs = runTerminal(t, "no\n", "--db", db, "dedupe", "--merge")
	if code != ExitError || !strings.Contains(out, "1. score") || !strings.Contains(errs, "Merge 1 cluster (1 contact merged into others and removed;") {
		t.Errorf("terminal, no: %d %q %q", code, out, errs)
	}
	original := contactsOf(t, db)
	code, out, errs = runTerminal(t, "yes\n", "--db", db, "dedupe", "--merge")
	if code != ExitOK || !strings.Contains(out, "merged into #1 (removed #2; undo: rolo dedupe --undo 1)") {
		t.Errorf("terminal, yes: %d %q %q", code, out, errs)
	}
	// The merge is undone from what its event recorded.
	code, out, errs = run(t, "--db", db, "dedupe", "--undo", "1")
	if code != ExitOK || !strings.Contains(out, "undid the merge into #1: #1, #2 back as before the merge") {
		t.Errorf("--undo: %d %q %q", code, out, errs)
	}
	if back := contactsOf(t, db); !reflect.DeepEqual(back, original) {
		t.Errorf("after the undo:\n%+v\nwant\n%+v", back, original)
	}
	code, _, errs = run(t, "--db", db, "dedupe", "--undo", "1")
	oneLine(t, []string{"dedupe", "--undo", "1"}, code, errs, ExitError, "contact 1: no merge to undo")

	code, out, errs = run(t, "--db", db, "dedupe", "--merge", "--yes")
	if code != ExitOK {
		t.Fatalf("dedupe --merge: %d %q %q", code, out, errs)
	}
	for _, want := range []string{
		"merged into #1 (removed #2; undo: rolo dedupe --undo 1)",
		"held together by scores below 0.80: left for review",
		"merged 1 cluster: 1 contact merged into others and removed; 1 cluster below --merge-score 0.80 left for review",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("merge report lacks %q:\n%s", want, out)
		}
	}
	withStore(t, db, func(s *store.Store) {
		if n, _ := s.Count(); n != 5 {
			t.Errorf("count %d after merge, want 5", n)
		}
		c, _ := s.Get(1)
		if c.Get("emails") != "lucja@wp.pl; l.w@firma.pl" || c.Company != "Żabka" || c.Get("groups") != "VIP; Newsletter" || c.Get("consent:newsletter") != "yes" {
			t.Errorf("survivor %+v", c)
		}
		if ids, _ := s.Find(contact.KeyEmail, "l.w@firma.pl"); len(ids) != 1 || ids[0] != 1 {
			t.Errorf("merged e-mail indexed to %v", ids)
		}
		evs, _ := s.History(1)
		if len(evs) == 0 || evs[len(evs)-1].Kind != contact.EventMerge {
			t.Errorf("no merge event: %+v", evs)
		}
		if problems, _ := s.Verify(); len(problems) > 0 {
			t.Errorf("verify: %v", problems)
		}
	})
	// A lower --merge-score takes the rest; the report says so in JSON.
	code, out, _ = run(t, "--db", db, "dedupe", "--merge", "--merge-score", "0.7", "--json", "--yes")
	var rep dedupeReport
	if err := json.Unmarshal([]byte(out), &rep); code != ExitOK || err != nil || rep.Merged == nil || rep.Merged.Clusters != 1 || rep.Merged.Removed != 1 {
		t.Errorf("second merge: %d %v %s", code, err, out)
	}
}

func TestDedupeErrors(t *testing.T) {
	db := dupeStore(t)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"dedupe", "--key", "crm"}, ExitUsage, `--key "crm" is not one of email, phone, tax_id, name`},
		{[]string{"dedupe", "--min-score", "2"}, ExitUsage, "scores are between 0 and 1"},
		{[]string{"dedupe", "--where", "city ="}, ExitUsage, "--where"},
		{[]string{"--read-only", "dedupe", "--merge"}, ExitUsage, "drop --read-only"},
		{[]string{"dedupe", "--yes"}, ExitUsage, "--yes and --dry-run go with --merge"},
		{[]string{"dedupe", "--undo", "1", "--merge"}, ExitUsage, "--undo takes no other option"},
		{[]string{"dedupe", "--undo", "99"}, ExitError, "undoing a merge into contact 99"},
	} {
		args := append([]string{"--db", db}, tt.args...)
		code, _, errs := run(t, args...)
		oneLine(t, args, code, errs, tt.code, tt.want)
	}
}

// runTerminal runs rolo as on a terminal, typing input.
func runTerminal(t *testing.T, input string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	in := strings.NewReader(input)
	env := &Env{
		Stdin: in, Stdout: &out, Stderr: &errb,
		Getenv:     func(string) string { return "" },
		Now:        func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) },
		IsTerminal: func(f any) bool { return f == any(in) },
	}
	code := Main(env, args)
	return code, out.String(), errb.String()
}

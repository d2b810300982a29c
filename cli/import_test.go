package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"rolo/book"
	"rolo/contact"
	"rolo/store"
)

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const smallCSV = "Imię;Nazwisko;E-mail;Telefon;Zgoda SMS\n" +
	"Jan;Kowalski;jan@example.pl;601 234 567;1\n" +
	"Anna;Nowak;anna@;602 345 678;0\n" +
	"Piotr;;;12;tak\n" +
	"\"Ewa;Zła;ewa@example.pl;603 456 789;1\n" +
	"Jan;;JAN@example.pl;+48 604 567 890;\n"

// The report and rejects formats are contracts: byte for byte.
const wantReport = `{
  "file": "small.csv",
  "rows": 5,
  "created": 2,
  "updated": 0,
  "unchanged": 0,
  "rejected": [
    {
      "row": 3,
      "line": 4,
      "reason": "no usable key: no valid e-mail or phone"
    },
    {
      "row": 4,
      "line": 5,
      "reason": "unbalanced quote: the quote opening column 1 is never closed"
    }
  ],
  "warnings": [
    {
      "row": 2,
      "field": "E-mail",
      "message": "invalid e-mail: \"anna@\" has no domain after the @; dropped",
      "line": 3
    },
    {
      "row": 3,
      "field": "Telefon",
      "message": "invalid phone: \"12\" has too few digits; dropped",
      "line": 4
    }
  ],
  "job": 1,
  "status": "done",
  "merged": 1,
  "identity_conflicts": 0,
  "suppressed": [],
  "format": "csv",
  "encoding": "utf-8",
  "delimiter": ";",
  "header": true,
  "mapping": [
    {
      "index": 0,
      "name": "Imię",
      "field": "first_name",
      "sure": true,
      "reason": "header"
    },
    {
      "index": 1,
      "name": "Nazwisko",
      "field": "last_name",
      "sure": true,
      "reason": "header"
    },
    {
      "index": 2,
      "name": "E-mail",
      "field": "emails",
      "sure": true,
      "reason": "header"
    },
    {
      "index": 3,
      "name": "Telefon",
      "field": "phones",
      "sure": true,
      "reason": "header"
    },
    {
      "index": 4,
      "name": "Zgoda SMS",
      "field": "consent:sms",
      "sure": true,
      "reason": "header names a consent and the values are yes/no"
    }
  ],
  "new_consents": [
    "sms"
  ]
}
`

const wantRejects = "Imię;Nazwisko;E-mail;Telefon;Zgoda SMS;rolo_reject_reason\r\n" +
	"Piotr;;;12;tak;no usable key: no valid e-mail or phone\r\n" +
	"\"\"\"Ewa\";Zła;ewa@example.pl;603 456 789;1;unbalanced quote: the quote opening column 1 is never closed\r\n"

func TestImportReportAndRejectsFormats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	file := writeTemp(t, "small.csv", smallCSV)
	report, rejects := filepath.Join(dir, "report.json"), filepath.Join(dir, "rejects.csv")
	code, out, errs := run(t, "--db", db, "import", file, "--country", "PL", "--report", report, "--rejects", rejects)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"import job 1: small.csv (csv, utf-8, delimiter \";\", with a header)", "rows:       5", "created:    2",
		"merged:     1", "rejected:   2", "warnings:   2", "new consents: sms", "undo with: rolo import --undo 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "import small.csv: 5 rows (2 created, 1 updated, 0 unchanged, 2 rejected)") || !strings.Contains(errs, "done in") {
		t.Errorf("progress on stderr: %q", errs)
	}
	if got, _ := os.ReadFile(report); string(got) != wantReport {
		t.Errorf("report differs:\n%s", got)
	}
	if got, _ := os.ReadFile(rejects); string(got) != wantRejects {
		t.Errorf("rejects differ:\n%q\nwant\n%q", got, wantRejects)
	}
	// The rejects file, fixed, imports as it is (its reason column is
	// never mapped).
	fixed := strings.Replace(wantRejects, "Piotr;;;12;", "Piotr;;piotr@example.pl;12;", 1)
	fixed = strings.Replace(fixed, `"""Ewa"`, "Ewa", 1)
	code, out, errs = run(t, "--db", db, "import", writeTemp(t, "fixed.csv", fixed), "--country", "PL")
	if code != ExitOK || !strings.Contains(out, "created:    2") || !strings.Contains(out, "rejected:   0") {
		t.Errorf("re-import of fixed rejects: %d %s %s", code, out, errs)
	}
	s, _ := store.Open(db, store.Options{ReadOnly: true})
	defer s.Close()
	if n, _ := s.Count(); n != 4 {
		t.Errorf("count %d", n)
	}
	ids, _ := s.Find(contact.KeyEmail, "piotr@example.pl")
	if c, _ := s.Get(ids[0]); len(c.Custom) != 0 {
		t.Errorf("the reason column was imported: %+v", c.Custom)
	}
}

func TestImportRefusalsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", writeTemp(t, "e.csv", "")}, ExitError, "e.csv: is empty"},
		{[]string{"import", writeTemp(t, "h.csv", "email;phone\n")}, ExitError, "h.csv: has a header row but no data rows"},
		{[]string{"import", writeTemp(t, "b.csv", "\x00\x01\x02binary\x00\xff")}, ExitError, "is not a supported format"},
		{[]string{"import", writeTemp(t, "n.csv", "Imię;Nazwisko\nJan;Kowalski\n")}, ExitError, "no column holds e-mails or phones"},
		{[]string{"import", writeTemp(t, "big.csv", "email\na@x.pl\n"), "--max-size", "5B"}, ExitError, "over the limit of 5 bytes"},
		{[]string{"import", filepath.Join(dir, "missing.csv")}, ExitError, "missing.csv: no such file"},
		{[]string{"import"}, ExitUsage, "import needs a FILE"},
		{[]string{"import", "x.csv", "--key", "name"}, ExitUsage, "--key must be email, phone, crm_id, tax_id or uid"},
		{[]string{"import", "x.csv", "--mode", "merge"}, ExitUsage, "--mode must be upsert, create or update"},
		{[]string{"import", "x.csv", "--country", "Atlantis"}, ExitUsage, `"Atlantis" is not a country`},
		{[]string{"import", "x.csv", "--map", "Imię"}, ExitUsage, "is not Header=field"},
		{[]string{"import", "x.csv", "--header", "--no-header"}, ExitUsage, "none of the others can be"},
		{[]string{"import", "x.csv", "--empty", "wipe"}, ExitUsage, "--empty must be keep or clear"},
		{[]string{"import", "x.csv", "--keyless", "maybe"}, ExitUsage, "--keyless must be keep or reject"},
		{[]string{"import", writeTemp(t, "m.csv", "E-mail\na@x.pl\n"), "--map", "Nope=emails"}, ExitError, `no column "Nope" to map`},
		{[]string{"import", "--undo", "42"}, ExitError, "import job 42: not found"},
	} {
		args := append([]string{"--db", db}, tt.args...)
		code, out, errs := run(t, args...)
		first, _, _ := strings.Cut(errs, "\n")
		if code != tt.code || !strings.HasPrefix(first, "rolo: ") || !strings.Contains(first, tt.want) {
			t.Errorf("rolo %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
		if out != "" {
			t.Errorf("rolo %v wrote to stdout: %q", tt.args, out)
		}
	}
	// Nothing was written by any of them.
	if s, err := store.Open(db, store.Options{ReadOnly: true}); err == nil {
		n, _ := s.Count()
		jobs, _ := s.Jobs()
		s.Close()
		if n != 0 || len(jobs) != 0 {
			t.Errorf("refused imports wrote %d contacts, %d jobs", n, len(jobs))
		}
	}
}

func TestImportJobsUndoAndDryRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	file := writeTemp(t, "a.csv", "E-mail,Imię\na@x.pl,Ann\nb@x.pl,Bob\n")
	code, out, errs := run(t, "--db", db, "import", file, "--dry-run")
	if code != ExitOK || !strings.Contains(out, "dry run of a.csv") || !strings.Contains(out, "created:    2") {
		t.Fatalf("dry run: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a dry run created the store")
	}
	run(t, "--db", db, "import", file, "--group", "Newsletter 2026", "--tag", "csv")
	run(t, "--db", db, "import", writeTemp(t, "b.csv", "E-mail,Imię\na@x.pl,Anna\nc@x.pl,Cyd\n"))
	code, out, _ = run(t, "--db", db, "import", "--jobs")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != ExitOK || len(lines) != 3 || !strings.HasPrefix(lines[0], "JOB\tSTARTED\tSTATUS\tROWS\tCREATED\tUPDATED") ||
		!strings.HasPrefix(lines[2], "2\t2026-11-02T10:00:00Z\tdone\t2\t1\t1\t0\t0\t0\t0\t") || !strings.HasSuffix(lines[2], "b.csv") {
		t.Errorf("--jobs:\n%s", out)
	}
	code, out, errs = run(t, "--db", db, "import", "--undo", "2")
	if code != ExitOK || !strings.Contains(out, "undid import job 2: 1 contacts removed, 1 restored") {
		t.Errorf("undo: %d %q %q", code, out, errs)
	}
	s, _ := store.Open(db, store.Options{ReadOnly: true})
	ids, _ := s.Find(contact.KeyEmail, "a@x.pl")
	c, _ := s.Get(ids[0])
	n, _ := s.Count()
	s.Close()
	if n != 2 || c.FirstName != "Ann" || len(c.Groups) != 1 || c.Groups[0] != "Newsletter 2026" {
		t.Errorf("after undo: %d contacts, %+v", n, c)
	}
	if code, _, errs = run(t, "--db", db, "import", "--undo", "2"); code != ExitError || !strings.Contains(errs, "already undone") {
		t.Errorf("second undo: %d %q", code, errs)
	}
}

func TestImportWithMappingFileAndRememberedMapping(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	// Windows-1250, semicolons, a header rolo does not know.
	data, _ := charmap.Windows1250.NewEncoder().String("Klient;Adres poczty;Komórka zapasowa;Zgoda\nŁucja Wiśniewska;lucja@example.pl;601234567;1\n")
	file := writeTemp(t, "crm.csv", data)
	mapping := writeTemp(t, "crm.json", `{"version": 1, "columns": {"Klient": "full_name", "Adres poczty": "emails", "Komórka zapasowa": "phones", "Zgoda": "consent:newsletter"},
		"country": "PL", "groups": ["CRM"], "key": "phone,email"}`)
	code, out, errs := run(t, "--db", db, "import", file, "--mapping", mapping, "--save-mapping", filepath.Join(dir, "saved.json"))
	if code != ExitOK || !strings.Contains(out, "windows-1250") || !strings.Contains(out, "created:    1") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	s, _ := store.Open(db, store.Options{ReadOnly: true})
	ids, _ := s.Find(contact.KeyPhone, "+48601234567")
	c, _ := s.Get(ids[0])
	s.Close()
	if c.FirstName != "Łucja" || c.LastName != "Wiśniewska" || c.PrimaryEmail() != "lucja@example.pl" || len(c.Groups) != 1 {
		t.Errorf("contact %+v", c)
	}
	if k, ok := c.Consent("newsletter"); !ok || !k.Granted {
		t.Errorf("consent %+v", c.Consents)
	}
	var saved map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "saved.json"))
	if json.Unmarshal(b, &saved); saved["encoding"] != "windows-1250" || saved["delimiter"] != ";" || saved["country"] != "PL" || saved["key"] != "phone,email" {
		t.Errorf("saved mapping: %s", b)
	}
	// Next week's export maps itself: the store remembers the header set.
	next, _ := charmap.Windows1250.NewEncoder().String("Klient;Adres poczty;Komórka zapasowa;Zgoda\nJan Nowak;jan@example.pl;602345678;0\n")
	code, out, errs = run(t, "--db", db, "import", writeTemp(t, "crm2.csv", next), "--country", "PL")
	if code != ExitOK || !strings.Contains(out, "created:    1") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	s, _ = store.Open(db, store.Options{ReadOnly: true})
	defer s.Close()
	ids, _ = s.Find(contact.KeyEmail, "jan@example.pl")
	if len(ids) != 1 {
		t.Fatal("the remembered mapping was not used")
	}
	c, _ = s.Get(ids[0])
	if c.LastName != "Nowak" {
		t.Errorf("%+v", c)
	}
}

func TestImportResumeFromTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	file := writeTemp(t, "a.csv", "E-mail\na@x.pl\nb@x.pl\n")
	if code, _, errs := run(t, "--db", db, "import", file); code != ExitOK {
		t.Fatal(errs)
	}
	// A finished job cannot be resumed; a job marked as cut short can.
	code, _, errs := run(t, "--db", db, "import", "--resume", "1")
	if code != ExitError || !strings.Contains(errs, "import job 1 is done") {
		t.Errorf("resume of a done job: %d %q", code, errs)
	}
	s, _ := store.Open(db, store.Options{})
	j, _ := s.Job(1)
	j.Status, j.Committed, j.Counts = contact.JobCancelled, 1, contact.ImportCounts{Rows: 1, Created: 1}
	s.PutJob(j)
	// Its second contact never made it.
	ids, _ := s.Find(contact.KeyEmail, "b@x.pl")
	s.Update(func(tx *store.Tx) error { return tx.Delete(ids[0]) })
	s.Close()
	if code, _, errs := run(t, "--db", db, "import", "--resume", "1", "--country", "PL"); code != ExitUsage || !strings.Contains(errs, "--country cannot be given") {
		t.Errorf("resume with options: %d %q", code, errs)
	}
	code, out, errs := run(t, "--db", db, "import", "--resume", "1")
	if code != ExitOK || !strings.Contains(out, "resumed after row 1") || !strings.Contains(out, "created:    2") {
		t.Errorf("resume: %d %q %q", code, out, errs)
	}
	os.WriteFile(file, []byte("E-mail\nchanged@x.pl\n"), 0o644)
	s, _ = store.Open(db, store.Options{})
	j, _ = s.Job(1)
	j.Status = contact.JobFailed
	s.PutJob(j)
	s.Close()
	if code, _, errs := run(t, "--db", db, "import", "--resume", "1"); code != ExitError || !strings.Contains(errs, "its contents changed") {
		t.Errorf("resume of a changed file: %d %q", code, errs)
	}
}

func TestImportUsesTheStoreCountryAndTheLocale(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	file := writeTemp(t, "a.csv", "Telefon\n601 234 567\n")
	if code, _, errs := run(t, "--db", db, "import", file); code != ExitOK || !strings.Contains(errs, "") {
		t.Fatal(errs)
	}
	s, _ := store.Open(db, store.Options{})
	if n, _ := s.Count(); n != 0 {
		t.Errorf("a national number without a country was imported")
	}
	s.SetPref(book.CountryKey, "PL")
	s.Close()
	if code, out, errs := run(t, "--db", db, "import", file); code != ExitOK || !strings.Contains(out, "created:    1") {
		t.Errorf("with the store's country: %s %s", out, errs)
	}
	env := &Env{Getenv: func(k string) string { return map[string]string{"LANG": "de_DE.UTF-8"}[k] }}
	if cc := contact.LocaleCountry(env.Getenv); cc != "DE" {
		t.Errorf("locale country %q", cc)
	}
	s, _ = store.Open(db, store.Options{ReadOnly: true})
	defer s.Close()
	ids, _ := s.Find(contact.KeyPhone, "+48601234567")
	c, _ := s.Get(ids[0])
	if c.Phones[0].Origin != contact.OriginDefault || c.Phones[0].Region != "PL" {
		t.Errorf("phone %+v", c.Phones[0])
	}
}

func TestImportOpensTheWizardOnlyWithoutOptionsOnATerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	file := writeTemp(t, "a.csv", "E-mail\na@x.pl\n")
	for _, tt := range []struct {
		args   []string
		tty    bool
		wizard bool
	}{
		{[]string{"--db", db, "import", file}, true, true},
		{[]string{"--db", db, "import", file, "--country", "PL"}, true, false},
		{[]string{"--db", db, "import", file}, false, false},
	} {
		var got *TUIOptions
		var out, errb strings.Builder
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
			Now: func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) }, IsTerminal: func(any) bool { return tt.tty },
			RunTUI: func(s *store.Store, opt TUIOptions) error { got = &opt; return nil }}
		if code := Main(env, tt.args); code != ExitOK {
			t.Fatalf("%v: %s", tt.args, errb.String())
		}
		if (got != nil) != tt.wizard || (got != nil && (!got.ImportFile || got.OpenFile != file)) {
			t.Errorf("%v (terminal %v): wizard %+v", tt.args, tt.tty, got)
		}
		if got != nil && got.Context == nil {
			t.Errorf("%v: the interface is not stopped by a hang-up (no context)", tt.args)
		}
		if !tt.wizard && !strings.Contains(out.String(), "import job") {
			t.Errorf("%v: headless import did not run: %q", tt.args, out.String())
		}
	}
}

// A job's file that moved: the error says so and how to give the new
// path, and the new path resumes it.
func TestImportResumeOfAMovedFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	file := writeTemp(t, "a.csv", "E-mail\na@x.pl\nb@x.pl\n")
	if code, _, errs := run(t, "--db", db, "import", file); code != ExitOK {
		t.Fatal(errs)
	}
	s, _ := store.Open(db, store.Options{})
	j, _ := s.Job(1)
	j.Status, j.Committed, j.Counts = contact.JobCancelled, 1, contact.ImportCounts{Rows: 1, Created: 1}
	s.PutJob(j)
	s.Close()
	moved := filepath.Join(dir, "b.csv")
	if err := os.Rename(file, moved); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "--db", db, "import", "--resume", "1")
	if code != ExitError || !strings.Contains(errs, file+" is not where import job 1 read it") ||
		!strings.Contains(errs, "rolo import --resume 1 NEW-PATH") {
		t.Errorf("resume of a moved file: %d %q", code, errs)
	}
	if code, out, errs := run(t, "--db", db, "import", "--resume", "1", moved); code != ExitOK || !strings.Contains(out, "resumed after row 1") {
		t.Errorf("resume from the new path: %d %q %q", code, out, errs)
	}
}

// A table of names and addresses only: refused as a whole by default (no
// column holds a key), imported with --keyless keep, and found again by
// the same command.
func TestImportKeylessKeep(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	file := writeTemp(t, "k.csv", "Imię;Nazwisko;Ulica;Miasto\nJan;Kowalski;Polna 1;Gdańsk\nAnna;Lis;Leśna 2;Poznań\n")
	if code, _, errs := run(t, "--db", db, "import", file); code != ExitError || !strings.Contains(errs, "no column holds e-mails or phones") {
		t.Errorf("default: exit %d, %q", code, errs)
	}
	for i, want := range []string{"created:    2", "unchanged:  2"} {
		code, out, errs := run(t, "--db", db, "import", file, "--keyless", "keep")
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("import %d: exit %d, %q %q; want %q", i+1, code, out, errs, want)
		}
	}
}

package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/export"
	"rolo/store"
)

// Round trips: exporting every contact and importing the file into an
// empty store gives the same contacts back.

// roundTripSource makes a store of demo contacts plus awkward ones.
func roundTripSource(t *testing.T) string {
	db := demoStore(t, 250)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	addContacts(t, db,
		&contact.Contact{Company: "Budimex S.A.", Emails: []string{"biuro@budimex.example.com"}, Status: contact.StatusContact},
		&contact.Contact{FirstName: "Sean", LastName: "O'Brien \"Junior\"", Emails: []string{"sean@example.ie"},
			Description: "Line one, with a comma;\nline two \"quoted\"", Groups: []string{"Kowalski, Nowak & Co", "VIP"},
			PaidTotal: contact.Num(-20.5), Points: contact.Num(0), Phones: []contact.Phone{{Number: "+353851234567"}},
			Custom:   []contact.Custom{{Name: "loyalty card", Value: "LC 1, gold"}},
			Consents: []contact.Consent{{Name: "sms", Granted: true, At: at, Source: "card"}}},
		&contact.Contact{FirstName: "Ёлка", LastName: "Щукина-Иванова", Emails: []string{"elka@mail.ru"}, Telegram: "elka_ru",
			Address: contact.Address{Street: "ул. Ленина", House: "5", PostalCode: "101000", City: "Москва", Country: "RU"}},
	)
	return db
}

// contactsOf reads every contact of a store in ID order.
func contactsOf(t *testing.T, db string) []*contact.Contact {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []*contact.Contact
	if err := s.Scan(func(c *contact.Contact) error { out = append(out, c); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// roundTrip exports src with args, imports the file into a new store and
// returns both stores' contacts.
func roundTrip(t *testing.T, src, file string, args ...string) (before, after []*contact.Contact) {
	t.Helper()
	out := filepath.Join(t.TempDir(), file)
	if code, _, errs := run(t, append([]string{"--db", src, "export", "-o", out}, args...)...); code != ExitOK {
		t.Fatalf("export: %s", errs)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	code, stdout, errs := run(t, "--db", dst, "import", out)
	if code != ExitOK {
		t.Fatalf("import %s: %d %s %s", file, code, stdout, errs)
	}
	return contactsOf(t, src), contactsOf(t, dst)
}

func compareFields(t *testing.T, format string, before, after []*contact.Contact, fields []string, cell func(c *contact.Contact, f string) string) {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("%s: %d contacts exported, %d imported", format, len(before), len(after))
	}
	bad := 0
	for i := range before {
		for _, f := range fields {
			if a, b := cell(before[i], f), cell(after[i], f); a != b {
				if bad++; bad <= 10 {
					t.Errorf("%s: contact %d (%s) %s: %q came back as %q", format, i+1, before[i].FullName(), f, a, b)
				}
			}
		}
	}
}

func get(c *contact.Contact, f string) string { return c.Get(f) }

// everyField is what a tabular export without --columns writes.
func everyField(t *testing.T, db string) []string {
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cols, err := defaultExportColumns(s, export.CSV)
	if err != nil {
		t.Fatal(err)
	}
	return cols
}

func TestRoundTripCSVAndXLSX(t *testing.T) {
	src := roundTripSource(t)
	fields := everyField(t, src)
	for _, tt := range []struct {
		file string
		args []string
	}{
		{"all.csv", []string{"--profile", "raw"}}, // the profile for moving data between systems
		{"all.csv", []string{"--profile", "raw", "--bom"}},
		{"all.txt", []string{"--profile", "raw"}},
		{"all.xlsx", nil}, // the default profile: XLSX cells are never changed
	} {
		before, after := roundTrip(t, src, tt.file, tt.args...)
		compareFields(t, tt.file+" "+strings.Join(tt.args, " "), before, after, fields, get)
	}
}

func TestRoundTripVCard(t *testing.T) {
	src := roundTripSource(t)
	before, after := roundTrip(t, src, "all.vcf")
	// What vCard carries and rolo import reads: names, organisation, title,
	// e-mails, phones, birthday, the postal address (street and house in
	// one part), note and groups.
	fields := []string{"first_name", "middle_name", "last_name", "company", "job_title", "emails", "phones", "birth_date",
		"street_house", "postal_code", "city", "region", "country", "description", "groups"}
	compareFields(t, "vcf", before, after, fields, func(c *contact.Contact, f string) string {
		if f == "street_house" {
			return strings.TrimSpace(c.Address.Street + " " + c.Address.House)
		}
		return c.Get(f)
	})
}

func TestRoundTripJSONL(t *testing.T) {
	src := roundTripSource(t)
	out := filepath.Join(t.TempDir(), "all.jsonl")
	if code, _, errs := run(t, "--db", src, "export", "-o", out); code != ExitOK {
		t.Fatalf("export: %s", errs)
	}
	before := contactsOf(t, src)
	fields := everyField(t, src)
	// JSONL is lossless: read back with the format's decoder into an
	// empty store, every field, consent time and source, and rolo's own
	// timestamps and source come back.
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dst := filepath.Join(t.TempDir(), "copy.db")
	s, err := store.Open(dst, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = export.DecodeJSONL(f, func(_ int, c *contact.Contact) error {
		c.ID = 0
		_, err := s.Create(c)
		return err
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	after := contactsOf(t, dst)
	compareFields(t, "jsonl", before, after, append(fields, "created_at", "updated_at", "source"), get)
	for i := range before {
		if i < len(after) && !reflect.DeepEqual(before[i].Consents, after[i].Consents) {
			t.Errorf("jsonl: contact %d consents %+v came back as %+v", i+1, before[i].Consents, after[i].Consents)
			break
		}
	}
}

func TestRoundTripJSONLThroughImport(t *testing.T) {
	src := roundTripSource(t)
	out := filepath.Join(t.TempDir(), "all.jsonl")
	if code, _, errs := run(t, "--db", src, "export", "-o", out); code != ExitOK {
		t.Fatalf("export: %s", errs)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if code, _, errs := run(t, "--db", dst, "import", out); code != ExitOK {
		t.Fatalf("import: %s", strings.TrimSpace(errs))
	}
	before, after := contactsOf(t, src), contactsOf(t, dst)
	compareFields(t, "jsonl via rolo import", before, after, everyField(t, src), get)
	// A consent keeps when it was given; its source becomes the import
	// (rolo's own created_at, updated_at and source are never imported).
	for i := range before {
		if i >= len(after) || len(before[i].Consents) != len(after[i].Consents) {
			t.Fatalf("jsonl via rolo import: contact %d consents %+v came back as %+v", i+1, before[i].Consents, after[i].Consents)
		}
		for j, k := range before[i].Consents {
			if got := after[i].Consents[j]; got.Name != k.Name || got.Granted != k.Granted || !got.At.Equal(k.At) {
				t.Errorf("jsonl via rolo import: contact %d consent %+v came back as %+v", i+1, k, got)
			}
		}
	}
}

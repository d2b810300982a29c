package storesink

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rolo/contact"
	"rolo/importer"
	"rolo/store"
)

// An address book written for this test: a card known only by its UID, a
// company card with an address and a web site, a postal-only card and a
// card whose only number is not a valid Polish phone.
const keylessCards = `BEGIN:VCARD
VERSION:3.0
UID:urn:uuid:4f1c2a9e-0001-4c3b-9d2e-keyless00001
FN:Ola Nowak
N:Nowak;Ola;;;
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Piekarnia Pod Lipą
ORG:Piekarnia Pod Lipą
ADR;TYPE=WORK:;;ul. Lipowa 3;Kraków;;30-001;Polska
URL:https://piekarnia.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Jan Kowalski
N:Kowalski;Jan;;;
ADR;TYPE=HOME:;;ul. Polna 12;Gdańsk;;80-001;Polska
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ewa Zielińska
N:Zielińska;Ewa;;;
TEL;TYPE=CELL:12
END:VCARD
`

func vcfFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "contacts.vcf")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(text, "\n", "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func storeCount(t *testing.T, s *store.Store) int {
	t.Helper()
	n, err := s.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestVCardKeepsKeylessCardsAndFindsThemAgain(t *testing.T) {
	s, _ := openStore(t)
	path := vcfFile(t, keylessCards)
	rep := mustImport(t, s, path, importer.Options{Country: "PL"})
	if got := countsOf(rep); got != (counts{rows: 4, created: 4}) {
		t.Fatalf("first import: %+v, rejected %+v", got, rep.Rejected)
	}
	ola := find(t, s, contact.KeyUID, "urn:uuid:4f1c2a9e-0001-4c3b-9d2e-keyless00001")
	if ola.FirstName != "Ola" || ola.LastName != "Nowak" {
		t.Errorf("the UID card is %+v", ola)
	}
	// The second import of the same file finds every card: no duplicates.
	rep = mustImport(t, s, path, importer.Options{Country: "PL"})
	if got := countsOf(rep); got != (counts{rows: 4, unchanged: 4}) {
		t.Errorf("second import: %+v, rejected %+v", got, rep.Rejected)
	}
	if n := storeCount(t, s); n != 4 {
		t.Errorf("%d contacts after two imports, want 4", n)
	}
	// A card's UID names it even when its name changed in the address book.
	renamed := strings.Replace(keylessCards, "FN:Ola Nowak\nN:Nowak;Ola;;;", "FN:Ola Nowak-Lis\nN:Nowak-Lis;Ola;;;", 1)
	rep = mustImport(t, s, vcfFile(t, renamed), importer.Options{Country: "PL"})
	if got := countsOf(rep); got != (counts{rows: 4, updated: 1, unchanged: 3}) {
		t.Errorf("renamed card: %+v, rejected %+v", got, rep.Rejected)
	}
	if c := find(t, s, contact.KeyUID, "urn:uuid:4f1c2a9e-0001-4c3b-9d2e-keyless00001"); c.LastName != "Nowak-Lis" {
		t.Errorf("renamed card stored as %+v", c)
	}
	// --keyless reject rejects the cards without any key, saying why.
	s2, _ := openStore(t)
	rep = mustImport(t, s2, path, importer.Options{Country: "PL", Keyless: importer.KeylessReject})
	if got := countsOf(rep); got != (counts{rows: 4, created: 1, rejected: 3}) {
		t.Errorf("--keyless reject: %+v", got)
	}
	for _, r := range rep.Rejected {
		if !strings.HasPrefix(r.Reason, "no usable key") {
			t.Errorf("rejected for %q", r.Reason)
		}
	}
	verify(t, s)
	verify(t, s2)
}

func TestTableRejectsKeylessRowsUnlessAskedToKeep(t *testing.T) {
	s, _ := openStore(t)
	path := csvFile(t,
		"Name;Company;E-mail;Phone;Street;City",
		"Anna Wiśniewska;;anna@example.com;;;",
		";Hurtownia Mleczna;;;ul. Krowia 1;Łódź",
		"Piotr Lis;;;;ul. Leśna 5;Poznań",
		"Marta Dąb;;;12;;",
		";;;;ul. Pusta 9;Opole",
	)
	rep := mustImport(t, s, path, importer.Options{Country: "PL"})
	if got := countsOf(rep); got != (counts{rows: 5, created: 1, rejected: 4}) {
		t.Fatalf("default: %+v, rejected %+v", got, rep.Rejected)
	}
	if r := rep.Rejected[0].Reason; r != "no usable key: no valid e-mail or phone" {
		t.Errorf("reason %q", r)
	}
	keep := importer.Options{Country: "PL", Keyless: importer.KeylessKeep}
	rep = mustImport(t, s, path, keep)
	// The row with neither a name nor a company is rejected still.
	if got := countsOf(rep); got != (counts{rows: 5, created: 3, unchanged: 1, rejected: 1}) {
		t.Fatalf("--keyless keep: %+v, rejected %+v", got, rep.Rejected)
	}
	rep = mustImport(t, s, path, keep)
	if got := countsOf(rep); got != (counts{rows: 5, unchanged: 4, rejected: 1}) {
		t.Errorf("again: %+v, rejected %+v", got, rep.Rejected)
	}
	if n := storeCount(t, s); n != 4 {
		t.Errorf("%d contacts, want 4", n)
	}
	// Another address is another contact of the same name.
	moved := csvFile(t, "Name;Company;E-mail;Phone;Street;City", "Piotr Lis;;;;ul. Nowa 1;Poznań")
	rep = mustImport(t, s, moved, keep)
	if got := countsOf(rep); got != (counts{rows: 1, created: 1}) {
		t.Errorf("moved: %+v", got)
	}
	verify(t, s)
}

func TestUIDColumnIsAStrongKey(t *testing.T) {
	s, _ := openStore(t)
	path := csvFile(t, "Ref;Name;E-mail", "A-1;Anna Lis;", "A-2;Jan Lis;jan@example.com")
	opt := importer.Options{Country: "PL", Map: mustMap(t, "Ref=uid")}
	rep := mustImport(t, s, path, opt)
	if got := countsOf(rep); got != (counts{rows: 2, created: 2}) {
		t.Fatalf("first: %+v, rejected %+v", got, rep.Rejected)
	}
	rep = mustImport(t, s, csvFile(t, "Ref;Name;E-mail", "A-1;Anna Lis;anna@example.com"), opt)
	if got := countsOf(rep); got != (counts{rows: 1, updated: 1}) {
		t.Errorf("by UID: %+v, rejected %+v", got, rep.Rejected)
	}
	if c := find(t, s, contact.KeyUID, "A-1"); len(c.Emails) != 1 || c.Emails[0] != "anna@example.com" {
		t.Errorf("A-1 is %+v", c)
	}
	verify(t, s)
}

func mustMap(t *testing.T, spec string) []importer.MapEntry {
	t.Helper()
	m, err := importer.ParseMapSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestJSONLCarriesTheUID(t *testing.T) {
	s, _ := openStore(t)
	path := filepath.Join(t.TempDir(), "contacts.jsonl")
	line := `{"first_name":"Ola","last_name":"Nowak","uid":"urn:uuid:0b9e","emails":[],"phones":[]}` + "\n"
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, want := range []counts{{rows: 1, created: 1}, {rows: 1, unchanged: 1}} {
		if got := countsOf(mustImport(t, s, path, importer.Options{})); got != want {
			t.Errorf("import %d: %+v, want %+v", i+1, got, want)
		}
	}
	if c := find(t, s, contact.KeyUID, "urn:uuid:0b9e"); c.LastName != "Nowak" {
		t.Errorf("stored %+v", c)
	}
	verify(t, s)
}

// urn:rolo:N is the ID rolo's export writes for a card without a UID of
// its own: reading it back stores no UID, so an export round-trips.
func TestRolosOwnUIDIsNotStored(t *testing.T) {
	s, _ := openStore(t)
	path := vcfFile(t, "BEGIN:VCARD\nVERSION:4.0\nUID:urn:rolo:7\nFN:Ola Nowak\nN:Nowak;Ola;;;\nEMAIL:ola@example.com\nEND:VCARD\n")
	if got := countsOf(mustImport(t, s, path, importer.Options{})); got != (counts{rows: 1, created: 1}) {
		t.Fatalf("%+v", got)
	}
	if c := find(t, s, contact.KeyEmail, "ola@example.com"); c.UID != "" {
		t.Errorf("stored UID %q", c.UID)
	}
}

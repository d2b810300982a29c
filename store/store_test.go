package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"rolo/contact"
)

var t0 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "rolo.db"), Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// full is a contact with every field set, including lists with several
// entries, so a round trip proves each one is encoded.
func full() *contact.Contact {
	return &contact.Contact{
		FirstName: "Łucja", MiddleName: "Мария", LastName: "Brzęczyszczykiewicz",
		Company: "Żabka Polska", JobTitle: "Kierowniczka", CRMID: "000123", TaxID: "123-456-32-18",
		Prefix: "dr", Suffix: "Jr.", Department: "Logistyka", Role: "decyduje o zakupach",
		Emails: []string{"lucja@example.pl", "l.b@firma.pl"},
		Phones: []contact.Phone{
			{Number: "+48601234567", Raw: "601 234 567", Origin: contact.OriginDefault, Region: "PL"},
			{Number: "+4915123456789", Raw: "+49 1512 3456789", Origin: contact.OriginExplicit},
		},
		Faxes:    []string{"+48221234568", "+48221234569"},
		WhatsApp: "+48601234567", Telegram: "@lucja", Viber: "+48601234567",
		BirthDate: "1985-03-07",
		Address:   contact.Address{Kind: contact.AddressHome, Street: "ul. Łąkowa", House: "7/12", PostalCode: "90-001", City: "Łódź", Region: "łódzkie", Country: "PL"},
		MoreAddresses: []contact.Address{
			{Kind: contact.AddressWork, Street: "ul. Piotrkowska", House: "100", PostalCode: "90-004", City: "Łódź", Country: "PL"},
			{City: "Sopot"},
		},
		Shipping:    contact.Address{Street: "Hauptstraße", House: "1", PostalCode: "10115", City: "Berlin", Region: "Berlin", Country: "DE"},
		Description: "multi\nline", Manager: "Anna Nowak", Timezone: "Europe/Warsaw",
		Points: contact.Num(0), PaidTotal: contact.Num(-12.5), Priority: "high",
		Status: contact.StatusSubscriber,
		Consents: []contact.Consent{
			{Name: "email", Granted: true, At: t0.Add(-time.Hour), Source: "import:1"},
			{Name: "sms", Granted: false, At: t0, Source: "card"},
		},
		Groups: []string{"VIP", "Newsletter 2026"}, Tags: []string{"b2b"},
		Custom:    []contact.Custom{{Name: "language", Value: "pl"}, {Name: "loyalty_card", Value: "LC-000001"}},
		CreatedAt: t0.Add(-48 * time.Hour), UpdatedAt: t0.Add(-24 * time.Hour), Source: "import:1",
		ChangedBy: []string{"ana", "zofia"},
	}
}

func TestRoundTripEveryField(t *testing.T) {
	s := openTemp(t)
	c := full()
	id, err := s.Create(c.Clone())
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = id
	c.NoteChangedBy(s.User()) // the writer is named too
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip changed the contact:\n got %+v\nwant %+v", got, c)
	}
	// A field is only written when set: an empty contact stays empty, and a
	// zero Number that is valid survives (0 points is not "no points").
	empty := &contact.Contact{}
	id2, err := s.Create(empty)
	if err != nil {
		t.Fatal(err)
	}
	got2, _ := s.Get(id2)
	if got2.Points.Valid || got2.Status != contact.StatusContact || !got2.CreatedAt.Equal(t0) {
		t.Errorf("empty contact came back as %+v", got2)
	}
	if !got.Points.Valid || got.Points.Value != 0 {
		t.Errorf("a valid zero was lost: %+v", got.Points)
	}
}

func TestCodecSkipsUnknownFieldsAndRefusesNewerVersions(t *testing.T) {
	c := full()
	b := encodeContact(nil, c)
	// A field a newer rolo might add (number 99, bytes) is skipped.
	b = append(b, 0x9a, 0x06, 3, 'n', 'e', 'w')
	got, err := decodeContact(5, b)
	if err != nil || got.LastName != c.LastName || len(got.Phones) != 2 {
		t.Fatalf("decode with an unknown field: %v %+v", err, got)
	}
	b[0] = recordVersion + 1
	if _, err := decodeContact(5, b); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer record version: %v", err)
	}
	if _, err := decodeContact(5, []byte{recordVersion, 0x0a, 50, 'x'}); err == nil {
		t.Error("a truncated record decoded")
	}
}

func TestUniqueKeysAndSharedPhones(t *testing.T) {
	s := openTemp(t)
	a := &contact.Contact{FirstName: "A", Emails: []string{"a@x.pl"}, CRMID: "C1", TaxID: "123.456.789-09",
		Phones: []contact.Phone{{Number: "+48221234567"}}}
	if _, err := s.Create(a); err != nil {
		t.Fatal(err)
	}
	for _, dup := range []*contact.Contact{
		{Emails: []string{"b@x.pl", "a@x.pl"}},
		{CRMID: "C1"},
		{TaxID: "12345678909"}, // the same tax ID written differently
	} {
		_, err := s.Create(dup)
		var ce *contact.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, contact.ErrConflict) || ce.ID != a.ID {
			t.Errorf("Create(%+v) = %v, want a conflict with contact %d", dup, err, a.ID)
		}
	}
	// A refused create leaves nothing behind.
	if n, _ := s.Count(); n != 1 {
		t.Errorf("count = %d after refused creates", n)
	}
	if ids, _ := s.Find(contact.KeyEmail, "b@x.pl"); len(ids) != 0 {
		t.Errorf("a refused create indexed b@x.pl: %v", ids)
	}
	// A household shares a landline.
	b := &contact.Contact{FirstName: "B", Phones: []contact.Phone{{Number: "+48221234567"}}}
	if _, err := s.Create(b); err != nil {
		t.Fatalf("a shared phone was refused: %v", err)
	}
	ids, err := s.Find(contact.KeyPhone, "+48221234567")
	if err != nil || !reflect.DeepEqual(ids, []uint64{a.ID, b.ID}) {
		t.Errorf("Find(phone) = %v, %v", ids, err)
	}
	if ids, _ := s.Find(contact.KeyTaxID, "123 456 789 09"); !reflect.DeepEqual(ids, []uint64{a.ID}) {
		t.Errorf("Find(tax_id) = %v", ids)
	}
	if ids, _ := s.Find(contact.KeyEmail, " A@X.PL "); !reflect.DeepEqual(ids, []uint64{a.ID}) {
		t.Errorf("Find(email) = %v", ids)
	}
}

func TestIndexesFollowUpdatesAndDeletes(t *testing.T) {
	s := openTemp(t)
	var ids []uint64
	err := s.Update(func(tx *Tx) error {
		for i, e := range []string{"one@x.pl", "two@x.pl", "three@x.pl"} {
			c := &contact.Contact{FirstName: e, Emails: []string{e}, CRMID: string(rune('A' + i)),
				Phones: []contact.Phone{{Number: "+48221234567"}, {Number: "+4860123456" + string(rune('0'+i))}}}
			id, err := tx.Create(c)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Get(ids[0])
	c.Emails = []string{"uno@x.pl"}
	c.Phones = c.Phones[1:]
	c.CRMID = "Z"
	out, err := s.Save(c, contact.Event{Source: "card"})
	if err != nil || out != Updated {
		t.Fatalf("Save = %v, %v", out, err)
	}
	if out, _ := s.Save(c.Clone(), contact.Event{Source: "card"}); out != Unchanged {
		t.Errorf("saving an unchanged contact gave %v", out)
	}
	// Moving an e-mail to another contact is refused while it is taken...
	c2, _ := s.Get(ids[1])
	c2.Emails = append(c2.Emails, "three@x.pl")
	if _, err := s.Save(c2, contact.Event{}); !errors.Is(err, contact.ErrConflict) {
		t.Errorf("taking another's e-mail: %v", err)
	}
	// ...and allowed once it is free.
	if err := s.Update(func(tx *Tx) error { return tx.Delete(ids[2]) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(c2, contact.Event{}); err != nil {
		t.Errorf("taking a freed e-mail: %v", err)
	}
	problems, err := s.Verify()
	if err != nil || len(problems) > 0 {
		t.Fatalf("Verify: %v %v", problems, err)
	}
	for v, want := range map[string][]uint64{"one@x.pl": nil, "uno@x.pl": {ids[0]}, "three@x.pl": {ids[1]}} {
		if got, _ := s.Find(contact.KeyEmail, v); !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%s) = %v, want %v", v, got, want)
		}
	}
	if got, _ := s.Find(contact.KeyPhone, "+48221234567"); !reflect.DeepEqual(got, []uint64{ids[1]}) {
		t.Errorf("shared phone after update/delete = %v", got)
	}
	if got, _ := s.Find(contact.KeyCRMID, "A"); got != nil {
		t.Errorf("old CRM ID still indexed: %v", got)
	}
	if n, _ := s.Count(); n != 2 {
		t.Errorf("count = %d", n)
	}
	if _, err := s.Get(ids[2]); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted contact: %v", err)
	}
}

func TestHistoryRecordsEveryChange(t *testing.T) {
	s := openTemp(t)
	id, _ := s.Create(&contact.Contact{FirstName: "Jan", Address: contact.Address{City: "Kraków"}})
	c, _ := s.Get(id)
	c.Address.City = "Łódź"
	c.SetConsent(contact.Consent{Name: "sms", Granted: true, At: t0, Source: "card"})
	if _, err := s.Save(c, contact.Event{Source: "card"}); err != nil {
		t.Fatal(err)
	}
	evs, err := s.History(id)
	if err != nil || len(evs) != 1 {
		t.Fatalf("History = %v, %v", evs, err)
	}
	ev := evs[0]
	if ev.Source != "card" || ev.Kind != contact.EventUpdate || !ev.At.Equal(t0) || len(ev.Changes) != 2 {
		t.Fatalf("event = %+v", ev)
	}
	if ev.Changes[0] != (contact.Change{Field: "city", Old: "Kraków", New: "Łódź"}) {
		t.Errorf("change = %+v", ev.Changes[0])
	}
	if got, _ := s.Get(id); !got.UpdatedAt.Equal(t0) {
		t.Errorf("UpdatedAt = %v", got.UpdatedAt)
	}
	if err := s.Update(func(tx *Tx) error { return tx.Delete(id) }); err != nil {
		t.Fatal(err)
	}
	if evs, _ := s.History(id); len(evs) != 0 {
		t.Errorf("history survived the delete: %v", evs)
	}
}

func TestDefinitionsCreatedOnFirstUse(t *testing.T) {
	s := openTemp(t)
	added, err := s.UpdateAdded(func(tx *Tx) error {
		for range 3 {
			c := &contact.Contact{Groups: []string{"VIP"}, Custom: []contact.Custom{{Name: "tier", Value: "1"}}}
			c.SetConsent(contact.Consent{Name: "newsleter", Granted: true})
			if _, err := tx.Create(c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Added{Consents: []string{"newsleter"}, Groups: []string{"VIP"}, Fields: []string{"tier"}}
	if !reflect.DeepEqual(added, want) {
		t.Errorf("added = %+v, want %+v", added, want)
	}
	defs, _ := s.ConsentDefs()
	if len(defs) != 1 || !defs[0].Auto || defs[0].Channel != ChannelEmail {
		t.Errorf("consent defs = %+v", defs)
	}
	added, _ = s.UpdateAdded(func(tx *Tx) error {
		_, err := tx.Create(&contact.Contact{Groups: []string{"VIP"}})
		return err
	})
	if len(added.Groups) != 0 {
		t.Errorf("a known group was reported as new: %+v", added)
	}
}

func TestRestoreUndoesADelete(t *testing.T) {
	s := openTemp(t)
	c := full()
	id, _ := s.Create(c)
	before, _ := s.Get(id)
	if err := s.Update(func(tx *Tx) error { return tx.Delete(id) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error { return tx.Restore(before, contact.Event{Kind: contact.EventUndo}) }); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(id)
	if !reflect.DeepEqual(got, before) {
		t.Errorf("restored %+v, want %+v", got, before)
	}
	if p, _ := s.Verify(); len(p) > 0 {
		t.Error(p)
	}
}

func TestGenerationMovesOnlyWhenContactsChange(t *testing.T) {
	s := openTemp(t)
	g0, _ := s.Generation()
	id, _ := s.Create(&contact.Contact{FirstName: "A"})
	g1, _ := s.Generation()
	c, _ := s.Get(id)
	s.Save(c, contact.Event{}) // unchanged
	_ = s.SetPref("columns", []string{"full_name"})
	g2, _ := s.Generation()
	if g1 != g0+1 || g2 != g1 {
		t.Errorf("generations %d %d %d", g0, g1, g2)
	}
}

func TestPrefs(t *testing.T) {
	s := openTemp(t)
	var cols []string
	if ok, err := s.Pref("columns", &cols); ok || err != nil {
		t.Fatalf("unset pref: %v %v", ok, err)
	}
	if err := s.SetPref("columns", []string{"full_name", "city"}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Pref("columns", &cols); !ok || !reflect.DeepEqual(cols, []string{"full_name", "city"}) {
		t.Errorf("pref = %v", cols)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("ROLO_DB", "/tmp/x.db")
	if p, _ := DefaultPath(); p != "/tmp/x.db" {
		t.Errorf("ROLO_DB: %s", p)
	}
	t.Setenv("ROLO_DB", "")
	t.Setenv("XDG_DATA_HOME", "/data")
	if p, _ := DefaultPath(); p != "/data/rolo/rolo.db" {
		t.Errorf("XDG: %s", p)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultPath(); p != "/home/u/.local/share/rolo/rolo.db" {
		t.Errorf("home: %s", p)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, _ := Open(path, Options{})
	s.Create(&contact.Contact{FirstName: "A"})
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Create(&contact.Contact{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write on read-only: %v", err)
	}
	if n, _ := ro.Count(); n != 1 {
		t.Errorf("count %d", n)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.db"), Options{ReadOnly: true}); !errors.Is(err, ErrNoStore) {
		t.Errorf("read-only open of a missing file: %v", err)
	}
}

func TestScanBorrowedSeesWhatScanSees(t *testing.T) {
	s := openTemp(t)
	for _, c := range []*contact.Contact{full(), {FirstName: "Bare"}, full()} {
		c.Emails, c.CRMID, c.TaxID = nil, "", "" // no unique keys: the same contact twice
		if _, err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	var want []*contact.Contact
	s.Scan(func(c *contact.Contact) error { want = append(want, c); return nil })
	i := 0
	err := s.ScanBorrowed(func(c *contact.Contact) error {
		// Nil and empty slices are the same contact for a reader.
		if !contact.Equal(c, want[i]) || c.ID != want[i].ID {
			t.Errorf("borrowed contact %d = %+v, want %+v", i, c, want[i])
		}
		i++
		return nil
	})
	if err != nil || i != len(want) {
		t.Errorf("ScanBorrowed: %v after %d", err, i)
	}
}

// A new store is a small file, not a 64 MB sparse one: it grows by 1 MB
// until a bulk import asks for big steps.
func TestNewStoreIsSmall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 2<<20 {
		t.Errorf("a new store is %d bytes, want at most 2 MB", fi.Size())
	}
	if err := s.BeginBulk(); err != nil {
		t.Fatal(err)
	}
	err = s.Update(func(tx *Tx) error {
		if got := tx.tx.DB().AllocSize; got != allocStep {
			t.Errorf("a bulk session grows by %d bytes, want %d", got, allocStep)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndBulk(); err != nil {
		t.Fatal(err)
	}
}

package storesink

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"rolo/contact"
	"rolo/importer"
	"rolo/store"
)

// identityFile holds the cases the identity rules are about, among rows
// of one file and against contacts already stored (see identityStore).
func identityFile(t *testing.T) string {
	return csvFile(t,
		"E-mail;Imię;Nazwisko;Telefon;CRM ID",
		";Marek;Kowalski;600 100 200;",                       // 1: new
		";Jan;Nowak;600 300 400;",                            // 2: new
		"RENATA.JASINSKA@EXAMPLE.PL;Mirosław;Jabłoński;;",    // 3: Renata's e-mail, another name
		";Ewa;Zielińska;600 500 600;",                        // 4: new, phone only
		";Anna;Wróbel;600 100 200;",                          // 5: Marek's phone, another name: new
		"nowakowie@example.pl;Piotr;Nowakowski;;",            // 6: a family e-mail
		";JAN;NOWAK;+48 600 300 400;",                        // 7: Jan's phone and name
		"ewa.z@example.pl;Ewa;Zielińska;600 500 600;",        // 8: Ewa again, with her e-mail
		"a.schafer@example.de;Andreas;Schäfer;22 111 22 33;", // 9: Sebastian's landline
		"nowakowie@example.pl;Zofia;Nowakowska;;",            // 10: the family e-mail again
		";Ewa;ZIELINSKA;600500600;",                          // 11: Ewa by phone
		";;;600 300 400;",                                    // 12: Jan's phone, no name
		"tomasz@example.pl;Tomasz;Lis;;K-2",                  // 13: Tomasz's e-mail, Olga's CRM ID
		";Ewa;Zielińska;600 500 600;",                        // 14: Ewa by phone
	)
}

func identityStore(t *testing.T) *store.Store {
	s, _ := openStore(t)
	for _, c := range []*contact.Contact{
		{FirstName: "Renata", LastName: "Jasińska", Emails: []string{"renata.jasinska@example.pl"}},
		{FirstName: "Sebastian", LastName: "Schäfer", Emails: []string{"s.schafer@example.de"}, Phones: []contact.Phone{{Number: "+48221112233"}}},
		{FirstName: "Tomasz", LastName: "Lis", Emails: []string{"tomasz@example.pl"}, CRMID: "K-1"},
		{FirstName: "Olga", LastName: "Lis", CRMID: "K-2"},
	} {
		if _, err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestIdentityRules(t *testing.T) {
	s := identityStore(t)
	path := identityFile(t)
	opt := importer.Options{Country: "PL"}
	want := counts{rows: 14, created: 6, updated: 1, merged: 6, rejected: 1}
	wantWarnings := []string{
		"row 3 identity_conflict: same e-mail as contact 1 Renata Jasińska; name changed to Mirosław Jabłoński",
		"row 5 shared_phone: phone +48600100200 is also contact 5 (Marek Kowalski): added as a new contact (a shared phone joins contacts only when the names agree)",
		"row 9 shared_phone: phone +48221112233 is also contact 2 (Sebastian Schäfer): added as a new contact (a shared phone joins contacts only when the names agree)",
		"row 10 identity_conflict: same e-mail as contact 9 Piotr Nowakowski; name changed to Zofia Nowakowska",
	}
	wantRejected := "ambiguous: e-mail tomasz@example.pl belongs to contact 3 (Tomasz Lis), CRM ID K-2 to contact 4 (Olga Lis)"
	check := func(what string, rep *importer.Report, wantWarnings []string) {
		t.Helper()
		if got := countsOf(rep); got != want || rep.IdentityConflicts != 2 {
			t.Errorf("%s: %+v, %d identity conflicts", what, got, rep.IdentityConflicts)
		}
		var got []string
		for _, w := range rep.Warnings {
			got = append(got, fmt.Sprintf("row %d %s: %s", w.Row, w.Kind(), w.Message))
		}
		if !slices.Equal(got, wantWarnings) {
			t.Errorf("%s: warnings\n%q\nwant\n%q", what, got, wantWarnings)
		}
		if len(rep.Rejected) != 1 || rep.Rejected[0].Row != 13 || rep.Rejected[0].Reason != wantRejected {
			t.Errorf("%s: rejected %+v", what, rep.Rejected)
		}
	}
	// The wizard's live check on the sample predicts the same.
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	chk, err := importer.Check(src.Tables[0], importer.AutoMap(src.Tables[0]), opt, New(s, false))
	if err != nil || chk.Rows != 14 || chk.Created != 6 || chk.Updated != 1 || chk.Merged != 6 || chk.Rejected != 1 ||
		chk.IdentityConflicts != 2 || chk.Reasons["ambiguous"] != 1 {
		t.Errorf("live check: %+v %v", chk, err)
	}
	// A dry run says what the import does (of contacts it would create
	// it can give no ID).
	dry := slices.Clone(wantWarnings)
	dry[1] = strings.Replace(dry[1], "contact 5", "a new contact", 1)
	dry[3] = strings.Replace(dry[3], "contact 9", "a new contact", 1)
	check("dry run", mustImport(t, s, path, importer.Options{Country: "PL", DryRun: true}), dry)
	check("import", mustImport(t, s, path, opt), wantWarnings)

	type person struct {
		name   string
		emails []string
		phones []string
		crm    string
	}
	wantPeople := []person{
		{"Mirosław Jabłoński", []string{"renata.jasinska@example.pl"}, nil, ""},
		{"Sebastian Schäfer", []string{"s.schafer@example.de"}, []string{"+48221112233"}, ""},
		{"Tomasz Lis", []string{"tomasz@example.pl"}, nil, "K-1"},
		{"Olga Lis", nil, nil, "K-2"},
		{"Marek Kowalski", nil, []string{"+48600100200"}, ""},
		{"JAN NOWAK", nil, []string{"+48600300400"}, ""},
		{"Ewa Zielińska", []string{"ewa.z@example.pl"}, []string{"+48600500600"}, ""},
		{"Anna Wróbel", nil, []string{"+48600100200"}, ""},
		{"Zofia Nowakowska", []string{"nowakowie@example.pl"}, nil, ""},
		{"Andreas Schäfer", []string{"a.schafer@example.de"}, []string{"+48221112233"}, ""},
	}
	var got []person
	err = s.Scan(func(c *contact.Contact) error {
		p := person{name: c.FullName(), emails: c.Emails, crm: c.CRMID}
		for _, ph := range c.Phones {
			p.phones = append(p.phones, ph.Number)
		}
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(wantPeople) {
		t.Fatalf("%d contacts, want %d: %+v", len(got), len(wantPeople), got)
	}
	for i, w := range wantPeople {
		g := got[i]
		if g.name != w.name || !slices.Equal(g.emails, w.emails) || !slices.Equal(g.phones, w.phones) || g.crm != w.crm {
			t.Errorf("contact %d: %+v, want %+v", i+1, g, w)
		}
	}
	verify(t, s)
}

// Key priority lists: the first key a row has a value for decides; a
// single key is the only one.
func TestKeyPriorityLists(t *testing.T) {
	s, _ := openStore(t)
	a, _ := s.Create(&contact.Contact{FirstName: "Anna", LastName: "Nowak", Emails: []string{"anna@x.pl"}, Phones: []contact.Phone{{Number: "+48601000001"}}})
	b, _ := s.Create(&contact.Contact{FirstName: "Bartek", LastName: "Nowak", CRMID: "K-7", Phones: []contact.Phone{{Number: "+48601000002"}}})
	path := csvFile(t,
		"E-mail;Imię;Nazwisko;Telefon;CRM ID",
		";Anna;Nowak;601 000 001;",         // phone, same name: Anna
		"new@x.pl;Anna;Nowak;601 000 001;", // Anna's phone, another e-mail: someone else
		";Bartłomiej;Nowak;601 000 002;",   // phone, another name: new
		"bn@x.pl;Bartek;Nowak;;K-7",        // no phone: by e-mail (new), then the CRM ID finds Bartek
		";Zenon;Brak;;",                    // no key at all
	)
	rep := mustImport(t, s, path, importer.Options{Country: "PL", Key: importer.KeyList{contact.KeyPhone, contact.KeyEmail}})
	if got := countsOf(rep); got != (counts{rows: 5, created: 2, updated: 1, unchanged: 1, rejected: 1}) {
		t.Errorf("phone,email: %+v %+v", got, rep.Rejected)
	}
	if len(rep.Rejected) == 1 && rep.Rejected[0].Reason != "no usable key: no valid phone or valid e-mail (--key phone,email)" {
		t.Errorf("rejected %q", rep.Rejected[0].Reason)
	}
	if c, _ := s.Get(a); !slices.Equal(c.Emails, []string{"anna@x.pl"}) {
		t.Errorf("Anna: %+v", c)
	}
	if len(rep.Warnings) != 2 || rep.Warnings[0].Row != 2 || rep.Warnings[0].Kind() != "shared_phone" || rep.Warnings[1].Row != 3 {
		t.Errorf("warnings %+v", rep.Warnings)
	}
	if c, _ := s.Get(b); !slices.Equal(c.Emails, []string{"bn@x.pl"}) {
		t.Errorf("Bartek: %+v", c)
	}
	// --key email alone: a row without an e-mail is rejected.
	rep = mustImport(t, s, csvFile(t, "E-mail;Telefon", ";601 000 001"), importer.Options{Country: "PL", Key: importer.KeyList{contact.KeyEmail}})
	if len(rep.Rejected) != 1 || rep.Rejected[0].Reason != "no usable key: no valid e-mail (--key email)" {
		t.Errorf("email alone: %+v", rep.Rejected)
	}
	for _, tc := range []struct{ in, want, err string }{
		{"", "", ""}, {"phone, E-mail", "phone,email", ""}, {"crm,tax,email,phone", "crm_id,tax_id,email,phone", ""},
		{"email,email", "", "--key names email twice"}, {"fax", "", "--key must be email, phone, crm_id, tax_id or uid"},
	} {
		k, err := importer.ParseKey(tc.in)
		if k.String() != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("ParseKey(%q) = %q, %v", tc.in, k, err)
		}
	}
	verify(t, s)
}

// --mode update and --mode create report a strong-key match with another
// name the same way; create leaves the contact as it was.
func TestIdentityConflictsInEveryMode(t *testing.T) {
	s := identityStore(t)
	path := csvFile(t, "E-mail;Imię;Nazwisko", "renata.jasinska@example.pl;Mirosław;Jabłoński")
	rep := mustImport(t, s, path, importer.Options{Mode: importer.ModeCreate})
	if rep.IdentityConflicts != 1 || len(rep.Warnings) != 1 || rep.Unchanged != 1 ||
		rep.Warnings[0].Message != "same e-mail as contact 1 Renata Jasińska; the row names Mirosław Jabłoński, left unchanged (--mode create)" {
		t.Errorf("create: %+v %+v", countsOf(rep), rep.Warnings)
	}
	if c, _ := s.Get(1); c.FullName() != "Renata Jasińska" {
		t.Errorf("create mode renamed the contact: %s", c.FullName())
	}
	rep = mustImport(t, s, path, importer.Options{Mode: importer.ModeUpdate})
	if rep.IdentityConflicts != 1 || rep.Updated != 1 || len(rep.Warnings) != 1 || rep.Warnings[0].Kind() != "identity_conflict" {
		t.Errorf("update: %+v %+v", countsOf(rep), rep.Warnings)
	}
	if c, _ := s.Get(1); c.FullName() != "Mirosław Jabłoński" {
		t.Errorf("update mode: %s", c.FullName())
	}
	// The same name again, in capitals and without accents, is no conflict.
	rep = mustImport(t, s, csvFile(t, "E-mail;Imię;Nazwisko", "renata.jasinska@example.pl;MIROSLAW;JABLONSKI"), importer.Options{})
	if rep.IdentityConflicts != 0 || len(rep.Warnings) != 0 {
		t.Errorf("same name: %+v %+v", countsOf(rep), rep.Warnings)
	}
}

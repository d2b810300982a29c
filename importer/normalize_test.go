package importer

import (
	"errors"
	"strings"
	"testing"

	"rolo/contact"
)

// normalizeOne maps a one-row table by AutoMap (plus overrides) and
// normalises its row.
func normalizeOne(t *testing.T, opt Options, header []string, cells []string, overrides ...MapEntry) *rowData {
	t.Helper()
	tb := table(header, cells)
	m := AutoMap(tb)
	if err := m.Override(overrides); err != nil {
		t.Fatal(err)
	}
	opt.defaults()
	p, err := compile(tb, 0, m, &opt, false)
	if err != nil {
		t.Fatal(err)
	}
	return p.normalize(Record{Line: 2, Cells: cells}, 1)
}

func TestPhonesAreNormalised(t *testing.T) {
	for _, tt := range []struct {
		raw, country, rowCountry string
		want                     string
		origin                   contact.PhoneOrigin
		warn                     string
	}{
		{"+48 601 234 567", "", "", "+48601234567", contact.OriginExplicit, ""},
		{"601 234 567", "PL", "", "+48601234567", contact.OriginDefault, ""},
		{"0048 601-234-567", "DE", "", "+48601234567", contact.OriginExplicit, ""},
		{"8 (912) 345-67-89", "RU", "", "+79123456789", contact.OriginDefault, ""},
		{"0412 345 678", "AU", "", "+61412345678", contact.OriginDefault, ""},
		{"412345678", "AU", "", "+61412345678", contact.OriginDefault, ""},                  // lost its leading zero in a spreadsheet
		{"48601234567", "US", "", "+48601234567", contact.OriginRestoredPlus, ""},           // an international number that lost its +
		{"(11) 98765-4321", "PL", "Brasil", "+5511987654321", contact.OriginRowCountry, ""}, // the row's country wins
		{"030 1234567", "", "Deutschland", "+49301234567", contact.OriginRowCountry, ""},
		{"601 234 567", "", "", "", 0, `"601 234 567" has no country code and no default country is set`},
		{"123", "PL", "", "", 0, `"123" is too short for PL`},
		{"+48 601 234 567 / +48 602 345 678", "", "", "+48601234567", contact.OriginExplicit, ""},
	} {
		r := normalizeOne(t, Options{Country: tt.country}, []string{"Telefon", "Kraj"}, []string{tt.raw, tt.rowCountry})
		if tt.warn != "" {
			if len(r.c.Phones) != 0 || len(r.warnings) != 1 || !strings.Contains(r.warnings[0].Message, tt.warn) || r.warnings[0].Field != "Telefon" {
				t.Errorf("%q (%s): phones %v, warnings %+v; want the warning %q", tt.raw, tt.country, r.c.Phones, r.warnings, tt.warn)
			}
			continue
		}
		if len(r.c.Phones) == 0 || r.c.Phones[0].Number != tt.want || r.c.Phones[0].Origin != tt.origin || r.c.Phones[0].Raw != tt.raw && !strings.Contains(tt.raw, "/") {
			t.Errorf("%q (%s, row %s) = %+v, %+v; want %s (%v)", tt.raw, tt.country, tt.rowCountry, r.c.Phones, r.warnings, tt.want, tt.origin)
		}
	}
	r := normalizeOne(t, Options{}, []string{"Telefon"}, []string{"+48 601 234 567 / +48 602 345 678"})
	if len(r.c.Phones) != 2 {
		t.Errorf("two numbers in a cell: %v", r.c.Phones)
	}
}

func TestValuesAreCleanedOrDroppedWithAWarning(t *testing.T) {
	header := []string{"E-mail", "Imię", "Data urodzenia", "Zgoda e-mail", "Kod klienta", "Kraj", "Priorytet", "Punkty", "Strefa czasowa"}
	r := normalizeOne(t, Options{Country: "PL"}, header,
		[]string{"\u00a0Jan.Kowalski@Example.PL ", "  Jan ", "07.03.1985", "TAK", "000123", "Polska", "HIGH", "1 234,50", "Europe/Warsaw"})
	c := r.c
	if r.reject != "" || len(r.warnings) != 0 {
		t.Fatalf("clean row: %q %+v", r.reject, r.warnings)
	}
	if c.PrimaryEmail() != "jan.kowalski@example.pl" || c.FirstName != "Jan" || c.BirthDate != "1985-03-07" || c.CRMID != "000123" ||
		c.Address.Country != "PL" || c.Priority != "high" || c.Points.Value != 1234.5 || c.Timezone != "Europe/Warsaw" {
		t.Errorf("values: %+v", c)
	}
	if len(r.consents) != 1 || r.consents[0] != (consentVal{name: "email", granted: true, column: "Zgoda e-mail"}) {
		t.Errorf("consents: %+v", r.consents)
	}
	r = normalizeOne(t, Options{Country: "PL"}, header,
		[]string{"a@x.pl; bad@; b@x.pl", "Jan", "31.02.1985", "może", "000124", "Atlantyda", "kiedyś", "dużo", "Mars/Olympus"})
	if r.reject != "" || len(r.c.Emails) != 2 {
		t.Fatalf("emails %v, reject %q", r.c.Emails, r.reject)
	}
	kinds := map[string]string{}
	for _, w := range r.warnings {
		kinds[w.kind] = w.Field + ": " + w.Message
	}
	for kind, col := range map[string]string{"invalid_email": "E-mail", "invalid_date": "Data urodzenia", "invalid_consent": "Zgoda e-mail",
		"invalid_country": "Kraj", "invalid_value": "Priorytet", "invalid_number": "Punkty", "invalid_timezone": "Strefa czasowa"} {
		if !strings.HasPrefix(kinds[kind], col+": ") {
			t.Errorf("no %s warning naming %s: %q", kind, col, kinds[kind])
		}
	}
	if !strings.Contains(kinds["invalid_date"], `"31.02.1985"`) || !strings.Contains(kinds["invalid_consent"], `"może"`) {
		t.Errorf("warnings do not name the value: %v", kinds)
	}
	if r.set&(1<<sBirth) != 0 || len(r.consents) != 0 {
		t.Error("a dropped value was kept")
	}
}

func TestLeadingFormulaTextIsData(t *testing.T) {
	r := normalizeOne(t, Options{}, []string{"E-mail", "Uwagi", "Firma"}, []string{"a@x.pl", "=HYPERLINK(\"x\")", "+Plus sp. z o.o."})
	if r.c.Description != `=HYPERLINK("x")` || r.c.Company != "+Plus sp. z o.o." || len(r.warnings) != 0 {
		t.Errorf("text starting with = or + was changed: %+v %+v", r.c, r.warnings)
	}
}

func TestRowRejections(t *testing.T) {
	for _, tt := range []struct {
		opt    Options
		header []string
		cells  []string
		want   string
	}{
		{Options{}, []string{"E-mail", "Imię"}, []string{"a@x.pl"}, ""}, // a trailing cell left out
		{Options{}, []string{"Imię", "E-mail", "Telefon"}, []string{"a@x.pl", "601 234 567"}, `ragged row: 2 cells where the header has 3, and column "Imię" holds what column "E-mail" takes (a cell is missing before it)`},
		{Options{}, []string{"E-mail", "Imię"}, []string{"a@x.pl", "Jan", "extra"}, "ragged row: 3 cells where the header has 2"},
		{Options{}, []string{"E-mail", "Imię"}, []string{"a@x.pl", "Jan", "", " "}, ""}, // empty cells past the header are fine
		{Options{}, []string{"E-mail", "Telefon"}, []string{"not-an-email", "12"}, "no usable key: no valid e-mail or phone"},
		{Options{Key: KeyList{contact.KeyPhone}}, []string{"E-mail", "Telefon"}, []string{"a@x.pl", ""}, "no usable key: no valid phone (--key phone)"},
		{Options{Key: KeyList{contact.KeyTaxID}}, []string{"E-mail", "NIP"}, []string{"a@x.pl", " - "}, "no usable key: no tax ID (--key tax_id)"},
		{Options{Key: KeyList{contact.KeyCRMID}}, []string{"E-mail", "Kod klienta"}, []string{"a@x.pl", ""}, "no usable key: no CRM ID (--key crm_id)"},
	} {
		r := normalizeOne(t, tt.opt, tt.header, tt.cells)
		if r.reject != tt.want {
			t.Errorf("%q: reject %q, want %q", tt.cells, r.reject, tt.want)
		}
	}
	if r := normalizeOne(t, Options{}, []string{"a"}, []string{"x"}); r.reject != "no usable key: no valid e-mail or phone" {
		t.Errorf("%q", r.reject)
	}
}

func TestCompileRefusesAMappingWithoutKey(t *testing.T) {
	tb := table([]string{"Imię", "Nazwisko"}, []string{"Jan", "Kowalski"})
	for _, tt := range []struct {
		key  KeyList
		want string
	}{
		{nil, "no column holds e-mails or phones"},
		{KeyList{contact.KeyCRMID}, "no column holds a CRM ID (--key crm_id)"},
		{KeyList{contact.KeyTaxID}, "no column holds a tax ID (--key tax_id)"},
		{KeyList{contact.KeyTaxID, contact.KeyCRMID}, "no column holds a tax ID or a CRM ID (--key tax_id,crm_id)"},
	} {
		_, err := compile(tb, 0, AutoMap(tb), &Options{Key: tt.key}, true)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("key %q: %v", tt.key, err)
		}
	}
}

func TestFullNamesAreSplit(t *testing.T) {
	for in, want := range map[string][3]string{
		"Jan Kowalski":  {"Jan", "", "Kowalski"},
		"João da Silva": {"João", "", "da Silva"},
		"Иванов Сергей Петрович": {"Сергей", "Петрович", "Иванов"},
		"Сергей Петрович Иванов": {"Сергей", "Петрович", "Иванов"},
		"Kowalski, Jan":           {"Jan", "", "Kowalski"},
		"Smith, John Paul":        {"John", "Paul", "Smith"},
		"Madonna":                 {"Madonna", "", ""},
		"  Maria  de la  Cruz  ":  {"Maria", "", "de la Cruz"},
		"Ivanov Sergei Petrovich": {"Sergei", "Petrovich", "Ivanov"},
	} {
		f, m, l := contact.SplitFullName(strings.Join(strings.Fields(in), " "))
		if [3]string{f, m, l} != want {
			t.Errorf("SplitFullName(%q) = %q %q %q, want %q", in, f, m, l, want)
		}
	}
	r := normalizeOne(t, Options{}, []string{"NOME_CLIENTE", "E-mail"}, []string{"João da Silva", "j@x.br"})
	if r.c.FirstName != "João" || r.c.LastName != "da Silva" {
		t.Errorf("NOME_CLIENTE: %q %q", r.c.FirstName, r.c.LastName)
	}
}

func TestVCard21QuotedPrintable(t *testing.T) {
	card := "BEGIN:VCARD\r\n" +
		"VERSION:2.1\r\n" +
		"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=81=C4=85cka;Zofia;;;\r\n" +
		"FN;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:=C8=E2=E0=ED=EE=E2=E0 =CE=EB=FC=E3=E0\r\n" +
		"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Pierwsza linia=0D=0A=\r\n" +
		"druga linia, =C5=BC=C3=B3=C5=82w\r\n" +
		"TEL;CELL;PREF:+48 601 234 567\r\n" +
		"TEL;HOME:22 123 45 67\r\n" +
		"TEL;TYPE=cell;VALUE=uri:tel:+48-602-345-678\r\n" +
		"EMAIL;INTERNET:zofia@example.pl\r\n" +
		"EMAIL;INTERNET;WORK:z.lacka@firma.pl\r\n" +
		"ORG:Firma \\; Spółka;Dział\r\n" +
		"ADR;HOME:;;ul. Długa 5;Gdańsk;pomorskie;80-001;Polska\r\n" +
		"PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQ\r\n" +
		" ABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwg\r\n" +
		"\r\n" +
		"BDAY:19850307\r\n" +
		"CATEGORIES:Klienci,VIP\r\n" +
		"END:VCARD\r\n"
	src, err := Open(writeFile(t, "phone.vcf", []byte(card)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	recs := readTable(t, tb)
	if len(recs) != 1 {
		t.Fatalf("%d cards", len(recs))
	}
	p, _ := compile(tb, 0, AutoMap(tb), &Options{Country: "PL"}, true)
	r := p.normalize(recs[0], 1)
	c := r.c
	if c.LastName != "Łącka" || c.FirstName != "Zofia" {
		t.Errorf("name %q %q", c.FirstName, c.LastName)
	}
	if c.Description != "Pierwsza linia\ndruga linia, żółw" {
		t.Errorf("note %q", c.Description)
	}
	if len(c.Phones) != 3 || c.Phones[1].Number != "+48221234567" || c.Phones[2].Number != "+48602345678" {
		t.Errorf("phones %+v", c.Phones)
	}
	if strings.Join(c.Emails, ",") != "zofia@example.pl,z.lacka@firma.pl" {
		t.Errorf("emails %v", c.Emails)
	}
	if c.Company != "Firma ; Spółka" || c.Address.Street != "ul. Długa 5" || c.Address.City != "Gdańsk" || c.Address.Country != "PL" || c.BirthDate != "1985-03-07" {
		t.Errorf("card %+v", c)
	}
	if strings.Join(c.Groups, ",") != "Klienci,VIP" || len(r.warnings) != 0 {
		t.Errorf("groups %v warnings %+v", c.Groups, r.warnings)
	}
	// The CHARSET of a value wins over the file: FN was Windows-1251.
	if got := recs[0].Cells[vcFull]; got != "" {
		t.Errorf("FN kept beside N: %q", got)
	}
}

func TestDoubleZeroIsInternationalEverywhere(t *testing.T) {
	for _, tt := range []struct{ raw, country, want string }{
		{"0079057908147", "RU", "+79057908147"},     // Russia dials 810
		{"0016178037341", "US", "+16178037341"},     // the US dials 011
		{"005541997412615", "BR", "+5541997412615"}, // Brazil dials 00 plus a carrier
	} {
		r := normalizeOne(t, Options{Country: tt.country}, []string{"Telefon"}, []string{tt.raw})
		if len(r.c.Phones) != 1 || r.c.Phones[0].Number != tt.want || r.c.Phones[0].Origin != contact.OriginExplicit || r.c.Phones[0].Raw != tt.raw {
			t.Errorf("%s in %s: %+v %+v", tt.raw, tt.country, r.c.Phones, r.warnings)
		}
	}
}

// Handing libphonenumber the digits of a plainly written number gives the
// same result as handing it the number as written.
func TestPlainDigitsChangeNothing(t *testing.T) {
	for _, tt := range []struct{ raw, cc string }{
		{"8 (915) 604-87-25", "RU"}, {"+7 915 604 87 25", "PL"}, {"601 234 567", "PL"}, {"601-234-567", "PL"},
		{"(11) 98765-4321", "BR"}, {"0157 66355266", "DE"}, {"07800 846574", "GB"}, {"+44 (0) 20 7123 4567", "PL"},
		{"(212) 555-0134", "US"}, {"+1 (212) 555-0134", "DE"}, {"0048 601 234 567", "PL"}, {"48601234567", "US"},
		{"0412 345 678", "AU"}, {"412345678", "AU"}, {"22 123 45 67", "PL"}, {"123", "PL"}, {"601 234", "PL"},
		{"+48\u00a0601\u00a0234\u00a0567", ""}, {"030/1234567", "DE"}, {"999 999 999 999 999 999", "PL"},
	} {
		a, errA := contact.NormalizePhone(tt.raw, tt.cc)
		d := plainDigits(tt.raw)
		if d == "" {
			t.Errorf("%q is not plain", tt.raw)
			continue
		}
		b, errB := contact.NormalizePhone(d, tt.cc)
		if (errA == nil) != (errB == nil) || a.Number != b.Number || a.Origin != b.Origin || a.Region != b.Region {
			t.Errorf("%q (%s): as written %+v %v; digits %q give %+v %v", tt.raw, tt.cc, a, errA, d, b, errB)
		}
		// The importer names the number as written in the message
		// without reading it again.
		if errA != nil && d != tt.raw {
			if got := renamePhoneError(errB, d, tt.raw); got.Error() != errA.Error() || !errors.Is(got, contact.ErrPhone) {
				t.Errorf("%q (%s): message %q, reading it as written says %q", tt.raw, tt.cc, got, errA)
			}
		}
	}
	for _, notPlain := range []string{"tel:+48601234567", "601 234 567 ext. 12", "+48 601 +234", "601234567.0", "zero"} {
		if d := plainDigits(notPlain); d != "" {
			t.Errorf("plainDigits(%q) = %q", notPlain, d)
		}
	}
}

func TestVCardCategoriesKeepEscapedCommas(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nEMAIL:a@x.pl\r\nCATEGORIES:Kowalski\\, Nowak & Co,VIP\r\nEND:VCARD\r\n"
	recs, err := readVCards("a.vcf", strings.NewReader(card), UTF8)
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[0].Cells[vcGroups]; got != "Kowalski, Nowak & Co; VIP" {
		t.Errorf("groups cell %q", got)
	}
}

// What rolo's vCard export writes beyond vCard's own properties comes back.
func TestVCardReadsRolosOwnProperties(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Nowak\r\nN:Nowak;Anna;;;\r\nEMAIL;PREF=1:anna@x.pl\r\n" +
		"ADR:;;ul. Długa 5;Gdańsk;;80-001;Poland\r\nADR;TYPE=x-shipping:;;Hauptstraße 1;Berlin;;10115;Germany\r\nTZ:Europe/Warsaw\r\n" +
		"X-ROLO-CRM-ID:000123\r\nX-ROLO-TAX-ID:123-456-32-18\r\nX-ROLO-POINTS:150\r\nX-ROLO-STATUS:subscriber\r\nX-ROLO-TAGS:b2b,vip\\, gold\r\n" +
		"X-ROLO-CUSTOM;NAME=loyalty card:LC-1\r\nX-ROLO-CONSENT;NAME=sms;AT=20261020T080000Z;SOURCE=\"import:3\":yes\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob\r\nEMAIL:bob@x.pl\r\nX-ROLO-CONSENT;NAME=email:no\r\nEND:VCARD\r\n"
	src, err := Open(writeFile(t, "rolo.vcf", []byte(card)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	if n := len(tb.Columns); tb.Columns[n-3] != "consent:email" || tb.Columns[n-2] != "consent:sms" || tb.Columns[n-1] != "custom:loyalty card" {
		t.Fatalf("columns %q", tb.Columns)
	}
	p, err := compile(tb, 0, AutoMap(tb), &Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	recs := readTable(t, tb)
	r := p.normalize(recs[0], 1)
	c := r.c
	if c.CRMID != "000123" || c.TaxID != "123-456-32-18" || c.Points.Value != 150 || c.Status != "subscriber" || c.Timezone != "Europe/Warsaw" ||
		strings.Join(c.Tags, "|") != "b2b|vip, gold" || c.Shipping.City != "Berlin" || c.Shipping.Country != "DE" || c.Address.Country != "PL" {
		t.Errorf("card %+v", c)
	}
	if v, _ := c.CustomValue("loyalty card"); v != "LC-1" || len(r.consents) != 1 || !r.consents[0].granted || len(r.warnings) != 0 {
		t.Errorf("custom %q consents %+v warnings %+v", v, r.consents, r.warnings)
	}
	r2 := p.normalize(recs[1], 2)
	if len(r2.consents) != 1 || r2.consents[0].name != "email" || r2.consents[0].granted {
		t.Errorf("second card consents %+v", r2.consents)
	}
}

func TestGoogleContactsExport(t *testing.T) {
	header := []string{"First Name", "Middle Name", "Last Name", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value", "Organization Name"}
	r := normalizeOne(t, Options{Country: "US"}, header,
		[]string{"Ann", "", "Lee", "* myContacts ::: Friends ::: Book club", "* Home", "ann@example.com ::: ann.lee@work.example", "Mobile", "(212) 555-0134 ::: +44 7400 123456", "Acme"})
	c := r.c
	if c.FirstName != "Ann" || c.LastName != "Lee" || c.Company != "Acme" || strings.Join(c.Groups, "|") != "Friends|Book club" ||
		len(c.Emails) != 2 || len(c.Phones) != 2 || len(r.warnings) != 0 || len(c.Custom) != 0 {
		t.Errorf("%+v %+v", c, r.warnings)
	}
}

// cleanText gives what contact.CleanText gives, on every kind of text.
func TestCleanTextIsContactsCleanText(t *testing.T) {
	for _, s := range []string{"", " ", "Anna", "  Anna ", "\tAnna\n", "Łódź", " Łódź ", "Anna\u00a0", "\u00a0Anna\u00a0Nowak\u00a0",
		"a\u200bb", "\ufeffName", "1\u20072", "x\u202fy", "«Quote»", "Über – dash", "\u3000full width\u3000", "Сергей\u2028",
		"\u0085next line", "€ 5", "\xff\xfe broken", "\xc2", "tail\xe2"} {
		if got, want := cleanText(s), contact.CleanText(s); got != want {
			t.Errorf("cleanText(%q) = %q, contact.CleanText gives %q", s, got, want)
		}
		// normalizeRow scans a cell once, before checkText mends it.
		p := &plan{table: &Table{Encoding: "utf-8"}}
		mended := p.checkText(&rowData{}, "col", s)
		got := strings.TrimSpace(mended)
		if _, special := scanText(s); special {
			got = contact.CleanText(mended)
		}
		if want := contact.CleanText(mended); got != want {
			t.Errorf("%q mended to %q cleans to %q, contact.CleanText gives %q", s, mended, got, want)
		}
	}
}

package importer

import (
	"slices"
	"testing"

	"rolo/contact"
)

func TestVCardFaxesAndPagersAreNotPhones(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lindqvist;Jonas;;;\r\n" +
		"TEL;TYPE=CELL:+46 70 123 45 67\r\n" +
		"TEL;TYPE=WORK,FAX:+46 8 123 456 01\r\n" +
		"TEL;TYPE=pager:+46 74 000 11 22\r\n" +
		"END:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Berg;Olle\r\nTEL;WORK;FAX:+46 8 765 43 21\r\nTEL;HOME:+46 8 765 43 00\r\nEND:VCARD\r\n"
	src, err := Open(writeFile(t, "phone.vcf", []byte(card)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	recs := readTable(t, tb)
	p, err := compile(tb, 0, AutoMap(tb), &Options{Country: "SE"}, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ phones, faxes []string }{
		{[]string{"+46701234567"}, []string{"+46812345601", "+46740001122"}},
		{[]string{"+4687654300"}, []string{"+4687654321"}},
	} {
		c := p.normalize(recs[i], i+1).c
		var phones []string
		for _, ph := range c.Phones {
			phones = append(phones, ph.Number)
		}
		if !slices.Equal(phones, want.phones) || !slices.Equal(c.Faxes, want.faxes) {
			t.Errorf("card %d: phones %v faxes %v, want %v and %v", i+1, phones, c.Faxes, want.phones, want.faxes)
		}
	}
}

func TestFaxColumnsInSeveralLanguages(t *testing.T) {
	for _, header := range [][]string{
		{"First Name", "Business Phone", "Business Fax", "Home Fax", "Pager"},
		{"Vorname", "Telefon geschäftlich", "Fax geschäftlich", "Fax privat", "Pager"},
		{"Imię", "Telefon", "Faks służbowy", "Faks domowy", "Pager"},
	} {
		r := normalizeOne(t, Options{Country: "DE"}, header, []string{"Jürgen", "030 1234567", "030 1234568", "030 7654321", "0170 1234567"})
		if len(r.c.Phones) != 1 || r.c.Phones[0].Number != "+49301234567" {
			t.Errorf("%q: phones %+v", header, r.c.Phones)
		}
		if !slices.Equal(r.c.Faxes, []string{"+49301234568", "+49307654321", "+491701234567"}) {
			t.Errorf("%q: faxes %v", header, r.c.Faxes)
		}
	}
	var c contact.Contact
	if err := c.Set("fax", "+48 22 123 45 68; 22 123 45 69", contact.SetOptions{Country: "PL"}); err != nil ||
		!slices.Equal(c.Faxes, []string{"+48221234568", "+48221234569"}) || len(c.Phones) != 0 {
		t.Errorf("Set fax: %v %v %v", err, c.Faxes, c.Phones)
	}
}

func TestPrefixSuffixDepartmentAndRoleAreKept(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Curie;Marie;Salomea;Dr.;PhD\r\nORG:Institut du Radium;Physique;Laboratoire 2\r\n" +
		"ROLE:Director\r\nTITLE:Professor\r\nEMAIL:marie@example.fr\r\nEND:VCARD\r\n"
	src, err := Open(writeFile(t, "curie.vcf", []byte(card)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	p, err := compile(tb, 0, AutoMap(tb), &Options{Country: "FR"}, true)
	if err != nil {
		t.Fatal(err)
	}
	c := p.normalize(readTable(t, tb)[0], 1).c
	if c.Prefix != "Dr." || c.Suffix != "PhD" || c.Department != "Physique, Laboratoire 2" || c.Role != "Director" ||
		c.JobTitle != "Professor" || c.Company != "Institut du Radium" || c.FirstName != "Marie" {
		t.Errorf("%+v", c)
	}
	r := normalizeOne(t, Options{Country: "GB"}, []string{"Name Prefix", "First Name", "Last Name", "Name Suffix", "Department", "E-mail"},
		[]string{"Sir", "Tim", "Berners-Lee", "OM", "Computing", "tim@example.org"})
	if r.c.Prefix != "Sir" || r.c.Suffix != "OM" || r.c.Department != "Computing" {
		t.Errorf("columns: %+v", r.c)
	}
}

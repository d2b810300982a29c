package importer

import (
	"reflect"
	"testing"

	"rolo/contact"
)

func TestVCardPreferredAddressFirstAndNoneDropped(t *testing.T) {
	cards := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Holm;Sara;;;\r\nEMAIL:sara@example.se\r\n" +
		"ADR;TYPE=home:;;Storgatan 1;Uppsala;;753 20;Sweden\r\n" +
		"ADR;TYPE=work,pref:;;Kungsgatan 9;Stockholm;;111 43;Sweden\r\n" +
		"ADR;TYPE=other:;;Strandvägen 3;Visby;;621 55;Sweden\r\n" +
		"END:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nN:Lind;Per;;;\r\nEMAIL:per@example.se\r\n" +
		"ADR;TYPE=work:;;Drottninggatan 5;Göteborg;;411 14;Sweden\r\n" +
		"ADR;TYPE=home:;;Parkvägen 2;Lund;;222 22;Sweden\r\n" +
		"END:VCARD\r\n"
	src, err := Open(writeFile(t, "two.vcf", []byte(cards)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	p, err := compile(tb, 0, AutoMap(tb), &Options{Country: "SE"}, true)
	if err != nil {
		t.Fatal(err)
	}
	recs := readTable(t, tb)
	c := p.normalize(recs[0], 1).c
	want := []contact.Address{
		{Kind: "work", Street: "Kungsgatan 9", PostalCode: "111 43", City: "Stockholm", Country: "SE"},
		{Kind: "home", Street: "Storgatan 1", PostalCode: "753 20", City: "Uppsala", Country: "SE"},
		{Kind: "other", Street: "Strandvägen 3", PostalCode: "621 55", City: "Visby", Country: "SE"},
	}
	if got := c.Addresses(); !reflect.DeepEqual(got, want) {
		t.Errorf("card 1: addresses\n got %+v\nwant %+v", got, want)
	}
	if c.Get("city") != "Stockholm" || len(c.Custom) != 0 {
		t.Errorf("card 1: city %q (want the preferred address's), custom %+v", c.Get("city"), c.Custom)
	}
	c = p.normalize(recs[1], 2).c
	if got := c.Addresses(); len(got) != 2 || got[0].City != "Göteborg" || got[0].Kind != "work" || got[1].City != "Lund" || got[1].Kind != "home" {
		t.Errorf("card 2: addresses %+v", got)
	}
}

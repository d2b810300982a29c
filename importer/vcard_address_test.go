package importer

import "testing"

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
	if c.Address.Street != "Kungsgatan 9" || c.Address.City != "Stockholm" {
		t.Errorf("card 1: the preferred (work) address is not first: %+v", c.Address)
	}
	for name, want := range map[string]string{
		"address (home)":  "Storgatan 1, 753 20 Uppsala, Sweden",
		"address (other)": "Strandvägen 3, 621 55 Visby, Sweden",
	} {
		if got, _ := c.CustomValue(name); got != want {
			t.Errorf("card 1: %s = %q, want %q", name, got, want)
		}
	}
	c = p.normalize(recs[1], 2).c
	if got, _ := c.CustomValue("address (home)"); c.Address.City != "Göteborg" || got != "Parkvägen 2, 222 22 Lund, Sweden" {
		t.Errorf("card 2: address %+v, home %q", c.Address, got)
	}
}

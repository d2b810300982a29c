package importer

import (
	"reflect"
	"testing"

	"rolo/contact"
)

func TestJSONLAddressesAreRead(t *testing.T) {
	lines := `{"emails":["sara@example.se"],"addresses":[{"kind":"work","street":"Kungsgatan","house":"9","city":"Stockholm","country":"SE"},` +
		`{"kind":"Home","street":"Storgatan 1; rear | B","city":"Uppsala","country":"Sweden"},"other: Strandvägen 3 |  | 621 55 | Visby"]}` + "\n" +
		`{"emails":["per@example.se"],"city":"Lund","addresses":"home: Parkvägen 2 |  |  | Malmö"}` + "\n"
	src, err := Open(writeFile(t, "a.jsonl", []byte(lines)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	p, err := compile(tb, 0, AutoMap(tb), &Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	recs := readTable(t, tb)
	r := p.normalize(recs[0], 1)
	want := []contact.Address{
		{Kind: "work", Street: "Kungsgatan", House: "9", City: "Stockholm", Country: "SE"},
		{Kind: "home", Street: "Storgatan 1; rear | B", City: "Uppsala", Country: "SE"},
		{Kind: "other", Street: "Strandvägen 3", PostalCode: "621 55", City: "Visby"},
	}
	if got := r.c.Addresses(); !reflect.DeepEqual(got, want) || len(r.warnings) > 0 {
		t.Errorf("line 1: addresses\n got %+v\nwant %+v\n(warnings %+v)", got, want, r.warnings)
	}
	// The city column names the preferred address: it wins for its part.
	r = p.normalize(recs[1], 2)
	if got := r.c.Addresses(); len(got) != 1 || got[0].City != "Lund" || got[0].Street != "Parkvägen 2" || got[0].Kind != "home" {
		t.Errorf("line 2: addresses %+v", got)
	}
}

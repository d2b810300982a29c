package export

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"rolo/contact"
)

func addressed() *contact.Contact {
	return &contact.Contact{ID: 4, FirstName: "Sara", LastName: "Holm", Emails: []string{"sara@example.se"},
		Address: contact.Address{Kind: contact.AddressWork, Street: "Kungsgatan", House: "9", PostalCode: "111 43", City: "Stockholm", Country: "SE"},
		MoreAddresses: []contact.Address{
			{Kind: contact.AddressHome, Street: "Storgatan 1; rear | B", City: "Uppsala", Country: "SE"},
			{City: "Visby"},
		}}
}

func TestEveryAddressIsExported(t *testing.T) {
	c := addressed()
	write := func(f Format, cols []string) string {
		var buf bytes.Buffer
		if _, err := Run(context.Background(), &buf, each([]*contact.Contact{c}), nil, Options{Format: f, Columns: cols}, nil); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	vcf := write(VCard, DefaultColumns(VCard, nil, nil))
	for _, want := range []string{
		"ADR;TYPE=work;PREF=1;X-ROLO-HOUSE=9:;;Kungsgatan 9;Stockholm;;111 43;Sweden\r\n",
		"ADR;TYPE=home:;;Storgatan 1\\; rear | B;Uppsala;;;Sweden\r\n",
		"ADR:;;;Visby;;;\r\n",
	} {
		if !strings.Contains(vcf, want) {
			t.Errorf("the vCard has no %q:\n%s", want, vcf)
		}
	}
	csv := write(CSV, []string{"city", "addresses"})
	if want := "city,addresses\r\nStockholm,work: Kungsgatan | 9 | 111 43 | Stockholm |  | SE; home: Storgatan 1\\; rear \\| B |  |  | Uppsala |  | SE; |  |  | Visby\r\n"; csv != want {
		t.Errorf("CSV:\n%q\nwant\n%q", csv, want)
	}
	line := write(JSONL, []string{"addresses"})
	if want := `{"addresses":[{"kind":"work","street":"Kungsgatan","house":"9","postal_code":"111 43","city":"Stockholm","country":"SE"},` +
		`{"kind":"home","street":"Storgatan 1; rear | B","city":"Uppsala","country":"SE"},{"city":"Visby"}]}` + "\n"; line != want {
		t.Errorf("JSONL:\n%s\nwant\n%s", line, want)
	}
	var back *contact.Contact
	if err := DecodeJSONL(strings.NewReader(line), func(_ int, d *contact.Contact) error { back = d; return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Addresses(), c.Addresses()) {
		t.Errorf("DecodeJSONL gave %+v", back.Addresses())
	}
	for _, bad := range []string{`{"addresses":[{"kind":"shop","city":"X"}]}`, `{"addresses":[{"country":"Atlantis"}]}`, `{"addresses":"x"}`} {
		if err := DecodeJSONL(strings.NewReader(bad), func(int, *contact.Contact) error { return nil }); err == nil {
			t.Errorf("%s was read", bad)
		}
	}
}

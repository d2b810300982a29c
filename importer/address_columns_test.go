package importer

import (
	"slices"
	"testing"

	"rolo/contact"
)

// Google numbers its address columns and says each row's kind of address
// in a type column: the first is the preferred address, the others are
// kept whole with the kind their row gives.
func TestGoogleNumberedAddresses(t *testing.T) {
	data := "Name,E-mail 1 - Value,Address 1 - Type,Address 1 - Street,Address 1 - City,Address 1 - Postal Code,Address 1 - Country," +
		"Address 2 - Type,Address 2 - Street,Address 2 - City,Address 2 - Postal Code,Address 2 - Country\n" +
		"Eva Lund,eva@example.se,Home,Storgatan 1,Uppsala,753 20,Sweden,Work,Kungsgatan 9,Stockholm,111 43,Sweden\n" +
		"Nils Berg,nils@example.se,Work,Drottninggatan 5,Göteborg,411 14,Sweden,,,,,\n"
	m, rows := openRows(t, "google.csv", "SE", data)
	wantFields(t, m, map[string]string{
		"Address 1 - Street": "street", "Address 1 - City": "city", "Address 2 - Street": "address2_street",
		"Address 2 - City": "address2_city", "Address 2 - Postal Code": "address2_postal_code", "Address 2 - Country": "address2_country",
	})
	c := rows[0].c
	want := []contact.Address{
		{Kind: "home", Street: "Storgatan 1", PostalCode: "753 20", City: "Uppsala", Country: "SE"},
		{Kind: "work", Street: "Kungsgatan 9", PostalCode: "111 43", City: "Stockholm", Country: "SE"},
	}
	if got := c.Addresses(); !slices.Equal(got, want) {
		t.Errorf("row 1:\n got %+v\nwant %+v", got, want)
	}
	if got := rows[1].c.Addresses(); len(got) != 1 || got[0].City != "Göteborg" || got[0].Kind != "work" {
		t.Errorf("row 2: %+v", got)
	}
}

func TestAddressTargetsAreTypedAsOthers(t *testing.T) {
	for _, ok := range []string{"work_street", "home_postal_code", "other_country", "address2_city", "address9_house"} {
		if got, err := ParseTarget(ok); err != nil || got != ok {
			t.Errorf("ParseTarget(%q) = %q, %v", ok, got, err)
		}
	}
	for _, bad := range []string{"shop_street", "address1_city", "address10_city", "work_phone", "ship_town"} {
		if got, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) = %q, want an error", bad, got)
		}
	}
}

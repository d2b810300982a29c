package contact

import (
	"errors"
	"reflect"
	"testing"
)

func TestAddressTextFormRoundTrips(t *testing.T) {
	for _, list := range [][]Address{
		{{Kind: AddressWork, Street: "Kungsgatan", House: "9", PostalCode: "111 43", City: "Stockholm", Region: "Stockholms län", Country: "SE"}},
		{{City: "Łódź"}, {Kind: AddressHome, Street: "ul. Łąkowa", Country: "PL"}},
		// Every character the form uses, inside the parts.
		{{Kind: AddressOther, Street: `Flat 2; rear: "A|B" \ back`, House: "7\nb", Region: "home: not a kind"}},
		{{Street: "home: a street that starts like a kind"}},
		{{PostalCode: "00-950"}, {Kind: AddressWork, Country: "DE"}},
	} {
		text := FormatAddresses(list)
		got, err := ParseAddresses(text)
		if err != nil || !reflect.DeepEqual(got, list) {
			t.Errorf("%q came back as %+v, %v; want %+v", text, got, err, list)
		}
	}
}

func TestAddressTextForm(t *testing.T) {
	a := Address{Kind: AddressWork, Street: "Kungsgatan", House: "9", PostalCode: "111 43", City: "Stockholm", Country: "SE"}
	if got, want := FormatAddress(a), "work: Kungsgatan | 9 | 111 43 | Stockholm |  | SE"; got != want {
		t.Errorf("FormatAddress = %q, want %q", got, want)
	}
	if got, want := FormatAddress(Address{Street: "Storgatan 1", City: "Uppsala"}), "Storgatan 1 |  |  | Uppsala"; got != want {
		t.Errorf("FormatAddress = %q, want %q", got, want)
	}
	// What people type: kinds in other words, a country's name, spaces.
	got, err := ParseAddresses(" Business:Hauptstraße|1|10115|Berlin||Germany ;\nprivate: Am Markt 2 ")
	want := []Address{
		{Kind: AddressWork, Street: "Hauptstraße", House: "1", PostalCode: "10115", City: "Berlin", Country: "DE"},
		{Kind: AddressHome, Street: "Am Markt 2"},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseAddresses = %+v, %v; want %+v", got, err, want)
	}
	if got, err := ParseAddresses("Flat 2: rear | 7"); err != nil || len(got) != 1 || got[0].Street != "Flat 2: rear" || got[0].House != "7" {
		t.Errorf("a colon after no kind: %+v, %v", got, err)
	}
	if a, err := ParseAddress("Main St |  |  | Springfield |  | Atlantis"); !errors.Is(err, ErrAddressCountry) || a.City != "Springfield" {
		t.Errorf("an unknown country: %+v, %v", a, err)
	}
	for _, bad := range []string{"a | b | c | d | e | f | g", "Main St |  |  |  |  | Atlantis"} {
		if got, err := ParseAddresses(bad); err == nil {
			t.Errorf("ParseAddresses(%q) = %+v, want an error", bad, got)
		}
	}
}

func TestAddressList(t *testing.T) {
	var c Contact
	home := Address{Kind: AddressHome, Street: "Storgatan 1", City: "Uppsala"}
	work := Address{Kind: AddressWork, Street: "Kungsgatan 9", City: "Stockholm"}
	c.AddAddress(home)
	c.AddAddress(work)
	c.AddAddress(Address{Street: "Kungsgatan 9", City: "Stockholm"}) // the same place: not again
	c.AddAddress(Address{Kind: AddressOther})                        // a kind alone is no address
	if got := c.Addresses(); !reflect.DeepEqual(got, []Address{home, work}) {
		t.Fatalf("Addresses = %+v", got)
	}
	if c.Get("city") != "Uppsala" {
		t.Errorf("city is %q, want the preferred address's", c.Get("city"))
	}
	c.PreferAddress(work)
	if got := c.Addresses(); !reflect.DeepEqual(got, []Address{work, home}) || c.Get("city") != "Stockholm" {
		t.Errorf("after PreferAddress: %+v, city %q", got, c.Get("city"))
	}
	if err := c.Set("addresses", "other: Strandvägen 3 |  | 621 55 | Visby | | Sweden; home: Storgatan 1 |  |  | Uppsala", SetOptions{}); err != nil {
		t.Fatal(err)
	}
	if c.Get("city") != "Visby" || c.Address.Kind != AddressOther || c.Address.Country != "SE" || len(c.MoreAddresses) != 1 {
		t.Errorf("after Set(addresses): %+v %+v", c.Address, c.MoreAddresses)
	}
	if got := c.Values("addresses"); len(got) != 2 || got[1] != "home: Storgatan 1 |  |  | Uppsala" {
		t.Errorf("Values(addresses) = %q", got)
	}
	if err := c.Set("addresses", "", SetOptions{}); err != nil || !c.Address.IsZero() || c.MoreAddresses != nil || c.Get("addresses") != "" {
		t.Errorf("clearing the addresses: %v %+v %+v", err, c.Address, c.MoreAddresses)
	}
	d := Contact{MoreAddresses: []Address{home}}
	if e := d.Clone(); &e.MoreAddresses[0] == &d.MoreAddresses[0] {
		t.Error("Clone shares the addresses")
	}
}

package filter

import (
	"slices"
	"testing"

	"rolo/contact"
)

// The addresses column answers as a contact-by-contact evaluation does,
// on the quick paths (a plain text, a kind) and the slow one.
func TestAddressesFilterAgreesWithEvaluation(t *testing.T) {
	cs := []*contact.Contact{
		{ID: 1, Address: contact.Address{Kind: "work", Street: "Kungsgatan", House: "9", City: "Stockholm", Country: "SE"},
			MoreAddresses: []contact.Address{{Kind: "home", Street: "Storgatan 1", City: "Uppsala"}}},
		{ID: 2, Address: contact.Address{Street: "Workshop Lane 2", City: "Kraków", Country: "PL"}},
		{ID: 3, Address: contact.Address{City: "Łódź"}, MoreAddresses: []contact.Address{{Kind: "work", City: "Warszawa"}}},
		{ID: 4},
		{ID: 5, Address: contact.Address{Kind: "home", Street: "Home: Rear | B", City: "Gdańsk"}},
	}
	ix := NewIndex(testOptions())
	if err := ix.Build(scanOf(cs)); err != nil {
		t.Fatal(err)
	}
	live := map[uint64]*contact.Contact{}
	for _, c := range cs {
		live[c.ID] = c
	}
	for expr, want := range map[string][]uint64{
		"addresses contains uppsala":     {1},
		"addresses contains lodz":        {3},
		"addresses contains work":        {1, 2, 3},
		"addresses starts with work":     {1, 2, 3},
		"addresses starts with work:":    {1, 3},
		"addresses starts with home:":    {1, 5},
		"addresses starts with stor":     nil,
		"addresses starts with |":        {3},
		"addresses contains 'sten | 9'":  nil,
		"addresses contains 'gatan | 9'": {1},
		"addresses exists":               {1, 2, 3, 5},
		"addresses not exists":           {4},
		"addresses contains rear":        {5},
	} {
		f, err := Parse(expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		got, err := ix.Match(f)
		if err != nil {
			t.Fatal(err)
		}
		if ref := reference(t, f, live); !slices.Equal(got, ref) || !slices.Equal(got, want) {
			t.Errorf("%s: index %v, evaluation %v, want %v", expr, got, ref, want)
		}
	}
}

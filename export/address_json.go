package export

import (
	"fmt"

	"rolo/contact"
)

// jsonAddress is one address of a JSONL line: its parts, each key present
// only when set.
type jsonAddress struct {
	Kind       string `json:"kind,omitempty"`
	Street     string `json:"street,omitempty"`
	House      string `json:"house,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	Country    string `json:"country,omitempty"`
}

// appendAddresses writes a contact's addresses as a JSON array of objects,
// the preferred first.
func appendAddresses(b []byte, c *contact.Contact) []byte {
	b = append(b, '[')
	for i, a := range c.Addresses() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		n := 0
		for _, p := range [...]struct{ key, v string }{{"kind", a.Kind}, {"street", a.Street}, {"house", a.House},
			{"postal_code", a.PostalCode}, {"city", a.City}, {"region", a.Region}, {"country", a.Country}} {
			if p.v == "" {
				continue
			}
			if n++; n > 1 {
				b = append(b, ',')
			}
			b = appendJSONString(b, p.key)
			b = append(b, ':')
			b = appendJSONString(b, p.v)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// address checks one decoded address as the model does.
func (j jsonAddress) address() (contact.Address, error) {
	a := contact.Address{Street: j.Street, House: j.House, PostalCode: j.PostalCode, City: j.City, Region: j.Region}
	if j.Kind != "" {
		k, ok := contact.AddressKind(j.Kind)
		if !ok {
			return a, fmt.Errorf("%q is not a kind of address (home, work or other)", j.Kind)
		}
		a.Kind = k
	}
	if j.Country != "" {
		cc, ok := contact.CountryCode(j.Country)
		if !ok {
			return a, fmt.Errorf("%q is not a country", j.Country)
		}
		a.Country = cc
	}
	return a, nil
}

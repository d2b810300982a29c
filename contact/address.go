package contact

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Kinds of postal address, as vCard and the address books that write it
// name them.
const (
	AddressHome  = "home"
	AddressWork  = "work"
	AddressOther = "other"
)

// AddressKinds lists the kinds an address may have, in display order.
var AddressKinds = []string{AddressHome, AddressWork, AddressOther}

// AddressKind reads a kind as people and programs write it (Home, WORK,
// business, private…); ok is false for anything else.
func AddressKind(s string) (kind string, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "home", "private", "personal":
		return AddressHome, true
	case "work", "business", "office":
		return AddressWork, true
	case "other":
		return AddressOther, true
	}
	return "", false
}

// SamePlace reports whether two addresses are the same place: every part
// equal, whatever their kinds.
func (a Address) SamePlace(b Address) bool {
	a.Kind, b.Kind = "", ""
	return a == b
}

// Line writes the address on one line for people: "Kungsgatan 9, 111 43
// Stockholm, Stockholms län, SE".
func (a Address) Line() string {
	street := strings.TrimSpace(strings.Join(nonEmptyParts(a.Street, a.House), " "))
	town := strings.Join(nonEmptyParts(a.PostalCode, a.City), " ")
	return strings.Join(nonEmptyParts(street, town, a.Region, a.Country), ", ")
}

func nonEmptyParts(ss ...string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Addresses returns every postal address of the contact, the preferred
// first. The slice is new; its elements are copies.
func (c *Contact) Addresses() []Address {
	if c.Address.IsZero() && len(c.MoreAddresses) == 0 {
		return nil
	}
	out := make([]Address, 0, 1+len(c.MoreAddresses))
	if !c.Address.IsZero() {
		out = append(out, c.Address)
	}
	return append(out, c.MoreAddresses...)
}

// SetAddresses replaces every postal address: the first of list becomes the
// preferred one. Empty addresses and repeats of one place are dropped.
func (c *Contact) SetAddresses(list []Address) {
	c.Address, c.MoreAddresses = Address{}, nil
	for _, a := range list {
		c.AddAddress(a)
	}
}

// AddAddress adds an address unless the contact has that place already: as
// the preferred address if it has none, else after the others. A place
// already there without a kind takes a's kind.
func (c *Contact) AddAddress(a Address) {
	if a.IsZero() {
		return
	}
	if c.Address.IsZero() {
		c.Address = a
		return
	}
	if c.Address.SamePlace(a) {
		if c.Address.Kind == "" {
			c.Address.Kind = a.Kind
		}
		return
	}
	if i := slices.IndexFunc(c.MoreAddresses, a.SamePlace); i >= 0 {
		if c.MoreAddresses[i].Kind == "" {
			c.MoreAddresses[i].Kind = a.Kind
		}
		return
	}
	c.MoreAddresses = append(c.MoreAddresses, a)
}

// PreferAddress makes a the preferred address. The former preferred one
// stays among the others, unless it is the same place.
func (c *Contact) PreferAddress(a Address) {
	if a.IsZero() {
		return
	}
	rest := c.Addresses()
	c.SetAddresses(append([]Address{a}, rest...))
}

// The text form of an address, one cell of a table and one value of the
// addresses field:
//
//	work: Kungsgatan 9 | 12 | 111 43 | Stockholm | Stockholms län | SE
//
// the kind and a colon (left out when the kind is not known), then street,
// house, postal code, city, region and country separated by " | ", empty
// trailing parts left out. A backslash escapes a |, ;, : or \ inside a
// part, and \n is a line break. Several addresses are joined with ListSep,
// the preferred first.
const addressPartSep = " | "

// FormatAddress writes an address in its text form.
func FormatAddress(a Address) string {
	parts := []string{a.Street, a.House, a.PostalCode, a.City, a.Region, a.Country}
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	for i, p := range parts {
		parts[i] = escapeAddressPart(p)
	}
	s := strings.TrimLeft(strings.Join(parts, addressPartSep), " ")
	if a.Kind != "" {
		return a.Kind + ": " + s
	}
	return s
}

// FormatAddresses writes every address in the text form, joined with
// ListSep; "" for none.
func FormatAddresses(list []Address) string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = FormatAddress(a)
	}
	return strings.Join(out, ListSep)
}

var addressEscaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`, `;`, `\;`, `:`, `\:`, "\n", `\n`, "\r", "")

func escapeAddressPart(s string) string {
	if !strings.ContainsAny(s, "\\|;:\n\r") {
		return s
	}
	return addressEscaper.Replace(s)
}

// ParseAddresses reads addresses in their text form (see FormatAddress),
// several separated by ";" or line breaks. A country may be a name or a
// code; it is kept as its ISO code. The error names the address it could
// not read.
func ParseAddresses(s string) ([]Address, error) {
	var out []Address
	for _, one := range SplitAddresses(s) {
		a, err := ParseAddress(one)
		if err != nil {
			return nil, err
		}
		if !a.IsZero() {
			out = append(out, a)
		}
	}
	return out, nil
}

// SplitAddresses cuts a cell holding several addresses in the text form
// into one piece per address (empty pieces dropped).
func SplitAddresses(s string) []string {
	var out []string
	for _, one := range splitUnescaped(s, func(r byte) bool { return r == ';' || r == '\n' }) {
		if strings.TrimSpace(one) != "" {
			out = append(out, one)
		}
	}
	return out
}

// ErrAddressCountry is the error of an address whose country part names no
// country; ParseAddress returns the rest of the address with it.
var ErrAddressCountry = errors.New("not a country")

// ParseAddress reads one address in its text form. Text before a colon
// that names no kind is part of the street ("Flat 2: rear"). An address
// whose country is not one comes back without it, with an error that
// wraps ErrAddressCountry.
func ParseAddress(s string) (Address, error) {
	var a Address
	body := s
	if head, rest, ok := cutUnescaped(s, ':'); ok {
		if kind, known := AddressKind(head); known {
			a.Kind, body = kind, rest
		}
	}
	parts := splitUnescaped(body, func(r byte) bool { return r == '|' })
	if len(parts) > 6 {
		return Address{}, fmt.Errorf("address %q has %d parts; an address has at most 6 (street | house | postal code | city | region | country)", strings.TrimSpace(s), len(parts))
	}
	for len(parts) < 6 {
		parts = append(parts, "")
	}
	for i := range parts {
		parts[i] = CleanText(unescapeAddressPart(parts[i]))
	}
	a.Street, a.House, a.PostalCode, a.City, a.Region = parts[0], parts[1], parts[2], parts[3], parts[4]
	if parts[5] != "" {
		cc, ok := CountryCode(parts[5])
		if !ok {
			return a, fmt.Errorf("address %q: %q is %w (use an ISO code such as PL, or a country name)", strings.TrimSpace(s), parts[5], ErrAddressCountry)
		}
		a.Country = cc
	}
	return a, nil
}

// splitUnescaped splits s at every byte sep accepts that no backslash
// escapes; the pieces keep their escapes.
func splitUnescaped(s string, sep func(byte) bool) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case sep(s[i]):
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// cutUnescaped cuts s around the first unescaped sep.
func cutUnescaped(s string, sep byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func unescapeAddressPart(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		if s[i] == 'n' {
			b.WriteByte('\n')
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// Part returns the address part a name gives ("street", "house",
// "postal_code", "city", "region", "country"), or nil: the one place
// those names meet the fields, for mappings, JSON Lines and the registry.
func (a *Address) Part(name string) *string {
	switch name {
	case "street":
		return &a.Street
	case "house":
		return &a.House
	case "postal_code":
		return &a.PostalCode
	case "city":
		return &a.City
	case "region":
		return &a.Region
	case "country":
		return &a.Country
	}
	return nil
}

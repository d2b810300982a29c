package importer

import (
	"regexp"
	"slices"
	"strings"

	"rolo/contact"
)

// Address columns besides the preferred address's. Outlook writes a
// business, a home and an other address, each in its own columns
// ("Business Street", "Home City", "Weitere Postleitzahl"); Thunderbird a
// home and a work address; Google numbers them ("Address 2 - City") and
// says the kind of each row's address in a column of its own ("Address 2
// - Type"). Each group of columns fills one address of the row: the
// targets are the part's name after the group's, work_street, home_city,
// other_postal_code, address2_country. A header mapped to a part of the
// address becomes such a target when a word of the dictionary's [address
// kind home|work|other] sections is in it, or when it is Google's
// "Address N - …" with N from 2.

// addressParts are the parts of an address, as field names.
var addressParts = []string{"street", "house", "postal_code", "city", "region", "country"}

// addressTarget splits a target naming a part of a group's address
// ("work_city") into the group ("work") and the part ("city").
func addressTarget(t string) (group, part string, ok bool) {
	for _, p := range addressParts {
		g, found := strings.CutSuffix(t, "_"+p)
		if !found {
			continue
		}
		switch {
		case g == contact.AddressHome || g == contact.AddressWork || g == contact.AddressOther:
			return g, p, true
		case len(g) == len("address2") && strings.HasPrefix(g, "address") && g[7] >= '2' && g[7] <= '9':
			return g, p, true
		}
	}
	return "", "", false
}

func isAddressTarget(t string) bool {
	_, _, ok := addressTarget(t)
	return ok
}

// googleAddress is a header of Google's numbered address columns, folded:
// "address 2 city".
var googleAddress = regexp.MustCompile(`^address ([2-9]) `)

// applyAddressKinds gives the columns of a part of the address that name
// another address (by a kind word, or Google's number) that address's
// target, so they fill an address of their own instead of competing for
// the preferred one.
func (m *Mapping) applyAddressKinds(columns []string) {
	l := lex()
	for i := range m.Columns {
		c := &m.Columns[i]
		if !slices.Contains(addressParts, c.Field) || i >= len(columns) {
			continue
		}
		h := normHeader(columns[i])
		if g := googleAddress.FindStringSubmatch(h); g != nil {
			c.Field, c.Reason = "address"+g[1]+"_"+c.Field, c.Reason+"; address "+g[1]+" of the row"
			continue
		}
		for _, w := range l.addrKinds {
			if hasWord(h, w.word) {
				c.Field, c.Reason = w.target+"_"+c.Field, c.Reason+"; the header names a "+w.target+" address"
				break
			}
		}
	}
}

// addressTypeColumn finds the column that says the kind of a numbered
// address group's address in each row ("Address 2 - Type"), or -1.
func addressTypeColumn(columns []string, group string) int {
	n, ok := strings.CutPrefix(group, "address")
	if !ok {
		return -1
	}
	for i, c := range columns {
		if normHeader(c) == "address "+n+" type" {
			return i
		}
	}
	return -1
}

// setAddressPart fills one part of a group's address of the row.
func (p *plan) setAddressPart(r *rowData, cp *colPlan, v string) {
	if r.groups == nil {
		r.groups = make([]contact.Address, len(p.groups))
	}
	a := &r.groups[cp.group]
	if cp.sub == "country" {
		cc, ok := p.countryCode(v)
		if !ok {
			r.warn("invalid_country", cp.name, "%q is not a country; dropped", v)
			return
		}
		v = cc
	}
	if part := a.Part(cp.sub); part != nil {
		*part = v
	}
	switch g := p.groups[cp.group]; {
	case cp.typeCol >= 0:
		a.Kind, _ = contact.AddressKind(cell(r.cells, cp.typeCol))
	case !strings.HasPrefix(g, "address"):
		a.Kind = g
	}
	r.lists |= lAddresses
}

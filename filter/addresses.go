package filter

import (
	"strings"

	"rolo/contact"
)

// addrCol is the addresses field. The preferred address is read from the
// part columns the index keeps anyway (street … country) and a column of
// its kind; the other addresses have a column of their own, empty for
// nearly every contact. So the field costs a few bytes a row, not a copy
// of every address.
type addrCol struct {
	parts [6]*strCol // street, house, postal_code, city, region, country
	kind  *strCol    // the preferred address's kind
	more  *strCol    // the other addresses in their text form, joined with ListSep
	rows  int
}

func newAddrCol(st *state, dictMax int) *addrCol {
	a := &addrCol{
		kind: newStrCol(func(c *contact.Contact) string { return c.Address.Kind }, folder{kind: foldText}, dictMax, false),
		more: newStrCol(func(c *contact.Contact) string {
			if len(c.MoreAddresses) == 0 {
				return ""
			}
			return contact.FormatAddresses(c.MoreAddresses)
		}, folder{kind: foldText}, 0, true),
	}
	for i, name := range []string{"street", "house", "postal_code", "city", "region", "country"} {
		a.parts[i] = st.cols[name].(*strCol)
	}
	return a
}

func (a *addrCol) set(row uint32, c *contact.Contact) {
	a.kind.set(row, c)
	a.more.set(row, c)
	a.rows = max(a.rows, int(row)+1)
}

func (a *addrCol) cell(row uint32) string {
	p := contact.Address{Kind: a.kind.cell(row), Street: a.parts[0].cell(row), House: a.parts[1].cell(row),
		PostalCode: a.parts[2].cell(row), City: a.parts[3].cell(row), Region: a.parts[4].cell(row), Country: a.parts[5].cell(row)}
	more := a.more.cell(row)
	switch {
	case p.IsZero():
		return strings.Clone(more)
	case more == "":
		return contact.FormatAddress(p)
	}
	return contact.FormatAddress(p) + contact.ListSep + more
}

// eval tests every row's addresses: a filter on them is rare, and the
// text of a row is made only while it is tested.
func (a *addrCol) eval(p *pred, out bitset) {
	for r := range a.rows {
		if p.testCell(a.cell(uint32(r))) {
			out.set(uint32(r))
		}
	}
}

func (a *addrCol) pad(n int) {
	a.kind.pad(n)
	a.more.pad(n)
	a.rows = max(a.rows, n)
}

func (a *addrCol) reserve(n int) {
	a.kind.reserve(n)
	a.more.reserve(n)
}

func (a *addrCol) memory() int { return a.kind.memory() + a.more.memory() }

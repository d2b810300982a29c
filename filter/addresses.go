package filter

import (
	"fmt"
	"slices"
	"strings"

	"rolo/contact"
)

// addrCol is the addresses field. The preferred address is read from the
// part columns the index keeps anyway (street … country) and a column of
// its kind; the other addresses have a column of their own, empty for
// nearly every contact. So the field costs a few bytes a row, not a copy
// of every address. The kind and the others are columns of the index
// under names no field has (addrKindCol, addrMoreCol), so they are set,
// stored and read like any other; addrCol itself only counts rows.
type addrCol struct {
	parts [6]*strCol // street, house, postal_code, city, region, country
	kind  *strCol    // the preferred address's kind
	more  *strCol    // the other addresses in their text form, joined with ListSep
	rows  int
}

// The index's names of the columns addrCol reads besides the parts.
const (
	addrKindCol = "addresses:kind"
	addrMoreCol = "addresses:more"
)

// addrPartNames are the columns of the preferred address's parts.
var addrPartNames = [6]string{"street", "house", "postal_code", "city", "region", "country"}

// newAddrCols makes the addresses column and the two it reads besides the
// part columns, which st must have already.
func newAddrCols(st *state, dictMax int) (kind, more *strCol, a *addrCol) {
	kind = newStrCol(func(c *contact.Contact) string { return c.Address.Kind }, folder{kind: foldText}, dictMax, false)
	more = newStrCol(func(c *contact.Contact) string {
		if len(c.MoreAddresses) == 0 {
			return ""
		}
		return contact.FormatAddresses(c.MoreAddresses)
	}, folder{kind: foldText}, 0, true)
	a = &addrCol{kind: kind, more: more}
	for i, name := range addrPartNames {
		a.parts[i] = st.cols[name].(*strCol)
	}
	return kind, more, a
}

// deps are the columns a stored index reads before the addresses.
func (a *addrCol) deps() []column {
	out := []column{a.kind, a.more}
	for _, p := range a.parts {
		out = append(out, p)
	}
	return out
}

func (a *addrCol) set(row uint32, _ *contact.Contact) { a.rows = max(a.rows, int(row)+1) }

func (a *addrCol) cell(row uint32) string {
	p := contact.Address{Kind: a.kind.cell(row), Street: a.parts[0].cell(row), House: a.parts[1].cell(row),
		PostalCode: a.parts[2].cell(row), City: a.parts[3].cell(row), Region: a.parts[4].cell(row), Country: a.parts[5].cell(row)}
	more := a.more.cell(row)
	switch {
	case p.IsZero():
		return more
	case more == "":
		return contact.FormatAddress(p)
	}
	return contact.FormatAddress(p) + contact.ListSep + more
}

// eval finds the rows whose addresses pass p. Whether a row has an
// address, and whether one contains a text without the form's separators
// (a street, a city), is asked of the part columns, the kind and the
// others, which answer from their dictionaries; anything else tests the
// text of each row.
func (a *addrCol) eval(p *pred, out bitset) {
	plain := !p.empty && len(p.texts) > 0 && !slices.ContainsFunc(p.texts, hasAddressSeparator)
	switch {
	case p.op == Exists || p.op == Contains && plain:
		for _, c := range a.parts {
			c.eval(p, out)
		}
		a.kind.eval(p, out)
		a.more.eval(p, out)
		return
	case p.op == StartsWith && plain:
		// An address's text starts with its kind, or with its street
		// when it has none.
		a.kind.eval(p, out)
		a.more.eval(p, out)
		street := make(bitset, len(out))
		a.parts[0].eval(p, street)
		street.each(func(r uint32) bool {
			if a.kind.cell(r) == "" {
				out.set(r)
			}
			return true
		})
		return
	case p.op == StartsWith && len(p.texts) == 1 && !p.empty:
		// "work:": the addresses of a kind.
		if kind, rest, ok := strings.Cut(p.texts[0], ":"); ok && strings.TrimSpace(rest) == "" && slices.Contains(contact.AddressKinds, kind) {
			for r := range a.rows {
				if a.kind.cell(uint32(r)) == kind {
					out.set(uint32(r))
				}
			}
			a.more.eval(p, out)
			return
		}
	}
	for r := range a.rows {
		if p.testCell(a.cell(uint32(r))) {
			out.set(uint32(r))
		}
	}
}

// hasAddressSeparator reports text that may match across the parts of an
// address's text form.
func hasAddressSeparator(t string) bool { return strings.ContainsAny(t, "|:;\\") }

func (a *addrCol) pad(n int)   { a.rows = max(a.rows, n) }
func (a *addrCol) reserve(int) {}
func (a *addrCol) memory() int { return 0 } // its columns count themselves
func (a *addrCol) encode(*encoder) colEntry {
	return colEntry{kind: kindAddresses, params: []uint64{uint64(a.rows)}}
}

func (a *addrCol) decode(ent colEntry, r *blobReader) error {
	if ent.kind != kindAddresses || len(ent.params) != 1 {
		return fmt.Errorf("%w: column %s is not the addresses", ErrStoredIndex, ent.name)
	}
	a.rows = int(ent.params[0])
	return r.err
}

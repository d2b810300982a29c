package importer

import (
	"slices"
	"strings"

	"rolo/contact"
)

// A contact keeps its custom fields sorted by name, and setting them one
// at a time inserts each into the sorted list: over a row of thousands of
// custom columns (a file of 100,000 columns) that is quadratic. A row of
// many custom columns gathers their values by the rank of their names
// (ranked once per table) and appends them in that order at its end.

// wideRow is the number of custom columns from which a row gathers them.
const wideRow = 64

// rankCustoms gives each custom column its place in the order of the
// names (columns of one name in their own order, so the last one wins, as
// setting them one by one does).
func (p *plan) rankCustoms() {
	var idx []int
	for i := range p.cols {
		if p.cols[i].kind == kCustom {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(p.cols[a].sub, p.cols[b].sub) })
	for rank, i := range idx {
		p.cols[i].rank = rank
	}
	p.nCustom = len(idx)
}

// setCustom sets a custom field of the row.
func (r *rowData) setCustom(cp *colPlan, v string, n int) {
	if n < wideRow {
		r.c.SetCustom(cp.sub, v)
		return
	}
	if r.customs == nil {
		r.customs = make([]contact.Custom, n)
	}
	r.customs[cp.rank] = contact.Custom{Name: cp.sub, Value: v}
}

// mergeCustoms adds the gathered custom values to the contact, in the
// order of their names.
func (r *rowData) mergeCustoms() {
	for i, cu := range r.customs {
		if cu.Value == "" {
			continue
		}
		c := &r.c
		switch n := len(c.Custom); {
		case n == 0 || c.Custom[n-1].Name < cu.Name:
			c.Custom = append(c.Custom, cu)
		case c.Custom[n-1].Name == cu.Name:
			c.Custom[n-1].Value = cu.Value
		default:
			c.SetCustom(cu.Name, cu.Value)
		}
		r.customs[i] = contact.Custom{}
	}
}

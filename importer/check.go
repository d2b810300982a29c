package importer

import (
	"slices"
	"strings"
)

// SampleCheck is what a mapping would do to a table's sample rows, without
// a store: the import wizard's live check line while the user maps.
type SampleCheck struct {
	Rows     int            // sample rows checked
	Accepted int            // rows an import would take (created or updated; the store decides which)
	Rejected int            // rows an import would reject whatever the store holds
	Reasons  map[string]int // rejected rows by reason, without the row's own values
	Warnings int            // values that would be dropped or flagged
}

// Check normalises the table's sample with mapping m and options opt. A
// mapping that gives no row a key is an error (the import would refuse
// the file), which the wizard shows as such.
func Check(t *Table, m Mapping, opt Options) (SampleCheck, error) {
	opt.defaults()
	p, err := compile(t, 0, m, &opt, true)
	if err != nil {
		return SampleCheck{}, err
	}
	c := SampleCheck{Reasons: map[string]int{}}
	for i, rec := range t.Sample {
		r := p.normalize(rec, i+1)
		c.Rows++
		c.Warnings += len(r.warnings)
		if r.reject == "" {
			c.Accepted++
			continue
		}
		c.Rejected++
		reason := r.reject
		if k := strings.Index(reason, ": "); k > 0 && r.rejectKind != "no_key" {
			reason = reason[:k] // "ragged row: 4 cells…" counts as "ragged row"
		}
		c.Reasons[reason]++
	}
	return c, nil
}

// NewSource makes a source of rows held in memory, with columns as their
// header: the wizard imports the rejected rows a user fixed in place with
// it (the columns and cells of Report.Rejected).
func NewSource(name string, columns []string, rows [][]string) *Source {
	t := &Table{Name: name, Format: FormatCSV, Encoding: UTF8.Name, Header: true, Columns: slices.Clone(columns)}
	for i, cells := range rows {
		t.records = append(t.records, Record{Line: i + 2, Cells: cells})
	}
	t.Sample = t.records[:min(len(t.records), SampleSize)]
	t.Size = int64(len(t.records))
	t.inMemory = true
	return &Source{Path: name, Name: name, Format: FormatCSV, Tables: []*Table{t}}
}

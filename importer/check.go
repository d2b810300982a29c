package importer

import (
	"fmt"
	"slices"
	"strings"
)

// SampleCheck is what an import would do to a table's sample rows: the
// import wizard's live check line while the user maps. It runs the
// import's own writer, identity rules included, as a dry run.
type SampleCheck struct {
	Rows     int            // sample rows checked
	Accepted int            // rows an import would take: Created + Updated + Merged
	Created  int            // rows that would be new contacts
	Updated  int            // rows that match a stored contact (changed or not)
	Merged   int            // rows that join a contact an earlier sample row made
	Rejected int            // rows an import would reject
	Reasons  map[string]int // rejected rows by reason, without the row's own values
	Warnings int            // values dropped or flagged, and rows to review
	// IdentityConflicts counts rows matched by a strong key to a contact
	// of another name (see Report.IdentityConflicts).
	IdentityConflicts int
}

// Check imports the table's sample with mapping m and options opt as a
// dry run into sink (nil: an empty store). A mapping that gives no row a
// key is an error (the import would refuse the file), which the wizard
// shows as such.
func Check(t *Table, m Mapping, opt Options, sink Sink) (SampleCheck, error) {
	opt.defaults()
	opt.DryRun = true
	p, err := compile(t, 0, m, &opt, true)
	if err != nil {
		return SampleCheck{}, err
	}
	if sink == nil {
		sink = newMemorySink()
	}
	if _, err := sink.Begin(JobInfo{File: t.Name, DryRun: true}); err != nil {
		return SampleCheck{}, fmt.Errorf("checking the sample: %w", err)
	}
	rows := make([]*rowData, len(t.Sample))
	for i, rec := range t.Sample {
		rows[i] = p.normalize(rec, i+1)
	}
	w := &writer{opt: &opt, source: "import:check", seen: map[uint64]struct{}{}, rep: &Report{}, now: opt.Now().UTC()}
	_, err = sink.Batch(func(tx SinkTx) error {
		for _, r := range rows {
			if err := w.write(tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return SampleCheck{}, fmt.Errorf("checking the sample: %w", err)
	}
	n := w.counts
	c := SampleCheck{Rows: n.Rows, Created: n.Created, Updated: n.Updated + n.Unchanged, Merged: n.Merged,
		Rejected: n.Rejected + n.Suppressed, Warnings: n.Warnings, IdentityConflicts: n.IdentityConflicts, Reasons: map[string]int{}}
	c.Accepted = c.Created + c.Updated + c.Merged
	for _, rj := range slices.Concat(w.log.Rejected, w.log.Suppressed) {
		reason := rj.Reason
		if k := strings.Index(reason, ": "); k > 0 && rows[rj.Row-1].rejectKind != "no_key" {
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

package importer

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"rolo/contact"
	"rolo/export"
)

// Report is what an import did, row by row. Its JSON is the --report
// contract: the first seven keys are exactly as the import issue spells
// them; the rest are additions (never renamed).
//
// Every row is exactly one of created, updated, unchanged, merged (into a
// contact an earlier row of the same file created or changed), rejected
// or suppressed (on the suppression list, left out).
type Report struct {
	File      string     `json:"file"`
	Rows      int        `json:"rows"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Rejected  []Rejected `json:"rejected"`
	Warnings  []Warning  `json:"warnings"`

	Job    uint64            `json:"job,omitempty"`
	Status contact.JobStatus `json:"status"` // done, cancelled, failed (dry runs: done)
	DryRun bool              `json:"dry_run,omitempty"`
	Merged int               `json:"merged"`
	// IdentityConflicts counts the rows whose strong key matched a contact
	// of another name (each has an identity_conflict warning).
	IdentityConflicts int        `json:"identity_conflicts"`
	Suppressed        []Rejected `json:"suppressed"`
	Format            Format     `json:"format"`
	Encoding          string     `json:"encoding,omitempty"`
	Delimiter         string     `json:"delimiter,omitempty"`
	Sheet             string     `json:"sheet,omitempty"`
	Header            bool       `json:"header"`
	Mapping           []Column   `json:"mapping"`
	NewConsents       []string   `json:"new_consents"`
	NewGroups         []string   `json:"new_groups,omitempty"`
	NewFields         []string   `json:"new_fields,omitempty"`
	Skipped           []string   `json:"skipped,omitempty"`       // archive members left out
	ResumedAfter      int        `json:"resumed_after,omitempty"` // rows an earlier run had committed
	Error             string     `json:"error,omitempty"`
	// HeldGuesses are columns kept as custom fields rather than filled on
	// an unsure guess, each with the --map that applies the guess.
	HeldGuesses []HeldGuess `json:"held_guesses,omitempty"`

	Elapsed  time.Duration `json:"-"`
	tables   []*Table
	mappings []Mapping
}

// Mappings are the mappings the import used, one per table.
func (r *Report) Mappings() []Mapping { return r.mappings }

// Rejected is a row that was not imported, and why.
type Rejected struct {
	Row    int    `json:"row"`  // 1-based data record (header excluded)
	Line   int    `json:"line"` // physical line, or sheet row
	Reason string `json:"reason"`
	File   string `json:"file,omitempty"` // the member of an archive
	cells  []string
	table  int
	// private marks the row of a person on the suppression list: the log
	// kept in the store leaves its cells out (the report and the rejects
	// file, which the user asked for, keep them).
	private bool
}

// Cells are the rejected row's cells as read.
func (r Rejected) Cells() []string { return r.cells }

// loggedRow is a Rejected as a batch log keeps it (with its cells, for a
// resumed job's rejects file; a suppressed person's row without them).
type loggedRow struct {
	Rejected
	Cells []string `json:"cells,omitempty"`
	Table int      `json:"table"`
}

// MarshalJSON writes the log as the store keeps it. The rows of people on
// the suppression list keep only where they were and why (their reasons
// name no value): someone erased and then found again in an old file is
// not written back into the store through its import log. Their warnings
// are left out altogether.
func (l batchLog) MarshalJSON() ([]byte, error) {
	conv := func(rs []Rejected) []loggedRow {
		out := make([]loggedRow, len(rs))
		for i, r := range rs {
			out[i] = loggedRow{Rejected: r, Cells: r.cells, Table: r.table}
			if r.private {
				out[i].Cells = nil
			}
		}
		return out
	}
	var warnings []loggedWarning
	for _, w := range l.Warnings {
		if !w.private {
			warnings = append(warnings, loggedWarning{Warning: w, Keys: w.keys})
		}
	}
	return json.Marshal(struct {
		Rejected   []loggedRow     `json:"rejected,omitempty"`
		Suppressed []loggedRow     `json:"suppressed,omitempty"`
		Warnings   []loggedWarning `json:"warnings,omitempty"`
	}{conv(l.Rejected), conv(l.Suppressed), warnings})
}

// loggedWarning is a Warning as a batch log keeps it: with the e-mails and
// phones of its row (see rowKeys), for erasure to find it by.
type loggedWarning struct {
	Warning
	Keys []string `json:"keys,omitempty"`
}

func (l *batchLog) UnmarshalJSON(b []byte) error {
	var raw struct {
		Rejected   []loggedRow `json:"rejected"`
		Suppressed []loggedRow `json:"suppressed"`
		Warnings   []Warning   `json:"warnings"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	conv := func(rs []loggedRow) []Rejected {
		out := make([]Rejected, len(rs))
		for i, r := range rs {
			out[i] = r.Rejected
			out[i].cells, out[i].table = r.Cells, r.Table
		}
		return out
	}
	l.Rejected, l.Suppressed, l.Warnings = conv(raw.Rejected), conv(raw.Suppressed), raw.Warnings
	return nil
}

// AddLog prepends an earlier run's batch log (a resumed job's report
// covers the whole file).
func (r *Report) AddLog(data []byte) error {
	var l batchLog
	if err := json.Unmarshal(data, &l); err != nil {
		return fmt.Errorf("reading an import job's log: %w", err)
	}
	r.Rejected = append(r.Rejected, l.Rejected...)
	r.Suppressed = append(r.Suppressed, l.Suppressed...)
	r.Warnings = append(r.Warnings, l.Warnings...)
	return nil
}

// SortRows orders rejected, suppressed and warnings by row.
func (r *Report) SortRows() {
	by := func(a, b Rejected) int { return a.Row - b.Row }
	slices.SortStableFunc(r.Rejected, by)
	slices.SortStableFunc(r.Suppressed, by)
	slices.SortStableFunc(r.Warnings, func(a, b Warning) int { return a.Row - b.Row })
}

// WriteJSON writes the report (indented, one trailing newline).
func (r *Report) WriteJSON(w io.Writer) error {
	if r.Rejected == nil {
		r.Rejected = []Rejected{}
	}
	if r.Warnings == nil {
		r.Warnings = []Warning{}
	}
	if r.Suppressed == nil {
		r.Suppressed = []Rejected{}
	}
	if r.NewConsents == nil {
		r.NewConsents = []string{}
	}
	if r.Mapping == nil {
		r.Mapping = []Column{}
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// RejectReasonColumn is the last column of a rejects file. The importer
// never maps it, so a fixed rejects file imports as it is.
const RejectReasonColumn = "rolo_reject_reason"

// RejectFileColumn names the archive member a rejected row came from.
const RejectFileColumn = "rolo_reject_file"

// RejectLineColumn holds, in the rejects file of a JSONL import, a line
// that is not a JSON object, as it was (its other cells are empty).
const RejectLineColumn = "rolo_reject_line"

// RejectsOptions say how the rejects file is written for the program
// that will open it, as an export's options do.
type RejectsOptions struct {
	// Profile export.Excel (the default) puts a quote before a cell that
	// a spreadsheet would run as a formula; export.Raw keeps every cell
	// as it was read.
	Profile export.Profile
	BOM     bool // start with a UTF-8 byte-order mark (for Excel)
}

// WriteRejects writes the rejected rows as they were read, cells a
// spreadsheet would run as formulas quoted (WriteRejectsAs with the
// default options).
func (r *Report) WriteRejects(w io.Writer) error {
	return r.WriteRejectsAs(w, RejectsOptions{})
}

// WriteRejectsAs writes the rejected rows as they were read (UTF-8 CSV
// with CRLF line ends, the source's delimiter for CSV and TXT files, else
// a comma) with their header and a reason column, ready to fix and import
// again. Rows from archive members with different headers share the union
// of the columns, plus a column naming the member.
func (r *Report) WriteRejectsAs(w io.Writer, opt RejectsOptions) error {
	if opt.BOM {
		if _, err := w.Write(utf8BOM); err != nil {
			return err
		}
	}
	safe := opt.Profile != export.Raw
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	delim := ','
	if len(r.tables) > 0 && r.tables[0].Format == FormatCSV && r.tables[0].Delimiter != 0 && r.tables[0].Delimiter != '"' {
		delim = rune(r.tables[0].Delimiter)
	}
	cw.Comma = delim
	var cols []string
	pos := map[string]int{}
	colsOf := func(t *Table) []string {
		if t.Header {
			return t.Columns
		}
		out := make([]string, len(t.Columns))
		for i := range out {
			out[i] = fmt.Sprintf("column_%d", i+1)
		}
		return out
	}
	for _, t := range r.tables {
		for _, c := range colsOf(t) {
			if _, ok := pos[c]; !ok {
				pos[c] = len(cols)
				cols = append(cols, c)
			}
		}
	}
	multi := len(r.tables) > 1
	header := slices.Clone(cols)
	lineCol := slices.ContainsFunc(r.tables, func(t *Table) bool { return t.Format == FormatJSONL })
	if lineCol {
		header = append(header, RejectLineColumn)
	}
	if multi {
		header = append(header, RejectFileColumn)
	}
	header = append(header, RejectReasonColumn)
	if safe {
		for i, v := range header {
			header[i] = export.Neutralise(v)
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, rej := range r.Rejected {
		row := make([]string, len(cols))
		line := ""
		if rej.table < len(r.tables) {
			t := r.tables[rej.table]
			names := colsOf(t)
			for i, v := range rej.cells {
				switch {
				case i < len(names):
					row[pos[names[i]]] = v
				case t.Format == FormatJSONL:
					line = v // a line that is not an object
				default:
					row = append(row, v) // past the header: kept as read
				}
			}
		}
		if len(row) > len(cols) {
			extra := row[len(cols):]
			row = append(row[:len(cols):len(cols)], extra...)
		}
		if lineCol {
			row = append(row, line)
		}
		if multi {
			row = append(row, rej.File)
		}
		row = append(row, rej.Reason)
		if safe {
			for i, v := range row {
				row[i] = export.Neutralise(v)
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

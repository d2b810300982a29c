package importer

import (
	"io"
	"time"
)

// Record is one record of a file as read: its cells, where it was, and
// what the reader found wrong with it.
type Record struct {
	// Line is where the record starts: the physical line of a CSV or TXT
	// file (a quoted field may carry it over several), the sheet row of a
	// spreadsheet, the BEGIN line of a vCard.
	Line  int
	Cells []string
	// Problem is set when the reader could not read the record properly
	// (an unbalanced quote): the record is rejected with this reason and
	// its Cells are the physical line split at the delimiter.
	Problem string
	// Formulas lists the cells that held a formula (spreadsheets).
	Formulas []Formula
	// Member is the file inside a ZIP archive the record came from.
	Member string
	// raw is a JSONL line not yet cut into cells (the normalisers do it,
	// in parallel: see Table.decodeJSONL); at and src are the times and
	// sources of its consents by column, as rolo's own JSONL and vCard
	// exports give them.
	raw []byte
	at  map[int]time.Time
	src map[int]string
}

// Formula is a spreadsheet cell that held a formula.
type Formula struct {
	Col    int  // 0-based column
	Cached bool // the file carries the value Excel computed (used, with a warning)
}

// rowReader yields the records of one table (a CSV file, a sheet, the
// cards of a vCard file) in order, io.EOF at the end.
type rowReader interface {
	Next() (Record, error)
}

// sliceReader serves records held in memory (samples, tests).
type sliceReader struct {
	recs []Record
	i    int
}

func (s *sliceReader) Next() (Record, error) {
	if s.i >= len(s.recs) {
		return Record{}, io.EOF
	}
	s.i++
	return s.recs[s.i-1], nil
}

// blank reports whether every cell is empty (such records are skipped:
// spreadsheets keep formatted empty rows, CSV files end in ",,,,").
func (r *Record) blank() bool {
	if r.raw != nil {
		return false // the reader kept only lines with something on them
	}
	for _, c := range r.Cells {
		for i := 0; i < len(c); i++ {
			if c[i] != ' ' && c[i] != '\t' {
				return false
			}
		}
	}
	return true
}

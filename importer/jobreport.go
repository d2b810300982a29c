package importer

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
)

// JobReport rebuilds the report of an import job kept in the store from
// what the job recorded: its options (how each table was mapped, and so
// its columns) and its batch logs (rejected rows with their cells,
// warnings). The import wizard opens the results of a past import this
// way, and saves its rejects file with WriteRejects. The counts, status
// and job ID are the store's: the caller fills them in. A job recorded
// without a mapping (it failed before its first batch) gives a report with
// no columns; its rejects file then has only the reason column.
func JobReport(file string, options []byte, logs [][]byte) (*Report, Options, error) {
	var opt Options
	if len(options) > 0 {
		if err := json.Unmarshal(options, &opt); err != nil {
			return nil, opt, fmt.Errorf("reading the options of the import of %s: %w", file, err)
		}
	}
	name := filepath.Base(file)
	rep := &Report{File: name, DryRun: opt.DryRun, mappings: opt.Mappings}
	for _, m := range opt.Mappings {
		t := &Table{Name: name, Format: FormatCSV, Delimiter: opt.Read.Delimiter}
		for _, c := range m.Columns {
			t.Columns = append(t.Columns, c.Name)
		}
		t.Header = !positional(t.Columns)
		rep.tables = append(rep.tables, t)
	}
	if len(opt.Mappings) > 0 {
		rep.Mapping = opt.Mappings[0].Columns
		rep.Header = rep.tables[0].Header
	}
	rep.Delimiter = DelimiterName(opt.Read.Delimiter)
	for _, l := range logs {
		if err := rep.AddLog(l); err != nil {
			return nil, opt, err
		}
	}
	rep.SortRows()
	return rep, opt, nil
}

// positional reports whether columns are named 1, 2, 3…: a table read
// without a header.
func positional(columns []string) bool {
	if len(columns) == 0 {
		return false
	}
	for i, c := range columns {
		if c != strconv.Itoa(i+1) {
			return false
		}
	}
	return true
}

// Columns are the column names of the table a rejected row came from (nil
// when the report does not know them): the import wizard shows a rejected
// row's cells under them and imports the rows a user fixed with them.
func (r *Report) Columns(rej Rejected) []string {
	if rej.table < 0 || rej.table >= len(r.tables) {
		return nil
	}
	return r.tables[rej.table].Columns
}

// Tables is how many tables the import read (the members of an archive).
func (r *Report) Tables() int { return len(r.tables) }

// Table is the index of the table (archive member) a rejected row came
// from.
func (r Rejected) Table() int { return r.table }

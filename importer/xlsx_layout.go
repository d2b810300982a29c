package importer

import (
	"io"
	"slices"
	"strings"
)

// A sheet spans a grid of up to 16,384 columns, but a hostile or odd file
// may hold one cell per row in column XFD: padding every row to the grid
// would cost memory and time for the empty cells, not for the data. So
// the sample is read sparsely (each cell with its sheet column), the
// table's columns are chosen from it, and the rest of the sheet is read
// straight into those columns.

// sheetLayout maps the sheet's columns to the table's.
type sheetLayout struct {
	// table is the table column of each sheet column (-1: the column is
	// left out); nil when they are the same.
	table []int32
	// width is the table's width once its header is known: cells past it
	// are left out, and the first one non-empty is kept just past the
	// last column so the row gets its extra_cells warning (0: no limit).
	width int
}

// sparseGrid tells when a sheet's columns are compacted: the sample spans
// more than this many columns and more than four times the columns that
// hold a value or a header. Ordinary sheets (a few empty columns between
// filled ones) keep every column, as the wizard shows them.
const sparseGrid = 64

// layoutFor chooses the layout from the sparse sample. When the sheet's
// columns are mostly empty, the table keeps the first columns up to the
// last one filled among the first sparseGrid (so an ordinary table keeps
// its empty columns) and, past those, the columns that hold something.
func layoutFor(recs []Record, grids [][]int32) *sheetLayout {
	span := 0
	used := map[int32]bool{}
	for i, r := range recs {
		for j, c := range r.Cells {
			g := grids[i][j]
			span = max(span, int(g)+1)
			if strings.TrimSpace(c) != "" {
				used[g] = true
			}
		}
	}
	if span <= sparseGrid || span <= 4*len(used) {
		return &sheetLayout{}
	}
	low := int32(-1)
	for g := range used {
		if g < sparseGrid {
			low = max(low, g)
		}
	}
	cols := make([]int32, 0, len(used)+int(low)+1)
	for g := range low + 1 {
		cols = append(cols, g)
	}
	for g := range used {
		if g > low {
			cols = append(cols, g)
		}
	}
	slices.Sort(cols)
	lay := &sheetLayout{table: make([]int32, span)}
	for i := range lay.table {
		lay.table[i] = -1
	}
	for i, g := range cols {
		lay.table[g] = int32(i)
	}
	return lay
}

// place puts the value of sheet column col into rec.
func (l *sheetLayout) place(rec *Record, col int, v string, formula, cached bool) {
	if l.table != nil {
		if col >= len(l.table) || l.table[col] < 0 {
			l.leftOut(rec, v)
			return
		}
		col = int(l.table[col])
	}
	if l.width > 0 && col >= l.width {
		l.leftOut(rec, v)
		return
	}
	for len(rec.Cells) <= col {
		rec.Cells = append(rec.Cells, "")
	}
	rec.Cells[col] = v
	if formula {
		rec.Formulas = append(rec.Formulas, Formula{Col: col, Cached: cached})
	}
}

// leftOut keeps the first non-empty value of a column the table does not
// have just past its last column, where the width check finds it and
// warns that cells were left out. Before the width is known (the sample
// of a compacted sheet) there is nothing to warn about: the table's
// columns are every one the sample fills.
func (l *sheetLayout) leftOut(rec *Record, v string) {
	if l.width == 0 || strings.TrimSpace(v) == "" || len(rec.Cells) > l.width {
		return
	}
	for len(rec.Cells) < l.width {
		rec.Cells = append(rec.Cells, "")
	}
	rec.Cells = append(rec.Cells, v)
}

// readSparseSample reads the first n records that are not blank, each
// cell with its sheet column, chooses the layout and returns the records
// placed in it.
func readSparseSample(s *sheetReader, n int) ([]Record, *sheetLayout, error) {
	var recs []Record
	var grids [][]int32
	for len(recs) < n {
		rec, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if rec.blank() {
			continue
		}
		recs = append(recs, rec)
		grids = append(grids, slices.Clone(s.grid))
	}
	lay := layoutFor(recs, grids)
	for i, r := range recs {
		placed := Record{Line: r.Line}
		for j, c := range r.Cells {
			f, formula := formulaAt(r.Formulas, j)
			lay.place(&placed, int(grids[i][j]), c, formula, f.Cached)
		}
		recs[i] = placed
	}
	return recs, lay, nil
}

func formulaAt(fs []Formula, col int) (Formula, bool) {
	for _, f := range fs {
		if f.Col == col {
			return f, true
		}
	}
	return Formula{}, false
}

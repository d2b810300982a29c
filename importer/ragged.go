package importer

import (
	"fmt"
	"strings"

	"rolo/contact"
)

// ragged checks the record's width against the header. Cells past the
// last column are accepted when they are empty. A record with fewer cells
// is read with the missing ones empty when they can only be the last ones
// (spreadsheets and the programs that write CSV like them leave trailing
// empty cells out); a text file's short record gets a warning saying so,
// and one whose values sit one or more columns left of where they belong
// (a cell missing in the middle) is rejected.
func (p *plan) ragged(r *rowData, cells []string) string {
	n := len(cells)
	extra := false
	for i := p.width; i < n; i++ {
		if strings.TrimSpace(cells[i]) != "" {
			extra = true
			break
		}
	}
	what := "the header has"
	if !p.table.Header {
		what = "the first row has"
	}
	switch {
	case extra && p.spreadsh:
		r.warn("extra_cells", p.colName(p.width), "cells past the last column were left out")
	case extra:
		return fmt.Sprintf("ragged row: %d cells where %s %d", n, what, p.width)
	case n < p.width && !p.spreadsh:
		if from, to, ok := p.shifted(cells); ok {
			return fmt.Sprintf("ragged row: %d cells where %s %d, and column %q holds what column %q takes (a cell is missing before it)",
				n, what, p.width, p.colName(from), p.colName(to))
		}
		r.warn("short_row", p.colName(n), "%d of %d cells; the last %d are taken as empty", n, p.width, p.width-n)
	}
	return ""
}

// shifted reports a short record whose values look moved left: a cell
// that does not fit its own column (an e-mail under a phone or a name, a
// phone under a date) but fits a column up to the number of missing cells
// to its right.
func (p *plan) shifted(cells []string) (from, to int, ok bool) {
	kinds := make([]colKind, p.width)
	for _, cp := range p.cols {
		if cp.idx < p.width {
			kinds[cp.idx] = cp.kind
		}
	}
	missing := p.width - len(cells)
	for i, c := range cells {
		v := cleanText(c)
		if v == "" || i >= p.width || fitsKind(kinds[i], v) {
			continue
		}
		for s := 1; s <= missing && i+s < p.width; s++ {
			if k := kinds[i+s]; typedKind(k) && fitsKind(k, v) {
				return i, i + s, true
			}
		}
	}
	return 0, 0, false
}

// typedKind: a kind whose values have a shape to check.
func typedKind(k colKind) bool {
	switch k {
	case kEmails, kPhones, kOnePhone, kDate:
		return true
	}
	return false
}

// fitsKind reports whether a value has the shape its column's kind takes.
// An e-mail fits only an e-mail column (or one rolo does not read).
func fitsKind(k colKind, v string) bool {
	isEmail := strings.Contains(v, "@") && validEmail(v)
	switch k {
	case kEmails:
		return isEmail
	case kPhones, kOnePhone:
		return phoneLike(v)
	case kDate:
		_, err := contact.ParseDate(v)
		return err == nil
	case kIgnore, kCustom, kRecordValue:
		return true
	}
	return !isEmail
}

func validEmail(v string) bool {
	_, err := contact.NormalizeEmail(v)
	return err == nil
}

package importer

import (
	"fmt"
	"strconv"
	"strings"

	"rolo/contact"
)

// maxTitleLines is how many records above the header detection looks
// past: report titles, export dates, "CLIENTS", a "Notes:" paragraph.
const maxTitleLines = 20

// sampleWithHeader is how many records Open reads: the sample, plus the
// lines a header may sit below.
func sampleWithHeader(ro ReadOptions) int {
	return SampleSize + 1 + max(maxTitleLines, ro.HeaderRow)
}

// setHeader decides which record, if any, names the columns, fills in
// Columns, Sample and the lines skipped above the header, and returns the
// index of the first data record in recs.
func (t *Table) setHeader(recs []Record, ro ReadOptions) (int, error) {
	t.HeaderLines = nil
	for _, r := range recs[:min(len(recs), maxTitleLines+1)] {
		t.HeaderLines = append(t.HeaderLines, r.Line)
	}
	if len(recs) == 0 {
		if ro.HeaderRow > 0 {
			return 0, fmt.Errorf("--header-row %d: %s has no rows", ro.HeaderRow, t.Name)
		}
		return 0, nil
	}
	at := 0
	switch {
	case ro.HeaderRow > 0:
		at = -1
		for i, r := range recs {
			if r.Line == ro.HeaderRow {
				at = i
				break
			}
		}
		if at < 0 {
			return 0, fmt.Errorf("--header-row %d: line %d of %s holds no row (it is blank, inside a quoted field or past the end)", ro.HeaderRow, ro.HeaderRow, t.Name)
		}
		t.Header = true
	case ro.Header == HeaderYes:
		t.Header = true
	case ro.Header == HeaderNo:
		t.Header = false
	default:
		at = headerBelowTitles(recs)
		t.Header = looksLikeHeader(recs[at], recs[at+1:])
		if !t.Header {
			at = 0
			t.Header = looksLikeHeader(recs[0], recs[1:])
		}
	}
	start := 0
	if t.Header {
		t.HeaderLine = recs[at].Line
		t.Columns = make([]string, len(recs[at].Cells))
		for i, c := range recs[at].Cells {
			t.Columns[i] = strings.ToValidUTF8(strings.TrimSpace(strings.TrimPrefix(c, "\ufeff")), "\uFFFD")
		}
		start = at + 1
		if at > 0 {
			t.Skipped = append(t.Skipped, fmt.Sprintf("%s above the header (%q)",
				lineSpan(recs[0].Line, t.HeaderLine-1), clip(nonEmpty(recs[0].Cells...)[0], 40)))
		}
	} else {
		width := 0
		for _, r := range recs {
			width = max(width, len(r.Cells))
		}
		t.Columns = make([]string, width)
		for i := range t.Columns {
			t.Columns[i] = strconv.Itoa(i + 1)
		}
	}
	t.Sample = recs[start:]
	if len(t.Sample) > SampleSize {
		t.Sample = t.Sample[:SampleSize]
	}
	return start, nil
}

// headerBelowTitles finds where a table starts under title lines: the
// first record wider than a title, when every record above it is thin (a
// cell or two filled in a table of several columns, as a title, a date or
// a note is) and it names at least two columns rolo knows (so a sparse
// data row of a file without a header is never taken for one). A table
// whose first record is already wide starts there.
func headerBelowTitles(recs []Record) int {
	width := commonWidth(recs)
	if width < 3 {
		return 0 // in a narrow table every row looks like a title
	}
	for i, r := range recs[:min(len(recs), maxTitleLines+1)] {
		if r.Problem != "" {
			return 0
		}
		if filledCells(r) > thinCells(width) {
			if i > 0 && knownNames(r) < 2 {
				return 0
			}
			return i
		}
	}
	return 0
}

// knownNames counts the cells of a record that name a field rolo knows,
// in any language of the header dictionary.
func knownNames(r Record) int {
	n := 0
	for _, c := range r.Cells {
		c = strings.TrimSpace(c)
		if c == "" || valueLike(c) {
			continue
		}
		if _, ok := contact.LookupField(c); ok {
			n++
		} else if f, _ := lookupHeader(c); f != "" {
			n++
		}
	}
	return n
}

// thinCells is the most cells a title line fills in a table of width
// columns.
func thinCells(width int) int { return max(1, width/4) }

// commonWidth is the number of filled cells most records have (their
// last filled cell, so empty trailing cells do not count).
func commonWidth(recs []Record) int {
	count := map[int]int{}
	best, bestN := 0, 0
	for _, r := range recs {
		w := lastFilled(r) + 1
		count[w]++
		if count[w] > bestN || (count[w] == bestN && w > best) {
			best, bestN = w, count[w]
		}
	}
	return best
}

func lastFilled(r Record) int {
	for i := len(r.Cells) - 1; i >= 0; i-- {
		if strings.TrimSpace(r.Cells[i]) != "" {
			return i
		}
	}
	return -1
}

func filledCells(r Record) int {
	n := 0
	for _, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

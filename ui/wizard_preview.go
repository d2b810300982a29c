package ui

import (
	"fmt"
	"strings"

	"rolo/importer"
)

// The read step's preview: the first rows as read, under their columns.

// sampleCells are the first n sample records' cells.
func sampleCells(t *importer.Table, n int) [][]string {
	var out [][]string
	for i := 0; i < len(t.Sample) && i < n; i++ {
		out = append(out, t.Sample[i].Cells)
	}
	return out
}

// previewTable draws rows under their columns from column off on, as many
// columns as fit the width; each column as wide as its widest value (up to
// a limit).
func previewTable(st *Styles, cols []string, rows [][]string, off, width int, header bool) []string {
	const maxW = 24
	cols = visibleCells(cols)
	marked := make([][]string, len(rows))
	for i, r := range rows {
		marked[i] = visibleCells(r)
	}
	rows = marked
	if !header {
		named := make([]string, len(cols))
		for i, c := range cols {
			named[i] = "column " + c
		}
		cols = named
	}
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = min(max(lipglossWidth(cleanCell(c)), 3), maxW)
		for _, r := range rows {
			if i < len(r) {
				widths[i] = min(max(widths[i], lipglossWidth(cleanCell(r[i]))), maxW)
			}
		}
	}
	last := off
	used := 4
	for last < len(cols) && used+widths[last]+2 <= width {
		used += widths[last] + 2
		last++
	}
	if last == off && off < len(cols) {
		widths[off] = max(width-6, 3)
		last = off + 1
	}
	line := func(cells []string, hd bool) string {
		var b strings.Builder
		for i := off; i < last; i++ {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			cell(&b, v, widths[i], false)
			b.WriteString("  ")
		}
		if hd {
			return st.ColHeader.Render(b.String())
		}
		return b.String()
	}
	title := "Preview: the first rows as read"
	if len(cols) > 0 && (off > 0 || last < len(cols)) {
		title += fmt.Sprintf(" · columns %d–%d of %d ([ ] scroll)", off+1, last, len(cols))
	}
	out := []string{st.Section.Render(title)}
	out = append(out, "    "+line(cols, true))
	for i, r := range rows {
		out = append(out, st.Faint.Render(fmt.Sprintf("%3d ", i+1))+line(r, false))
	}
	if len(rows) == 0 {
		out = append(out, st.Faint.Render("    (no data rows)"))
	}
	return out
}

// visibleCells is visibleCell of each cell; the slice itself when none
// needs a mark.
func visibleCells(cells []string) []string {
	var out []string
	for i, c := range cells {
		if v := visibleCell(c); v != c || out != nil {
			if out == nil {
				out = append(make([]string, 0, len(cells)), cells[:i]...)
			}
			out = append(out, v)
		}
	}
	if out == nil {
		return cells
	}
	return out
}

func padRight(s string, w int) string {
	if n := lipglossWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
)

// The grid is the virtualised table renderer: given the IDs in display order
// and a function giving a cell's text, it draws only the rows that fit. It
// styles whole rows, never single cells (the cursor cell aside): lipgloss's
// table renderer, which styles every cell, is about 28 times slower, and a
// frame of a million-contact table must cost well under 2 ms.

const (
	gutterWidth = 2 // cursor mark and selection mark
	colGap      = 1
	ellipsis    = "…"
)

// column is one column of the table as laid out for the current width.
type column struct {
	Field string
	Title string
	Width int
	Right bool // numbers are right-aligned
	Time  bool // RFC 3339 values are shown as "2006-01-02 15:04"
	ideal int
	min   int
}

// newColumn describes a field as a column at its preferred width.
func newColumn(field string) column {
	f, ok := contact.LookupField(field)
	c := column{Field: field, Title: field}
	if ok {
		c.Field, c.Title = f.Name, f.Label
	}
	switch {
	case c.Field == "full_name":
		c.ideal, c.min = 26, 12
	case !ok:
		c.ideal, c.min = 14, 6
	default:
		switch f.Kind {
		case contact.KindEmails:
			c.ideal, c.min = 30, 12
		case contact.KindPhones, contact.KindPhone:
			c.ideal, c.min = 15, 15 // an E.164 number is never cut
		case contact.KindNumber:
			c.ideal, c.min, c.Right = 10, 6, true
		case contact.KindDate:
			c.ideal, c.min = 10, 10
		case contact.KindTime:
			c.ideal, c.min, c.Time = 16, 16, true
		case contact.KindEnum:
			for _, v := range f.Values {
				c.ideal = max(c.ideal, len(v))
			}
			c.min = c.ideal
		case contact.KindCountry:
			c.ideal, c.min = 7, 7
		case contact.KindID:
			c.ideal, c.min = 14, 8
		case contact.KindList:
			c.ideal, c.min = 20, 8
		case contact.KindConsent:
			c.ideal, c.min = 8, 5
		default:
			c.ideal, c.min = 18, 8
		}
	}
	if tw := ansi.StringWidth(c.Title); tw > c.ideal {
		c.ideal = min(tw, max(c.ideal, 16))
		if c.Right || (ok && f.Kind == contact.KindEnum) {
			c.min = c.ideal
		}
	}
	c.Width = c.ideal
	return c
}

// layout is the columns placed for one width: the frozen name column, then
// the scrolled columns that fit.
type layout struct {
	cols      []column // cols[0] is frozen; the rest are fields[first:first+len-1]
	first     int      // index in the field list of cols[1]
	moreLeft  bool
	moreRight bool
}

// layoutColumns places cols (cols[0] frozen) in width cells. When all fit at
// their preferred widths, the spare room goes to the name column and the
// last; when all fit at a comfortable three quarters of it, each gives up
// room in proportion to what it can spare; otherwise the table scrolls
// sideways from offset, keeping the name column, with as many comfortable
// columns as fit, widened into the room left.
func layoutColumns(cols []column, width, offset int) layout {
	avail := width - gutterWidth
	if len(cols) == 0 || avail <= 0 {
		return layout{}
	}
	out := make([]column, len(cols))
	copy(out, cols)
	total := func(cs []column, get func(column) int) int {
		t := colGap * (len(cs) - 1)
		for _, c := range cs {
			t += get(c)
		}
		return t
	}
	ideal := func(c column) int { return c.ideal }
	if n := total(out, ideal); n <= avail {
		for i := range out {
			out[i].Width = out[i].ideal
		}
		extra := avail - n
		out[0].Width += min(extra, 14)
		out[len(out)-1].Width += extra - min(extra, 14)
		return layout{cols: out, first: 1}
	}
	if total(out, comfortable) <= avail {
		for i := range out {
			out[i].Width = comfortable(out[i])
		}
		grow(out, avail-total(out, func(c column) int { return c.Width }))
		return layout{cols: out, first: 1}
	}
	offset = max(1, min(offset, len(out)-1))
	frozen := out[0]
	frozen.Width = min(comfortable(frozen), max(avail/3, frozen.min))
	l := layout{cols: []column{frozen}, first: offset, moreLeft: offset > 1}
	used := frozen.Width
	for i := offset; i < len(out); i++ {
		c := out[i]
		c.Width = comfortable(c)
		if used+colGap+c.Width > avail {
			if len(l.cols) == 1 && avail-used-colGap >= c.min {
				c.Width = avail - used - colGap // a lone wide column shrinks to fit
			} else {
				l.moreRight = true
				break
			}
		}
		used += colGap + c.Width
		l.cols = append(l.cols, c)
	}
	grow(l.cols, avail-used)
	return l
}

// comfortable is the narrowest a column gets before the table scrolls
// sideways instead: three quarters of its preferred width.
func comfortable(c column) int { return max(c.min, (c.ideal*3+3)/4) }

// grow shares extra cells out among cols a cell at a time, each up to its
// preferred width; what is left goes to the last.
func grow(cols []column, extra int) {
	for extra > 0 {
		given := false
		for i := range cols {
			if extra > 0 && cols[i].Width < cols[i].ideal {
				cols[i].Width++
				extra--
				given = true
			}
		}
		if !given {
			break
		}
	}
	cols[len(cols)-1].Width += extra
}

// fieldIndex maps a laid-out column back to its index in the field list.
func (l layout) fieldIndex(i int) int {
	if i == 0 {
		return 0
	}
	return l.first + i - 1
}

// visible reports whether the field at index fi is drawn.
func (l layout) visible(fi int) bool {
	return fi == 0 || (fi >= l.first && fi < l.first+len(l.cols)-1)
}

// gridFrame is everything one frame of the table needs.
type gridFrame struct {
	styles    *Styles
	lay       layout
	width     int
	rows      int // data rows (the title row comes on top)
	ids       []uint64
	top       int // index in ids of the first row drawn
	cursor    int // index in ids of the cursor row
	focus     int // index in the field list of the focused column
	sortField string
	sortDesc  bool
	value     func(id uint64, field string) string
	selected  func(id uint64) bool
	empty     string // shown when there are no rows at all
}

// render draws the title row and f.rows data rows, each exactly f.width
// cells wide.
func (f *gridFrame) render(b *strings.Builder) {
	st := f.styles
	var line strings.Builder
	line.Grow(f.width + 16)
	// Title row.
	if f.lay.moreLeft {
		line.WriteString("‹ ")
	} else {
		line.WriteString("  ")
	}
	for i, c := range f.lay.cols {
		if i > 0 {
			line.WriteByte(' ')
		}
		title := c.Title
		if c.Field == f.sortField {
			if f.sortDesc {
				title += " ↓"
			} else {
				title += " ↑"
			}
		}
		fi := f.lay.fieldIndex(i)
		if fi == f.focus {
			var tb strings.Builder
			cell(&tb, title, c.Width, c.Right)
			st.colHeader.write(b, line.String())
			st.colFocused.write(b, tb.String())
			line.Reset()
			continue
		}
		cell(&line, title, c.Width, c.Right)
	}
	used := f.usedWidth()
	if f.lay.moreRight && used+2 <= f.width {
		line.WriteString(" ›")
		used += 2
	}
	writeSpaces(&line, f.width-used)
	st.colHeader.write(b, line.String())
	b.WriteByte('\n')

	for r := 0; r < f.rows; r++ {
		i := f.top + r
		if r > 0 {
			b.WriteByte('\n')
		}
		if i >= len(f.ids) {
			if r == 0 && len(f.ids) == 0 && f.empty != "" {
				line.Reset()
				line.WriteString("  ")
				line.WriteString(f.empty)
				b.WriteString(f.styles.Muted.Render(fitLine(line.String(), f.width)))
				continue
			}
			writeSpaces(b, f.width)
			continue
		}
		f.row(b, &line, i)
	}
}

func (f *gridFrame) usedWidth() int {
	w := gutterWidth
	for i, c := range f.lay.cols {
		if i > 0 {
			w += colGap
		}
		w += c.Width
	}
	return w
}

// row draws data row i: a plain row is styled once as a whole; the cursor row
// is styled in three pieces so the focused cell stands out.
func (f *gridFrame) row(b, line *strings.Builder, i int) {
	st := f.styles
	id := f.ids[i]
	line.Reset()
	isCursor := i == f.cursor
	if isCursor {
		line.WriteByte('>')
	} else {
		line.WriteByte(' ')
	}
	sel := f.selected != nil && f.selected(id)
	if sel {
		line.WriteString("✓")
	} else {
		line.WriteByte(' ')
	}
	var before string
	var focused strings.Builder
	for ci, c := range f.lay.cols {
		if ci > 0 {
			line.WriteByte(' ')
		}
		v := ""
		if f.value != nil {
			v = f.value(id, c.Field)
		}
		if c.Time {
			v = shortTime(v)
		}
		if isCursor && f.lay.fieldIndex(ci) == f.focus {
			before = line.String()
			line.Reset()
			cell(&focused, v, c.Width, c.Right)
			continue
		}
		cell(line, v, c.Width, c.Right)
	}
	writeSpaces(line, f.width-f.usedWidth())
	switch {
	case isCursor && focused.Len() > 0:
		st.cursorRow.write(b, before)
		st.cursorCell.write(b, focused.String())
		st.cursorRow.write(b, line.String())
	case isCursor:
		st.cursorRow.write(b, line.String())
	case sel:
		s := line.String()
		st.selMark.write(b, s[:1+len("✓")])
		st.row.write(b, s[1+len("✓"):])
	default:
		st.row.write(b, line.String())
	}
}

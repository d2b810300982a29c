package ui

import (
	"fmt"
	"strings"
)

// mapView draws the columns and their fields, the typeahead while a field
// is being picked, the check line and the definitions the import creates.
func (w *importWizard) mapView(h int) string {
	st := &w.sh.styles
	t := w.table()
	if t == nil {
		return st.Faint.Render("reading the file…")
	}
	m := w.mapping()
	head := "Map each column to a field · " + st.Warn.Render("?") + " marks a guess worth a look"
	if n := len(w.read.src.Tables); n > 1 {
		head += st.Muted.Render(fmt.Sprintf(" · file %d of %d: %s (t: next)", w.read.tab+1, n, t.Member))
	}
	var bottom []string
	if w.inputFor == inTarget {
		bottom = append(bottom, inputView(w.input))
		top := max(0, w.mapg.optCur-5)
		for i := top; i < len(w.mapg.options) && i < top+6; i++ {
			o := w.mapg.options[i]
			if l := targetLabel(o); l != "" {
				o += st.Faint.Render("  " + l)
			}
			if i == w.mapg.optCur {
				bottom = append(bottom, st.CursorRow.Render(fitLine("> "+o, w.sh.width)))
			} else {
				bottom = append(bottom, "  "+o)
			}
		}
		if len(w.mapg.options) == 0 {
			bottom = append(bottom, st.Faint.Render("  nothing matches"))
		}
	} else if w.mapg.cursor < len(m.Columns) {
		c := m.Columns[w.mapg.cursor]
		why := c.Reason
		if why == "" {
			why = "detected"
		}
		bottom = append(bottom, st.Muted.Render(fmt.Sprintf("%s → %s: %s", c.Name, c.Field, why)))
	}
	bottom = append(bottom, splitLines(wrapBlock(w.checkLine(), w.sh.width))...)
	consents, customs := w.newDefinitions()
	if len(consents) > 0 {
		bottom = append(bottom, st.Warn.Render("New consents this import creates: ")+strings.Join(consents, ", "))
	}
	if len(customs) > 0 {
		bottom = append(bottom, st.Muted.Render("New custom fields: "+strings.Join(customs, ", ")))
	}
	rows := max(h-2-1-len(bottom), 1)
	mg := &w.mapg
	if mg.cursor < mg.top {
		mg.top = mg.cursor
	}
	if mg.cursor >= mg.top+rows {
		mg.top = mg.cursor - rows + 1
	}
	nameW := min(max(w.sh.width/5, 12), 24)
	fieldW := min(max(w.sh.width/4, 16), 30)
	sampleW := max(w.sh.width-nameW-fieldW-2-2-3-2, 8)
	var hb strings.Builder
	hb.WriteString("  ")
	cell(&hb, "Column", nameW, false)
	hb.WriteString("  ")
	cell(&hb, "Sample values", sampleW, false)
	hb.WriteString("    ") // the gap and the unsure mark
	cell(&hb, "Field", fieldW, false)
	lines := []string{head, st.ColHeader.Render(hb.String())}
	for i := mg.top; i < len(m.Columns) && i < mg.top+rows; i++ {
		c := m.Columns[i]
		var left, fb strings.Builder
		cell(&left, c.Name, nameW, false)
		left.WriteString("  ")
		cell(&left, visibleCell(strings.Join(samples(t, c.Index), " · ")), sampleW, false)
		left.WriteString("  ")
		mark := "  "
		if !c.Sure {
			mark = "? "
		}
		field := c.Field
		if field == "ignore" {
			field = "— ignore"
		}
		cell(&fb, field, fieldW, false)
		switch {
		case i == mg.cursor:
			lines = append(lines, st.CursorRow.Render(fitLine("> "+left.String()+mark+fb.String(), w.sh.width)))
		case !c.Sure:
			lines = append(lines, "  "+left.String()+st.Warn.Render(mark)+fb.String())
		default:
			lines = append(lines, "  "+left.String()+mark+fb.String())
		}
	}
	for len(lines) < h-len(bottom)-1 {
		lines = append(lines, "")
	}
	lines = append(lines, "")
	return strings.Join(append(lines, bottom...), "\n")
}

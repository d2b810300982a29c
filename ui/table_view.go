package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
)

// View draws the info line, the column titles and the visible rows.
func (t *tableModel) View() string {
	w := t.sh.width
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow((w + 32) * (t.sh.bodyH + 1))
	b.WriteString(fitLine(t.info(), w))
	b.WriteByte('\n')
	lay := layoutColumns(t.cols, w, t.colOffset)
	f := gridFrame{
		styles: &t.sh.styles, lay: lay, width: w, rows: t.dataRows(),
		ids: t.rows.ids, top: t.top, cursor: t.cursor, focus: t.focus,
		sortField: t.q.sortField, sortDesc: t.q.sortDesc,
		value: t.rows.value, selected: t.sel.has, empty: t.emptyText(),
	}
	f.render(&b)
	for _, l := range t.searchLines() {
		b.WriteByte('\n')
		b.WriteString(fitLine(l, w))
	}
	return b.String()
}

// info is the line above the table: the filter in words, the sort, the
// selection.
func (t *tableModel) info() string {
	st := &t.sh.styles
	var parts []string
	switch {
	case t.q.search != "":
		// Where the cursor stands among the matches is drawn from the
		// cursor, so it follows n, N and every other move.
		where := ""
		if n := len(t.rows.ids); n > 0 && t.rows.complete {
			where = fmt.Sprintf(" · match %s of %s", groupDigits(t.cursor+1), groupDigits(n))
		}
		parts = append(parts, st.Accent.Render(fmt.Sprintf("Search %q", t.q.search)+where))
	case !t.q.filter.IsEmpty():
		what := "Filter: "
		if t.q.segment != "" {
			what = "Segment " + t.q.segment + ": "
		}
		desc := describeFilter(t.q.filter)
		if t.q.label != "" {
			desc = t.q.label
		}
		parts = append(parts, st.Accent.Render(what+desc))
	case t.keys.OnFile:
		parts = append(parts, st.Muted.Render("Every row of the file"))
	default:
		parts = append(parts, st.Muted.Render("All contacts"))
	}
	if t.q.sortField != "" {
		dir := "ascending"
		if t.q.sortDesc {
			dir = "descending"
		}
		parts = append(parts, st.Muted.Render("sorted by "+fieldLabel(t.q.sortField)+", "+dir))
	}
	if n := t.sel.len(); n > 0 {
		parts = append(parts, st.SelMark.Render(groupDigits(n)+" selected"))
	}
	return strings.Join(parts, st.Faint.Render(" · "))
}

// searchLines are the lines under the table while a search is typed or
// on: the search, and the suppression notice beside it, or under it
// wrapped when both do not fit one line.
func (t *tableModel) searchLines() []string {
	if !t.searching && t.q.search == "" {
		return nil
	}
	st := &t.sh.styles
	var line string
	if t.searching {
		line = inputView(t.search)
	} else {
		line = st.Muted.Render("/ " + t.q.search + "   (/ changes it, esc clears it)")
	}
	if t.note == "" {
		return []string{line}
	}
	w := t.sh.width
	if ansi.StringWidth(line)+2+ansi.StringWidth(t.note) <= w {
		return []string{line + "  " + st.Warn.Render(t.note)}
	}
	out := []string{line}
	for _, l := range splitLines(wrapText(t.note, w)) {
		out = append(out, st.Warn.Render(l))
	}
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// fitLine cuts or pads a styled line to exactly w cells.
func fitLine(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, ellipsis)
	}
	return s + strings.Repeat(" ", w-sw)
}

// clipBytes cuts plain text to about n bytes (at a rune boundary) before
// fitLine measures it: a condition on 100 000 IDs is 700 kB of text, and
// measuring all of it on every frame is what made a key take 70 ms. n
// bytes hold at least n/4 cells, so fitLine still sees there is more.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// exact says View draws exactly sh.bodyH lines of sh.width cells (the grid
// is built to measure), so the root need not measure them again.
func (t *tableModel) exact() bool { return t.sh.bodyH >= 3 }

// groupDigits writes 1234567 as "1 234 567" (contact.FormatCount).
func groupDigits(n int) string { return contact.FormatCount(n) }

// countOf is n with its noun, singular for one (see contact.CountOf).
func countOf(n int, noun string) string { return contact.CountOf(n, noun) }

// emptyText explains an empty table.
func (t *tableModel) emptyText() string {
	switch {
	case !t.rows.complete:
		return "loading…"
	case t.q.search != "":
		return "nobody matches this search · esc clears it"
	case !t.q.filter.IsEmpty():
		return "no contact matches this filter · f changes it, x clears it"
	}
	return "no contacts"
}

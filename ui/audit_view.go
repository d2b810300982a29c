package ui

import (
	"fmt"
	"strings"

	"rolo/fileview"
	"rolo/importer"
)

// build lays out the panel's lines from the summary and the values.
func (p *auditPanel) build() {
	var items []auditItem
	add := func(it auditItem) { items = append(items, it) }
	text := func(s string) { add(auditItem{kind: aiText, text: s, count: -1}) }
	section := func(s string) { add(auditItem{kind: aiSection, text: s, count: -1}) }
	sum := p.sum
	switch {
	case sum == nil && p.err != nil:
		text("Cannot read " + p.name + ": " + p.err.Error())
		p.items = items
		return
	case sum == nil:
		p.items = nil
		return
	}
	rep := sum.Report
	if rep != nil {
		for _, t := range rep.Tables {
			text(tableFacts(t, len(rep.Tables) > 1))
			for _, r := range t.Readings {
				text(fmt.Sprintf("  also plausible: %s (line %d would read %q)", r.Encoding, r.Line, r.AsThis))
			}
		}
		if len(rep.Skipped) > 0 {
			text("  left out of the archive: " + strings.Join(rep.Skipped, ", "))
		}
	}
	facts := fmt.Sprintf("%s rows read, %s without any problem", groupDigits(sum.Rows), groupDigits(sum.Clean))
	if rep != nil && rep.Country != "" {
		facts += "; phones in national form read as " + rep.Country
	}
	if sum.Cancelled {
		facts = "Reading was stopped: " + facts + " so far"
	}
	text(facts)
	if rep != nil && len(rep.UnsureGuesses) > 0 {
		section(fmt.Sprintf("Unsure guesses to check · %d", len(rep.UnsureGuesses)))
		text("  an import keeps these columns as custom fields")
		for _, g := range rep.UnsureGuesses {
			text(fmt.Sprintf("  %q looks like %s (%s): %s applies it", g.Column, g.Guess, strings.TrimSuffix(g.Reason, importer.HeldReason), g.Map))
		}
	}

	section("Problems · rows")
	if len(sum.Problems) == 0 {
		text("  none: every row reads cleanly")
	}
	for _, pr := range sum.Problems {
		add(auditItem{kind: aiCount, text: pr.Label, count: pr.Rows, note: countNote(pr), f: pr.Filter()})
		if len(pr.ByCountry) > 1 || len(pr.ByCountry) == 1 && pr.ByCountry[0].Country == "" {
			for _, c := range pr.ByCountry {
				what := "read as " + c.Country
				if c.Country == "" {
					what = "no country to read them with"
				}
				add(auditItem{kind: aiCount, text: what, count: c.Rows, f: c.Filter(), indent: 2})
			}
		} else if len(pr.ByCountry) == 1 {
			items[len(items)-1].note = "read as " + pr.ByCountry[0].Country
		}
	}

	section("Duplicates inside the file")
	switch {
	case rep == nil:
		text("  not looked for: reading was stopped")
	case sum.DuplicateRows == 0:
		text("  none: no two rows look like one person")
	default:
		add(auditItem{kind: aiDupes, text: fmt.Sprintf("rows in %s", countOf(len(sum.Duplicates), "cluster")),
			count: sum.DuplicateRows, note: "D compares them side by side", f: fileview.TagFilter(fileview.DuplicateTag)})
	}

	section("Consents")
	if len(sum.Consents) == 0 {
		text("  no column records a consent")
	}
	for _, c := range sum.Consents {
		cols := consentColumns(rep, c.Name)
		head := "consent " + c.Name
		if cols != "" {
			head += " (" + cols + ")"
		}
		text("  " + head)
		add(auditItem{kind: aiCount, text: "given", count: c.Granted, f: c.GrantedFilter(), indent: 2})
		add(auditItem{kind: aiCount, text: "refused or withdrawn", count: c.Withdrawn, f: c.WithdrawnFilter(), indent: 2})
		add(auditItem{kind: aiCount, text: "neither (empty or unreadable)", count: c.None, f: c.NoneFilter(), indent: 2})
	}

	if rep != nil {
		section("Columns · filled · distinct values")
		for ti, t := range rep.Tables {
			for ci, c := range t.Columns {
				key := ti<<16 | ci
				p.columnItems(&items, key, c, t.Rows)
			}
		}
	}
	p.items = items
	if p.cursor >= len(items) || !p.focused().selectable() {
		p.cursor = -1
		p.move(1)
	}
	p.clamp()
}

// columnItems adds a column's line and, when it is open, its values.
func (p *auditPanel) columnItems(items *[]auditItem, key int, c importer.AuditColumn, rows int) {
	field := c.Field
	label := c.Name + " → " + fieldWords(field)
	if field == importer.TargetIgnore || field == "" {
		label = c.Name + " → not read"
	}
	note := fmt.Sprintf("filled %s", groupDigits(c.Filled))
	if c.Invalid > 0 {
		note += fmt.Sprintf(", %s invalid", groupDigits(c.Invalid))
	}
	fr, counted := p.freq[field]
	if counted {
		note += fmt.Sprintf(" · %s distinct", groupDigits(fr.distinct))
		if len(fr.top) > 0 {
			note += " · " + fr.top[0].Value
		}
	}
	it := auditItem{kind: aiColumn, text: label, count: -1, note: note, column: key, field: field}
	if !counted {
		it.kind = aiText
		it.text, it.note = "  "+label+" · "+note, ""
	}
	*items = append(*items, it)
	if !counted || !p.expanded[key] {
		return
	}
	for _, v := range fr.top {
		*items = append(*items, auditItem{kind: aiValue, text: v.Value, count: v.Count, f: valueFilter(field, v.Value), indent: 4, column: key, field: field})
	}
	if fr.distinct > len(fr.top) {
		*items = append(*items, auditItem{kind: aiText, text: fmt.Sprintf("      … and %s more values", groupDigits(fr.distinct-len(fr.top))), count: -1})
	}
}

// tableFacts says how a table was read.
func tableFacts(t importer.AuditTable, named bool) string {
	var parts []string
	if named {
		parts = append(parts, t.Name+":")
	}
	parts = append(parts, strings.ToUpper(string(t.Format)))
	if t.Encoding != "" {
		parts = append(parts, t.Encoding)
	}
	if t.Delimiter != "" {
		parts = append(parts, "delimiter "+t.Delimiter)
	}
	if t.Sheet != "" {
		parts = append(parts, "sheet "+t.Sheet)
	}
	if t.Header {
		parts = append(parts, "a header row")
	} else {
		parts = append(parts, "no header row")
	}
	parts = append(parts, countOf(t.Rows, "row"))
	return strings.Join(parts, " · ")
}

// consentColumns names the columns that record a consent.
func consentColumns(rep *importer.AuditReport, name string) string {
	if rep == nil {
		return ""
	}
	var cols []string
	for _, c := range rep.Consents {
		if c.Name == name {
			cols = append(cols, fmt.Sprintf("%q", c.Column))
		}
	}
	return strings.Join(cols, ", ")
}

// View draws the panel, or its progress while the file is read.
func (p *auditPanel) View() string {
	st := &p.sh.styles
	w, h := p.sh.width, p.sh.bodyH
	if w <= 0 || h <= 0 {
		return ""
	}
	if !p.loaded {
		ev := p.progress
		line := fmt.Sprintf("Reading %s…", p.name)
		if ev.Total > 0 {
			line = fmt.Sprintf("Reading %s: %d%%", p.name, ev.Done*100/max(ev.Total, 1))
		}
		body := st.Title.Render(line) + "\n\n" + st.Muted.Render("Each row is checked as an import would check it, in memory only: nothing\nof the file is written anywhere, and the file itself is never changed.\nThe counts show once every row is read; esc shows the rows read so far.\nx stops.")
		return padLines(body, w, h)
	}
	rows := p.rows()
	lines := make([]string, 0, h)
	for i := p.top; i < len(p.items) && i < p.top+rows; i++ {
		lines = append(lines, p.line(i, w))
	}
	for len(lines) < rows {
		lines = append(lines, "")
	}
	lines = append(lines, fitLine(st.Faint.Render("enter shows the rows a count counts · esc the table · A comes back here"), w))
	return padLines(strings.Join(lines, "\n"), w, h)
}

const auditCountW = 9

// line draws item i in exactly w cells.
func (p *auditPanel) line(i, w int) string {
	st := &p.sh.styles
	it := p.items[i]
	switch it.kind {
	case aiSection:
		head := "── " + it.text + " "
		return st.Section.Render(head + strings.Repeat("─", max(0, w-lipglossWidth(head))))
	case aiText:
		return fitLine(st.Muted.Render(it.text), w)
	}
	labelW := min(max(w*45/100, 24), 46)
	var b strings.Builder
	if i == p.cursor {
		b.WriteString("> ")
	} else {
		b.WriteString("  ")
	}
	b.WriteString(strings.Repeat(" ", it.indent))
	cell(&b, it.text, labelW-it.indent, false)
	switch {
	case it.count >= 0:
		cell(&b, groupDigits(it.count), auditCountW, true)
	case it.kind != aiColumn:
		cell(&b, "", auditCountW, true)
	}
	if it.note != "" {
		b.WriteString("  ")
		b.WriteString(cleanCell(it.note))
	}
	line := fitLine(b.String(), w)
	switch {
	case i == p.cursor:
		return st.CursorRow.Render(line)
	case it.kind == aiCount && it.indent == 0 && it.count > 0 && it.note == "an import refuses these rows":
		return st.Warn.Render(line)
	}
	return st.Row.Render(line)
}

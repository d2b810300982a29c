package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

const cardLabelWidth = 17

// View draws the visible lines of the card and, at the bottom, the edit
// line's reason for refusing a value or where the card is scrolled to.
func (m *cardModel) View() string {
	w, h := m.sh.width, m.sh.bodyH
	st := &m.sh.styles
	if w <= 0 || h <= 0 {
		return ""
	}
	var b strings.Builder
	switch {
	case !m.loaded:
		b.WriteString(fitLine(st.Muted.Render("loading contact…"), w))
		return padLines(b.String(), w, h)
	case m.err != nil:
		b.WriteString(fitLine(st.Error.Render(fmt.Sprintf("Cannot show contact %d: %v", m.id, m.err)), w))
		return padLines(b.String(), w, h)
	}
	rows := m.pageRows()
	for i := m.top; i < len(m.items) && i < m.top+rows; i++ {
		if i > m.top {
			b.WriteByte('\n')
		}
		b.WriteString(m.line(i, w))
	}
	for i := len(m.items) - m.top; i < rows; i++ {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat(" ", w))
	}
	b.WriteByte('\n')
	b.WriteString(fitLine(m.footer(), w))
	return b.String()
}

func (m *cardModel) footer() string {
	st := &m.sh.styles
	switch {
	case m.editing && m.editErr != "":
		return st.Error.Render("✗ " + m.editErr)
	case m.editing && m.saving:
		return st.Muted.Render("saving…")
	case m.editing:
		return st.Muted.Render("enter saves · esc cancels · the value is checked as an import would check it")
	case m.sh.readOnly:
		return st.Warn.Render("read-only: browsing only")
	}
	pos := 0
	if n := len(m.items); n > 0 {
		pos = (m.cursor + 1) * 100 / n
	}
	return st.Faint.Render(fmt.Sprintf("%d%%", pos))
}

// line draws item i in exactly w cells.
func (m *cardModel) line(i, w int) string {
	st := &m.sh.styles
	it := m.items[i]
	cursor := i == m.cursor
	switch it.kind {
	case itemTitle:
		return fitLine(st.Title.Render(it.label)+"  "+st.Muted.Render(it.value), w)
	case itemSection:
		head := "── " + it.label + " "
		return st.Section.Render(head + strings.Repeat("─", max(0, w-ansi.StringWidth(head))))
	}
	mark := "  "
	if cursor {
		mark = "> "
	}
	label := it.label
	var b strings.Builder
	b.WriteString(mark)
	cell(&b, label, cardLabelWidth, false)
	b.WriteByte(' ')
	prefix := b.String()
	avail := w - ansi.StringWidth(prefix)
	if cursor && m.editing {
		m.input.SetWidth(max(avail-2, 4))
		return st.CursorRow.Render(prefix) + fitLine(inputView(m.input), avail)
	}
	value := it.value
	if value == "" && it.kind != itemText {
		value = "—"
	}
	text := value
	if it.extra != "" {
		text += "  "
	}
	vw := ansi.StringWidth(text)
	var rest strings.Builder
	if vw > avail {
		rest.WriteString(ansi.Truncate(value, avail, ellipsis))
	} else {
		rest.WriteString(text)
		if it.extra != "" {
			rest.WriteString(ansi.Truncate(it.extra, avail-vw, ellipsis))
		}
	}
	plain := fitLine(cleanCell(rest.String()), avail)
	if cursor {
		return st.CursorRow.Render(prefix + plain)
	}
	styledPrefix := st.Label.Render(prefix)
	if it.kind == itemText {
		return styledPrefix + st.Muted.Render(plain)
	}
	if it.extra != "" && vw <= avail {
		return styledPrefix + st.Row.Render(fitLine(value+"  ", vw)) + st.Muted.Render(fitLine(ansi.Truncate(it.extra, avail-vw, ellipsis), avail-vw))
	}
	return styledPrefix + st.Row.Render(plain)
}

// padLines pads s to h lines of w cells.
func padLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = fitLine(l, w)
	}
	return strings.Join(lines[:h], "\n")
}

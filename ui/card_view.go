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
	whole := m.cursorLines(w, rows)
	// The cursor's line, wrapped whole when it is cut, stays in view.
	if k := max(len(whole), 1); m.cursor > m.top+rows-k {
		m.top = m.cursor - rows + k
	}
	n := 0
	for i := m.top; i < len(m.items) && n < rows; i++ {
		lines := []string{m.line(i, w)}
		if i == m.cursor && len(whole) > 1 {
			lines = whole
		}
		for _, l := range lines {
			if n == rows {
				break
			}
			if n > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l)
			n++
		}
	}
	for ; n < rows; n++ {
		if n > 0 {
			b.WriteByte('\n')
		}
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
	where := fmt.Sprintf("%d%%", pos)
	if h := m.historyStart(); h >= m.top+m.pageRows() {
		where += " · G goes to the history below"
	}
	return st.Faint.Render(where)
}

// historyStart is the line of the History heading (-1 before the card
// is loaded).
func (m *cardModel) historyStart() int {
	for i := len(m.items) - 1; i >= 0; i-- {
		if it := m.items[i]; it.kind == itemSection && strings.HasPrefix(it.label, "History") {
			return i
		}
	}
	return -1
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

// cursorLines is the line under the cursor wrapped whole, when its value
// and note do not fit the width (a long note, a history diff, a custom
// field's text); nil when it fits or is being edited. At most half the
// card's lines are used.
func (m *cardModel) cursorLines(w, rows int) []string {
	if m.cursor < 0 || m.cursor >= len(m.items) || m.editing {
		return nil
	}
	it := m.items[m.cursor]
	if !it.focusable() {
		return nil
	}
	text := it.value
	if text == "" && it.kind != itemText {
		text = "—"
	}
	if it.extra != "" {
		text += "  " + it.extra
	}
	text = cleanCell(text)
	var head strings.Builder
	head.WriteString("> ")
	cell(&head, it.label, cardLabelWidth, false)
	head.WriteByte(' ')
	avail := w - ansi.StringWidth(head.String())
	if avail < 10 || ansi.StringWidth(text) <= avail {
		return nil
	}
	wrapped := splitLines(ansi.Wrap(text, avail, " "))
	if max(rows/2, 2) < len(wrapped) {
		wrapped = wrapped[:max(rows/2, 2)]
		last := len(wrapped) - 1
		wrapped[last] = ansi.Truncate(wrapped[last], avail-1, "") + ellipsis
	}
	st := &m.sh.styles
	out := make([]string, len(wrapped))
	for i, l := range wrapped {
		prefix := head.String()
		if i > 0 {
			prefix = strings.Repeat(" ", ansi.StringWidth(prefix))
		}
		out[i] = st.CursorRow.Render(fitLine(prefix+l, w))
	}
	return out
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

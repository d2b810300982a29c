package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/filter"
)

// opWords says an operator in words for the operator list.
var opWords = map[filter.Op]string{
	filter.Eq: "is", filter.Ne: "is not", filter.Gt: "greater / after", filter.Lt: "less / before",
	filter.Ge: "at least / from", filter.Le: "at most / until", filter.Contains: "contains",
	filter.StartsWith: "starts with", filter.Exists: "is set", filter.NotExists: "is empty",
	filter.In: "in any of", filter.NotIn: "in none of",
}

// View draws the conditions, the --where text and the count on top, and the
// current step's list or input below.
func (b *filterBuilder) View() string {
	st := &b.sh.styles
	w, h := b.sh.width, b.sh.bodyH
	var top []string
	title := st.Title.Render("Filter builder")
	if b.segment != "" {
		title += st.Muted.Render("  segment " + b.segment)
	}
	count := st.Accent.Render(b.countText())
	top = append(top, fitLine(title+"  "+count, w))
	grouped := b.groups() > 1 || b.groups() == 1 && b.anyOf[0]
	for i, c := range b.conds {
		if g := b.group[i]; grouped && (i == 0 || g != b.group[i-1]) {
			if i > 0 {
				top = append(top, fitLine(st.Accent.Render("   "+map[bool]string{true: "or", false: "and"}[b.topAny]), w))
			}
			head := fmt.Sprintf("   group %d · %s", g+1, joinWord(b.anyOf[g])+" of:")
			if b.groups() == 1 {
				head = "   " + joinWord(b.anyOf[g]) + " of:"
			}
			top = append(top, fitLine(st.Muted.Render(head), w))
		}
		text := fmt.Sprintf("%d  %s", i+1, c.Describe())
		if b.mode != fbList && i == b.editing {
			text = fmt.Sprintf("%d  %s", i+1, b.draftWithInput().Describe()) + "  (editing)"
		}
		top = append(top, b.row(text, i))
	}
	for _, g := range b.kept {
		top = append(top, fitLine(st.Muted.Render("   and any of: "+g.Describe()), w))
	}
	if b.mode != fbList && b.editing < 0 && b.draft.Field != "" {
		top = append(top, fitLine(st.Accent.Render("   "+b.draftWithInput().Describe()+"  (new)"), w))
	}
	add := "+  add a condition (a)"
	if b.groups() > 1 {
		add = fmt.Sprintf("+  add a condition to group %d (a: to the group under the cursor)", b.cursorGroup()+1)
	}
	top = append(top, b.row(add, b.addRow()))
	top = append(top, b.row("+  add a group of conditions (A)", b.addGroupRow()))
	// The apply line says what enter would show now, the value being
	// typed included, and never a count of an earlier text.
	apply := "✓  apply: show all contacts"
	switch {
	case b.preview().IsEmpty():
	case b.counting || b.countErr != nil:
		apply = "✓  apply: show the matching contacts (counting…)"
	default:
		apply = "✓  apply: show the " + countOf(b.count, "matching contact")
	}
	top = append(top, b.row(apply, b.applyRow()))
	where := b.preview().String()
	if where == "" {
		where = "(empty: all contacts)"
	}
	top = append(top, b.whereLines(where)...)
	if b.countErr != nil {
		top = append(top, fitLine(st.Error.Render("✗ "+b.countErr.Error()), w))
	}
	if b.err != "" {
		top = append(top, fitLine(st.Error.Render("✗ "+b.err), w))
	}
	top = append(top, st.Faint.Render(strings.Repeat("─", w)))
	rest := max(h-len(top), 0)
	return padLines(strings.Join(append(top, b.stepView(rest)...), "\n"), w, h)
}

// row draws one selectable line of the list.
func (b *filterBuilder) row(text string, i int) string {
	w := b.sh.width
	if b.mode == fbList && i == b.cursor {
		return b.sh.styles.CursorRow.Render(fitLine("> "+text, w))
	}
	return fitLine("  "+text, w)
}

// stepView draws the current step in n lines.
func (b *filterBuilder) stepView(n int) []string {
	st := &b.sh.styles
	w := b.sh.width
	var out []string
	switch b.mode {
	case fbList:
		out = append(out, hint(st.Muted, "o joins the group under the cursor by all of (and) or any of (or) · A adds a group · O joins the groups by all of or any of · the values of one condition are joined by or", w)...)
	case fbField:
		out = append(out, inputView(b.input))
		out = append(out, b.list(b.options, n-1, func(f string) string {
			if l := columnLabel(f); l != f {
				return l + st.Faint.Render("  "+f)
			}
			return f
		}, nil)...)
	case fbOp:
		out = append(out, st.Muted.Render(columnLabel(b.draft.Field)+": pick how to compare"))
		out = append(out, b.list(b.options, n-1, func(o string) string {
			return fmt.Sprintf("%-12s %s", o, st.Faint.Render(opWords[filter.Op(o)]))
		}, nil)...)
	case fbValues:
		out = append(out, st.Muted.Render(columnLabel(b.draft.Field)+" "+string(b.draft.Op)+" "+strings.Join(b.draft.Values, " or ")))
		out = append(out, inputView(b.input))
		out = append(out, hint(st.Faint, "+ adds another value (or) · tab completes · enter finishes · ctrl+w drops the last", w)...)
		if sugs := b.input.MatchedSuggestions(); len(sugs) > 0 && b.input.Value() != "" {
			cur := b.input.CurrentSuggestionIndex()
			for i, s := range sugs[:min(len(sugs), max(n-3, 0))] {
				if i == cur {
					out = append(out, st.Accent.Render("› "+s))
				} else {
					out = append(out, "  "+s)
				}
			}
		}
	case fbChecklist:
		out = append(out, hint(st.Muted, columnLabel(b.draft.Field)+" "+string(b.draft.Op)+": check values with space, enter when done", w)...)
		if len(b.options) == 0 {
			out = append(out, st.Faint.Render("loading values…"))
		}
		out = append(out, b.list(b.options, n-1, func(o string) string { return o }, b.checked)...)
	case fbSaveName:
		out = append(out, hint(st.Muted, "Save "+clipBytes(b.filter().String(), 4*w)+" as a segment", w)...)
		out = append(out, inputView(b.input))
	case fbRenameSegment:
		out = append(out, st.Muted.Render("Rename the segment (its filter stays)"))
		out = append(out, b.input.View())
	case fbDeleteSegment:
		out = append(out, hint(st.Warn, "Delete the segment "+b.segments[b.optCur].Name+"? y deletes it · n or esc keeps it", w)...)
	case fbSegments:
		out = append(out, hint(st.Muted, "Saved segments: enter loads one · r renames · d deletes", w)...)
		out = append(out, b.list(b.options, n-1, func(name string) string {
			for _, s := range b.segments {
				if s.Name == name {
					return name + st.Faint.Render("  "+s.Expr)
				}
			}
			return name
		}, nil)...)
	}
	for i := range out {
		out[i] = fitLine(out[i], w)
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// list draws options in n lines around the cursor, with checkboxes when
// checked is given.
func (b *filterBuilder) list(opts []string, n int, label func(string) string, checked map[string]bool) []string {
	if n <= 0 {
		return nil
	}
	top := 0
	if b.optCur >= n {
		top = b.optCur - n + 1
	}
	var out []string
	for i := top; i < len(opts) && i < top+n; i++ {
		text := label(opts[i])
		if checked != nil {
			box := "[ ] "
			if checked[opts[i]] {
				box = "[x] "
			}
			text = box + text
		}
		if i == b.optCur {
			out = append(out, b.sh.styles.CursorRow.Render(fitLine("> "+text, b.sh.width)))
		} else {
			out = append(out, "  "+text)
		}
	}
	if len(opts) == 0 && checked == nil {
		out = append(out, b.sh.styles.Faint.Render("  nothing matches"))
	}
	return out
}

// whereLines is the --where text of what is built, wrapped so it can be
// read and copied whole; a very long one (a condition on thousands of
// IDs) is cut after a quarter of the body, saying how long it is.
func (b *filterBuilder) whereLines(where string) []string {
	st := &b.sh.styles
	w := b.sh.width
	const label = "--where  "
	n := max(b.sh.bodyH/4, 2)
	text := clipBytes(where, n*w*4)
	lines := splitLines(ansi.Wrap(text, max(w-len(label), 10), " "))
	if len(lines) > n || len(text) < len(where) {
		lines = lines[:min(n, len(lines))]
		more := fmt.Sprintf(" … (%d characters)", utf8.RuneCountInString(where))
		last := len(lines) - 1
		lines[last] = ansi.Truncate(lines[last], max(w-len(label)-ansi.StringWidth(more), 10), "") + more
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		head := strings.Repeat(" ", len(label))
		if i == 0 {
			head = st.Muted.Render(label)
		}
		out[i] = fitLine(head+l, w)
	}
	return out
}

// hint is a line of help or a question, wrapped to the width in style.
func hint(style lipgloss.Style, text string, w int) []string {
	lines := splitLines(wrapText(text, w))
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

// joinWord says how conditions or groups are joined.
func joinWord(anyOf bool) string {
	if anyOf {
		return "any"
	}
	return "all"
}

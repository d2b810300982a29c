package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"rolo/dedupe"
)

// View draws the list, the cluster side by side, or a question over it.
func (s *dupesScreen) View() string {
	w, h := s.sh.width, s.sh.bodyH
	if w <= 0 || h <= 0 {
		return ""
	}
	switch {
	case s.confirm != dcNone && s.cmp != nil:
		return s.confirmView()
	case s.cmp != nil:
		return s.compareView()
	}
	return s.listView()
}

func (s *dupesScreen) listView() string {
	st := &s.sh.styles
	w, h := s.sh.width, s.sh.bodyH
	list, done := s.found[s.kind]
	var lines []string
	head := "Key: " + kindWords(s.kind) + " (f changes it)"
	switch {
	case !done && s.finding != notFinding:
		p := s.progress
		pct := ""
		if p.Total > 0 {
			pct = fmt.Sprintf(" %d%%", p.Done*100/p.Total)
		}
		lines = append(lines, fitLine(st.Muted.Render(head), w), "", st.Warn.Render("finding duplicates"+pct+"…"),
			st.Muted.Render("reading every contact, then comparing the likely pairs (x in the progress dialog cancels)"))
		return padLines(strings.Join(lines, "\n"), w, h)
	case !done:
		lines = append(lines, fitLine(st.Muted.Render(head), w), "", st.Muted.Render("not searched yet: r finds them"))
		return padLines(strings.Join(lines, "\n"), w, h)
	}
	count := fmt.Sprintf("%s clusters", groupDigits(len(list)))
	if len(list) == 1 {
		count = "1 cluster"
	}
	if s.contacts > 0 {
		count += " among " + groupDigits(s.contacts) + " contacts"
	}
	lines = append(lines, fitLine(st.Accent.Render(count)+st.Faint.Render(" · ")+st.Muted.Render(head), w))
	if len(list) == 0 {
		lines = append(lines, "", "No duplicates found by "+kindWords(s.kind)+".",
			st.Muted.Render("Pairs marked \"not a duplicate\" are never proposed again."))
		return padLines(strings.Join(lines, "\n"), w, h)
	}
	nameW := max(min((w-14)*2/5, 40), 12)
	var hb strings.Builder
	hb.WriteString("  ")
	cell(&hb, "SCORE", 5, false)
	hb.WriteString("  ")
	cell(&hb, "N", 3, true)
	hb.WriteString("  ")
	cell(&hb, "CONTACTS", nameW, false)
	hb.WriteString("  WHY")
	lines = append(lines, st.ColHeader.Render(fitLine(hb.String(), w)))
	rows := s.listRows()
	for i := s.top; i < len(list) && i < s.top+rows; i++ {
		c := list[i]
		var b strings.Builder
		if i == s.cursor {
			b.WriteString("> ")
		} else {
			b.WriteString("  ")
		}
		cell(&b, fmt.Sprintf("%.2f", c.Score), 5, false)
		b.WriteString("  ")
		cell(&b, fmt.Sprint(len(c.IDs)), 3, true)
		b.WriteString("  ")
		cell(&b, s.memberNames(c), nameW, false)
		b.WriteString("  ")
		b.WriteString(cleanCell(clusterWords(c)))
		line := fitLine(b.String(), w)
		if i == s.cursor {
			line = st.CursorRow.Render(line)
		} else {
			line = st.Row.Render(line)
		}
		lines = append(lines, line)
	}
	if more := s.detail(); len(more) > 0 {
		for len(lines) < h-len(more) {
			lines = append(lines, "")
		}
		lines = append(lines, more...)
	}
	return padLines(strings.Join(lines, "\n"), w, h)
}

// detail is the cursor's cluster whole, wrapped under the list, when its
// row cuts the names or the reasons: every contact and every link.
func (s *dupesScreen) detail() []string {
	list := s.current()
	w := s.sh.width
	if s.cursor < 0 || s.cursor >= len(list) || w < 20 {
		return nil
	}
	c := list[s.cursor]
	names, why := s.memberNames(c), clusterWords(c)
	nameW := max(min((w-14)*2/5, 40), 12)
	if ansi.StringWidth(names) <= nameW && 16+nameW+ansi.StringWidth(why) <= w {
		return nil
	}
	reasons := make([]string, len(c.Pairs))
	for i, p := range c.Pairs {
		reasons[i] = p.Reason
	}
	text := cleanCell(names) + " · why: " + cleanCell(strings.Join(reasons, "; "))
	out := splitLines(wrapText(text, w-2))
	if n := max(s.sh.bodyH/3, 2); len(out) > n {
		out = out[:n]
		out[n-1] = ansi.Truncate(out[n-1], w-3, "") + ellipsis
	}
	st := &s.sh.styles
	for i, l := range out {
		out[i] = st.Muted.Render("  " + l)
	}
	return append([]string{st.Faint.Render(strings.Repeat("─", w))}, out...)
}

// compareView draws the cluster side by side.
func (s *dupesScreen) compareView() string {
	st := &s.sh.styles
	d := s.cmp
	w, h := s.sh.width, s.sh.bodyH
	var lines []string
	pos := ""
	if i := s.indexOf(d.cluster); i >= 0 {
		pos = fmt.Sprintf("Cluster %d of %d · ", i+1, len(s.current()))
	}
	lines = append(lines, fitLine(st.Title.Render(fmt.Sprintf("%sscore %.2f", pos, d.cluster.Score))+"  "+st.Muted.Render(clusterWords(d.cluster)), w))
	if !d.loaded {
		lines = append(lines, st.Muted.Render("reading the contacts…"))
		return padLines(strings.Join(lines, "\n"), w, h)
	}
	colW := max((w-cmpLabelW-1)/d.fit, 8)
	last := min(d.first+d.fit, len(d.cs))
	// Column heads: the contact's ID and name.
	var hb strings.Builder
	hb.WriteString(strings.Repeat(" ", cmpLabelW+1))
	for i := d.first; i < last; i++ {
		c := d.cs[i]
		head := fmt.Sprintf("#%d %s", c.ID, displayName(c))
		cell(&hb, head, colW-1, false)
		hb.WriteByte(' ')
	}
	lines = append(lines, st.ColHeader.Render(fitLine(hb.String(), w)))
	n := d.bodyRows()
	for i := d.top; i < len(d.rows) && i < d.top+n; i++ {
		lines = append(lines, s.compareRow(i, colW, d.first, last))
	}
	for len(lines) < h-2 {
		lines = append(lines, "")
	}
	foot := fmt.Sprintf("contacts %d–%d of %d", d.first+1, last, len(d.cs))
	if len(d.cs) > d.fit {
		foot += " ([ ] show the others)"
	}
	foot += " · ≠ values differ · ● the merged contact keeps it"
	if !d.showAll {
		foot += " · a: every field"
	}
	lines = append(lines[:min(len(lines), h-2)], fitLine(st.Faint.Render(foot), w))
	note := ""
	switch {
	case d.note != "":
		note = st.Warn.Render(d.note)
	case s.canWrite:
		note = st.Muted.Render("m merges · n marks them as different people")
	default:
		note = st.Muted.Render("read-only: compare only")
	}
	lines = append(lines, fitLine(note, w))
	return padLines(strings.Join(lines, "\n"), w, h)
}

// compareRow draws row i: its label (marked when values differ) and one
// cell per contact shown, the picked one marked.
func (s *dupesScreen) compareRow(i, colW, from, last int) string {
	st := &s.sh.styles
	d := s.cmp
	r := d.rows[i]
	cursor := i == d.row
	mark := "  "
	if cursor {
		mark = "> "
	}
	diff := r.key != "" && r.key != survivorKey && d.differ[r.key]
	label := r.label
	if r.union {
		label += " (all)"
	}
	var b strings.Builder
	b.WriteString(mark)
	cell(&b, label, cmpLabelW-3, false)
	if diff {
		b.WriteString("≠ ")
	} else {
		b.WriteString("  ")
	}
	picked := d.picked(r)
	for j := from; j < last; j++ {
		v := r.values[j]
		switch {
		case r.key == "":
		case j == picked:
			v = "● " + v
		default:
			v = "○ " + v
		}
		cell(&b, v, colW-1, false)
		b.WriteByte(' ')
	}
	line := fitLine(b.String(), s.sh.width)
	switch {
	case cursor:
		return st.CursorRow.Render(line)
	case diff:
		return st.Warn.Render(line)
	case r.key == "":
		return st.Muted.Render(line)
	}
	return st.Row.Render(line)
}

func (s *dupesScreen) indexOf(c dedupe.Cluster) int {
	for i, x := range s.current() {
		if len(x.IDs) > 0 && len(c.IDs) > 0 && x.IDs[0] == c.IDs[0] {
			return i
		}
	}
	return -1
}

// confirmView asks before a merge or a "not a duplicate".
func (s *dupesScreen) confirmView() string {
	st := &s.sh.styles
	d := s.cmp
	w := min(72, s.sh.width-2)
	inner := w - 4
	var surv string
	for _, c := range d.cs {
		if c.ID == d.survivor {
			surv = fmt.Sprintf("#%d %s", c.ID, displayName(c))
		}
	}
	yn := st.Accent.Render("y") + " confirms · " + st.Accent.Render("n") + " or esc goes back"
	var lines []string
	title := "Merge"
	switch s.confirm {
	case dcMerge:
		lines = append(lines,
			st.Warn.Render(wrapText(fmt.Sprintf("Merge %d contacts into %s?", len(d.cs), surv), inner)), "",
			wrapText("Each field takes the value picked (●); e-mails, phones, groups, tags and consents are kept together (the latest of each consent wins). The other contacts are deleted; their histories are kept under "+surv+" with a merge event.", inner),
			"", yn)
	case dcNotDup:
		title = "Not a duplicate"
		var names []string
		for _, c := range d.cs {
			names = append(names, fmt.Sprintf("#%d %s", c.ID, displayName(c)))
		}
		lines = append(lines,
			wrapText("Mark "+strings.Join(names, ", ")+" as different people?", inner), "",
			wrapText("They are never proposed as duplicates of each other again (u in the list undoes it).", inner),
			"", yn)
	}
	return dialog(s.sh, title, strings.Join(lines, "\n"), w)
}

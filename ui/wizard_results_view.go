package ui

import (
	"fmt"
	"rolo/contact"
	"strings"
	"time"
)

// resultsView draws the outcome, the counts, the list shown and the
// action in progress.
func (w *importWizard) resultsView(h int) string {
	st := &w.sh.styles
	r := &w.res
	rep := r.rep
	var head string
	switch {
	case rep.DryRun:
		head = st.Title.Render("Dry run of "+rep.File) + st.Muted.Render(": nothing was written; this is what the import would do")
	case rep.Status == contact.JobCancelled:
		head = st.Warn.Render(fmt.Sprintf("Import job %d was cancelled after %s rows", rep.Job, groupDigits(rep.Rows))) +
			st.Muted.Render(" (all of them written; r in the imports list, I, goes on with it)")
	case rep.Status == contact.JobFailed:
		head = st.Error.Render(fmt.Sprintf("Import job %d failed after %s rows: %s", rep.Job, groupDigits(rep.Rows), rep.Error))
	case rep.Status == contact.JobRunning:
		head = st.Warn.Render(fmt.Sprintf("Import job %d (%s) is running, or was interrupted", rep.Job, rep.File)) +
			st.Muted.Render(fmt.Sprintf(" (go on with rolo import --resume %d)", rep.Job))
	case rep.Status == contact.JobUndone:
		head = st.Warn.Render(fmt.Sprintf("Import job %d (%s) was undone", rep.Job, rep.File))
	default:
		head = st.Title.Render(fmt.Sprintf("Import job %d: %s", rep.Job, rep.File))
		if rep.Elapsed >= time.Second { // shorter is "at once", and keeps test frames still
			head += st.Muted.Render(" · done in " + rep.Elapsed.Round(100*time.Millisecond).String())
		}
	}
	counts := []struct {
		label string
		n     int
	}{{"rows", rep.Rows}, {"created", rep.Created}, {"updated", rep.Updated}, {"unchanged", rep.Unchanged},
		{"merged", rep.Merged}, {"rejected", len(rep.Rejected)}, {"suppressed", len(rep.Suppressed)}, {"warnings", len(rep.Warnings)},
		{"identity conflicts", rep.IdentityConflicts}}
	var cs []string
	for _, c := range counts {
		if c.n == 0 && (c.label == "merged" || c.label == "suppressed" || c.label == "identity conflicts") {
			continue
		}
		s := c.label + " " + groupDigits(c.n)
		switch {
		case c.label == "created" && c.n > 0:
			s = st.OK.Render(s)
		case (c.label == "rejected" || c.label == "identity conflicts") && c.n > 0:
			s = st.Danger.Render(s)
		}
		cs = append(cs, s)
	}
	lines := append(splitLines(wrapBlock(head, w.sh.width)), strings.Join(cs, st.Faint.Render(" · ")))
	var news []string
	for _, l := range []struct {
		label string
		list  []string
	}{{"new consents", rep.NewConsents}, {"new groups", rep.NewGroups}, {"new custom fields", rep.NewFields}} {
		if len(l.list) > 0 {
			news = append(news, l.label+": "+strings.Join(l.list, ", "))
		}
	}
	if len(news) > 0 {
		lines = append(lines, st.Muted.Render(strings.Join(news, " · ")))
	}
	for _, sk := range rep.Skipped {
		lines = append(lines, st.Muted.Render("skipped "+sk))
	}
	var foot []string
	switch {
	case r.confirm:
		foot = append(foot, splitLines(wrapBlock(st.Warn.Render(undoQuestion(rep.Job, "", rep.Created, rep.Updated))+
			"  "+st.Accent.Render("y")+" yes · "+st.Accent.Render("n")+" no", w.sh.width))...)
	case r.undoing:
		foot = append(foot, st.Warn.Render(fmt.Sprintf("undoing import job %d…", rep.Job)))
	case r.undone != "":
		foot = append(foot, st.OK.Render(capitalize(r.undone)))
	}
	if r.fixRunning {
		foot = append(foot, st.Warn.Render("importing the fixed rows…"))
	} else if r.fixNote != "" {
		foot = append(foot, st.OK.Render(r.fixNote))
	}
	if n := len(r.fixed); n > 0 && !r.fixRunning {
		foot = append(foot, st.Accent.Render(fmt.Sprintf("%s fixed: r imports them", countOf(n, "row"))))
	}
	if w.inputFor == inSaveRejects {
		bom := "no"
		if r.bom {
			bom = "yes"
		}
		foot = append(foot, inputView(w.input),
			st.Faint.Render("byte-order mark for Excel: "+bom+" · tab changes · formulas get a ' in front"))
	}
	lines = append(lines, "")
	avail := max(h-len(lines)-len(foot), 2)
	if r.fixing && r.fixRow < len(rep.Rejected) {
		lines = append(lines, w.fixView(avail)...)
	} else {
		lines = append(lines, w.resultList(avail)...)
	}
	for len(lines) < h-len(foot) {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, foot...), "\n")
}

// resultList draws the list tabs, the rows of the list shown and the
// cursor row's cells.
func (w *importWizard) resultList(h int) []string {
	st := &w.sh.styles
	r := &w.res
	var tabs []string
	for l, name := range resultLists {
		n := w.listLen(l)
		if n == 0 && l != r.list {
			continue
		}
		t := fmt.Sprintf("%s %s", name, groupDigits(n))
		if l == r.list {
			t = st.Accent.Render("[" + t + "]")
		} else {
			t = st.Muted.Render(t)
		}
		tabs = append(tabs, t)
	}
	reason := "every reason"
	if r.reason != "" {
		reason = r.reason
	}
	lines := []string{strings.Join(tabs, "  ") + st.Faint.Render("   showing: "+strings.ReplaceAll(reason, "_", " "))}
	items := w.items()
	if len(items) == 0 {
		msg := "nothing here: every row was imported"
		if r.list == rlWarnings {
			msg = "no warnings"
		}
		return append(lines, st.Faint.Render("  "+msg))
	}
	rows := max(h-3, 1)
	if r.cursor < r.top {
		r.top = r.cursor
	}
	if r.cursor >= r.top+rows {
		r.top = r.cursor - rows + 1
	}
	reasonW := min(max(w.sh.width*2/5, 20), 60)
	if r.list == rlWarnings { // no cells: the message takes the width
		reasonW = max(w.sh.width-2-16-2, 20)
	}
	var hb strings.Builder
	cell(&hb, "Row", 6, true)
	hb.WriteString("  ")
	cell(&hb, "Line", 6, true)
	hb.WriteString("  ")
	cell(&hb, "Reason", reasonW, false)
	hb.WriteString("  ")
	if r.list != rlWarnings {
		hb.WriteString("Row as read")
	}
	lines = append(lines, st.ColHeader.Render(fitLine("  "+hb.String(), w.sh.width)))
	for i := r.top; i < len(items) && i < r.top+rows; i++ {
		it := w.item(items[i])
		var b strings.Builder
		cell(&b, fmt.Sprint(it.row), 6, true)
		b.WriteString("  ")
		cell(&b, fmt.Sprint(it.line), 6, true)
		b.WriteString("  ")
		cell(&b, it.reason, reasonW, false)
		b.WriteString("  ")
		b.WriteString(cleanCell(visibleCell(joinCells(it.cells))))
		mark := "  "
		if _, ok := r.fixed[it.idx]; ok && r.list == rlRejected {
			mark = "✎ "
		}
		if i == r.cursor {
			lines = append(lines, st.CursorRow.Render(fitLine("> "+b.String(), w.sh.width)))
		} else {
			lines = append(lines, mark+b.String())
		}
	}
	if r.cursor < len(items) {
		it := w.item(items[r.cursor])
		var parts []string
		for j, v := range it.cells {
			name := fmt.Sprintf("%d", j+1)
			if j < len(it.cols) {
				name = it.cols[j]
			}
			parts = append(parts, name+"="+v)
		}
		detail := it.reason
		if len(parts) > 0 {
			detail = strings.Join(parts, " · ")
		}
		lines = append(lines, st.Muted.Render(cleanCell(detail)))
	}
	return lines
}

// joinCells writes a row's cells on one line, an empty cell as a dash.
func joinCells(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if out[i] = strings.TrimSpace(c); out[i] == "" {
			out[i] = "–"
		}
	}
	return strings.Join(out, " · ")
}

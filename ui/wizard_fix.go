package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/importer"
)

// Fixing rejected rows in place: a rejected row's cells under their
// columns, each editable; the fixed rows are imported as a new job with the
// import's own mapping and options, and the list keeps only what is still
// rejected (with its new reason).

// fixCells are the cells of rep.Rejected[i] as fixed so far, one per
// column.
func (w *importWizard) fixCells(i int) ([]string, []string) {
	r := &w.res
	rej := r.rep.Rejected[i]
	cols := r.rep.Columns(rej)
	cells, ok := r.fixed[i]
	if !ok {
		cells = slices.Clone(rej.Cells())
	}
	for len(cells) < len(cols) {
		cells = append(cells, "")
	}
	return cols, cells
}

// fixKey handles the fix view's keys.
func (w *importWizard) fixKey(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	r := &w.res
	cols, cells := w.fixCells(r.fixRow)
	if c, ok := k.move(msg, r.fixCol, len(cells), w.sh.bodyH-8); ok {
		r.fixCol = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Choose):
		if r.fixCol < len(cells) {
			name := fmt.Sprintf("column %d", r.fixCol+1)
			if r.fixCol < len(cols) {
				name = cols[r.fixCol]
			}
			return w.startTyping(inCell, name+": ", cells[r.fixCol], "")
		}
	case key.Matches(msg, k.ImportFixed):
		return w.importFixed()
	}
	return nil
}

// cellEntered keeps a fixed cell; a row whose cells are back as read is
// no longer fixed.
func (w *importWizard) cellEntered(v string) tea.Cmd {
	r := &w.res
	_, cells := w.fixCells(r.fixRow)
	if r.fixCol < len(cells) {
		cells[r.fixCol] = v
	}
	// A short row padded with empty cells counts as fixed: it is no longer
	// ragged.
	if slices.Equal(cells, r.rep.Rejected[r.fixRow].Cells()) {
		delete(r.fixed, r.fixRow)
	} else {
		r.fixed[r.fixRow] = cells
	}
	w.stopTyping()
	return nil
}

// importFixed imports the fixed rows as a new job, with the import's
// mapping and options.
func (w *importWizard) importFixed() tea.Cmd {
	r := &w.res
	if len(r.fixed) == 0 || r.fixRunning {
		return nil
	}
	if !w.canFix() {
		w.err = "rows of an archive's files are fixed in the rejects file: save it, fix it, import it"
		return nil
	}
	idx := make([]int, 0, len(r.fixed))
	for i := range r.fixed {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	cols := r.rep.Columns(r.rep.Rejected[idx[0]])
	rows := make([][]string, len(idx))
	for n, i := range idx {
		cells := r.fixed[i]
		if len(cells) > len(cols) && strings.Join(cells[len(cols):], "") == "" {
			cells = cells[:len(cols)] // empty cells past the header: no longer ragged
		}
		rows[n] = cells
	}
	src := importer.NewSource(r.rep.File+" (fixed rows)", cols, rows)
	opt := r.opt
	opt.Mappings = []importer.Mapping{{Columns: slices.Clone(r.opt.Mappings[0].Columns)}}
	opt.Map, opt.Remembered, opt.File, opt.Resume, opt.Read = nil, nil, nil, 0, importer.ReadOptions{}
	opt.Now = w.sh.now
	r.fixSent, r.fixRunning, r.fixing = idx, true, false
	w.err = ""
	return w.runImport(src, opt, true, fmt.Sprintf("importing %s", countOf(len(idx), "fixed row")))
}

// fixDone keeps in the list only the fixed rows still rejected, with their
// new reasons, and says what the import of the fixed rows did.
func (w *importWizard) fixDone(msg importDoneMsg) tea.Cmd {
	r := &w.res
	r.fixRunning = false
	if msg.startErr != nil {
		w.err = "the fixed rows were not imported: " + msg.startErr.Error()
		return nil
	}
	if msg.rep == nil {
		w.err = fmt.Sprintf("importing the fixed rows: %v", msg.err)
		return nil
	}
	again := map[int]importer.Rejected{}
	for _, x := range msg.rep.Rejected {
		again[x.Row-1] = x
	}
	for _, x := range msg.rep.Suppressed {
		again[x.Row-1] = x
	}
	pos := map[int]int{}
	for p, i := range r.fixSent {
		pos[i] = p
	}
	var keep []importer.Rejected
	for i, x := range r.rep.Rejected {
		p, sent := pos[i]
		if !sent {
			keep = append(keep, x)
			continue
		}
		if y, ok := again[p]; ok {
			y.Row, y.Line, y.File = x.Row, x.Line, x.File
			keep = append(keep, y)
		}
	}
	r.rep.Rejected = keep
	r.gen++
	r.fixed, r.fixSent = map[int][]string{}, nil
	r.cursor, r.top = 0, 0
	fr := msg.rep
	what := fmt.Sprintf("import job %d", fr.Job)
	if fr.DryRun {
		what = "a dry run"
	}
	r.fixNote = fmt.Sprintf("Fixed rows (%s): %s created, %s updated, %s unchanged, %s still rejected", what,
		groupDigits(fr.Created), groupDigits(fr.Updated+fr.Merged), groupDigits(fr.Unchanged), groupDigits(len(fr.Rejected)+len(fr.Suppressed)))
	if msg.err != nil {
		w.err = msg.err.Error()
	}
	return nil
}

// fixView draws one rejected row's cells for fixing.
func (w *importWizard) fixView(h int) []string {
	st := &w.sh.styles
	r := &w.res
	rej := r.rep.Rejected[r.fixRow]
	cols, cells := w.fixCells(r.fixRow)
	lines := []string{
		st.Title.Render(fmt.Sprintf("Fix row %d (line %d)", rej.Row, rej.Line)) + "  " + st.Danger.Render(rej.Reason),
		st.Muted.Render("enter edits a cell · r imports the fixed rows with this import's mapping and options · esc back"),
	}
	nameW := 4
	for _, c := range cols {
		nameW = max(nameW, min(lipglossWidth(c), 24))
	}
	rows := max(h-len(lines), 1)
	top := max(0, r.fixCol-rows+1)
	orig := rej.Cells()
	for i := top; i < len(cells) && i < top+rows; i++ {
		name := fmt.Sprintf("column %d", i+1)
		if i < len(cols) {
			name = cols[i]
		}
		var b strings.Builder
		cell(&b, name, nameW, false)
		b.WriteString("  ")
		v := cells[i]
		if w.inputFor == inCell && i == r.fixCol {
			v = inputView(w.input)
		}
		changed := i >= len(orig) || cells[i] != orig[i]
		switch {
		case i == r.fixCol && w.inputFor != inCell:
			was := ""
			if changed {
				was = "  (was " + cellOrEmpty(orig, i) + ")"
			}
			lines = append(lines, st.CursorRow.Render(fitLine("> "+b.String()+visibleCell(v)+was, w.sh.width)))
		case changed:
			lines = append(lines, "  "+b.String()+st.OK.Render(visibleCell(v))+st.Faint.Render("  (was "+cellOrEmpty(orig, i)+")"))
		default:
			lines = append(lines, "  "+b.String()+v)
		}
	}
	return lines
}

func cellOrEmpty(cells []string, i int) string {
	if i < len(cells) && cells[i] != "" {
		return visibleCell(cells[i])
	}
	return "empty"
}

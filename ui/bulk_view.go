package ui

import (
	"fmt"
	"strings"

	"rolo/export"
)

// View draws the current step in a frame headed by the selection's size.
func (d *bulkDialog) View() string {
	st := &d.sh.styles
	w := min(72, d.sh.width-2)
	inner := w - 4
	rows := d.listRows()
	var lines []string
	lines = append(lines, st.Muted.Render(countOf(len(d.ids), "selected contact")), "")
	switch d.step {
	case bkMenu:
		for i, a := range d.actions {
			text := a.label
			if a.off != "" {
				text = st.Faint.Render(text + "  (read-only)")
			}
			lines = append(lines, d.item(text, i == d.cursor, inner))
		}
	case bkField, bkName, bkValue:
		lines = append(lines, inputView(d.input))
		if d.step != bkValue {
			lines = append(lines, d.list(rows, inner, false)...)
		}
	case bkChecklist:
		lines = append(lines, st.Muted.Render("check with space, enter when done"))
		lines = append(lines, d.list(rows, inner, true)...)
	case bkYesNo:
		lines = append(lines, fmt.Sprintf("Consent %s: y sets yes (given), n sets no (refused)", strings.Join(d.op.names, ", ")))
	case bkFormat:
		lines = append(lines, st.Muted.Render("Export as:"))
		for i, f := range d.options {
			lines = append(lines, d.item(exportFormatLabels[export.Format(f)], i == d.optCur, inner))
		}
	case bkColumns:
		lines = append(lines, st.Muted.Render("Columns:"))
		labels := map[string]string{
			"table": fmt.Sprintf("the table's columns (%d): %s", len(d.tableCols), strings.Join(d.tableCols, ", ")),
			"every": "every field: the file imports back into rolo whole",
		}
		for i, o := range d.options {
			lines = append(lines, d.item(labels[o], i == d.optCur, inner))
		}
	case bkPath:
		lines = append(lines, st.Muted.Render("File name (in the current folder unless a path is given):"), inputView(d.input))
	case bkReason:
		lines = append(lines,
			st.Danger.Render(fmt.Sprintf("Erase the personal data of %s contacts.", groupDigits(len(d.ids)))),
			"Every field, group, tag, consent and the values in their history go;",
			"a tombstone and suppression hashes stay, so an import never brings them back.",
			"", inputView(d.input))
	case bkTypeErase:
		lines = append(lines,
			st.Danger.Render(fmt.Sprintf("Erase %s contacts? This cannot be undone.", groupDigits(len(d.ids)))),
			"", inputView(d.input))
	case bkConfirm:
		if d.op.kind == bulkExport {
			lines = append(lines, d.exportQuestion()...)
			lines = append(lines, "", st.Accent.Render("y")+" or enter confirms · "+st.Accent.Render("n")+" or esc goes back")
			break
		}
		lines = append(lines,
			st.Warn.Render(d.op.question(len(d.ids))),
			"",
			"Each changed contact gets a history entry (source: bulk).",
		)
		if d.op.destructive() {
			lines = append(lines, "Values it replaces or removes stay in each contact's history.")
		}
		lines = append(lines, "", st.Accent.Render("y")+" or enter confirms · "+st.Accent.Render("n")+" or esc goes back")
	}
	if d.err != "" {
		lines = append(lines, "", st.Error.Render(wrapText("✗ "+d.err, inner)))
	}
	return dialog(d.sh, "Bulk actions", strings.Join(lines, "\n"), w)
}

func (d *bulkDialog) item(text string, cur bool, w int) string {
	if cur {
		return d.sh.styles.CursorRow.Render(fitLine("> "+text, w))
	}
	return "  " + text
}

// listRows is how many options a step lists at once.
func (d *bulkDialog) listRows() int { return max(d.sh.bodyH-8, 3) }

// list draws the options around the cursor.
func (d *bulkDialog) list(n, w int, checks bool) []string {
	if len(d.options) == 0 {
		if len(d.names) == 0 {
			return []string{d.sh.styles.Faint.Render("  loading…")}
		}
		return []string{d.sh.styles.Faint.Render("  nothing matches")}
	}
	top := 0
	if d.optCur >= n {
		top = d.optCur - n + 1
	}
	var out []string
	for i := top; i < len(d.options) && i < top+n; i++ {
		text := d.options[i]
		if l := columnLabel(text); l != text && d.step == bkField {
			text = l + d.sh.styles.Faint.Render("  "+text)
		}
		if checks {
			box := "[ ] "
			if d.checked[d.options[i]] {
				box = "[x] "
			}
			text = box + text
		}
		out = append(out, d.item(text, i == d.optCur, w))
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

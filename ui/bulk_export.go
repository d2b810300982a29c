package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/export"
	"rolo/filter"
	"rolo/private"
	"rolo/store"
)

// The export of a selection: a format, the columns (the table's, or every
// field so the file imports back whole), a file name; then a confirmation
// that says how many contacts and which columns, and a job that writes a
// temporary file and renames it into place, so a cancelled or failed
// export never leaves half a file under the chosen name.

// exportChoice is what the export steps chose.
type exportChoice struct {
	format  export.Format
	columns []string
	every   bool // every field (DefaultColumns) rather than the table's
	path    string
	exists  bool // the file is there and will be replaced
}

var exportFormatLabels = map[export.Format]string{
	export.CSV:   "CSV: spreadsheets, Excel (formula-like cells made safe)",
	export.XLSX:  "XLSX: Excel workbook",
	export.TXT:   "TXT: tab-separated",
	export.JSONL: "JSONL: one JSON object a line, every field",
	export.VCard: "vCard 4.0: address books and phones",
}

// Messages of the export steps.
type (
	exportFieldsMsg struct {
		Custom, Consents []string
		Err              error
	}
	exportCheckedMsg struct {
		Path   string
		Exists bool
		Err    error
	}
	// exportDoneMsg reports a finished export.
	exportDoneMsg struct {
		Path   string
		N      int
		Format export.Format
	}
)

// startExport opens the format step and reads the custom fields and
// consents that "every field" includes.
func (d *bulkDialog) startExport() tea.Cmd {
	d.options = d.options[:0]
	for _, f := range export.Formats {
		d.options = append(d.options, string(f))
	}
	d.optCur = 0
	d.setStep(bkFormat)
	st := d.sh.source()
	return func() tea.Msg {
		var msg exportFieldsMsg
		fs, err := st.CustomFields()
		if err != nil {
			return exportFieldsMsg{Err: err}
		}
		for _, f := range fs {
			msg.Custom = append(msg.Custom, f.Name)
		}
		cs, err := st.ConsentDefs()
		for _, c := range cs {
			msg.Consents = append(msg.Consents, c.Name)
		}
		msg.Err = err
		return msg
	}
}

// exportStep handles the keys of the format, columns and path steps.
func (d *bulkDialog) exportStep(choose bool) tea.Cmd {
	if !choose {
		return nil
	}
	switch d.step {
	case bkFormat:
		d.exp.format = export.Format(d.options[d.optCur])
		d.options = []string{"table", "every"}
		d.optCur = 0
		if d.exp.format == export.JSONL || d.exp.format == export.VCard {
			d.optCur = 1
		}
		d.setStep(bkColumns)
	case bkColumns:
		d.exp.every = d.options[d.optCur] == "every"
		d.exp.columns = d.tableCols
		if d.exp.every {
			d.exp.columns = export.DefaultColumns(d.exp.format, d.custom, d.consents)
		}
		d.input.Reset()
		d.input.Prompt = "file: "
		d.input.SetValue(fmt.Sprintf("rolo-export-%s.%s", d.sh.now().Format("20060102-1504"), d.exp.format))
		d.input.CursorEnd()
		d.setStep(bkPath)
	case bkPath:
		path := strings.TrimSpace(d.input.Value())
		if path == "" {
			d.err = "type a file name"
			return nil
		}
		if f, ok := export.FormatOf(path); ok && f != d.exp.format {
			d.err = fmt.Sprintf("the name ends in .%s but the format is %s", f, d.exp.format)
			return nil
		}
		return checkExportPath(path)
	}
	return nil
}

// checkExportPath resolves the file name and says whether it exists.
func checkExportPath(path string) tea.Cmd {
	return func() tea.Msg {
		abs, err := filepath.Abs(path)
		if err != nil {
			return exportCheckedMsg{Err: err}
		}
		if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
			return exportCheckedMsg{Err: fmt.Errorf("no folder %s to write into", filepath.Dir(abs))}
		}
		_, err = os.Stat(abs)
		return exportCheckedMsg{Path: abs, Exists: err == nil}
	}
}

// exportQuestion is the confirmation of an export: how many, which columns,
// where.
func (d *bulkDialog) exportQuestion() []string {
	cols := strings.Join(d.exp.columns, ", ")
	if d.exp.every {
		cols = fmt.Sprintf("every field (%d columns)", len(d.exp.columns))
	}
	lines := []string{
		fmt.Sprintf("Export %s contacts as %s to", groupDigits(len(d.ids)), strings.ToUpper(string(d.exp.format))),
		d.exp.path,
		"Columns: " + cols,
	}
	if d.exp.exists {
		lines = append(lines, "The file exists and will be replaced.")
	}
	return lines
}

// runExport is the job that writes the file.
func runExport(st contactSource, storePath string, ids []uint64, c exportChoice) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		tmp, err := private.Create(c.path, private.ForStore(storePath))
		if err != nil {
			return nil, err
		}
		w := bufio.NewWriterSize(tmp, 1<<16)
		opt := export.Options{Format: c.format, Columns: c.columns}
		n, err := export.Run(ctx, w, export.Select(ids, st.GetMany), nil, opt, func(done int) { report(done, len(ids)) })
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			tmp.Abort()
			if errors.Is(err, context.Canceled) {
				return nil, err
			}
			return nil, fmt.Errorf("writing %s: %w", c.path, err)
		}
		if err := tmp.Commit(); err != nil {
			return nil, err
		}
		return exportDoneMsg{Path: c.path, N: n, Format: c.format}, nil
	}
}

// Erasure: the personal data of every selected contact, after a reason (a
// request number; never personal data) and the word "erase" typed in full,
// since it cannot be undone.

// eraseDoneMsg reports a finished erasure.
type eraseDoneMsg struct {
	Res store.EraseResult
	IDs []uint64 // the contacts asked for: they leave the selection
}

// runErase is the job that erases and puts the tombstones into the index.
func runErase(st *store.Store, ix *filter.Index, ids []uint64, reason string) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		res, err := st.Erase(ctx, ids, store.EraseOptions{Reason: reason, Source: "bulk", Progress: report})
		for i := 0; i < len(ids); i += 512 {
			cs, gerr := st.GetMany(ids[i:min(i+512, len(ids))])
			if gerr != nil {
				return eraseDoneMsg{Res: res, IDs: ids}, errors.Join(err, gerr)
			}
			for _, c := range cs {
				if c != nil {
					ix.Upsert(c)
				}
			}
		}
		return eraseDoneMsg{Res: res, IDs: ids}, err
	}
}

func (r eraseDoneMsg) summary() string {
	s := "erased " + countOf(r.Res.Erased, "contact")
	if r.Res.Suppressed > 0 {
		s += fmt.Sprintf("; %s e-mails and phones are on the suppression list", groupDigits(r.Res.Suppressed))
	}
	if r.Res.AlreadyErased > 0 {
		s += fmt.Sprintf("; %s were erased already", groupDigits(r.Res.AlreadyErased))
	}
	if r.Res.Cancelled {
		s += " (cancelled: the rest were left as they were)"
	}
	return s
}

package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"rolo/book"
	"rolo/contact"
	"rolo/fileview"
	"rolo/store"
)

// A file opened read-only (rolo open FILE): the model's store is an empty
// throw-away store (cli/open.go makes it and removes it on exit); the
// interface reads the file into it as a job, one contact per row
// (fileview), and shows it with the same table, filters, column views and
// card as a real store, all read-only, next to the audit panel (audit.go),
// whose every count opens the rows it counts.

// fileState is the file being shown.
type fileState struct {
	opt   fileview.Options
	name  string
	job   int               // the loading job (0 once it ended)
	sum   *fileview.Summary // nil while loading
	err   error             // the file could not be read
	panel *auditPanel       // kept, so it keeps its place when opened again
}

// openFile puts the model in file mode.
func (m *Model) openFile(opt fileview.Options) {
	if opt.Now == nil {
		opt.Now = m.sh.now
	}
	if opt.Country == "" {
		opt.Country = m.sh.country.Value
	}
	m.file = &fileState{opt: opt, name: filepath.Base(opt.Path)}
	m.sh.readOnly = true
	m.table.keys.setReadOnly(true)
	m.table.keys.OnFile = true
	m.table.keys.Imports.SetEnabled(false)
	m.table.keys.Audit.SetEnabled(true)
	m.table.q.sortField = "id" // the file's order: a row's ID is its number
	m.file.panel = newAuditPanel(m.sh, m.file.name)
}

// fileTitle starts the header in file mode: the file's name.
func (m *Model) fileTitle() string {
	if m.file == nil {
		return ""
	}
	return m.sh.styles.Accent.Render(m.file.name) + m.sh.styles.Faint.Render(" · ")
}

// fileLoadedMsg ends the loading of the file.
type fileLoadedMsg struct {
	Sum *fileview.Summary
	Err error
}

// startFile shows the audit panel and reads the file in the background.
func (m *Model) startFile() tea.Cmd {
	m.started = true
	label := "reading " + m.file.name
	id, cmd := m.startJob(label, false, loadFileJob(m.sh.st, m.file.opt))
	m.file.job = id
	m.file.panel.job = id
	return tea.Batch(cmd, m.push(m.file.panel))
}

// loadFileJob reads the file into the throw-away store and chooses the
// table's columns: the file's own, then its problems.
func loadFileJob(st *store.Store, opt fileview.Options) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		sum, err := fileview.Load(ctx, st, opt, func(_ string, done, total int) { report(done, total) })
		if sum != nil {
			cols := append([]string{"id"}, sum.Columns...)
			cols = append(cols, "tags", contact.CustomPrefix+fileview.FieldProblems)
			err = errors.Join(err, st.SetPref(book.ColumnsKey, cols))
		}
		if errors.Is(err, context.Canceled) {
			err = nil // what was read is shown; the panel says it was cancelled
		}
		return fileLoadedMsg{Sum: sum, Err: err}, nil
	}
}

// fileLoaded shows what was read.
func (m *Model) fileLoaded(msg fileLoadedMsg) tea.Cmd {
	f := m.file
	f.job, f.sum, f.err = 0, msg.Sum, msg.Err
	cmds := []tea.Cmd{m.broadcast(msg)}
	if msg.Err != nil {
		cmds = append(cmds, statusErr(fmt.Errorf("reading %s: %w", f.name, msg.Err)))
	}
	if msg.Sum != nil {
		cmds = append(cmds, loadStart(m.sh.st, startPage))
		if msg.Sum.Cancelled {
			cmds = append(cmds, status(fmt.Sprintf("reading %s cancelled: the %s rows read so far are shown", f.name, groupDigits(msg.Sum.Rows))))
		}
	}
	return tea.Batch(cmds...)
}

// indexReady hands the built index to the audit panel (for the values of
// each column).
func (m *Model) indexReady() tea.Cmd {
	if m.file == nil || m.ix == nil {
		return nil
	}
	return m.file.panel.setIndex(m.ix)
}

// showAudit opens the audit panel again.
func (m *Model) showAudit() tea.Cmd {
	if m.file == nil {
		return nil
	}
	for _, s := range m.stack {
		if s == screen(m.file.panel) {
			return nil
		}
	}
	return m.push(m.file.panel)
}

package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/fileview"
	"rolo/filter"
	"rolo/importer"
)

// A file opened read-only (rolo open FILE): there is no store. The
// interface reads the file into memory as a job (fileview: every row a
// contact in a filter.Index, its record kept to be read again for the
// card), shows the rows as they are read, and once the whole file is read
// the same table, filters, column views and card as a real store, all
// read-only, next to the audit panel (audit.go), whose every count opens
// the rows it counts.

// fileState is the file being shown.
type fileState struct {
	opt   fileview.Options
	f     *fileview.File
	name  string
	job   int               // the loading job (0 once it ended)
	sum   *fileview.Summary // nil while loading
	err   error             // the file could not be read
	panel *auditPanel       // kept, so it keeps its place when opened again
	ids   []uint64          // 1…the rows read, shown while reading
}

// openFile puts the model in file mode.
func (m *Model) openFile(opt fileview.Options) {
	if opt.Now == nil {
		opt.Now = m.sh.now
	}
	if opt.Country == "" {
		opt.Country = m.sh.country()
	}
	m.file = &fileState{opt: opt, f: fileview.New(opt), name: filepath.Base(opt.Path)}
	m.sh.file = m.file.f
	m.sh.readOnly = true
	m.table.keys.setReadOnly(true)
	m.table.keys.OnFile = true
	m.table.keys.Imports.SetEnabled(false)
	m.table.keys.Consents.SetEnabled(false)
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
	Ix  *filter.Index
	Err error
}

// fileTickMsg shows the rows read so far while the file is read.
type fileTickMsg struct{}

// fileTick is how often the table takes the rows read meanwhile;
// fileFirstTick how often it looks for the first ones, which the first
// screen waits for.
const (
	fileTick      = 150 * time.Millisecond
	fileFirstTick = 30 * time.Millisecond
)

// startFile reads the file in the background and shows its rows as they
// come; the audit panel (A) fills in once they are all read.
func (m *Model) startFile() tea.Cmd {
	m.started = true
	label := "reading " + m.file.name
	opt := filter.Options{Country: m.file.opt.Country, Now: m.sh.now}
	id, cmd := m.startJob(label, false, loadFileJob(m.file.f, opt))
	m.file.job = id
	m.file.panel.job = id
	return tea.Batch(cmd, msgCmd(fileTickMsg{}))
}

// loadFileJob reads the file into memory and its index.
func loadFileJob(f *fileview.File, opt filter.Options) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		ix := filter.NewIndex(opt)
		sum, err := f.Load(ctx, ix, func(stage string, done, total int) {
			if stage == fileview.StageReading {
				report(done, total)
			}
		})
		if errors.Is(err, context.Canceled) {
			err = nil // what was read is shown; the panel says it was cancelled
		}
		if sum == nil {
			ix = nil
		}
		return fileLoadedMsg{Sum: sum, Ix: ix, Err: err}, nil
	}
}

// fileTicked shows the rows read since the last tick, and ticks on while
// the file is read.
func (m *Model) fileTicked() tea.Cmd {
	f := m.file
	if f == nil || f.job == 0 || m.ix != nil {
		return nil
	}
	n := f.f.Rows()
	every := fileTick
	if n == 0 {
		every = fileFirstTick
	}
	next := m.sh.after(every, fileTickMsg{})
	if n == len(f.ids) {
		return next
	}
	for id := uint64(len(f.ids)) + 1; id <= uint64(n); id++ {
		f.ids = append(f.ids, id)
	}
	m.total = n
	if m.table.page == nil {
		m.table.showPage(f.ids, nil)
		m.layout()
	} else {
		m.table.growPage(f.ids)
	}
	return tea.Batch(next, m.table.fetchWindow())
}

// fileLoaded shows what was read: the whole file in its index.
func (m *Model) fileLoaded(msg fileLoadedMsg) tea.Cmd {
	f := m.file
	f.job, f.sum, f.err = 0, msg.Sum, msg.Err
	f.ids = nil
	cmds := []tea.Cmd{m.broadcast(msg)}
	if !m.onStack(f.panel) {
		_, cmd := f.panel.Update(msg)
		cmds = append(cmds, cmd)
	}
	if msg.Err != nil {
		cmds = append(cmds, statusErr(fmt.Errorf("reading %s: %w", f.name, msg.Err)))
	}
	if msg.Sum == nil || msg.Ix == nil {
		return tea.Batch(cmds...)
	}
	m.total = msg.Sum.Rows
	cols := append([]string{"id"}, msg.Sum.Columns...)
	m.table.setFields(append(cols, "tags", contact.CustomPrefix+fileview.FieldProblems))
	if m.table.page == nil {
		m.table.showPage([]uint64{}, nil)
	}
	m.ix = msg.Ix
	m.layout()
	cmds = append(cmds, m.table.setIndex(m.ix), m.indexReady())
	if msg.Sum.Cancelled {
		cmds = append(cmds, status(fmt.Sprintf("reading %s cancelled: the %s rows read so far are shown", f.name, groupDigits(msg.Sum.Rows))))
	} else if !m.onStack(f.panel) {
		cmds = append(cmds, status(fmt.Sprintf("%s read: %s, %s without any problem; A shows the audit", f.name, countOf(msg.Sum.Rows, "row"), groupDigits(msg.Sum.Clean))))
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
	if m.onStack(m.file.panel) {
		return nil
	}
	if ev, ok := m.jobs[m.file.job]; ok {
		m.file.panel.progress = ev
	}
	return m.push(m.file.panel)
}

// fileClusters are the audit's duplicate clusters as the duplicates screen
// shows them: the audit counts one cluster per shared key (an e-mail, a
// phone, a tax ID); rows joined by any of them are shown together once,
// with every key that joins them.
func fileClusters(cs []importer.Cluster) []dedupe.Cluster {
	parent := map[uint64]uint64{}
	var find func(uint64) uint64
	find = func(x uint64) uint64 {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, c := range cs {
		for _, r := range c.Rows[1:] {
			a, b := find(uint64(c.Rows[0])), find(uint64(r))
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	groups := map[uint64]*dedupe.Cluster{}
	var order []uint64
	for _, c := range cs {
		root := find(uint64(c.Rows[0]))
		g := groups[root]
		if g == nil {
			g = &dedupe.Cluster{Score: 1}
			groups[root] = g
			order = append(order, root)
		}
		for i, r := range c.Rows {
			g.IDs = append(g.IDs, uint64(r))
			if i > 0 {
				g.Pairs = append(g.Pairs, dedupe.Pair{A: uint64(c.Rows[0]), B: uint64(r), Score: 1, Reason: "same " + keyWords(c.Key) + " " + c.Value})
			}
		}
	}
	out := make([]dedupe.Cluster, 0, len(order))
	for _, root := range order {
		g := groups[root]
		slices.Sort(g.IDs)
		g.IDs = slices.Compact(g.IDs)
		out = append(out, *g)
	}
	return out
}

// keyWords names the audit's kinds of key.
func keyWords(key string) string {
	switch key {
	case "email":
		return "e-mail"
	case "tax_id":
		return "tax ID"
	}
	return key
}

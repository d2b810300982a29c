package ui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"rolo/book"
	"rolo/contact"
	"rolo/filter"
	"rolo/indexfile"
	"rolo/store"
)

// quietBuild is the store size below which building the index is quick
// enough to go unannounced.
const quietBuild = 10_000

// saveIndex stores the index for the next start (and the other
// processes), unless a save is running. A read-only store gets one too:
// the index is derived data beside it, not the store.
func (m *Model) saveIndex() tea.Cmd {
	if m.indexSaving || m.ix == nil {
		return nil
	}
	m.indexSaving, m.behind = true, 0
	_, cmd := m.startJob("", false, saveIndex(m.sh.st, m.ix, m.seen))
	return cmd
}

// startPage is how many contacts the first screen reads before the index is
// built: more than any terminal shows.
const startPage = 200

// startMsg is the first screen's data: read in one command so the table is
// drawn in well under a second even on a million contacts.
type startMsg struct {
	Total   int // living contacts
	Erased  int // tombstones of erased people, counted apart
	Columns []string
	Order   []uint64 // every ID in name order, when the saved order is current
	Page    []*contact.Contact
	Err     error
}

// loadStart reads the total, the saved columns and the first page: in name
// order when a current order is saved, else the first contacts by ID.
func loadStart(st *store.Store, page int) tea.Cmd {
	return func() tea.Msg {
		var msg startMsg
		if msg.Total, msg.Erased, msg.Err = st.Living(); msg.Err != nil {
			return msg
		}
		msg.Columns, _ = book.Columns(st) // a bad preference is not worth failing for
		if msg.Total+msg.Erased == 0 {
			return msg
		}
		order, ok, err := filter.LoadOrder(st, defaultSort)
		if err == nil && ok {
			msg.Order = order
			msg.Page, msg.Err = st.GetMany(order[:min(page, len(order))])
			return msg
		}
		errStop := errors.New("page full")
		msg.Err = st.View(func(tx *store.Tx) error {
			return tx.ForEach(func(c *contact.Contact) error {
				msg.Page = append(msg.Page, c)
				if len(msg.Page) >= page {
					return errStop
				}
				return nil
			})
		})
		if errors.Is(msg.Err, errStop) {
			msg.Err = nil
		}
		return msg
	}
}

// indexReadyMsg delivers the index, opened or built.
type indexReadyMsg struct {
	ix    *filter.Index
	file  *indexfile.Opened // the stored file it reads its other columns from
	head  uint64            // the journal position it reflects
	built string            // why it was built from every contact ("" when opened)
	save  bool              // store it: built, or caught up a lot
}

// buildIndex is the job that opens the store's stored index, caught up
// with the journal, with the columns of fields read (the others are read
// when first used: a filter on them, a column shown), or, when there is
// none usable, reads every contact into a new one (ScanLean: the file's
// pages are dropped behind it, so the process does not keep the store
// resident on top of the index).
func buildIndex(st *store.Store, opt filter.Options, fields []string) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		o, err := indexfile.Open(ctx, st, opt, indexfile.Options{Progress: report, NoSave: true})
		if err != nil {
			return nil, fmt.Errorf("indexing the contacts: %w", err)
		}
		if err := o.Index.Preload(fields...); err != nil {
			o.Close()
			return nil, fmt.Errorf("reading the stored index: %w", err)
		}
		msg := indexReadyMsg{ix: o.Index, file: o, head: o.Seq, save: o.Built || o.Behind >= indexfile.SaveAfter}
		if o.Built {
			msg.built = o.Why
		}
		return msg, nil
	}
}

// saveIndex is the quiet job that stores the index for the next start.
func saveIndex(st *store.Store, ix *filter.Index, seq uint64) jobFunc {
	return func(context.Context, func(int, int)) (tea.Msg, error) {
		err := indexfile.Save(st, ix, seq)
		if errors.Is(err, filter.ErrIndexChanged) || errors.Is(err, store.ErrIndexBehind) {
			err = nil // the next save does it
		}
		return indexSavedMsg{err: err}, nil
	}
}

// indexSavedMsg ends a save of the index.
type indexSavedMsg struct{ err error }

// saveOrder is the quiet job that saves the name order for the next start.
func saveOrder(st *store.Store, ix *filter.Index) jobFunc {
	return func(context.Context, func(int, int)) (tea.Msg, error) {
		return nil, filter.SaveOrder(st, ix, defaultSort)
	}
}

// countMsg is a fresh total after changes: living contacts, and erased
// ones apart.
type countMsg struct {
	Total  int
	Erased int
	Err    error
}

func loadCount(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		n, erased, err := st.Living()
		return countMsg{Total: n, Erased: erased, Err: err}
	}
}

// handleData takes the root's own results: the first screen, the index,
// job events and changes to contacts.
func (m *Model) handleData(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case startMsg:
		return m.started0(msg), true
	case countMsg:
		if msg.Err != nil {
			return statusErr(msg.Err), true
		}
		m.total, m.erased = msg.Total, msg.Erased
		return nil, true
	case runJobMsg:
		_, cmd := m.startJob(msg.Label, msg.Modal, msg.Work)
		return cmd, true
	case jobEventMsg:
		return m.jobEvent(msg), true
	case indexReadyMsg:
		m.ix = msg.ix
		m.ixFile.Close() // the index it replaces reads no more from its file
		m.ixFile = msg.file
		for _, c := range m.pending {
			m.ix.Upsert(c)
		}
		m.pending = nil
		// Whatever changed while the index was built (here or in another
		// process) is in the journal after head.
		m.seen = msg.head
		cmds := []tea.Cmd{m.table.setIndex(m.ix), m.indexReady(), catchUp(m.sh.st, m.seen)}
		for _, s := range m.stack {
			if b, ok := s.(*filterBuilder); ok {
				cmds = append(cmds, b.setIndex(m.ix))
			}
		}
		if msg.save {
			cmds = append(cmds, m.saveIndex())
		}
		if msg.built != "" && m.total >= quietBuild {
			cmds = append(cmds, status(fmt.Sprintf("Indexed %s once (%s): the next start opens the index at once",
				contact.FormatCount(m.total)+" "+plural(m.total, "contact", "contacts"), msg.built)))
		}
		return tea.Batch(cmds...), true
	case indexSavedMsg:
		m.indexSaving = false
		if msg.err != nil {
			return statusErr(msg.err), true
		}
		return nil, true
	case cardSavedMsg:
		var cmd tea.Cmd
		if msg.Err == nil && msg.Outcome == store.Updated {
			cmd = m.contactChanged(msg.C)
		}
		return tea.Batch(cmd, m.broadcast(msg)), true
	case contactChangedMsg:
		return m.contactChanged(msg.C), true
	case contactsChangedMsg:
		m.orderDirty = true
		return tea.Batch(loadCount(m.sh.st), m.table.refresh()), true
	case reindexMsg:
		// The table goes on with the index it has until the new one is
		// ready; a rebuild already running is followed instead.
		m.orderDirty = true
		if m.indexJob != 0 {
			return nil, true
		}
		return tea.Batch(loadCount(m.sh.st), m.startIndex(false)), true
	case pageLoadedMsg:
		m.table.pageLoaded(msg)
		return nil, true
	}
	return nil, false
}

// started0 shows the first screen: the empty-store screen, or the table's
// first page while the index is built in the background.
func (m *Model) started0(msg startMsg) tea.Cmd {
	m.started = true
	if msg.Err != nil {
		m.fatal = fmt.Errorf("reading %s: %w", m.sh.st.Path(), msg.Err)
		return nil
	}
	m.total, m.erased = msg.Total, msg.Erased
	if len(msg.Columns) > 0 {
		m.table.setFields(msg.Columns)
	}
	if m.total+m.erased == 0 && m.file == nil {
		m.empty = newEmpty(m.sh)
		return m.importOnStart()
	}
	m.empty = nil
	m.table.showPage(msg.Order, msg.Page)
	m.layout()
	return tea.Batch(m.startIndex(len(msg.Order) == 0), m.importOnStart())
}

// importOnStart opens the import wizard for `rolo import FILE` on a terminal.
func (m *Model) importOnStart() tea.Cmd {
	if m.importFile == "" {
		return nil
	}
	f := m.importFile
	m.importFile = ""
	return m.sh.ask(openImportMsg{Path: f})
}

// startIndex builds the index in the background; saveAfter also saves the
// name order once it is built, so the next start shows its first page at
// once.
func (m *Model) startIndex(saveAfter bool) tea.Cmd {
	m.saveOrderAfter = saveAfter && !m.sh.readOnly
	opt := filter.Options{Country: m.sh.country(), Now: m.sh.now}
	// What the table shows, sorts by and searches is read at once.
	fields := append([]string{defaultSort, "emails", "phones", "company"}, m.table.fields...)
	id, cmd := m.startJob("indexing", false, buildIndex(m.sh.st, opt, fields))
	m.indexJob = id
	return cmd
}

// contactChanged keeps the index and the table in step with one saved edit.
func (m *Model) contactChanged(c *contact.Contact) tea.Cmd {
	if c == nil {
		return nil
	}
	m.orderDirty = true
	m.table.forget(c.ID)
	if m.indexJob != 0 {
		// An index being built misses edits made meanwhile: they are
		// applied again when it is ready.
		m.pending = append(m.pending, c.Clone())
	}
	if m.ix == nil {
		return tea.Batch(loadCount(m.sh.st), m.table.fetchWindow())
	}
	m.ix.Upsert(c)
	return tea.Batch(loadCount(m.sh.st), m.table.refreshOne(c.ID))
}

// startJob runs work in the background and follows its events.
func (m *Model) startJob(label string, modal bool, work jobFunc) (int, tea.Cmd) {
	id, ch := m.sh.jobs.start(label, m.sh.now(), work)
	m.jobs[id] = jobMsg{ID: id, Label: label, Started: m.sh.now()}
	var cmd tea.Cmd
	if modal {
		m.modal = id
		cmd = m.push(newProgressScreen(m.sh, id, label))
	}
	return id, tea.Batch(waitJob(ch), cmd)
}

// jobEvent records a job's progress and, when it finishes, delivers its
// result. Events of jobs no longer followed are dropped.
func (m *Model) jobEvent(msg jobEventMsg) tea.Cmd {
	ev := msg.ev
	if _, ok := m.jobs[ev.ID]; !ok {
		return nil
	}
	if !ev.Finished {
		m.jobs[ev.ID] = ev
		return tea.Batch(waitJob(msg.ch), m.broadcast(ev))
	}
	delete(m.jobs, ev.ID)
	if ev.ID == m.modal {
		m.modal = 0
		m.closeProgress(ev.ID)
	}
	var cmds []tea.Cmd
	switch {
	case ev.Err != nil:
		cmds = append(cmds, statusErr(fmt.Errorf("%s: %w", ev.Label, ev.Err)))
	case ev.Canceled:
		cmds = append(cmds, status(ev.Label+": cancelled"))
	}
	if ev.Result != nil {
		cmds = append(cmds, msgCmd(ev.Result))
	}
	if ev.ID == m.indexJob {
		m.indexJob = 0
		if ready, ok := ev.Result.(indexReadyMsg); ok && m.saveOrderAfter {
			m.saveOrderAfter = false
			_, cmd := m.startJob("", false, saveOrder(m.sh.st, ready.ix))
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

// closeProgress removes a finished job's progress dialog.
func (m *Model) closeProgress(id int) {
	for i, s := range m.stack {
		if p, ok := s.(*progressScreen); ok && p.job == id {
			m.stack = append(m.stack[:i], m.stack[i+1:]...)
			m.layout()
			return
		}
	}
}

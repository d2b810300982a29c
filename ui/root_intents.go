package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"rolo/book"
	"rolo/contact"
	"rolo/store"
)

// handleIntent acts on what a screen asked for.
func (m *Model) handleIntent(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case closeScreenMsg:
		m.pop()
		return m.table.fetchWindow(), true
	case pushScreenMsg:
		return m.push(msg.s), true
	case openCardMsg:
		return m.push(newCard(m.sh, msg.ID)), true
	case openColumnsMsg:
		return m.push(newColumnsDialog(m.sh, m.table.fields)), true
	case setColumnsMsg:
		m.table.setFields(msg.Fields)
		m.table.clamp()
		cmd := m.table.fetchWindow()
		if msg.Save && !m.sh.readOnly {
			cmd = tea.Batch(cmd, savePref(m.sh.st, book.ColumnsKey, m.table.fields[1:]))
		}
		return cmd, true
	case openCreateMsg:
		if m.sh.readOnly {
			return status("the store is open read-only"), true
		}
		return m.push(newCreateForm(m.sh)), true
	case openBulkMsg:
		if m.ix == nil {
			return status("still indexing: bulk actions work when the index is ready"), true
		}
		return m.push(newBulkDialog(m.sh, m.ix, msg.IDs, m.table.fields)), true
	case openFilterMsg:
		// While the index is built the builder opens at once and waits
		// for it: the keys typed after f are held for it, never left to
		// fall to the table (f a must not select every contact).
		return m.push(newFilterBuilder(m.sh, m.ix, msg.F, msg.Name)), true
	case applyFilterMsg:
		m.popTo(m.table)
		m.table.q.search = ""
		cmd := m.table.setFilter(msg.F, msg.Name)
		m.table.q.label = msg.Label
		return cmd, true
	case openImportMsg:
		return m.push(newImportEntry(m.sh, msg.Path)), true
	case openJobsMsg:
		return m.push(newJobsList(m.sh)), true
	case importDoneMsg:
		return m.importFinished(msg), true
	case undoDoneMsg:
		cmd := status(msg.summary())
		if msg.err != nil {
			cmd = statusErr(fmt.Errorf("%s", msg.summary()))
		} else {
			cmd = tea.Batch(cmd, msgCmd(reindexMsg{}))
		}
		return tea.Batch(cmd, m.broadcast(msg)), true
	case actionUndoneMsg:
		if msg.Err != nil {
			return tea.Batch(statusErr(msg.Err), msgCmd(reindexMsg{})), true
		}
		return tea.Batch(status(msg.Res.Summary()), msgCmd(reindexMsg{})), true
	case exportDoneMsg:
		return status(fmt.Sprintf("exported %s contacts to %s", groupDigits(msg.N), msg.Path)), true
	case eraseDoneMsg:
		m.orderDirty = true
		m.table.dropErased(msg.IDs)
		return tea.Batch(status(msg.summary()), loadCount(m.sh.st), m.table.refresh()), true
	case bulkDoneMsg:
		m.orderDirty = true
		cmd := status(msg.summary())
		if msg.Failed > 0 {
			cmd = statusErr(fmt.Errorf("%s", msg.summary()))
		}
		return tea.Batch(cmd, loadCount(m.sh.st), m.table.refresh()), true
	case countryChangedMsg:
		// Searches, filters and sorting read phones and collate names by
		// the country: a new index is built with it.
		m.table.keys.showCountry(msg.Country.Value)
		return tea.Batch(status("default country: "+countryWords(msg.Country)), msgCmd(reindexMsg{})), true
	case demoLoadedMsg:
		m.empty = nil
		m.popTo(m.table)
		return tea.Batch(loadStart(m.sh.st, startPage), status(fmt.Sprintf("added %s demo contacts", groupDigits(msg.N)))), true
	}
	return m.privacyIntent(msg)
}

// importFinished follows an import the wizard ran: contacts written mean a
// new index (or, on an empty store, the table at last); the wizard shows
// the results if it is still open, else the status line says how it went.
func (m *Model) importFinished(msg importDoneMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.wrote() {
		m.orderDirty = true
		if m.empty != nil {
			m.empty = nil
			cmds = append(cmds, loadStart(m.sh.st, startPage))
		} else {
			cmds = append(cmds, msgCmd(reindexMsg{}))
		}
	}
	open := false
	for _, s := range m.stack {
		if w, ok := s.(*importWizard); ok && w == msg.w {
			open = true
		}
	}
	switch {
	case msg.startErr != nil || (msg.err != nil && msg.rep == nil):
		cmds = append(cmds, statusErr(fmt.Errorf("%s", msg.summary())))
	case !open:
		cmds = append(cmds, status(msg.summary()+" · I lists imports"))
	}
	return tea.Batch(append(cmds, m.broadcast(msg))...)
}

// popTo closes every screen above the table.
func (m *Model) popTo(*tableModel) {
	m.stack = m.stack[:0]
	m.layout()
}

// columnChoicesMsg lists every field a column can show.
type columnChoicesMsg struct {
	All     []string
	Visible []string
	Err     error
}

// loadFieldChoices reads the custom fields and consents the store defines:
// with the canonical fields, they are the columns on offer.
func loadFieldChoices(st contactSource, visible []string) tea.Cmd {
	vis := append([]string(nil), visible...)
	return func() tea.Msg {
		msg := columnChoicesMsg{Visible: vis}
		for _, f := range contact.Fields() {
			msg.All = append(msg.All, f.Name)
		}
		customs, err := st.CustomFields()
		if err != nil {
			msg.Err = err
			return msg
		}
		for _, f := range customs {
			msg.All = append(msg.All, contact.CustomPrefix+f.Name)
		}
		defs, err := st.ConsentDefs()
		if err != nil {
			msg.Err = err
			return msg
		}
		for _, d := range defs {
			msg.All = append(msg.All, contact.ConsentPrefix+d.Name)
		}
		return msg
	}
}

// savePref stores a preference in a command; a failure is only reported.
func savePref(st *store.Store, key string, v any) tea.Cmd {
	return func() tea.Msg {
		if err := st.SetPref(key, v); err != nil {
			return statusMsg{Text: fmt.Sprintf("the column choice was applied but not saved: %v", err), Err: true}
		}
		return statusMsg{Text: "columns saved"}
	}
}

package ui

import (
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
)

// privacyIntent acts on the intents of the privacy screens: duplicates,
// merges, the opened file's audit panel and the open-file dialog.
func (m *Model) privacyIntent(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case openDupesMsg:
		var preset []dedupe.Cluster
		if m.file != nil {
			if m.file.sum == nil || m.file.sum.Report == nil {
				return status("the duplicates are known once the whole file is read"), true
			}
			preset = fileClusters(m.file.sum.Duplicates)
		}
		return m.push(newDupesScreen(m.sh, preset)), true
	case fileLoadedMsg:
		if m.file == nil {
			return nil, true
		}
		return m.fileLoaded(msg), true
	case fileTickMsg:
		return m.fileTicked(), true
	case auditFreqMsg:
		if m.file == nil {
			return nil, true
		}
		_, cmd := m.file.panel.Update(msg) // the panel need not be open
		return cmd, true
	case openAuditMsg:
		return m.showAudit(), true
	case openFileDialogMsg:
		return m.push(newOpenDialog(m.sh)), true
	case runOpenMsg:
		return m.runOpen(msg.Path), true
	case openEndedMsg:
		return openEnded(msg), true
	case contactsMergedMsg:
		return m.contactsMerged(msg), true
	}
	return nil, false
}

// contactsMerged keeps the index and the table in step with a merge: the
// others are gone, the survivor rewritten. While the index is being built
// (it may hold the others) a new one is built instead.
func (m *Model) contactsMerged(msg contactsMergedMsg) tea.Cmd {
	m.orderDirty = true
	for _, id := range msg.Deleted {
		m.table.sel.remove(id)
		m.table.forget(id)
	}
	if m.ix == nil || m.indexJob != 0 {
		return msgCmd(reindexMsg{})
	}
	for _, id := range msg.Deleted {
		m.ix.Delete(id)
	}
	for _, c := range append([]*contact.Contact{msg.Survivor}, msg.Restored...) {
		if c != nil {
			m.table.forget(c.ID)
			m.ix.Upsert(c)
		}
	}
	return tea.Batch(loadCount(m.sh.st), m.table.refresh())
}

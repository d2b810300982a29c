package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Intents of the privacy screens (duplicates, consents, an opened file), asked for from the table.
type (
	// openDupesMsg opens the duplicates screen.
	openDupesMsg struct{}
	// openFileDialogMsg asks for a file to open read-only (rolo open).
	openFileDialogMsg struct{}
	// openAuditMsg shows the audit panel of the file opened read-only.
	openAuditMsg struct{}
)

// privacyKey answers the table's keys of the privacy screens: duplicates, consent
// definitions, open a file, and the audit panel of an opened file.
func (t *tableModel) privacyKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &t.keys
	switch {
	case key.Matches(msg, k.Duplicates):
		return t.sh.ask(openDupesMsg{})
	case key.Matches(msg, k.Consents):
		return t.sh.ask(pushScreenMsg{s: newConsentsScreen(t.sh)})
	case key.Matches(msg, k.OpenFile):
		return t.sh.ask(openFileDialogMsg{})
	case key.Matches(msg, k.Audit):
		return t.sh.ask(openAuditMsg{})
	}
	return nil
}

package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// importEntry is where the import wizard (issue 7) starts: openImportMsg
// pushes it, from the empty-store screen or with the file of `rolo import
// FILE` run on a terminal. Until the wizard exists it says plainly how to
// import from the command line. The wizard replaces newImportEntry; it may
// run its import as a job (runJobMsg), which keeps going, shown in the
// header, when the user leaves the wizard for the table.
type importEntry struct {
	sh   *shared
	path string
	keys importKeys
}

type importKeys struct{ Back key.Binding }

func (k importKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Back} }
func (k importKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Back}} }

func newImportEntry(sh *shared, path string) *importEntry {
	return &importEntry{sh: sh, path: path, keys: importKeys{
		Back: key.NewBinding(key.WithKeys("esc", "q", "enter"), key.WithHelp("esc/q", "back")),
	}}
}

func (e *importEntry) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, e.keys.Back) {
		return e, msgCmd(closeScreenMsg{})
	}
	return e, nil
}

func (e *importEntry) View() string {
	st := &e.sh.styles
	file := "FILE"
	if e.path != "" {
		file = shellQuote(e.path)
	}
	var b strings.Builder
	b.WriteString("The import wizard is not part of this build yet.\n\n")
	b.WriteString("Quit (ctrl+c) and import from the command line:\n\n")
	b.WriteString("  " + st.Accent.Render("rolo import --mode upsert "+file) + "\n\n")
	b.WriteString(st.Muted.Render("Any option keeps the import on the command line (without one, a\n" +
		"terminal opens this screen); rolo import --help lists them."))
	return dialog(e.sh, "Import a file", b.String(), 64)
}

func (e *importEntry) Keys() help.KeyMap { return e.keys }
func (e *importEntry) Typing() bool      { return false }
func (e *importEntry) Title() string     { return "Import" }

// shellQuote quotes a path for a shell when it needs it.
func shellQuote(p string) string {
	if p != "" && strings.IndexFunc(p, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

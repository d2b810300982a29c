package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
)

// cardConflict is shown when a save from the card finds that someone
// else (another interface, a command, an import) saved the contact after
// the card read it. Nothing has been written: it shows both versions,
// field by field where they differ, with who changed each, and lets the
// user keep theirs, overwrite with the card's, or go back and edit.
type cardConflict struct {
	sh     *shared
	keys   conflictKeys
	id     uint64
	theirs *contact.Contact // as stored now
	mine   *contact.Contact // what the card would have saved
	who    string           // "ana (card) at 10:42:07"
	what   string           // what the card was saving, for the status line
	rows   []conflictRow
	top    int
}

// conflictRow is one field where the stored version and the card's
// differ.
type conflictRow struct {
	label, theirs, mine string
	by                  string // who changed it since the card read it: you, them, both
}

// conflictChoice is what the user chose.
type conflictChoice int

const (
	keepTheirs conflictChoice = iota
	overwriteMine
	editAgain
)

// cardConflictMsg tells the card the choice.
type cardConflictMsg struct {
	ID     uint64
	Choice conflictChoice
	Theirs *contact.Contact
	Mine   *contact.Contact
	What   string
}

type conflictKeys struct {
	Theirs, Mine, Edit, Up, Down key.Binding
}

func (k conflictKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Theirs, k.Mine, k.Edit, k.Up, k.Down}
}
func (k conflictKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// newCardConflict compares read (the contact as the card read it), the
// stored version the error carries, and mine.
func newCardConflict(sh *shared, read, mine *contact.Contact, ce *contact.ChangedError, what string) *cardConflict {
	who := ce.By
	if who == "" {
		who = "someone else"
	}
	if ce.Source != "" {
		who += " (" + ce.Source + ")"
	}
	who += " at " + ce.At.UTC().Format("15:04:05") // UTC, as the card's history
	d := &cardConflict{sh: sh, id: mine.ID, theirs: ce.Stored, mine: mine, who: who, what: what, keys: conflictKeys{
		Theirs: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "keep theirs")),
		Mine:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "overwrite with mine")),
		Edit:   key.NewBinding(key.WithKeys("e", "esc"), key.WithHelp("e/esc", "back to edit")),
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	}}
	yours := changedFields(read, mine)
	theirs := changedFields(read, ce.Stored)
	for _, ch := range contact.Diff(ce.Stored, mine) {
		label := ch.Field
		if f, ok := contact.LookupField(ch.Field); ok {
			label = f.Label
		}
		r := conflictRow{label: label, theirs: ch.Old, mine: ch.New}
		switch {
		case yours[ch.Field] && theirs[ch.Field]:
			r.by = "both"
		case yours[ch.Field]:
			r.by = "you"
		default:
			r.by = "them"
		}
		d.rows = append(d.rows, r)
	}
	return d
}

// changedFields are the fields that differ between a and b.
func changedFields(a, b *contact.Contact) map[string]bool {
	out := map[string]bool{}
	for _, ch := range contact.Diff(a, b) {
		out[ch.Field] = true
	}
	return out
}

// Update takes the choice; the card below acts on it.
func (d *cardConflict) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return d, nil
	}
	choose := func(c conflictChoice) tea.Cmd {
		return tea.Sequence(d.sh.ask(closeScreenMsg{}),
			msgCmd(cardConflictMsg{ID: d.id, Choice: c, Theirs: d.theirs, Mine: d.mine, What: d.what}))
	}
	switch {
	case key.Matches(k, d.keys.Theirs):
		return d, choose(keepTheirs)
	case key.Matches(k, d.keys.Mine):
		return d, choose(overwriteMine)
	case key.Matches(k, d.keys.Edit):
		return d, choose(editAgain)
	case key.Matches(k, d.keys.Up):
		d.top = max(d.top-1, 0)
	case key.Matches(k, d.keys.Down):
		d.top = min(d.top+1, max(len(d.rows)-d.rowsShown(), 0))
	}
	return d, nil
}

// rowsShown is how many field rows fit the dialog.
func (d *cardConflict) rowsShown() int { return max(d.sh.bodyH-12, 3) }

// View draws both versions side by side.
func (d *cardConflict) View() string {
	st := &d.sh.styles
	w := min(96, d.sh.width-2)
	inner := w - 4
	const labelW, byW = 14, 4
	valW := max((inner-labelW-byW-6)/2, 8)
	cell := func(s string, n int) string {
		s = strings.ReplaceAll(s, "\n", " ")
		s = ansi.Truncate(s, n, "…")
		return s + strings.Repeat(" ", max(n-ansi.StringWidth(s), 0))
	}
	row := func(a, b, c, e string) string {
		return cell(a, labelW) + "  " + cell(b, valW) + "  " + cell(c, valW) + "  " + cell(e, byW)
	}
	lines := []string{
		st.Warn.Render(wrapText(fmt.Sprintf("%s saved this contact after you opened it. Nothing of yours is saved yet.", d.who), inner)),
		"",
		st.Muted.Render(row("field", "saved now", "yours", "by")),
	}
	shown := d.rowsShown()
	for i := d.top; i < len(d.rows) && i < d.top+shown; i++ {
		r := d.rows[i]
		lines = append(lines, row(r.label, r.theirs, r.mine, r.by))
	}
	if len(d.rows) == 0 {
		lines = append(lines, "(the two versions hold the same values)")
	}
	if more := len(d.rows) - d.top - shown; more > 0 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("… %s more (↓)", countOf(more, "field"))))
	}
	lines = append(lines, "",
		wrapText("t keeps the saved version and drops your change; o saves yours over it (the fields marked them go back to what you opened); e returns to the card, which then shows the saved version, to edit again.", inner))
	return dialog(d.sh, "Changed since you opened it", strings.Join(lines, "\n"), w)
}

func (d *cardConflict) Keys() help.KeyMap { return d.keys }
func (d *cardConflict) Typing() bool      { return false }
func (d *cardConflict) Title() string     { return "Contact changed since you opened it" }

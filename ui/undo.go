package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/store"
)

// undoDialog asks before undoing the last change the user made in this
// store (a card edit, a consent toggle, a bulk action, a merge, a new
// contact), naming it: "undo: add tag 'vip' to 2 451 contacts?". Imports
// have their own undo in the imports list. A contact changed again since
// is left as it is; the status line lists those.
type undoDialog struct {
	sh     *shared
	keys   undoKeys
	loaded bool
	action store.Action
	err    error
}

type undoKeys struct{ Yes, No key.Binding }

func (k undoKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Yes, k.No} }
func (k undoKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Yes, k.No}} }

// Messages of the undo: the action found, and the undo done.
type (
	undoFoundMsg struct {
		Action store.Action
		Err    error
	}
	actionUndoneMsg struct {
		Res store.ActionUndone
		Err error
	}
)

func newUndoDialog(sh *shared) *undoDialog {
	return &undoDialog{sh: sh, keys: undoKeys{
		Yes: key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "undo it")),
		No:  key.NewBinding(key.WithKeys("n", "esc", "q"), key.WithHelp("n/esc", "keep it")),
	}}
}

// Init finds the last change of this user.
func (d *undoDialog) Init() tea.Cmd {
	st := d.sh.st
	return func() tea.Msg {
		a, err := st.LastAction(st.User())
		return undoFoundMsg{Action: a, Err: err}
	}
}

func (d *undoDialog) loading() bool { return !d.loaded }

// Update takes the action found and the two keys.
func (d *undoDialog) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case undoFoundMsg:
		d.loaded, d.action, d.err = true, msg.Action, msg.Err
		d.keys.Yes.SetEnabled(d.err == nil)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.No):
			return d, d.sh.ask(closeScreenMsg{})
		case key.Matches(msg, d.keys.Yes):
			d.sh.ask(closeScreenMsg{})
			return d, d.sh.runJob("undo: "+d.action.What, true, undoAction(d.sh.st, d.action.Seq))
		}
	}
	return d, nil
}

// undoAction is the job of an undo.
func undoAction(st *store.Store, seq uint64) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		res, err := st.UndoAction(ctx, seq, report)
		return actionUndoneMsg{Res: res, Err: err}, nil
	}
}

// View names the change and what an undo does.
func (d *undoDialog) View() string {
	st := &d.sh.styles
	w := min(72, d.sh.width-4)
	wrap := func(s string) string { return wrapText(s, w-4) }
	var lines []string
	switch {
	case !d.loaded:
		lines = append(lines, st.Muted.Render("finding your last change…"))
	case errors.Is(d.err, store.ErrNothingToUndo):
		lines = append(lines, wrap(fmt.Sprintf("Nothing to undo: %s has made no change in this store that is not undone yet.", d.sh.st.User())),
			"", st.Muted.Render(wrap("Imports have their own undo: I lists them, u undoes one.")))
	case d.err != nil:
		lines = append(lines, st.Error.Render(wrap("cannot read what to undo: "+d.err.Error())))
	default:
		lines = append(lines, wrap("undo: "+d.action.What+"?"), "",
			st.Muted.Render(wrap(fmt.Sprintf("made %s by %s. A contact changed again since is left as it is and listed.",
				d.action.At.In(d.sh.now().Location()).Format("2006-01-02 15:04"), d.action.User))))
	}
	return dialog(d.sh, "Undo", strings.Join(lines, "\n"), w)
}

func (d *undoDialog) Keys() help.KeyMap { return d.keys }
func (d *undoDialog) Typing() bool      { return false }
func (d *undoDialog) Title() string     { return "Undo" }

package ui

import (
	"context"
	"errors"
	"slices"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/importer"
)

// Rows without a key: rows with a name or a company but no usable e-mail,
// phone, CRM ID or tax ID. An import rejects them from a table and keeps
// them from a vCard unless told otherwise (--keyless); the options step
// counts them in the whole file, in the background, and offers both.

// wizKeyless is the count of the file's keyless rows.
type wizKeyless struct {
	seq    int
	cancel context.CancelFunc
	done   bool
	n      importer.KeylessCount
	err    string
}

// wizKeylessMsg is a finished count.
type wizKeylessMsg struct {
	w   *importWizard
	seq int
	n   importer.KeylessCount
	err error
}

// countKeyless counts the keyless rows of the whole file with the mapping
// and options as chosen, in a command; a count still running is stopped.
func (w *importWizard) countKeyless() tea.Cmd {
	w.stopKeylessCount()
	src := w.read.src
	if src == nil || len(w.mapg.maps) == 0 {
		return nil
	}
	w.opts.keylessCs = w.keylessChoices()
	ctx, cancel := context.WithCancel(context.Background())
	k := &w.opts.keylessCount
	k.seq++
	k.cancel, k.done, k.err = cancel, false, ""
	seq, opt := k.seq, w.importOptions()
	maps := slices.Clone(opt.Mappings)
	return func() tea.Msg {
		n, err := importer.CountKeyless(ctx, src, maps, opt)
		return wizKeylessMsg{w: w, seq: seq, n: n, err: err}
	}
}

// stopKeylessCount cancels a count that is running.
func (w *importWizard) stopKeylessCount() {
	if k := &w.opts.keylessCount; k.cancel != nil {
		k.cancel()
		k.cancel = nil
	}
}

func (w *importWizard) keylessCounted(msg wizKeylessMsg) {
	k := &w.opts.keylessCount
	if msg.seq != k.seq {
		return // a count for other choices
	}
	k.cancel, k.done, k.n, k.err = nil, true, msg.n, ""
	if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
		k.err = msg.err.Error()
	}
}

// keylessChoices are the two answers, the format's default first: a
// vCard keeps keyless cards, a table rejects keyless rows.
func (w *importWizard) keylessChoices() []optChoice {
	if t := w.table(); t != nil && t.Format == importer.FormatVCard {
		return []optChoice{{"", "keep them"}, {string(importer.KeylessReject), "reject them"}}
	}
	return []optChoice{{"", "reject them"}, {string(importer.KeylessKeep), "keep them"}}
}

// keylessNote is what the options step says beside the choice: how many
// rows of the file it is about.
func (w *importWizard) keylessNote() string {
	k := w.opts.keylessCount
	switch {
	case k.err != "":
		return "not counted: " + k.err
	case !k.done:
		return "counting the file's rows…"
	case k.n.Keyless == 0:
		return "none of " + contact.CountOf(k.n.Rows, "row")
	}
	return contact.FormatCount(k.n.Keyless) + " of " + contact.CountOf(k.n.Rows, "row")
}

// keylessWords says in the summary what happens to the keyless rows, when
// the file has some.
func (w *importWizard) keylessWords() string {
	k := w.opts.keylessCount
	if !k.done || k.n.Keyless == 0 {
		return ""
	}
	cs, i := w.opts.choices(orKeyless)
	rows := contact.CountOf(k.n.Keyless, "row") + " with a name but no key"
	if i < len(cs) && cs[i].label == "keep them" {
		return "keep the " + rows
	}
	return "reject the " + rows
}

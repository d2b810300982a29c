package ui

import (
	"slices"
	"strings"

	"rolo/store"
)

// keepsInput is a screen that can hold what the user typed and has not
// saved: unsaved names it ("the new contact"), or is "" when nothing
// would be lost. ctrl+c asks once before it quits over such a screen.
type keepsInput interface {
	unsaved() string
}

// unsavedInput names the first input, from the top screen down, that a
// quit would throw away.
func (m *Model) unsavedInput() string {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if k, ok := m.stack[i].(keepsInput); ok {
			if what := k.unsaved(); what != "" {
				return what
			}
		}
	}
	return ""
}

// quitQuestion is the status line while ctrl+c asks.
func quitQuestion(what string) string {
	return "ctrl+c again quits and loses " + what + " · any other key goes back"
}

func (f *createForm) unsaved() string {
	if f.empty() {
		return ""
	}
	return "the new contact"
}

func (m *cardModel) unsaved() string {
	if !m.editing || m.input.Value() == m.editFrom {
		return ""
	}
	return "the edit"
}

func (d *cardActionDialog) unsaved() string {
	if strings.TrimSpace(d.input.Value()) == "" && d.reason == "" {
		return ""
	}
	return "the reason"
}

func (s *consentsScreen) unsaved() string {
	f := &s.form
	if s.mode != csForm {
		return ""
	}
	old := f.old
	if !f.editing {
		old.Channel = store.ChannelEmail
	}
	ch := max(slices.Index(store.Channels, old.Channel), 0)
	if f.name.Value() == old.Name && f.desc.Value() == old.Description && f.channel == ch {
		return ""
	}
	return "the consent form"
}

func (b *filterBuilder) unsaved() string {
	switch {
	case b.input.Focused() && strings.TrimSpace(b.input.Value()) != "":
		return "the typed value"
	case b.changed:
		return "the filter"
	}
	return ""
}

func (d *bulkDialog) unsaved() string {
	if d.input.Focused() && strings.TrimSpace(d.input.Value()) != "" {
		return "the typed text"
	}
	return ""
}

func (w *importWizard) unsaved() string {
	switch {
	case w.inputFor != inNone && strings.TrimSpace(w.input.Value()) != "":
		return "the typed text"
	case len(w.res.fixed) > 0 && !w.res.fixRunning:
		return "the fixed rows"
	case w.step < wzRun && slices.ContainsFunc(w.mapg.chosen, func(c map[string]string) bool { return len(c) > 0 }):
		return "the mapping"
	}
	return ""
}

func (d *openDialog) unsaved() string {
	if strings.TrimSpace(d.input.Value()) == "" {
		return ""
	}
	return "the typed path"
}

func (d *columnsDialog) unsaved() string {
	if !d.loaded || slices.Equal(d.chosen(), d.visible) {
		return ""
	}
	return "the column choice"
}

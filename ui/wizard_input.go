package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The wizard's one text input: a typed path, a mapping target, a text
// option, a fixed cell or a file name, whichever inputFor says.

// typingKey gives a key to the text input and its owner.
func (w *importWizard) typingKey(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	switch {
	case key.Matches(msg, k.Back):
		w.stopTyping()
		return nil
	case key.Matches(msg, k.Choose):
		return w.entered()
	}
	switch w.inputFor {
	case inPath:
		if key.Matches(msg, k.Complete) {
			return complete(w, w.nextCompleteSeq(), w.file.dir, w.input.Value())
		}
	case inSaveRejects:
		if key.Matches(msg, k.RejectsBOM) {
			w.res.bom = !w.res.bom
			return nil
		}
	case inTarget:
		if c, ok := k.move(msg, w.mapg.optCur, len(w.mapg.options), w.sh.bodyH-10); ok {
			w.mapg.optCur = c
			return nil
		}
	}
	var cmd tea.Cmd
	w.input, cmd = w.input.Update(msg)
	w.err = ""
	return tea.Batch(cmd, w.typed())
}

// typed reacts to a change of the input's text.
func (w *importWizard) typed() tea.Cmd {
	if w.inputFor == inTarget {
		w.matchTargets()
	}
	return nil
}

// entered takes the text typed.
func (w *importWizard) entered() tea.Cmd {
	v := strings.TrimSpace(w.input.Value())
	switch w.inputFor {
	case inPath:
		return w.pathEntered(v)
	case inTarget:
		return w.targetPicked()
	case inOption:
		return w.optionEntered(v)
	case inCell:
		return w.cellEntered(w.input.Value())
	case inSaveMapping:
		return w.saveMapping(v)
	case inSaveRejects:
		return w.saveRejects(v)
	}
	return nil
}

// startTyping gives the input focus for a purpose.
func (w *importWizard) startTyping(what wizInput, prompt, value, placeholder string) tea.Cmd {
	w.inputFor = what
	w.input.Prompt = prompt
	w.input.Placeholder = placeholder
	w.input.SetValue(value)
	w.input.CursorEnd()
	w.err = ""
	return w.input.Focus()
}

func (w *importWizard) stopTyping() {
	w.inputFor = inNone
	w.input.Blur()
	w.input.Reset()
	w.overwrite = ""
}

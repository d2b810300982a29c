package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Keys over SSH arrive in bursts: "f a" is two key messages already queued
// when the first is handled. Two rules keep every key on the screen it was
// meant for. A screen's intents are acted on before the root's Update
// returns (settle), so "f" has pushed the filter builder when "a" arrives.
// A screen still loading what it shows (a card, the jobs list, the
// consents) holds the keys typed at it (held) and gets them, in order,
// when it is ready; if it closes first they are dropped, never given to
// the screen below.

// maxHeld bounds the keys kept for a loading screen: a key held down on a
// screen that never loads is not worth replaying.
const maxHeld = 256

// loader is a screen that loads what it shows after it is pushed.
type loader interface{ loading() bool }

func isLoading(s screen) bool {
	l, ok := s.(loader)
	return ok && l.loading()
}

// holding reports whether keys are being held for a loading screen.
func (m *Model) holding() bool {
	return len(m.held) > 0 || isLoading(m.active())
}

// typed takes a key or a paste: held while the screen on top is loading
// (or keys before it are still held), else given to it.
func (m *Model) typed(msg tea.Msg) tea.Cmd {
	if m.fatal == nil && m.holding() {
		if len(m.held) == 0 {
			m.heldFor = m.active()
		}
		if len(m.held) < maxHeld {
			m.held = append(m.held, msg)
		}
		return nil
	}
	return m.deliver(msg)
}

// deliver gives a key or paste to the active screen, the root's own keys
// first.
func (m *Model) deliver(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m.toActive(msg)
	}
	if m.fatal != nil {
		if s := km.String(); s == "q" || s == "esc" {
			return tea.Quit
		}
		return nil
	}
	if m.help.ShowAll && km.String() == "esc" {
		m.help.ShowAll = false // esc closes the help before anything else
		m.layout()
		return nil
	}
	if !m.active().Typing() && key.Matches(km, m.keys.Message) {
		if _, open := m.active().(*messageScreen); !open {
			if m.status.last == "" {
				return status("no message yet")
			}
			return m.push(newMessageScreen(m.sh, m.status.last, m.status.lastErr))
		}
	}
	if !m.active().Typing() && key.Matches(km, m.keys.Help) {
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return nil
	}
	return m.toActive(km)
}

// settle acts on the screens' intents, then gives held keys to the screen
// they wait for once it is ready, acting on the intents of each in turn: a
// held key may open the next screen, which the keys after it then reach.
func (m *Model) settle() tea.Cmd {
	var cmds []tea.Cmd
	for {
		for len(m.sh.intents) > 0 {
			in := m.sh.intents[0]
			m.sh.intents = m.sh.intents[1:]
			cmds = append(cmds, m.update(in))
		}
		if len(m.held) == 0 {
			break
		}
		a := m.active()
		if a != m.heldFor {
			if !m.onStack(m.heldFor) {
				m.held, m.heldFor = nil, nil // it closed before it was ready
			}
			break // else a dialog covers it: the keys wait
		}
		if isLoading(a) {
			break
		}
		k := m.held[0]
		m.held = m.held[1:]
		cmds = append(cmds, m.deliver(k))
		m.heldFor = m.active()
		if len(m.held) == 0 {
			m.heldFor = nil
		}
	}
	return tea.Batch(cmds...)
}

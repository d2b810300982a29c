package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// messageScreen shows the last status message whole, wrapped to the
// terminal: a message cut at 80 columns can always be read.
type messageScreen struct {
	sh   *shared
	text string
	err  bool
	keys messageKeys
}

type messageKeys struct{ Close key.Binding }

func (k messageKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Close} }
func (k messageKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Close}} }

func newMessageScreen(sh *shared, text string, err bool) *messageScreen {
	return &messageScreen{sh: sh, text: text, err: err, keys: messageKeys{
		Close: key.NewBinding(key.WithKeys("esc", "q", "enter", "!"), key.WithHelp("esc", "close")),
	}}
}

func (s *messageScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, s.keys.Close) {
		return s, s.sh.ask(closeScreenMsg{})
	}
	return s, nil
}

func (s *messageScreen) View() string {
	st := &s.sh.styles
	w := min(76, s.sh.width-2)
	text := wrapText(s.text, w-4)
	if s.err {
		text = st.Error.Render(text)
	}
	return dialog(s.sh, "Last message", text, w)
}

func (s *messageScreen) Keys() help.KeyMap { return s.keys }
func (s *messageScreen) Typing() bool      { return false }
func (s *messageScreen) Title() string     { return "Last message" }

package ui

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/store"
)

// cardModel is the contact 360 card: everything about one contact, each
// field editable in place with the same validation as an import, consents
// toggled, groups and tags added and removed, and the history of every
// change. Edits are saved through store.Save, which writes the history.
type cardModel struct {
	sh   *shared
	keys cardKeys
	id   uint64

	c       *contact.Contact // as stored
	history []contact.Event
	consent []store.ConsentChange // every change of its consents, oldest first
	sources map[string]string     // import:N → "import N (file.csv)"
	defs    []store.ConsentDef
	customs []store.FieldDef
	groups  []string // known group names, offered while adding one
	items   []cardItem
	loaded  bool
	err     error

	cursor, top int

	editing bool
	edit    cardItem // the line being edited (index -1: a new list value)
	input   textinput.Model
	// editFrom is the edit line's text when it opened: a quit asks only
	// when it was changed.
	editFrom string
	editErr  string
	saving   bool
	addFrom  int // cursor before an add line was inserted (-1: none)
}

// cardLoadedMsg carries what the card shows, read in a command.
type cardLoadedMsg struct {
	ID      uint64
	C       *contact.Contact
	History []contact.Event
	Defs    []store.ConsentDef
	Customs []store.FieldDef
	Groups  []string
	Origin  string // the import that created the contact, in words
	Consent []store.ConsentChange
	Sources map[string]string // the imports that recorded its consents, in words
	Err     error
}

func newCard(sh *shared, id uint64) *cardModel {
	m := &cardModel{sh: sh, keys: defaultCardKeys(), id: id, addFrom: -1}
	m.input = textinput.New()
	m.input.Prompt = ""
	m.input.SetStyles(inputStyles(sh))
	return m
}

// Init loads the contact.
func (m *cardModel) Init() tea.Cmd {
	if m.sh.file != nil {
		return loadFileCard(m.sh.file, m.id)
	}
	return loadCard(m.sh.st, m.id)
}

// loadFileCard reads a row of a file opened read-only: it has no history.
func loadFileCard(f contactSource, id uint64) tea.Cmd {
	return func() tea.Msg {
		msg := cardLoadedMsg{ID: id}
		if msg.C, msg.Err = f.Get(id); msg.Err != nil {
			return msg
		}
		if msg.Defs, msg.Err = f.ConsentDefs(); msg.Err != nil {
			return msg
		}
		msg.Customs, msg.Err = f.CustomFields()
		msg.Origin = msg.C.Source
		return msg
	}
}

// loadCard reads a contact, its history and the definitions the card offers.
func loadCard(st *store.Store, id uint64) tea.Cmd {
	return func() tea.Msg {
		msg := cardLoadedMsg{ID: id}
		if msg.C, msg.Err = st.Get(id); msg.Err != nil {
			return msg
		}
		if msg.History, msg.Err = st.History(id); msg.Err != nil {
			return msg
		}
		if msg.Consent, msg.Err = st.ConsentHistory(id); msg.Err != nil {
			return msg
		}
		msg.Sources = importSources(st, msg.Consent)
		if msg.Defs, msg.Err = st.ConsentDefs(); msg.Err != nil {
			return msg
		}
		if msg.Customs, msg.Err = st.CustomFields(); msg.Err != nil {
			return msg
		}
		gs, err := st.Groups()
		for _, g := range gs {
			msg.Groups = append(msg.Groups, g.Name)
		}
		msg.Err = err
		msg.Origin = originOf(st, msg.C.Source)
		return msg
	}
}

// originOf says what created a contact: for an import, its file and date.
func originOf(st *store.Store, source string) string {
	n, ok := strings.CutPrefix(source, "import:")
	if !ok {
		return source
	}
	id, err := strconv.ParseUint(n, 10, 64)
	if err != nil {
		return source
	}
	j, err := st.Job(id)
	if err != nil {
		return source
	}
	return fmt.Sprintf("import %d: %s, %s", id, filepath.Base(j.File), j.Started.UTC().Format("2006-01-02 15:04"))
}

func (m *cardModel) setLoaded(msg cardLoadedMsg) {
	m.loaded, m.err = true, msg.Err
	if msg.Err != nil {
		return
	}
	m.c, m.history, m.defs, m.customs, m.groups = msg.C, msg.History, msg.Defs, msg.Customs, msg.Groups
	m.consent, m.sources = msg.Consent, msg.Sources
	// The cursor stays on its line (a consent just toggled, a field just
	// edited) even when the lines move: toggling again must undo, not
	// change another consent.
	var was cardItem
	hadCursor := m.cursor > 0 && m.cursor < len(m.items)
	if hadCursor {
		was = m.items[m.cursor]
	}
	m.items = cardItems(m.c, m.history, m.defs, m.customs, consentLines(m.consent, m.sources))
	for i := range m.items {
		if m.items[i].field == "source" && msg.Origin != "" {
			m.items[i].value = msg.Origin
		}
	}
	if hadCursor {
		for i, it := range m.items {
			if it.kind == was.kind && it.field == was.field && it.name == was.name && it.index == was.index {
				m.cursor = i
				break
			}
		}
	}
	if m.cursor == 0 || m.cursor >= len(m.items) {
		m.cursor = 0
		m.step(1)
	}
	m.clamp()
}

// Update handles keys and the card's loads and saves.
func (m *cardModel) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case cardLoadedMsg:
		if msg.ID == m.id {
			m.setLoaded(msg)
			if msg.Err != nil {
				return m, statusErr(fmt.Errorf("reading contact %d: %w", m.id, msg.Err))
			}
		}
	case cardSavedMsg:
		return m, m.saved(msg)
	case cardConflictMsg:
		return m, m.conflictChosen(msg)
	case cardErasedMsg:
		return m, m.erased(msg)
	case cardUnsubscribedMsg:
		return m, m.unsubscribed(msg)
	case tea.KeyPressMsg:
		if m.editing {
			return m, m.updateEdit(msg)
		}
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		if m.editing {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			m.scroll(-3)
		} else if msg.Button == tea.MouseWheelDown {
			m.scroll(3)
		}
	}
	return m, nil
}

func (m *cardModel) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	m.keys.update(m.sh.readOnly, false, m.live(), m.focused())
	switch {
	case key.Matches(msg, k.Back):
		return m.sh.ask(closeScreenMsg{})
	case !m.loaded || m.c == nil:
		return nil
	case m.c.Status == contact.StatusErased && isEditKey(msg):
		return status(fmt.Sprintf("contact %d was erased: its card is read-only (the personal data is gone, nothing can be written back)", m.id))
	case key.Matches(msg, k.Up):
		m.step(-1)
	case key.Matches(msg, k.Down):
		m.step(1)
	case key.Matches(msg, k.PageUp):
		m.scroll(-m.pageRows())
	case key.Matches(msg, k.PageDown):
		m.scroll(m.pageRows())
	case key.Matches(msg, k.Top):
		m.cursor, m.top = 0, 0
		m.step(1)
	case key.Matches(msg, k.Bottom):
		// First to the history, its newest event at the top of the
		// card; from there to the very end.
		if h := m.historyStart(); h >= 0 && m.cursor < h {
			m.cursor, m.top = min(h+1, len(m.items)-1), h
		} else {
			m.cursor = len(m.items) - 1
		}
		m.clamp()
	case key.Matches(msg, k.Edit):
		return m.startEdit(m.focused(), false)
	case key.Matches(msg, k.Add):
		return m.startEdit(m.focused(), true)
	case key.Matches(msg, k.Remove):
		return m.remove(m.focused())
	case key.Matches(msg, k.Toggle):
		return m.toggleConsent(m.focused())
	case key.Matches(msg, k.Copy):
		it := m.focused()
		return copyText(it.copy, strings.ToLower(strings.TrimSpace(m.labelOf(it))))
	case key.Matches(msg, k.CopyAll):
		return copyText(cardText(m.items), "card of "+m.c.FullName())
	case key.Matches(msg, k.Erase):
		return m.sh.ask(pushScreenMsg{s: newCardAction(m.sh, actErase, m.c, len(m.history))})
	case key.Matches(msg, k.Unsubscribe):
		return m.sh.ask(pushScreenMsg{s: newCardAction(m.sh, actUnsubscribe, m.c, len(m.history))})
	}
	return nil
}

// labelOf finds the label of a line, looking up to the first line of its list.
func (m *cardModel) labelOf(it cardItem) string {
	if it.label != "" {
		return it.label
	}
	if f, ok := contact.LookupField(it.field); ok {
		return f.Label
	}
	return "value"
}

func (m *cardModel) focused() cardItem {
	if m.cursor >= 0 && m.cursor < len(m.items) {
		return m.items[m.cursor]
	}
	return cardItem{kind: itemText}
}

// step moves the cursor to the next focusable line in direction d.
func (m *cardModel) step(d int) {
	for i := m.cursor + d; i >= 0 && i < len(m.items); i += d {
		if m.items[i].focusable() {
			m.cursor = i
			break
		}
	}
	m.clamp()
}

func (m *cardModel) scroll(d int) {
	m.cursor = max(0, min(m.cursor+d, len(m.items)-1))
	if !m.focused().focusable() {
		m.step(1)
		if !m.focused().focusable() {
			m.step(-1)
		}
	}
	m.clamp()
}

// pageRows is the number of item lines the body shows (less the edit line).
func (m *cardModel) pageRows() int { return max(m.sh.bodyH-1, 1) }

func (m *cardModel) clamp() {
	rows := m.pageRows()
	if m.cursor < m.top {
		m.top = m.cursor
		// Keep a section heading above its first line in view.
		if m.top > 0 && m.items[m.top-1].kind == itemSection {
			m.top--
		}
	}
	if m.cursor >= m.top+rows {
		m.top = m.cursor - rows + 1
	}
	m.top = max(0, min(m.top, len(m.items)-rows))
	m.keys.update(m.sh.readOnly, m.editing, m.live(), m.focused())
}

// Keys implements screen.
func (m *cardModel) Keys() help.KeyMap {
	m.keys.update(m.sh.readOnly, m.editing, m.live(), m.focused())
	return m.keys
}

// Typing implements screen.
func (m *cardModel) Typing() bool { return m.editing }

// resized keeps the cursor in view after the terminal changed size.
func (m *cardModel) resized() {
	if m.loaded {
		m.clamp()
	}
}

// Title implements screen.
func (m *cardModel) Title() string {
	switch {
	case m.c == nil:
		return "Contact"
	case m.c.Status == contact.StatusErased:
		return fmt.Sprintf("Erased contact %d (read-only)", m.c.ID)
	case m.c.FullName() == "":
		return fmt.Sprintf("Contact %d", m.c.ID)
	}
	return m.c.FullName()
}

// isEditKey is a key that would change the contact, whatever the line.
func isEditKey(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "e", "enter", "space", "+", "a", "d", "delete", "E", "U":
		return true
	}
	return false
}

func (m *cardModel) loading() bool { return !m.loaded }

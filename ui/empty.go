package ui

import (
	"context"
	"fmt"
	"rolo/book"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// emptyModel is the first screen of an empty store: it offers demo data, the
// import wizard, or a contact typed by hand.
type emptyModel struct {
	sh   *shared
	keys emptyKeys
	busy bool // demo data is being loaded
}

type emptyKeys struct {
	Demo, DemoBig, Import, New, Quit key.Binding
	OpenFile                         key.Binding // look at a file read-only (rolo open)
}

func (k emptyKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Demo, k.DemoBig, k.Import, k.OpenFile, k.New, k.Quit}
}
func (k emptyKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// demoSmall and demoBig are the two sizes of demo data on offer.
const (
	demoSmall = 1000
	demoBig   = 100000
)

func newEmpty(sh *shared) *emptyModel {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	e := &emptyModel{sh: sh, keys: emptyKeys{
		Demo:     b("d", "demo data", "d"),
		DemoBig:  b("D", "100 000 demo contacts", "D"),
		Import:   b("i", "import a file", "i"),
		New:      b("+", "new contact", "+", "n"),
		Quit:     b("q", "quit", "q"),
		OpenFile: b("o", "open a file read-only", "o"),
	}}
	for _, k := range []*key.Binding{&e.keys.Demo, &e.keys.DemoBig, &e.keys.Import, &e.keys.New} {
		k.SetEnabled(!sh.readOnly)
	}
	return e
}

// demoLoadedMsg says demo data was written (N contacts, maybe fewer than
// asked when the job was cancelled).
type demoLoadedMsg struct{ N int }

// Update handles the screen's keys.
func (e *emptyModel) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case demoLoadedMsg:
		e.busy = false
	case tea.KeyPressMsg:
		k := e.keys
		switch {
		case key.Matches(msg, k.Quit):
			return e, tea.Quit
		case e.busy:
			return e, status("demo data is being loaded")
		case key.Matches(msg, k.Demo), key.Matches(msg, k.DemoBig):
			n := demoSmall
			if key.Matches(msg, k.DemoBig) {
				n = demoBig
			}
			e.busy = true
			label := fmt.Sprintf("loading %s demo contacts", groupDigits(n))
			return e, e.sh.runJob(label, true, loadDemo(e.sh.book, n, e.sh.now()))
		case key.Matches(msg, k.Import):
			return e, e.sh.ask(openImportMsg{})
		case key.Matches(msg, k.New):
			return e, e.sh.ask(openCreateMsg{})
		case key.Matches(msg, k.OpenFile):
			return e, e.sh.ask(openFileDialogMsg{})
		}
	}
	return e, nil
}

// loadDemo writes demo contacts through the book, batch by batch, so it
// can be cancelled between batches (what was written stays).
func loadDemo(b *book.Book, count int, now time.Time) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		n, err := b.AddDemo(ctx, count, 1, now, true, func(done int) { report(done, count) })
		return demoLoadedMsg{N: n}, err
	}
}

// View explains the choices.
func (e *emptyModel) View() string {
	st := &e.sh.styles
	w := min(78, e.sh.width)
	inner := w - 4
	var b strings.Builder
	// Every line wraps to the frame: a long path or a narrow terminal
	// never cuts what a key does.
	para := func(style lipgloss.Style, text string) {
		b.WriteString(style.Render(wrapText(text, inner)) + "\n")
	}
	item := func(k, text string) {
		lines := splitLines(wrapText(text, inner-4))
		for i, l := range lines {
			head := strings.Repeat(" ", 4)
			if i == 0 {
				head = st.Accent.Render(fmt.Sprintf("%-3s", k)) + " "
			}
			b.WriteString(head + l + "\n")
		}
	}
	b.WriteString(st.Title.Render("This store has no contacts yet.") + "\n")
	b.WriteString(st.Muted.Render(ansi.Hardwrap(e.sh.st.Path(), inner, false)) + "\n\n")
	if e.sh.readOnly {
		para(lipgloss.NewStyle(), "It is open read-only, so nothing can be added here. Run rolo without --read-only to load demo data or import a file.")
		b.WriteString("\n")
		item("o", "open a file read-only, with its audit")
		item("q", "quit")
		return dialog(e.sh, "Welcome to rolo", strings.TrimSuffix(b.String(), "\n"), w)
	}
	item("d", fmt.Sprintf("load %s demo contacts: realistic people from six countries", groupDigits(demoSmall)))
	item("D", fmt.Sprintf("load %s demo contacts, to feel the speed", groupDigits(demoBig)))
	item("i", "import a contact file (CSV, XLSX, XLS, vCard, JSONL, ZIP)")
	item("o", "open a file read-only, with its audit")
	item("+", "type in a contact by hand")
	item("q", "quit")
	if e.busy {
		b.WriteString("\n")
		para(st.Warn, "loading demo data…")
	}
	return dialog(e.sh, "Welcome to rolo", strings.TrimSuffix(b.String(), "\n"), w)
}

func (e *emptyModel) Keys() help.KeyMap { return e.keys }
func (e *emptyModel) Typing() bool      { return false }
func (e *emptyModel) Title() string     { return "Empty store" }

package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"rolo/book"
	"rolo/contact"
	"rolo/fileview"
	"rolo/store"
)

// shared is what every screen needs, in one explicit struct: the store, the
// clock, the size of the body area and the styles. Only the root model
// changes it (on resize and when the background colour is known); screens
// read it, and add to its intents through ask.
type shared struct {
	st       *store.Store   // nil for a file opened read-only
	file     *fileview.File // the file opened read-only, else nil
	now      func() time.Time
	readOnly bool
	// book is the store with its settings (the default country for
	// phones typed in national form); st is its store.
	book    *book.Book
	getenv  func(string) string // the environment, for the locale's country
	noColor bool
	isDark  bool
	styles  Styles
	width   int // the whole terminal
	height  int
	bodyH   int // lines available to the active screen
	jobs    *jobRunner
	// after delivers msg after d (tea.Tick); tests make it immediate.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
	// intents are what screens asked the root for (open, close, push a
	// screen, apply a filter, run a job) while handling the current
	// message. The root acts on them before its Update returns: a key that
	// opens a screen makes that screen the receiver of the very next key,
	// where an intent sent back as a command would arrive after keys
	// already queued behind it and let them fall to the screen below.
	intents []tea.Msg
}

// storePath is the store's file ("" for a file opened read-only): files
// written from the interface take its folder's group rules.
func (sh *shared) storePath() string {
	if sh.st == nil {
		return ""
	}
	return sh.st.Path()
}

// ask hands an intent to the root, which acts on it before the current
// Update returns. It returns nil so it reads as a command where one is due.
func (sh *shared) ask(msg tea.Msg) tea.Cmd {
	sh.intents = append(sh.intents, msg)
	return nil
}

// runJob asks the root to start a job: a modal job's progress dialog is
// on top before the next key is read.
func (sh *shared) runJob(label string, modal bool, work jobFunc) tea.Cmd {
	return sh.ask(runJobMsg{Label: label, Work: work, Modal: modal})
}

// tickAfter is the real after: msg arrives d later.
func tickAfter(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// setOptions are the options contact.Set gets for an edit made in the
// interface: source says where (card, bulk, form).
func (sh *shared) setOptions(source string) contact.SetOptions {
	return contact.SetOptions{Country: sh.country(), Source: source, Now: sh.now().UTC()}
}

// country is the default country for phones typed in national form
// ("" for a screen tested without a store).
func (sh *shared) country() string {
	if sh.book == nil {
		return ""
	}
	return sh.book.Country().Value
}

// screen is one screen of the interface. Screens are composed by the root
// model: it routes messages to the screen on top, draws its view in the body
// area and builds the help bar from its key map.
type screen interface {
	Update(msg tea.Msg) (screen, tea.Cmd)
	// View draws the body: exactly sh.width × sh.bodyH cells at most.
	View() string
	// Keys is the key map the help bar shows.
	Keys() help.KeyMap
	// Typing reports whether a text input has focus, so global keys (q, ?)
	// are typed rather than obeyed.
	Typing() bool
	// Title names the screen in the header.
	Title() string
}

// Intent messages: children tell the root what they want; the root decides.
type (
	// closeScreenMsg pops the screen on top.
	closeScreenMsg struct{}
	// pushScreenMsg puts a new screen on top (the import wizard and the
	// duplicates screen of later issues arrive this way).
	pushScreenMsg struct{ s screen }
	// openCardMsg opens the 360 card of a contact.
	openCardMsg struct{ ID uint64 }
	// openColumnsMsg opens the column visibility dialog.
	openColumnsMsg struct{}
	// openCreateMsg opens the create-contact form.
	openCreateMsg struct{}
	// openBulkMsg opens the bulk actions dialog for the selected IDs.
	openBulkMsg struct{ IDs []uint64 }
	// openImportMsg asks for the import wizard.
	openImportMsg struct{ Path string }
	// contactChangedMsg says a contact was created or edited and saved; the
	// root updates the index and the table.
	contactChangedMsg struct{ C *contact.Contact }
	// contactsChangedMsg says many contacts changed and were put into the
	// index by whoever changed them (bulk work does, contact by contact):
	// the root refreshes the total and the current match.
	contactsChangedMsg struct{}
	// reindexMsg says many contacts changed in the store and the index
	// does not know (an import, a merge of duplicates): the root builds a
	// new index in the background and switches to it when it is ready.
	reindexMsg struct{}
	// setColumnsMsg applies a column choice (and saves it when Save is set).
	setColumnsMsg struct {
		Fields []string
		Save   bool
	}
	// statusMsg shows a line in the status bar for a while.
	statusMsg struct {
		Text string
		Err  bool
	}
)

// status returns a command that shows text in the status line.
func status(text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{Text: text} }
}

// statusErr returns a command that shows an error in the status line.
func statusErr(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	return func() tea.Msg { return statusMsg{Text: err.Error(), Err: true} }
}

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

func splitLines(s string) []string { return strings.Split(s, "\n") }

func joinLines(l []string) string { return strings.Join(l, "\n") }

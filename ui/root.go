package ui

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/book"
	"rolo/contact"
	"rolo/filter"
	"rolo/indexfile"
	"rolo/store"
)

// Model is the root model: it owns the screens, the header, the status line
// and the help bar, the contact index and the background jobs.
type Model struct {
	sh      *shared
	table   *tableModel
	empty   *emptyModel // shown instead of the table while the store is empty
	stack   []screen    // screens above the table, the active one last
	held    []tea.Msg   // keys typed at a screen still loading (root_keys.go)
	heldFor screen      // the screen they wait for
	help    help.Model
	keys    globalKeys
	helpH   int // lines the help bar takes
	// quitAsk names the unsaved input a first ctrl+c found: the status
	// line asks, and a second ctrl+c quits.
	quitAsk string

	started bool // the first screen's data has arrived
	total   int  // living contacts in the store
	erased  int  // tombstones of erased people, not counted in total
	status  statusLine

	ix             *filter.Index
	indexJob       int                // job building the index (0: none)
	pending        []*contact.Contact // edits made while the index was built
	seen           uint64             // the last journalled change applied to ix (see follow.go)
	follow         bool               // look for others' changes every second (ui.Run sets it)
	orderDirty     bool               // contacts changed in this session: save the order on exit
	saveOrderAfter bool               // the saved order was stale: save one when the index is built
	indexSaving    bool               // the index is being stored
	ixFile         *indexfile.Opened  // the stored file m.ix reads columns from
	behind         int                // contacts applied from the journal since the index was stored
	jobs           map[int]jobMsg     // running jobs, latest event of each
	modal          int                // job shown in a progress dialog
	fatal          error              // the store failed: an error screen
	importFile     string             // rolo import FILE on a terminal
	file           *fileState         // rolo open FILE: the file shown read-only (open.go)
	openCommand    func(string) *exec.Cmd
}

// globalKeys work on every screen (q and ? only when no text input has focus).
type globalKeys struct {
	Help, Quit, Message key.Binding
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		// The last status message whole, wrapped: one cut at 80 columns
		// can always be read.
		Message: key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "last message whole")),
	}
}

// New builds the root model on an open store.
func New(d Deps) *Model {
	d = d.withDefaults()
	sh := &shared{
		st: d.Store, now: d.Now, readOnly: d.Open != nil || d.Store.ReadOnly(), getenv: d.Getenv,
		noColor: d.NoColor, isDark: true, jobs: newJobRunner(), after: tickAfter,
	}
	flag := d.Country
	if d.Open != nil && flag == "" {
		flag = d.Open.Country // a file's own country, given to rolo open
	}
	var err error
	if sh.book, err = book.New(d.Store, flag, d.Getenv); err != nil {
		// A setting that cannot be read leaves phones without a default;
		// the first page's load says what is wrong with the store.
		sh.book, _ = book.New(d.Store, "", nil)
	}
	sh.styles = newStyles(sh.isDark, sh.noColor)
	m := &Model{sh: sh, help: help.New(), keys: defaultGlobalKeys(), jobs: map[int]jobMsg{}, importFile: d.ImportFile}
	m.help.Styles = sh.styles.Help
	m.table = newTable(sh)
	m.table.keys.showCountry(sh.country())
	m.table.keys.Audit.SetEnabled(false) // only a file opened read-only has an audit
	m.openCommand = d.OpenCommand
	if d.Open != nil {
		m.openFile(*d.Open)
	}
	return m
}

// Init asks the terminal for its background colour and loads the first
// screen: the total, the saved column choice and the first page.
func (m *Model) Init() tea.Cmd {
	if m.file != nil {
		return tea.Batch(tea.RequestBackgroundColor, m.startFile())
	}
	var follow tea.Cmd
	if m.follow {
		follow = followTick()
	}
	return tea.Batch(tea.RequestBackgroundColor, loadStart(m.sh.st, startPage), follow)
}

// active is the screen that gets keys.
func (m *Model) active() screen {
	if n := len(m.stack); n > 0 {
		return m.stack[n-1]
	}
	if m.empty != nil {
		return m.empty
	}
	return m.table
}

// Update routes a message: keys to the active screen (global keys first),
// results to whoever asked for them, intents to the root itself. What the
// screens asked for meanwhile is done before it returns, and keys held for
// a screen that was loading are given to it once it is ready.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	return m, tea.Batch(cmd, m.settle())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.sh.width, m.sh.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		m.sh.isDark = msg.IsDark()
		m.sh.styles = newStyles(m.sh.isDark, m.sh.noColor)
		m.help.Styles = m.sh.styles.Help
		return nil
	case tea.KeyPressMsg:
		if m.quitAsk != "" {
			// The question takes this key: ctrl+c again quits, any
			// other key goes back to what was typed (and does nothing
			// else, as an answer is not a command).
			m.quitAsk = ""
			if key.Matches(msg, m.keys.Quit) {
				return tea.Quit
			}
			return nil
		}
		if key.Matches(msg, m.keys.Quit) {
			if what := m.unsavedInput(); what != "" && m.fatal == nil {
				m.quitAsk = what
				return nil
			}
			return tea.Quit
		}
		return m.typed(msg)
	case tea.PasteMsg:
		return m.typed(msg)
	case tea.MouseWheelMsg:
		if m.holding() {
			return nil // a wheel turned at a screen still loading is not worth keeping
		}
		return m.toActive(msg)
	case statusMsg:
		return m.status.set(msg, m.sh.now(), m.sh.after)
	case statusExpiredMsg:
		m.status.expire(msg)
		return nil
	}
	if cmd, ok := m.handleIntent(msg); ok {
		return cmd
	}
	if cmd, ok := m.handleFollow(msg); ok {
		return cmd
	}
	if cmd, ok := m.handleData(msg); ok {
		return cmd
	}
	// A file the wizard finished reading after the wizard was closed: no
	// screen will take it, so its handle is released here.
	if msg, ok := msg.(wizSourceMsg); ok && !m.onStack(msg.w) {
		return closeSource(msg.src)
	}
	return m.broadcast(msg)
}

// onStack reports whether s is one of the screens above the table.
func (m *Model) onStack(s screen) bool {
	for _, x := range m.stack {
		if x == s {
			return true
		}
	}
	return false
}

// toActive gives a key, paste or wheel event to the active screen.
func (m *Model) toActive(msg tea.Msg) tea.Cmd {
	s, cmd := m.active().Update(msg)
	m.replaceActive(s)
	return cmd
}

func (m *Model) replaceActive(s screen) {
	switch {
	case len(m.stack) > 0:
		m.stack[len(m.stack)-1] = s
	case m.empty != nil:
		if e, ok := s.(*emptyModel); ok {
			m.empty = e
		}
	default:
		if t, ok := s.(*tableModel); ok {
			m.table = t
		}
	}
}

// broadcast gives any other message (loads, saves, results) to every
// screen; each ignores what is not its own.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	s, cmd := m.table.Update(msg)
	m.table = s.(*tableModel)
	cmds = append(cmds, cmd)
	if m.empty != nil {
		s, cmd := m.empty.Update(msg)
		m.empty = s.(*emptyModel)
		cmds = append(cmds, cmd)
	}
	for i := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = m.stack[i].Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// push puts a screen on top and runs its first command.
func (m *Model) push(s screen) tea.Cmd {
	m.stack = append(m.stack, s)
	m.layout()
	if in, ok := s.(interface{ Init() tea.Cmd }); ok {
		return in.Init()
	}
	return nil
}

func (m *Model) pop() {
	if n := len(m.stack); n > 0 {
		m.stack = m.stack[:n-1]
	}
	m.layout()
}

// layout shares out the height: a header line, the body, the status line
// and the help bar (taller with ? pressed).
func (m *Model) layout() {
	m.help.SetWidth(m.sh.width)
	helpH := 1
	if m.help.ShowAll {
		// On a very small terminal the full help gets what is left after
		// the header, one body line and the status line.
		helpH = min(strings.Count(helpView(m.help, m.helpKeys(), m.sh.width), "\n")+1, max(m.sh.height-3, 1))
	}
	m.helpH = helpH
	m.sh.bodyH = max(m.sh.height-2-helpH, 1)
	m.table.clamp()
	for _, s := range m.stack {
		if r, ok := s.(interface{ resized() }); ok {
			r.resized()
		}
	}
}

// helpKeys is the active screen's key map with the global keys added.
func (m *Model) helpKeys() help.KeyMap {
	return combinedKeys{screen: m.active().Keys(), global: m.keys}
}

type combinedKeys struct {
	screen help.KeyMap
	global globalKeys
}

func (c combinedKeys) ShortHelp() []key.Binding {
	return append(c.screen.ShortHelp(), c.global.Help)
}

func (c combinedKeys) FullHelp() [][]key.Binding {
	return append(c.screen.FullHelp(), []key.Binding{c.global.Help, c.global.Message, c.global.Quit})
}

// View draws the header, the active screen, the status line and the help.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "rolo"
	return v
}

func (m *Model) render() string {
	w, h := m.sh.width, m.sh.height
	if w <= 0 || h <= 0 {
		return "rolo: starting…"
	}
	st := &m.sh.styles
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteByte('\n')
	body := ""
	switch {
	case m.fatal != nil:
		body = st.Error.Width(max(m.sh.width, 20)).Render(fatalText(m.fatal)) + "\n\n" + st.Muted.Render("Press q to quit. Your data was not changed by this error.")
	case !m.started:
		body = st.Muted.Render("opening " + m.sh.st.Path() + "…")
	default:
		body = m.active().View()
	}
	if ex, ok := m.active().(interface{ exact() bool }); ok && ex.exact() && m.fatal == nil && m.started &&
		strings.Count(body, "\n") == m.sh.bodyH-1 {
		b.WriteString(body) // already every line exactly w cells: measuring it again costs a third of a frame
	} else {
		b.WriteString(padLines(body, w, m.sh.bodyH))
	}
	b.WriteByte('\n')
	if m.quitAsk != "" {
		b.WriteString(fitLine(st.Warn.Render(quitQuestion(m.quitAsk)), w))
	} else {
		b.WriteString(m.status.fit(st, w))
	}
	b.WriteByte('\n')
	m.help.SetWidth(w)
	// bubbles' help can overflow by an item when the line is exactly full:
	// helpView cuts it to the width.
	// The help takes the lines layout gave it (keys enabled since may
	// make it longer or shorter): cut or padded, the frame keeps its height.
	lines := strings.Split(helpView(m.help, m.helpKeys(), w), "\n")
	if n := max(m.helpH, 1); len(lines) > n {
		lines = lines[:n]
		if n > 1 {
			lines[n-1] = fitLine(st.Muted.Render("… more keys on a larger terminal"), w)
		}
	}
	for len(lines) < max(m.helpH, 1) {
		lines = append(lines, "")
	}
	b.WriteString(strings.Join(lines, "\n"))
	return b.String()
}

// header is the top line: the screen, the total ("12 431 of 1 000 000
// contacts"), and badges for read-only and running jobs.
func (m *Model) header() string {
	st := &m.sh.styles
	left := st.App.Render("rolo") + st.Faint.Render(" · ") + m.fileTitle() + st.Title.Render(m.active().Title())
	if m.started && m.fatal == nil {
		left += st.Faint.Render(" · ") + st.Muted.Render(m.countText())
	}
	var badges []string
	if m.sh.readOnly {
		ro := "read-only"
		if m.file != nil {
			ro = "read-only file, not the store"
		}
		badges = append(badges, st.Badge.Render(ro))
	}
	shown, _ := m.active().(interface{ showsJob(label string) bool })
	for _, id := range m.jobIDs() {
		ev := m.jobs[id]
		if ev.Label == "" || shown != nil && shown.showsJob(ev.Label) {
			continue // the screen below draws this job's progress itself
		}
		p := ev.Label
		if ev.Total > 0 {
			p += fmt.Sprintf(" %d%%", ev.Done*100/max(ev.Total, 1))
		} else {
			p += "…"
		}
		badges = append(badges, st.Warn.Render(p))
	}
	right := strings.Join(badges, " ")
	gap := m.sh.width - lipglossWidth(left) - lipglossWidth(right)
	if gap < 1 {
		return fitLine(left+" "+right, m.sh.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// countText is "12 431 of 1 000 000 contacts" under a filter or search,
// "1 000 000 contacts" otherwise.
func (m *Model) countText() string {
	t := m.table
	noun := "contacts"
	if m.total == 1 {
		noun = "contact"
	}
	if m.file != nil {
		noun = "rows"
		if m.total == 1 {
			noun = "row"
		}
	}
	erased := ""
	if m.erased > 0 && m.file == nil {
		erased = " · " + groupDigits(m.erased) + " erased"
	}
	if (t.q.search != "" || !t.q.filter.IsEmpty()) && t.rows.complete {
		return fmt.Sprintf("%s of %s %s%s", groupDigits(t.rows.matched), groupDigits(m.total), noun, erased)
	}
	return fmt.Sprintf("%s %s%s", groupDigits(m.total), noun, erased)
}

func (m *Model) jobIDs() []int {
	ids := make([]int, 0, len(m.jobs))
	for id := range m.jobs {
		ids = append(ids, id)
	}
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
}

// Shutdown cancels the background jobs and waits for them, so the store can
// be closed safely; Run calls it when the program ends.
func (m *Model) Shutdown() { m.sh.jobs.shutdown() }

// fatalText is what the error screen says: a damaged store file in the same
// words as on the command line, anything else after "rolo cannot go on".
func fatalText(err error) string {
	var de *store.DamageError
	if errors.As(err, &de) {
		return de.Error()
	}
	return "rolo cannot go on: " + err.Error()
}

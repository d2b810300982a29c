package ui

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/importer"
	"rolo/store"
)

// jobsList is the import jobs list (I on the table): every import the
// store keeps, newest first, with its date, file, status and counts; enter
// opens its results (rebuilt from what the job recorded), u undoes it, n
// starts a new import.
type jobsList struct {
	sh      *shared
	keys    jobsKeys
	jobs    []store.Job
	loaded  bool
	cursor  int
	top     int
	confirm bool // asking whether to undo the job under the cursor
	opening bool
	err     string
}

type jobsKeys struct {
	listKeys
	Open, Undo, Resume, New, Yes, No, Back key.Binding
}

func (k jobsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Undo, k.Resume, k.New, k.Yes, k.No, k.Back}
}

func (k jobsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.help(), k.ShortHelp()}
}

func defaultJobsKeys() jobsKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return jobsKeys{
		listKeys: defaultListKeys(),
		Open:     b("enter", "results", "enter"),
		Undo:     b("u", "undo import", "u"),
		Resume:   b("r", "resume import", "r"),
		New:      b("n", "new import", "n", "i"),
		Yes:      b("y", "yes, undo", "y"),
		No:       b("n", "no", "n"),
		Back:     b("esc/q", "back", "esc", "q"),
	}
}

// Messages of the jobs list's commands.
type (
	// openJobsMsg opens the import jobs list.
	openJobsMsg   struct{}
	jobsLoadedMsg struct {
		jobs []store.Job
		err  error
	}
	jobResultsMsg struct {
		job store.Job
		rep *importer.Report
		opt importer.Options
		err error
	}
)

func newJobsList(sh *shared) *jobsList {
	l := &jobsList{sh: sh, keys: defaultJobsKeys()}
	l.setKeys()
	return l
}

// Init reads the jobs.
func (l *jobsList) Init() tea.Cmd { return loadJobs(l.sh.st) }

func loadJobs(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		jobs, err := st.Jobs()
		slices.Reverse(jobs)
		return jobsLoadedMsg{jobs: jobs, err: err}
	}
}

// loadJobResults rebuilds a job's report from its options and batch logs.
func loadJobResults(st *store.Store, id uint64) tea.Cmd {
	return func() tea.Msg {
		j, err := st.Job(id)
		if err != nil {
			return jobResultsMsg{err: err}
		}
		var logs [][]byte
		err = st.JobLogs(id, func(b []byte) error { logs = append(logs, bytes.Clone(b)); return nil })
		if err != nil {
			return jobResultsMsg{err: fmt.Errorf("reading the log of import job %d: %w", id, err)}
		}
		rep, opt, err := importer.JobReport(j.File, j.Options, logs)
		return jobResultsMsg{job: j, rep: rep, opt: opt, err: err}
	}
}

func (l *jobsList) current() (store.Job, bool) {
	if l.cursor < len(l.jobs) {
		return l.jobs[l.cursor], true
	}
	return store.Job{}, false
}

// setKeys enables the keys that do something for the job under the cursor.
func (l *jobsList) setKeys() {
	k := &l.keys
	j, ok := l.current()
	k.setEnabled(!l.confirm)
	k.Open.SetEnabled(!l.confirm && ok)
	k.Undo.SetEnabled(!l.confirm && ok && j.Status != contact.JobUndone && !j.DryRun && !l.sh.readOnly)
	k.New.SetEnabled(!l.confirm && !l.sh.readOnly)
	// A job running now is this process's own (the store is locked to
	// it): only cancelled and failed ones are offered; a killed one
	// ("running") goes on with rolo import --resume.
	k.Resume.SetEnabled(!l.confirm && ok && !l.sh.readOnly && (j.Status == contact.JobCancelled || j.Status == contact.JobFailed))
	k.Yes.SetEnabled(l.confirm)
	k.No.SetEnabled(l.confirm)
}

// Update handles the list's keys and its commands' answers.
func (l *jobsList) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := l.update(msg)
	l.setKeys()
	return l, cmd
}

func (l *jobsList) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jobsLoadedMsg:
		l.loaded = true
		l.jobs, l.err = msg.jobs, ""
		if msg.err != nil {
			l.err = "reading the import jobs: " + msg.err.Error()
		}
		l.cursor = max(0, min(l.cursor, len(l.jobs)-1))
	case jobResultsMsg:
		if !l.opening {
			return nil
		}
		l.opening = false
		if msg.err != nil {
			l.err = msg.err.Error()
			return nil
		}
		return l.sh.ask(pushScreenMsg{s: newJobResults(l.sh, msg.job, msg.rep, msg.opt)})
	case jobResumeMsg:
		if !l.opening {
			return closeSource(msg.src)
		}
		l.opening = false
		if msg.err != nil {
			l.err = msg.err.Error()
			return nil
		}
		return l.sh.ask(pushScreenMsg{s: newResumeWizard(l.sh, msg.job, msg.src, msg.opt)})
	case importDoneMsg, undoDoneMsg:
		return loadJobs(l.sh.st)
	case tea.KeyPressMsg:
		return l.key(msg)
	}
	return nil
}

func (l *jobsList) key(msg tea.KeyPressMsg) tea.Cmd {
	k := l.keys
	if l.confirm {
		switch {
		case key.Matches(msg, k.Yes):
			l.confirm = false
			j, _ := l.current()
			return l.sh.runJob(fmt.Sprintf("undoing import %d", j.ID), false, undoJob(l.sh.st, j.ID, nil))
		case key.Matches(msg, k.No), key.Matches(msg, k.Back):
			l.confirm = false
		}
		return nil
	}
	if c, ok := k.move(msg, l.cursor, len(l.jobs), l.sh.bodyH-6); ok {
		l.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return l.sh.ask(closeScreenMsg{})
	case key.Matches(msg, k.Open):
		if j, ok := l.current(); ok {
			l.opening, l.err = true, ""
			return loadJobResults(l.sh.st, j.ID)
		}
	case key.Matches(msg, k.Undo):
		l.confirm, l.err = true, ""
	case key.Matches(msg, k.Resume):
		if j, ok := l.current(); ok {
			l.opening, l.err = true, ""
			return loadResume(l.sh.st, j.ID)
		}
	case key.Matches(msg, k.New):
		return l.sh.ask(openImportMsg{})
	}
	l.cursor = max(0, min(l.cursor, len(l.jobs)-1))
	return nil
}

// View draws the jobs, newest first, and the undo question.
func (l *jobsList) View() string {
	st := &l.sh.styles
	width := l.sh.width
	lines := []string{st.Title.Render("Imports") + st.Muted.Render(" · newest first · each can be undone")}
	if !l.loaded {
		return strings.Join(append(lines, st.Faint.Render("reading the import jobs…")), "\n")
	}
	if len(l.jobs) == 0 {
		lines = append(lines, "", "No imports yet.", st.Muted.Render("n imports a file (or run rolo import FILE)."))
		return strings.Join(lines, "\n")
	}
	nums := []struct {
		title string
		get   func(store.Job) int
	}{
		{"Rows", func(j store.Job) int { return j.Counts.Rows }},
		{"Created", func(j store.Job) int { return j.Counts.Created }},
		// Updated and merged apart, as the job's results name them.
		{"Updated", func(j store.Job) int { return j.Counts.Updated }},
		{"Merged", func(j store.Job) int { return j.Counts.Merged }},
		{"Unchanged", func(j store.Job) int { return j.Counts.Unchanged }},
		{"Rejected", func(j store.Job) int { return j.Counts.Rejected + j.Counts.Suppressed }},
	}
	// The counts that fit, the least telling dropped first: unchanged,
	// merged, then rows, then updated.
	const numW = 9
	shown := []bool{true, true, true, true, true, true}
	fileW := width - 2 - 6 - 18 - 11 - len(nums)*(numW+1)
	for _, drop := range []int{4, 3, 0, 2} {
		if fileW >= 12 {
			break
		}
		shown[drop] = false
		fileW += numW + 1
	}
	fileW = max(fileW, 8)
	row := func(id, started, file, status string, n []string) string {
		var b strings.Builder
		cell(&b, id, 5, true)
		b.WriteString(" ")
		cell(&b, started, 17, false)
		b.WriteString(" ")
		cell(&b, file, fileW, false)
		b.WriteString(" ")
		cell(&b, status, 10, false)
		for i, v := range n {
			if shown[i] {
				b.WriteString(" ")
				cell(&b, v, numW, true)
			}
		}
		return b.String()
	}
	var titles []string
	for _, n := range nums {
		titles = append(titles, n.title)
	}
	lines = append(lines, st.ColHeader.Render(fitLine("  "+row("Job", "Started", "File", "Status", titles), width)))
	rows := max(l.sh.bodyH-len(lines)-3, 1)
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+rows {
		l.top = l.cursor - rows + 1
	}
	loc := l.sh.now().Location()
	for i := l.top; i < len(l.jobs) && i < l.top+rows; i++ {
		j := l.jobs[i]
		var vals []string
		for _, n := range nums {
			vals = append(vals, groupDigits(n.get(j)))
		}
		line := row(fmt.Sprint(j.ID), j.Started.In(loc).Format("2006-01-02 15:04"), baseName(j.File), string(j.Status), vals)
		if i == l.cursor {
			lines = append(lines, st.CursorRow.Render(fitLine("> "+line, width)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	lines = append(lines, "")
	if j, ok := l.current(); ok {
		foot := st.Muted.Render(j.File)
		if j.Error != "" {
			foot += st.Error.Render(" · " + j.Error)
		}
		if l.confirm {
			foot = wrapBlock(st.Warn.Render(undoQuestion(j.ID, baseName(j.File), j.Counts.Created, j.Counts.Updated))+
				"  "+st.Accent.Render("y")+" yes · "+st.Accent.Render("n")+" no", width)
		}
		lines = append(lines, foot)
	}
	if l.opening {
		lines = append(lines, st.Faint.Render("reading the job's results…"))
	}
	if l.err != "" {
		lines = append(lines, st.Error.Render("✗ "+l.err))
	}
	return strings.Join(lines, "\n")
}

func (l *jobsList) Keys() help.KeyMap { l.setKeys(); return l.keys }
func (l *jobsList) Typing() bool      { return false }
func (l *jobsList) Title() string     { return "Imports" }

func (l *jobsList) loading() bool { return !l.loaded }

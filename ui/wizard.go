package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/importer"
)

// wizStep is a step of the import wizard.
type wizStep int

const (
	wzFile    wizStep = iota // pick the file (wizard_file.go)
	wzRead                   // how to read it, with a preview (wizard_read.go)
	wzMap                    // which column fills which field (wizard_map.go)
	wzOptions                // key, mode, country, groups… (wizard_options.go)
	wzRun                    // the import under way (wizard_run.go)
	wzResults                // counts, rejected rows, fixes, undo (wizard_results.go)
)

var wizStepNames = [...]string{"File", "Read", "Mapping", "Options", "Import", "Results"}

// wizInput says what the wizard's text input is for while it has focus.
type wizInput int

const (
	inNone        wizInput = iota
	inPath                 // a path typed in the file step
	inTarget               // a mapping target, by typeahead
	inOption               // a text option (country, groups, tags)
	inCell                 // a rejected row's cell being fixed
	inSaveMapping          // the mapping file's name
	inSaveRejects          // the rejects file's name
)

// importWizard is the import wizard: the engine's steps (Open, AutoMap,
// Check, Start, the Report) as six screens over one model, so going back
// a step keeps every choice made. Reading, checking and writing happen in
// commands and jobs; their answers carry the wizard they belong to and a
// sequence number, and a stale answer is dropped. The import itself is a
// non-modal job: the user may leave the wizard while it runs.
type importWizard struct {
	sh    *shared
	keys  wizardKeys
	step  wizStep
	first wizStep // where the wizard opened: esc there closes it
	err   string  // the current step's error line

	input    textinput.Model
	inputFor wizInput

	file wizFile
	read wizRead
	mapg wizMap
	opts wizOptions
	run  wizRun
	res  wizResults
	info wizStoreInfo
	// overwrite is a file name the user was told exists: enter again on
	// it replaces the file.
	overwrite string
	// start is the run Init starts (a resumed job opens at its run).
	start tea.Cmd
}

// newImportWizard opens the wizard: at the file picker, or with a path (rolo
// import FILE on a terminal, or a file picked elsewhere) at its preview.
func newImportWizard(sh *shared, path string) *importWizard {
	w := &importWizard{sh: sh, keys: defaultWizardKeys()}
	w.input = textinput.New()
	w.input.SetStyles(inputStyles(sh))
	w.opts = newWizOptions(sh)
	w.file.path = path
	if path != "" {
		w.step, w.first = wzRead, wzFile
	}
	w.setKeys()
	return w
}

// Init lists the current folder (or reads the file) and loads what the
// store defines: consents, custom fields, groups, the default country.
func (w *importWizard) Init() tea.Cmd {
	cmds := []tea.Cmd{loadWizStoreInfo(w, w.sh.st), w.start}
	w.start = nil
	if w.step == wzRead {
		cmds = append(cmds, w.openSource(w.file.path))
	} else if w.step == wzFile {
		cmds = append(cmds, listDir(w, w.file.dirSeq, ""))
	}
	return tea.Batch(cmds...)
}

// Update routes a message to the current step. Answers to commands are
// taken whichever step is shown (a preview read in the background is
// ready when the user comes back to it).
func (w *importWizard) Update(msg tea.Msg) (screen, tea.Cmd) {
	cmd := w.update(msg)
	w.setKeys()
	return w, cmd
}

func (w *importWizard) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := w.answer(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if w.inputFor != inNone {
			var cmd tea.Cmd
			w.input, cmd = w.input.Update(msg)
			return tea.Batch(cmd, w.typed())
		}
	case tea.MouseWheelMsg:
		// The wheel moves the cursor of the list on screen, as ↑ and ↓.
		switch {
		case w.inputFor != inNone || w.step == wzRun:
		case msg.Button == tea.MouseWheelUp:
			return w.update(tea.KeyPressMsg{Code: tea.KeyUp})
		case msg.Button == tea.MouseWheelDown:
			return w.update(tea.KeyPressMsg{Code: tea.KeyDown})
		}
	case tea.KeyPressMsg:
		if w.inputFor != inNone {
			return w.typingKey(msg)
		}
		if key.Matches(msg, w.keys.Back) {
			return w.back()
		}
		switch w.step {
		case wzFile:
			return w.fileKey(msg)
		case wzRead:
			return w.readKey(msg)
		case wzMap:
			return w.mapKey(msg)
		case wzOptions:
			return w.optionsKey(msg)
		case wzRun:
			return w.runKey(msg)
		case wzResults:
			return w.resultsKey(msg)
		}
	}
	return nil
}

// answer takes the results of the wizard's commands and jobs.
func (w *importWizard) answer(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case wizStoreInfoMsg:
		if msg.w == w {
			w.info = msg.info
			return w.recheck(), true
		}
	case wizDirMsg:
		if msg.w == w {
			return w.dirListed(msg), true
		}
	case wizCompleteMsg:
		if msg.w == w {
			w.completed(msg)
			return nil, true
		}
	case wizSourceMsg:
		if msg.w == w {
			return w.sourceRead(msg), true
		}
	case wizCheckMsg:
		if msg.w == w {
			w.checked(msg)
			return nil, true
		}
	case wizKeylessMsg:
		if msg.w == w {
			w.keylessCounted(msg)
			return nil, true
		}
	case wizSavedMsg:
		if msg.w == w {
			return w.saved(msg), true
		}
	case wizProgressMsg:
		if msg.w == w {
			return w.progressed(msg), true
		}
	case importDoneMsg:
		if msg.w == w {
			return w.importDone(msg), true
		}
	case undoDoneMsg:
		if msg.w == w {
			w.undone(msg)
			return nil, true
		}
	case wizTouchedMsg:
		if msg.w == w {
			return w.touched(msg), true
		}
	}
	return nil, false
}

// back goes one step back; at the step the wizard opened on, it closes.
func (w *importWizard) back() tea.Cmd {
	w.err = ""
	switch w.step {
	case wzFile:
		return tea.Batch(closeSource(w.read.src), w.sh.ask(closeScreenMsg{}))
	case wzRead:
		w.step = wzFile
		if d := dirOf(w.file.path); d != w.file.dir || len(w.file.entries) == 0 {
			return listDir(w, w.nextDirSeq(), d)
		}
	case wzMap:
		w.step = wzRead
	case wzOptions:
		w.stopKeylessCount()
		w.step = wzMap
	case wzRun:
		// The import goes on; its progress stays in the header.
		return tea.Batch(w.sh.ask(closeScreenMsg{}),
			status(fmt.Sprintf("the import of %s goes on in the background · I lists imports", w.run.name)))
	case wzResults:
		if w.res.confirm || w.res.fixing {
			w.res.confirm, w.res.fixing = false, false
			return nil
		}
		return w.sh.ask(closeScreenMsg{})
	}
	return nil
}

// next goes one step on from the read and mapping steps.
func (w *importWizard) next() tea.Cmd {
	switch w.step {
	case wzRead:
		if w.read.src == nil {
			w.err = "the file is not read yet"
			if w.read.err != "" {
				w.err = w.read.err
			}
			return nil
		}
		w.step = wzMap
		return w.recheck()
	case wzMap:
		if w.mapg.check.err != "" {
			w.err = w.mapg.check.err
			return nil
		}
		w.step = wzOptions
		return w.countKeyless()
	}
	return nil
}

// View draws the steps line, the current step and its error line.
func (w *importWizard) View() string {
	st := &w.sh.styles
	if w.sh.width <= 0 {
		return ""
	}
	lines := []string{w.crumbs(), ""}
	h := max(w.sh.bodyH-len(lines), 1)
	if w.err != "" {
		h--
	}
	var body string
	switch w.step {
	case wzFile:
		body = w.fileView(h)
	case wzRead:
		body = w.readView(h)
	case wzMap:
		body = w.mapView(h)
	case wzOptions:
		body = w.optionsView(h)
	case wzRun:
		body = w.runView(h)
	case wzResults:
		body = w.resultsView(h)
	}
	lines = append(lines, padLines(body, w.sh.width, h))
	if w.err != "" {
		lines = append(lines, st.Error.Render("✗ "+w.err))
	}
	return strings.Join(lines, "\n")
}

// crumbs is the steps line: done steps muted, the current one marked.
func (w *importWizard) crumbs() string {
	st := &w.sh.styles
	var parts []string
	for i, n := range wizStepNames {
		s := fmt.Sprintf("%d %s", i+1, n)
		switch {
		case wizStep(i) == w.step:
			s = st.Accent.Render("[" + s + "]")
		case wizStep(i) < w.step:
			s = st.Muted.Render(s)
		default:
			s = st.Faint.Render(s)
		}
		parts = append(parts, s)
	}
	line := strings.Join(parts, st.Faint.Render(" › "))
	if name := w.fileName(); name != "" {
		line += st.Faint.Render("  ·  ") + st.Title.Render(name)
	}
	return fitLine(line, w.sh.width)
}

// fileName is the base name of the file being imported.
func (w *importWizard) fileName() string {
	switch {
	case w.res.rep != nil:
		return w.res.rep.File
	case w.read.src != nil:
		return w.read.src.Name
	case w.step > wzFile && w.file.path != "":
		return baseName(w.file.path)
	}
	return ""
}

// Keys implements screen.
func (w *importWizard) Keys() help.KeyMap {
	w.setKeys()
	return w.keys
}

// Typing implements screen.
func (w *importWizard) Typing() bool { return w.inputFor != inNone }

// Title implements screen.
func (w *importWizard) Title() string {
	return fmt.Sprintf("Import · %d/6 %s", int(w.step)+1, wizStepNames[w.step])
}

// table is the table on screen (a member of an archive), or nil.
func (w *importWizard) table() *importer.Table {
	src := w.read.src
	if src == nil || len(src.Tables) == 0 {
		return nil
	}
	return src.Tables[min(w.read.tab, len(src.Tables)-1)]
}

// loading holds the keys typed while a folder is listed or the file is
// first read: they are meant for the list or the preview about to show.
func (w *importWizard) loading() bool {
	return (w.step == wzFile && w.file.loading) || (w.step == wzRead && w.read.loading && w.read.src == nil)
}

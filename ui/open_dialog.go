package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/importer"
)

// openDialog asks for a file to open read-only, with the path completed
// from the folders on tab. The file is checked here (it exists, rolo can
// read it); then the interface steps aside for `rolo open FILE` in the
// same terminal and comes back when it ends.
type openDialog struct {
	sh      *shared
	keys    openKeys
	input   textinput.Model
	matches []string // what tab found for the text typed
	err     string
	busy    bool
}

type openKeys struct{ Complete, Open, Cancel key.Binding }

func (k openKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Complete, k.Open, k.Cancel} }
func (k openKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newOpenDialog(sh *shared) *openDialog {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	d := &openDialog{sh: sh, keys: openKeys{
		Complete: b("tab", "complete the path", "tab"),
		Open:     b("enter", "open read-only", "enter"),
		Cancel:   b("esc", "cancel", "esc"),
	}}
	d.input = textinput.New()
	d.input.SetStyles(inputStyles(sh))
	d.input.Prompt = "file: "
	d.input.Placeholder = "contacts.csv, ~/Downloads/export.xlsx…"
	return d
}

// Init focuses the path.
func (d *openDialog) Init() tea.Cmd { return d.input.Focus() }

// Messages of the dialog's work.
type (
	// pathCompletedMsg answers a tab: the completed text and the names
	// that start with it.
	pathCompletedMsg struct {
		For, Value string
		Matches    []string
	}
	// openCheckedMsg answers enter: the file can be opened, or why not.
	openCheckedMsg struct {
		Path string
		Err  error
	}
	// runOpenMsg asks the root to run `rolo open Path` in the terminal.
	runOpenMsg struct{ Path string }
	// openEndedMsg is the end of it.
	openEndedMsg struct {
		Path   string
		Err    error
		Stderr string
	}
)

// Update takes the path, tab and enter.
func (d *openDialog) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pathCompletedMsg:
		if msg.For == d.input.Value() {
			d.input.SetValue(msg.Value)
			d.input.CursorEnd()
			d.matches = msg.Matches
			if len(msg.Matches) == 0 {
				d.err = "nothing there starts with that"
			}
		}
	case openCheckedMsg:
		d.busy = false
		if msg.Err != nil {
			d.err = msg.Err.Error()
			return d, nil
		}
		return d, tea.Sequence(d.sh.ask(closeScreenMsg{}), d.sh.ask(runOpenMsg{Path: msg.Path}))
	case tea.PasteMsg:
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return d, cmd
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Cancel):
			return d, d.sh.ask(closeScreenMsg{})
		case key.Matches(msg, d.keys.Complete):
			d.err = ""
			return d, completePath(d.input.Value())
		case key.Matches(msg, d.keys.Open):
			if d.busy {
				return d, nil
			}
			v := strings.TrimSpace(d.input.Value())
			if v == "" {
				d.err = "type the file's path (tab completes it)"
				return d, nil
			}
			d.busy, d.err = true, ""
			return d, checkOpen(v)
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		d.err, d.matches = "", nil
		return d, cmd
	}
	return d, nil
}

// expandHome reads a leading ~ as the home folder.
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

// completePath completes the typed path the way the import wizard's file
// step does (completePathIn), offering every file.
func completePath(typed string) tea.Cmd {
	return func() tea.Msg {
		c := completePathIn("", typed, nil)
		return pathCompletedMsg{For: typed, Value: c.value, Matches: c.matches}
	}
}

// checkOpen checks that the file exists and can be read as contacts.
func checkOpen(typed string) tea.Cmd {
	return func() tea.Msg {
		path, err := filepath.Abs(expandHome(typed))
		if err != nil {
			return openCheckedMsg{Err: err}
		}
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return openCheckedMsg{Err: fmt.Errorf("no such file: %s", typed)}
		case err != nil:
			return openCheckedMsg{Err: err}
		case fi.IsDir():
			return openCheckedMsg{Err: fmt.Errorf("%s is a folder: tab lists what is in it", typed)}
		}
		src, err := importer.Open(path, importer.ReadOptions{})
		if err != nil {
			return openCheckedMsg{Err: err}
		}
		src.Close()
		return openCheckedMsg{Path: path}
	}
}

// View draws the path and what tab found.
func (d *openDialog) View() string {
	st := &d.sh.styles
	w := min(76, d.sh.width-2)
	d.input.SetWidth(max(w-4-lipglossWidth(d.input.Prompt)-1, 8))
	lines := []string{
		wrapText("A file opens read-only, as it would be imported, with its audit: nothing is written to the store.", w-4),
		"", inputView(d.input),
	}
	if n := len(d.matches); n > 1 {
		shown := d.matches[:min(n, max(d.sh.bodyH-12, 3))]
		lines = append(lines, "")
		for _, m := range shown {
			lines = append(lines, st.Muted.Render("  "+m))
		}
		if n > len(shown) {
			lines = append(lines, st.Faint.Render(fmt.Sprintf("  … and %d more: type more of the name", n-len(shown))))
		}
	}
	switch {
	case d.busy:
		lines = append(lines, "", st.Muted.Render("checking the file…"))
	case d.err != "":
		lines = append(lines, "", st.Error.Render(wrapText("✗ "+d.err, w-4)))
	}
	return dialog(d.sh, "Open a file", strings.Join(lines, "\n"), w)
}

func (d *openDialog) Keys() help.KeyMap { return d.keys }
func (d *openDialog) Typing() bool      { return true }
func (d *openDialog) Title() string     { return "Open a file" }

// stderrTail keeps the end of what a command writes on stderr (its one
// line of error, for the status line).
type stderrTail struct{ bytes.Buffer }

func (s *stderrTail) Write(p []byte) (int, error) {
	if s.Len() > 4096 {
		s.Reset()
	}
	return s.Buffer.Write(p)
}

// defaultOpenCommand runs this program's `open PATH` in the terminal.
func defaultOpenCommand(country string) func(string) *exec.Cmd {
	return func(path string) *exec.Cmd {
		exe, err := os.Executable()
		if err != nil {
			exe = os.Args[0]
		}
		args := []string{"open", path}
		if country != "" {
			args = append(args, "--country", country)
		}
		c := exec.Command(exe, args...)
		c.Stdin, c.Stdout = os.Stdin, os.Stdout
		return c
	}
}

// runOpen steps aside for `rolo open path` and says how it ended.
func (m *Model) runOpen(path string) tea.Cmd {
	mk := m.openCommand
	if mk == nil {
		mk = defaultOpenCommand(m.sh.country())
	}
	c := mk(path)
	tail := &stderrTail{}
	if c.Stderr == nil {
		c.Stderr = tail
	}
	return tea.ExecProcess(c, func(err error) tea.Msg {
		return openEndedMsg{Path: path, Err: err, Stderr: strings.TrimSpace(tail.String())}
	})
}

// openEnded says how the opened file's session ended.
func openEnded(msg openEndedMsg) tea.Cmd {
	if msg.Err == nil {
		return status("closed " + filepath.Base(msg.Path))
	}
	why := strings.TrimSpace(msg.Stderr)
	if i := strings.LastIndexByte(why, '\n'); i >= 0 {
		why = why[i+1:]
	}
	if why == "" {
		why = msg.Err.Error()
	}
	return statusErr(fmt.Errorf("opening %s: %s", filepath.Base(msg.Path), strings.TrimPrefix(why, "rolo: ")))
}

package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/importer"
)

// The file step: a picker that starts in the current folder and shows only
// folders and files the importer reads (with their sizes), or a path typed
// with tab completion.

// importExts are the file types the picker offers.
var importExts = []string{".csv", ".txt", ".tsv", ".xlsx", ".xls", ".zip", ".vcf", ".jsonl", ".ndjson"}

func importable(name string) bool {
	return slices.Contains(importExts, strings.ToLower(filepath.Ext(name)))
}

// wizFile is the file step's state.
type wizFile struct {
	dir      string // the folder listed (absolute)
	entries  []fileEntry
	cursor   int
	top      int
	hidden   bool // show hidden files and folders
	loading  bool
	dirSeq   int
	compSeq  int
	path     string   // the file chosen
	matches  []string // completions of the typed path
	noImport int      // files in the folder the importer does not read
}

// fileEntry is one line of the picker.
type fileEntry struct {
	name string
	dir  bool
	size int64
}

func (e fileEntry) hidden() bool { return strings.HasPrefix(e.name, ".") && e.name != ".." }

// wizDirMsg is a folder listed, or the file a typed path names.
type wizDirMsg struct {
	w        *importWizard
	seq      int
	dir      string
	entries  []fileEntry
	noImport int
	file     string // the path named a file: it is chosen
	err      error
}

// wizCompleteMsg is the completion of a typed path.
type wizCompleteMsg struct {
	w       *importWizard
	seq     int
	typed   string // the text completed: ignored if the input changed since
	value   string
	matches []string
}

func (w *importWizard) nextDirSeq() int {
	w.file.dirSeq++
	w.file.loading = true
	return w.file.dirSeq
}

func (w *importWizard) nextCompleteSeq() int {
	w.file.compSeq++
	return w.file.compSeq
}

// dirListed shows a folder, or goes on with the file a path named.
func (w *importWizard) dirListed(msg wizDirMsg) tea.Cmd {
	if msg.seq != w.file.dirSeq {
		return nil
	}
	w.file.loading = false
	if msg.err != nil {
		w.err = msg.err.Error()
		return nil
	}
	if msg.file != "" {
		return w.chooseFile(msg.file)
	}
	prev := w.file.dir
	w.file.dir, w.file.entries, w.file.noImport = msg.dir, msg.entries, msg.noImport
	w.file.cursor, w.file.top = 0, 0
	if ents := w.visibleEntries(); len(ents) > 1 && ents[0].name == ".." {
		w.file.cursor = 1 // the first entry, not the way up
	}
	// Coming back up, the cursor goes to the folder we came from; with a
	// file chosen, to that file.
	want := ""
	switch {
	case prev != "" && filepath.Dir(prev) == msg.dir:
		want = filepath.Base(prev)
	case w.file.path != "" && filepath.Dir(w.file.path) == msg.dir:
		want = filepath.Base(w.file.path)
	}
	for i, e := range w.visibleEntries() {
		if e.name == want {
			w.file.cursor = i
		}
	}
	return nil
}

// completed puts a completion into the input, unless typing went on.
func (w *importWizard) completed(msg wizCompleteMsg) {
	if msg.seq != w.file.compSeq || w.inputFor != inPath || w.input.Value() != msg.typed {
		return
	}
	w.file.matches = msg.matches
	if len(msg.matches) == 0 {
		w.err = "nothing here matches: folders and " + strings.Join(importExts, " ") + " files are offered"
	}
	w.input.SetValue(msg.value)
	w.input.CursorEnd()
}

// visibleEntries are the entries shown (hidden ones only when asked).
func (w *importWizard) visibleEntries() []fileEntry {
	if w.file.hidden {
		return w.file.entries
	}
	out := make([]fileEntry, 0, len(w.file.entries))
	for _, e := range w.file.entries {
		if !e.hidden() {
			out = append(out, e)
		}
	}
	return out
}

// chooseFile takes a file and reads it for the preview.
func (w *importWizard) chooseFile(path string) tea.Cmd {
	w.stopTyping()
	w.file.matches = nil
	if w.file.path != path || w.read.src == nil {
		if w.file.path != path {
			// Another file: its own detection, and no choices carried over.
			w.read.ro, w.read.goodRO, w.read.tab, w.read.cursor = importer.ReadOptions{}, importer.ReadOptions{}, 0, 0
			w.mapg.chosen, w.mapg.cursor, w.mapg.top = nil, 0, 0
		}
		w.file.path = path
		w.step = wzRead
		return w.openSource(path)
	}
	w.step = wzRead
	return nil
}

// pathEntered opens a typed path: a folder is listed, a file chosen.
func (w *importWizard) pathEntered(v string) tea.Cmd {
	if v == "" {
		w.stopTyping()
		return nil
	}
	p := resolvePath(w.file.dir, v)
	w.stopTyping()
	return listDir(w, w.nextDirSeq(), p)
}

// fileKey handles the picker's keys.
func (w *importWizard) fileKey(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	ents := w.visibleEntries()
	if c, ok := k.move(msg, w.file.cursor, len(ents), w.fileRows()); ok {
		w.file.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Hidden):
		// The cursor stays on its entry (a hidden one it was on is gone:
		// then the first).
		name := ""
		if w.file.cursor < len(ents) {
			name = ents[w.file.cursor].name
		}
		w.file.hidden = !w.file.hidden
		ents = w.visibleEntries()
		w.file.cursor = max(slices.IndexFunc(ents, func(e fileEntry) bool { return e.name == name }), 0)
	case key.Matches(msg, k.TypePath):
		w.file.matches = nil
		return w.startTyping(inPath, "path: ", "", "a file or folder · tab completes")
	case key.Matches(msg, k.Parent):
		if w.file.dir != "" && filepath.Dir(w.file.dir) != w.file.dir {
			return listDir(w, w.nextDirSeq(), filepath.Dir(w.file.dir))
		}
	case key.Matches(msg, k.Choose):
		if w.file.cursor < len(ents) {
			e := ents[w.file.cursor]
			p := filepath.Join(w.file.dir, e.name)
			if e.dir {
				return listDir(w, w.nextDirSeq(), p)
			}
			return w.chooseFile(p)
		}
	}
	w.file.cursor = max(0, min(w.file.cursor, len(ents)-1))
	return nil
}

// fileRows is how many entries fit under the picker's two head lines.
func (w *importWizard) fileRows() int {
	return max(w.sh.bodyH-2-4, 1)
}

// fileView draws the folder's entries, or the typed path and its matches.
func (w *importWizard) fileView(h int) string {
	st := &w.sh.styles
	width := w.sh.width
	lines := []string{
		"Choose the file to import: " + st.Muted.Render("CSV, TXT, TSV, XLSX, XLS, ZIP or vCard"),
	}
	dir := w.file.dir
	if dir == "" {
		dir = "…"
	}
	where := st.Title.Render(dir)
	if w.file.hidden {
		where += st.Faint.Render("  (hidden files shown)")
	}
	lines = append(lines, where)
	if w.inputFor == inPath {
		lines = append(lines, inputView(w.input))
		for i, m := range w.file.matches {
			if i >= h-4 {
				lines = append(lines, st.Faint.Render(fmt.Sprintf("  … %d more", len(w.file.matches)-i)))
				break
			}
			lines = append(lines, "  "+m)
		}
		return strings.Join(lines, "\n")
	}
	ents := w.visibleEntries()
	rows := max(h-len(lines)-1, 1)
	if w.file.cursor < w.file.top {
		w.file.top = w.file.cursor
	}
	if w.file.cursor >= w.file.top+rows {
		w.file.top = w.file.cursor - rows + 1
	}
	switch {
	case w.file.loading && len(ents) == 0:
		lines = append(lines, st.Faint.Render("  reading the folder…"))
	case len(ents) == 0:
		lines = append(lines, st.Faint.Render("  no folders or importable files here · / types a path"))
	}
	nameW := max(width-14, 10)
	for i := w.file.top; i < len(ents) && i < w.file.top+rows; i++ {
		e := ents[i]
		var b strings.Builder
		name, size := e.name, ""
		if e.dir {
			if name != ".." {
				name += "/"
			}
		} else {
			size = humanSize(e.size)
		}
		cell(&b, name, nameW, false)
		cell(&b, size, 10, true)
		line := b.String()
		switch {
		case i == w.file.cursor:
			line = st.CursorRow.Render(fitLine("> "+line, width))
		case e.dir:
			line = "  " + st.Accent.Render(line)
		default:
			line = "  " + line
		}
		lines = append(lines, line)
	}
	if n := w.file.noImport; n > 0 && len(lines) < h {
		lines = append(lines, st.Faint.Render(fmt.Sprintf("  (%s not shown: rolo does not import %s)",
			countOf(n, "other file"), plural(n, "it", "them"))))
	}
	return strings.Join(lines, "\n")
}

// humanSize writes a file size for people: 812 B, 12.4 kB, 3.1 MB.
func humanSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n)
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		f /= unit
		if f < unit {
			if f < 10 {
				return fmt.Sprintf("%.1f %s", f, u)
			}
			return fmt.Sprintf("%.0f %s", f, u)
		}
	}
	return fmt.Sprintf("%.0f PB", f/unit)
}

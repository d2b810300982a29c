package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/importer"
	"rolo/importer/storesink"
	"rolo/store"
)

// The read step: how the file is read (format, encoding, delimiter,
// header, sheet), each changeable, and its first rows as read. A change
// reads the file again in a command; the preview follows at once.

// wizRead is the read step's state.
type wizRead struct {
	src     *importer.Source // the file as read with ro (nil until read)
	ro      importer.ReadOptions
	goodRO  importer.ReadOptions // the options src was read with
	seq     int
	loading bool
	err     string // why the file could not be read
	cursor  int    // the setting under the cursor
	tab     int    // the table shown: a member of an archive
	colOff  int    // the preview's first column
	// encodings are the choices of encoding, fixed when the encoding was
	// detected: the detected one, the other plausible ones, the common
	// ones (so ← and → walk one list whatever was chosen since).
	encodings []string
}

// readSetting is one line of the read options.
type readSetting int

const (
	rsEncoding readSetting = iota
	rsDelimiter
	rsHeader
	rsSheet
	rsMember
)

// commonEncodings are offered after the detected encoding and the other
// plausible ones.
var commonEncodings = []string{"utf-8", "windows-1250", "windows-1251", "windows-1252", "iso-8859-2", "koi8-r", "utf-16le", "utf-16be",
	"shift_jis", "euc-jp", "euc-kr", "gb18030", "big5"}

var delimiters = []byte{',', ';', '\t', '|'}

// wizSourceMsg is the file read with the wizard's read options.
type wizSourceMsg struct {
	w          *importWizard
	seq        int
	src        *importer.Source
	remembered [][]importer.MapEntry // per table: the mapping last used for its header set
	err        error
}

// openSource reads path with the current read options in a command.
func (w *importWizard) openSource(path string) tea.Cmd {
	w.read.seq++
	w.read.loading = true
	seq, ro, st := w.read.seq, w.read.ro, w.sh.st
	ro.Now = w.sh.now // the guesses' "recent dates are not birth dates"
	return func() tea.Msg {
		msg := wizSourceMsg{w: w, seq: seq}
		msg.src, msg.err = importer.Open(path, ro)
		if msg.err != nil {
			return msg
		}
		msg.remembered = rememberedMappings(st, msg.src)
		return msg
	}
}

// rememberedMappings reads the mapping last used for each table's header
// set (a failure only loses the suggestion).
func rememberedMappings(st *store.Store, src *importer.Source) [][]importer.MapEntry {
	out := make([][]importer.MapEntry, len(src.Tables))
	for i, t := range src.Tables {
		if t.Header {
			out[i], _ = storesink.Remembered(st, t.Columns)
		}
	}
	return out
}

// closeSource releases a file the wizard no longer reads.
func closeSource(src *importer.Source) tea.Cmd {
	if src == nil {
		return nil
	}
	return func() tea.Msg { _ = src.Close(); return nil }
}

// sourceRead shows a newly read file and maps its columns again, keeping
// the choices made by hand.
func (w *importWizard) sourceRead(msg wizSourceMsg) tea.Cmd {
	if msg.seq != w.read.seq {
		return closeSource(msg.src) // a stale read
	}
	w.read.loading = false
	if msg.err != nil {
		if w.read.src != nil {
			w.read.ro = w.read.goodRO
			w.err = "cannot read the file so: " + msg.err.Error()
			return nil
		}
		w.read.err = msg.err.Error()
		return nil
	}
	old := w.read.src
	w.read.src, w.read.err, w.err = msg.src, "", ""
	w.file.path = msg.src.Path // absolute
	w.read.goodRO = w.read.ro
	if w.read.ro.Encoding == "" || len(w.read.encodings) == 0 {
		w.read.encodings = encodingChoices(msg.src.Tables[0])
	}
	w.read.tab = min(w.read.tab, len(msg.src.Tables)-1)
	w.read.cursor = min(w.read.cursor, max(len(w.readSettings())-1, 0))
	w.mapg.remembered = msg.remembered
	w.remap()
	if old != nil {
		// Read again (another encoding, delimiter…): every cell of the
		// preview changes, so the whole screen is drawn anew rather than
		// patched over what was there.
		return tea.Batch(closeSource(old), w.recheck(), tea.ClearScreen)
	}
	return tea.Batch(closeSource(old), w.recheck())
}

// readSettings are the settings the table on screen has.
func (w *importWizard) readSettings() []readSetting {
	t := w.table()
	if t == nil {
		return nil
	}
	var out []readSetting
	if t.Encoding != "" {
		out = append(out, rsEncoding)
	}
	if t.Format == importer.FormatCSV {
		out = append(out, rsDelimiter)
	}
	if t.Format != importer.FormatVCard {
		out = append(out, rsHeader)
	}
	if len(t.Sheets) > 0 {
		out = append(out, rsSheet)
	}
	if len(w.read.src.Tables) > 1 {
		out = append(out, rsMember)
	}
	return out
}

// readKey handles the read step's keys.
func (w *importWizard) readKey(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	sets := w.readSettings()
	if c, ok := k.move(msg, w.read.cursor, len(sets), len(sets)); ok {
		w.read.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Left), key.Matches(msg, k.Right), key.Matches(msg, k.Toggle):
		if w.read.cursor < len(sets) {
			d := 1
			switch {
			case key.Matches(msg, k.Left):
				d = -1
			case key.Matches(msg, k.Toggle):
				d = 0 // the header: on or off; the others: the next value
			}
			return w.changeSetting(sets[w.read.cursor], d)
		}
	case key.Matches(msg, k.ScrollLeft):
		w.read.colOff = max(w.read.colOff-1, 0)
	case key.Matches(msg, k.ScrollRight):
		if t := w.table(); t != nil {
			w.read.colOff = min(w.read.colOff+1, max(len(t.Columns)-1, 0))
		}
	case key.Matches(msg, k.Choose):
		return w.next()
	}
	return nil
}

// changeSetting moves a setting to its next (d=1) or previous value and
// reads the file again. It steps from the value last asked for, not the
// one last read: three quick → move three encodings on, each read
// replacing the one before (stale reads are dropped by their sequence).
func (w *importWizard) changeSetting(s readSetting, d int) tea.Cmd {
	t := w.table()
	if t == nil {
		return nil
	}
	ro := &w.read.ro
	if d == 0 && s != rsHeader {
		d = 1
	}
	switch s {
	case rsEncoding:
		cur := t.Encoding
		if w.read.loading && ro.Encoding != "" {
			cur = ro.Encoding
		}
		opts := w.read.encodings
		if !slices.Contains(opts, cur) {
			opts = append([]string{cur}, opts...)
		}
		ro.Encoding = opts[cycle(slices.Index(opts, cur), d, len(opts))]
	case rsDelimiter:
		cur := t.Delimiter
		if w.read.loading && ro.Delimiter != 0 {
			cur = ro.Delimiter
		}
		ro.Delimiter = delimiters[cycle(slices.Index(delimiters, cur), d, len(delimiters))]
	case rsHeader:
		w.changeHeader(t, d)
	case rsSheet:
		cur := t.Sheet
		if w.read.loading && ro.Sheet != "" {
			cur = ro.Sheet
		}
		ro.Sheet = t.Sheets[cycle(slices.Index(t.Sheets, cur), d, len(t.Sheets))]
	case rsMember:
		if w.read.loading {
			return nil // the member list is the file's, read again
		}
		w.read.tab = cycle(w.read.tab, d, len(w.read.src.Tables))
		w.read.colOff = 0
		return w.recheck()
	}
	w.read.colOff = 0
	return w.openSource(w.file.path)
}

// changeHeader moves the header to another line: d=0 turns it on or off,
// ±1 steps through "none" and the lines of the first records.
func (w *importWizard) changeHeader(t *importer.Table, d int) {
	ro := &w.read.ro
	// Step from the header last asked for while the file is read again.
	header, line := t.Header, t.HeaderLine
	if w.read.loading && ro.Header != importer.HeaderAuto {
		header, line = ro.Header == importer.HeaderYes, ro.HeaderRow
		if header && line == 0 && len(t.HeaderLines) > 0 {
			line = t.HeaderLines[0]
		}
	}
	if d == 0 {
		ro.Header, ro.HeaderRow = importer.HeaderYes, 0
		if header {
			ro.Header = importer.HeaderNo
		}
		return
	}
	// choices: 0 is no header, i is the header on t.HeaderLines[i-1].
	cur := 0
	if header {
		cur = slices.Index(t.HeaderLines, line) + 1
	}
	next := cycle(cur, d, len(t.HeaderLines)+1)
	if next == 0 {
		ro.Header, ro.HeaderRow = importer.HeaderNo, 0
		return
	}
	ro.Header, ro.HeaderRow = importer.HeaderYes, t.HeaderLines[next-1]
}

// cycle steps i by d within n (wrapping); -1 starts at the first.
func cycle(i, d, n int) int {
	if n == 0 {
		return 0
	}
	if i < 0 {
		return 0
	}
	return ((i+d)%n + n) % n
}

// encodingChoices are the encoding read with, the other plausible ones,
// then the common ones.
func encodingChoices(t *importer.Table) []string {
	out := []string{t.Encoding}
	for _, a := range t.Alternatives {
		if !slices.Contains(out, a.Name) {
			out = append(out, a.Name)
		}
	}
	for _, e := range commonEncodings {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// readView draws the settings and the preview.
func (w *importWizard) readView(h int) string {
	st := &w.sh.styles
	src := w.read.src
	if src == nil {
		if w.read.err != "" {
			return st.Error.Render("This file cannot be imported:") + "\n" + wrapText(w.read.err, w.sh.width) + "\n\n" +
				st.Muted.Render("esc goes back to choose another file.")
		}
		return st.Faint.Render("reading " + w.file.path + "…")
	}
	t := w.table()
	lines := []string{"  " + padRight("Format", 11) + formatName(src, t)}
	for i, s := range w.readSettings() {
		label, value, note := w.settingText(s, t)
		plain := padRight(label, 11) + "‹ " + value + " ›"
		line := "  " + plain
		if i == w.read.cursor {
			line = st.CursorRow.Render("> " + plain)
		}
		lines = append(lines, line+"  "+st.Muted.Render(note))
	}
	if w.read.loading {
		lines = append(lines, st.Faint.Render("reading again…"))
	} else {
		lines = append(lines, "")
	}
	rows := max(h-len(lines)-2, 1)
	lines = append(lines, previewTable(st, t.Columns, sampleCells(t, rows), w.read.colOff, w.sh.width, t.Header)...)
	return strings.Join(lines, "\n")
}

// formatName says what the file is.
func formatName(src *importer.Source, t *importer.Table) string {
	name := map[importer.Format]string{
		importer.FormatCSV: "CSV / text", importer.FormatXLSX: "Excel workbook (XLSX)", importer.FormatXLS: "Excel 97–2003 workbook (XLS)",
		importer.FormatVCard: "vCard", importer.FormatZIP: "ZIP archive", importer.FormatJSONL: "JSON Lines",
	}[src.Format]
	s := name + " · " + humanSize(src.Size)
	if src.Format == importer.FormatZIP && t != nil {
		s += fmt.Sprintf(" of %d files", len(src.Tables))
	}
	return s
}

// settingText is a setting's label, value and a note on how it was set.
func (w *importWizard) settingText(s readSetting, t *importer.Table) (label, value, note string) {
	ro := w.read.goodRO
	how := func(forced bool) string {
		if forced {
			return "chosen"
		}
		return "detected"
	}
	switch s {
	case rsEncoding:
		note = how(ro.Encoding != "")
		var alts []string
		for _, a := range t.Alternatives {
			alts = append(alts, a.Name)
		}
		if len(alts) > 0 {
			note += " · also plausible: " + strings.Join(alts, ", ")
		}
		return "Encoding", t.Encoding, note
	case rsDelimiter:
		return "Delimiter", delimiterLabel(t.Delimiter), how(ro.Delimiter != 0)
	case rsHeader:
		v := "no: columns are numbered"
		note = how(ro.Header != importer.HeaderAuto || ro.HeaderRow > 0)
		if t.Header {
			v = fmt.Sprintf("yes: line %d names the columns", t.HeaderLine)
			if len(t.HeaderLines) > 0 && t.HeaderLines[0] < t.HeaderLine {
				note += " · the lines above it are skipped"
			}
		}
		return "Header row", v, note
	case rsSheet:
		return "Sheet", t.Sheet, fmt.Sprintf("%d of %d sheets", slices.Index(t.Sheets, t.Sheet)+1, len(t.Sheets))
	case rsMember:
		return "File", t.Member, fmt.Sprintf("%d of %d files in the archive", w.read.tab+1, len(w.read.src.Tables))
	}
	return "", "", ""
}

func delimiterLabel(d byte) string {
	switch d {
	case ',':
		return ", (comma)"
	case ';':
		return "; (semicolon)"
	case '\t':
		return "tab"
	case '|':
		return "| (pipe)"
	}
	return importer.DelimiterName(d)
}

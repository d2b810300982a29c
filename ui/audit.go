package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/fileview"
	"rolo/filter"
	"rolo/importer"
)

// auditPanel is the audit of a file opened read-only: how it was read
// (encoding, delimiter, header, rows), the rows with each kind of problem,
// the duplicate clusters inside it, consent coverage and each column's
// most frequent values. Every count opens exactly the rows it counts in
// the table (a filter on the tags and consents the loader set: see
// fileview); a column opens its values, and a value its rows.
type auditPanel struct {
	sh       *shared
	keys     auditKeys
	name     string
	job      int // the loading job
	progress jobMsg
	sum      *fileview.Summary
	err      error
	loaded   bool

	ix       *filter.Index
	freq     map[string]fieldFreq // by field, once the index is built
	expanded map[int]bool         // columns whose values are listed, by item index of the column
	items    []auditItem
	cursor   int
	top      int
}

// fieldFreq is a field's values by frequency.
type fieldFreq struct {
	distinct int
	top      []filter.ValueCount
}

// auditItem is one line of the panel.
type auditItem struct {
	kind   auditKind
	text   string
	count  int    // rows (-1: none shown)
	note   string // after the count
	f      filter.Filter
	indent int
	column int // aiColumn: its key in expanded; aiValue: its column's
	field  string
}

type auditKind uint8

const (
	aiText    auditKind = iota // a line of facts
	aiSection                  // a heading
	aiCount                    // a count that opens its rows
	aiColumn                   // a column: enter lists its values
	aiValue                    // a value of a column: enter opens its rows
	aiDupes                    // the duplicates: enter opens the rows, D side by side
)

func (it auditItem) selectable() bool { return it.kind >= aiCount }

type auditKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Open, Dupes, Cancel, Back key.Binding
}

func (k auditKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Dupes, k.Cancel, k.Back}
}

func (k auditKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Open, k.Dupes, k.Cancel, k.Back}}
}

func newAuditPanel(sh *shared, name string) *auditPanel {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	p := &auditPanel{sh: sh, name: name, expanded: map[int]bool{}, keys: auditKeys{
		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		PageUp:   b("pgup", "page up", "pgup", "ctrl+b", "ctrl+u"),
		PageDown: b("pgdn", "page down", "pgdown", "ctrl+f", "ctrl+d"),
		Top:      b("g/home", "top", "home", "g"),
		Bottom:   b("G/end", "bottom", "end", "G"),
		Open:     b("enter", "show the rows", "enter"),
		Dupes:    b("D", "duplicates side by side", "D"),
		Cancel:   b("x", "stop reading", "x"),
		Back:     b("q/esc", "to the table", "q", "esc"),
	}}
	p.setKeys()
	return p
}

func (p *auditPanel) setKeys() {
	k := &p.keys
	it := p.focused()
	k.Open.SetEnabled(p.loaded && it.selectable())
	switch it.kind {
	case aiColumn:
		k.Open.SetHelp("enter", "its values")
	default:
		k.Open.SetHelp("enter", "show the rows")
	}
	k.Dupes.SetEnabled(p.sum != nil && p.sum.Report != nil && len(p.sum.Duplicates) > 0)
	k.Cancel.SetEnabled(!p.loaded)
}

func (p *auditPanel) focused() auditItem {
	if p.cursor >= 0 && p.cursor < len(p.items) {
		return p.items[p.cursor]
	}
	return auditItem{}
}

// auditFreqMsg carries the values of every column's field.
type auditFreqMsg struct{ Freq map[string]fieldFreq }

// setIndex takes the built index and counts each column's values with it
// (in a command: a million rows take a moment).
func (p *auditPanel) setIndex(ix *filter.Index) tea.Cmd {
	p.ix = ix
	if p.sum == nil {
		return nil
	}
	fields := p.fields()
	return func() tea.Msg {
		out := map[string]fieldFreq{}
		known := ix.Fields()
		for _, f := range fields {
			if !slices.Contains(known, f) {
				continue
			}
			vs := ix.Distinct(f)
			out[f] = fieldFreq{distinct: len(vs), top: vs[:min(len(vs), auditTopValues)]}
		}
		return auditFreqMsg{Freq: out}
	}
}

// auditTopValues is how many of a column's values the panel lists.
const auditTopValues = 10

// fields lists the fields the file's columns fill.
func (p *auditPanel) fields() []string {
	var out []string
	if p.sum == nil || p.sum.Report == nil {
		return nil
	}
	for _, t := range p.sum.Report.Tables {
		for _, c := range t.Columns {
			if c.Field != "" && c.Field != importer.TargetIgnore && !slices.Contains(out, c.Field) {
				out = append(out, c.Field)
			}
		}
	}
	return out
}

// Update follows the loading and takes the keys.
func (p *auditPanel) Update(msg tea.Msg) (screen, tea.Cmd) {
	defer p.setKeys()
	switch msg := msg.(type) {
	case jobMsg:
		if msg.ID == p.job && !p.loaded {
			p.progress = msg
		}
	case fileLoadedMsg:
		p.loaded, p.sum, p.err = true, msg.Sum, msg.Err
		p.build()
		if p.ix != nil {
			return p, p.setIndex(p.ix)
		}
	case auditFreqMsg:
		p.freq = msg.Freq
		p.build()
	case tea.KeyPressMsg:
		return p, p.key(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.move(-3)
		case tea.MouseWheelDown:
			p.move(3)
		}
	}
	return p, nil
}

func (p *auditPanel) key(msg tea.KeyPressMsg) tea.Cmd {
	k := &p.keys
	p.setKeys()
	switch {
	case key.Matches(msg, k.Back):
		return p.sh.ask(closeScreenMsg{})
	case key.Matches(msg, k.Cancel):
		p.sh.jobs.cancel(p.job)
		return status("stopping: the rows read so far will be shown")
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		p.move(1)
	case key.Matches(msg, k.PageUp):
		p.move(-p.rows())
	case key.Matches(msg, k.PageDown):
		p.move(p.rows())
	case key.Matches(msg, k.Top):
		p.cursor = -1
		p.move(1)
	case key.Matches(msg, k.Bottom):
		p.cursor = len(p.items)
		p.move(-1)
	case key.Matches(msg, k.Dupes):
		return p.sh.ask(openDupesMsg{})
	case key.Matches(msg, k.Open):
		it := p.focused()
		switch it.kind {
		case aiColumn:
			p.expanded[it.column] = !p.expanded[it.column]
			p.build()
			if p.expanded[it.column] && p.freq == nil {
				return status("counting the values once the index is built: a moment")
			}
			return nil
		case aiCount, aiValue, aiDupes:
			if it.f.IsEmpty() {
				return nil
			}
			return p.sh.ask(applyFilterMsg{F: it.f})
		}
	}
	return nil
}

// move steps the cursor by d lines, onto a line that can be chosen.
func (p *auditPanel) move(d int) {
	if len(p.items) == 0 {
		return
	}
	target := max(-1, min(p.cursor+d, len(p.items)))
	step := 1
	if d < 0 {
		step = -1
	}
	i := target
	for i >= 0 && i < len(p.items) && !p.items[i].selectable() {
		i += step
	}
	if i < 0 || i >= len(p.items) { // nothing that way: the nearest the other way
		i = target
		for i >= 0 && i < len(p.items) && !p.items[i].selectable() {
			i -= step
		}
	}
	if i >= 0 && i < len(p.items) {
		p.cursor = i
	}
	p.clamp()
}

func (p *auditPanel) rows() int { return max(p.sh.bodyH-1, 1) }

func (p *auditPanel) clamp() {
	rows := p.rows()
	if p.cursor < p.top {
		p.top = p.cursor
		// Keep the heading and facts above the cursor in view.
		for p.top > 0 && !p.items[p.top-1].selectable() && p.cursor-p.top+1 < rows {
			p.top--
		}
	}
	if p.cursor >= p.top+rows {
		p.top = p.cursor - rows + 1
	}
	p.top = max(0, min(p.top, len(p.items)-rows))
}

func (p *auditPanel) resized() { p.clamp() }

// valueFilter shows the rows whose field has value.
func valueFilter(field, value string) filter.Filter {
	op := filter.Eq
	if field == "groups" || field == "tags" {
		op = filter.In
	}
	return filter.Filter{Conds: []filter.Condition{{Field: field, Op: op, Values: []string{value}}}}
}

// fieldWords names a field as the panel shows it.
func fieldWords(field string) string {
	if n, ok := strings.CutPrefix(field, contact.ConsentPrefix); ok {
		return "consent " + n
	}
	if n, ok := strings.CutPrefix(field, contact.CustomPrefix); ok {
		return "custom field " + n
	}
	return fieldLabel(field)
}

func (p *auditPanel) Keys() help.KeyMap { p.setKeys(); return p.keys }
func (p *auditPanel) Typing() bool      { return false }
func (p *auditPanel) Title() string     { return "Audit" }

// countNote says how many of count rows an import refuses or merges.
func countNote(pr fileview.Problem) string {
	switch {
	case pr.Rejected:
		return "an import refuses these rows"
	case pr.Kind == "earlier_key":
		return "an import merges them into the earlier rows"
	}
	return ""
}

// showsJob: while the file is read the panel draws the reading's progress,
// so the header does not say it twice.
func (p *auditPanel) showsJob(label string) bool {
	return !p.loaded && label == "reading "+p.name
}

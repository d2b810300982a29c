package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// filterBuilder builds a filter a condition at a time: a field picked by
// typeahead, an operator that fits its type, one or more values (OR), and
// conditions in groups, each joined by "all of" or "any of", the groups
// joined the same way (fbShape). It shows the --where text of what is built and
// the live count of matching contacts, and saves and loads segments.
type filterBuilder struct {
	sh   *shared
	ix   *filter.Index
	keys filterKeys
	mode fbMode

	fbShape                // the conditions and their groups
	kept    []filter.Group // or-groups nested deeper than the builder edits, kept as they came (and)
	target  int            // the group a new condition goes to
	segment string         // the segment the conditions came from, until changed
	replace string         // a segment name the user was told exists: enter again replaces it
	cursor  int            // over conds, then the add row, then the apply row
	changed bool           // conditions changed since it opened (or was saved)

	draft   filter.Condition // the condition being built
	editing int              // index of the condition being edited, -1: a new one
	input   textinput.Model
	options []string // the list of the current step
	optCur  int
	checked map[string]bool
	err     string

	fields   []string // every field, from the index
	fieldsOK bool     // fields has been read (keys typed before wait)
	segments []store.Segment

	count    int
	countErr error
	countSeq int
	counting bool
}

// Messages of the filter builder's commands.
type (
	fbFieldsMsg struct{ Fields []string }
	fbValuesMsg struct {
		Field  string
		Values []filter.ValueCount
	}
	fbCountTick struct{ Seq int }
	fbCountMsg  struct {
		Seq   int
		N     int
		Err   error
		Where string
	}
	fbSegmentsMsg struct {
		Segments []store.Segment
		Err      error
		Note     string // what a rename or delete did
	}
	fbSavedMsg struct {
		Name string
		Err  error
	}
)

func newFilterBuilder(sh *shared, ix *filter.Index, f filter.Filter, segment string) *filterBuilder {
	b := &filterBuilder{sh: sh, ix: ix, keys: defaultFilterKeys(), segment: segment, editing: -1}
	b.load(f)
	b.input = textinput.New()
	b.input.SetStyles(inputStyles(sh))
	for _, fd := range contact.Fields() {
		b.fields = append(b.fields, fd.Name)
	}
	b.cursor = b.applyRow()
	if len(b.conds) == 0 {
		b.cursor = 0 // the add row
	}
	b.setMode(fbList)
	return b
}

// Init reads the field list from the index and counts the current filter;
// without an index yet (it is being built) it waits for setIndex.
func (b *filterBuilder) Init() tea.Cmd {
	if b.ix == nil {
		return nil
	}
	ix := b.ix
	return tea.Batch(func() tea.Msg { return fbFieldsMsg{Fields: ix.Fields()} }, b.recount())
}

func (b *filterBuilder) filter() filter.Filter { return b.withKept(b.fbShape.filter()) }

// withKept adds the groups kept as they came (joined by and).
func (b *filterBuilder) withKept(f filter.Filter) filter.Filter {
	if len(b.kept) == 0 {
		return f
	}
	if len(f.Conds) == 0 && len(f.Groups) == 1 && len(f.Groups[0].Any) > 1 {
		f.Groups = []filter.Group{{Any: f.Groups[0].Any}}
	}
	f.Groups = append(slices.Clone(f.Groups), b.kept...)
	return f
}

// load opens f: in groups when its and/or nest no deeper than two levels,
// else its conditions as one group and its or-groups kept as they came.
func (b *filterBuilder) load(f filter.Filter) {
	if s, ok := shapeOf(f); ok {
		b.fbShape, b.kept = s, nil
		return
	}
	b.fbShape, b.kept = fbShape{}, f.Groups
	b.add(f.Conds, false)
}

// The rows of the list after the conditions.
func (b *filterBuilder) addRow() int      { return len(b.conds) }
func (b *filterBuilder) addGroupRow() int { return len(b.conds) + 1 }
func (b *filterBuilder) applyRow() int    { return len(b.conds) + 2 }

// cursorGroup is the group of the condition under the cursor, or the last
// group.
func (b *filterBuilder) cursorGroup() int {
	if b.cursor < len(b.conds) {
		return b.group[b.cursor]
	}
	return max(b.groups()-1, 0)
}

// preview is the filter with the condition being built, for the count and
// the --where line.
func (b *filterBuilder) preview() filter.Filter {
	if b.mode == fbValues || b.mode == fbChecklist {
		if d := b.draftWithInput(); len(d.Values) > 0 {
			s := b.fbShape.clone()
			if b.editing >= 0 {
				s.conds[b.editing] = d
			} else {
				s.insert(d, b.target)
			}
			return b.withKept(s.filter())
		}
	}
	return b.filter()
}

// draftWithInput is the draft with the value being typed (or the checked
// values) added.
func (b *filterBuilder) draftWithInput() filter.Condition {
	d := b.draft
	d.Values = slices.Clone(d.Values)
	if b.mode == fbChecklist {
		d.Values = nil
		for _, o := range b.options {
			if b.checked[o] {
				d.Values = append(d.Values, o)
			}
		}
		return d
	}
	if v := strings.TrimSpace(b.input.Value()); v != "" && b.mode == fbValues {
		d.Values = append(d.Values, v)
	}
	return d
}

// recount schedules a count a moment later: typing a value quickly costs
// one count, not one per key.
func (b *filterBuilder) recount() tea.Cmd {
	b.countSeq++
	b.counting = true
	seq := b.countSeq
	return b.sh.after(120*time.Millisecond, fbCountTick{Seq: seq})
}

func (b *filterBuilder) runCount(seq int) tea.Cmd {
	ix, f := b.ix, b.preview()
	return func() tea.Msg {
		n, err := ix.Count(f)
		return fbCountMsg{Seq: seq, N: n, Err: err, Where: f.String()}
	}
}

func (b *filterBuilder) setMode(m fbMode) {
	b.mode = m
	typing := m == fbField || m == fbValues || m == fbSaveName || m == fbRenameSegment
	b.keys.forMode(m, typing)
	if typing {
		b.input.Focus()
	} else {
		b.input.Blur()
	}
}

// Update routes keys by step and takes the builder's results.
func (b *filterBuilder) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case fbFieldsMsg:
		b.fields, b.fieldsOK = msg.Fields, true
		if b.mode == fbField {
			b.filterFields()
		}
	case fbValuesMsg:
		b.valuesLoaded(msg)
	case fbCountTick:
		if msg.Seq == b.countSeq {
			return b, b.runCount(msg.Seq)
		}
	case fbCountMsg:
		if msg.Seq == b.countSeq {
			b.counting, b.count, b.countErr = false, msg.N, msg.Err
		}
	case fbSegmentsMsg:
		return b, b.segmentsLoaded(msg)
	case fbSavedMsg:
		if errors.Is(msg.Err, store.ErrExists) {
			// Ask: the name stays typed, enter again replaces.
			b.replace = msg.Name
			b.input.SetValue(msg.Name)
			b.input.CursorEnd()
			b.setMode(fbSaveName)
			b.err = "a segment named " + msg.Name + " exists: enter again replaces it, esc keeps it"
			return b, nil
		}
		if msg.Err != nil {
			return b, statusErr(msg.Err)
		}
		b.segment, b.changed = msg.Name, false
		return b, status("segment " + msg.Name + " saved")
	case tea.PasteMsg:
		if b.input.Focused() {
			var cmd tea.Cmd
			b.input, cmd = b.input.Update(msg)
			return b, tea.Batch(cmd, b.typed())
		}
	case tea.KeyPressMsg:
		return b, b.key(msg)
	}
	return b, nil
}

func (b *filterBuilder) key(msg tea.KeyPressMsg) tea.Cmd {
	b.err = ""
	switch b.mode {
	case fbList:
		return b.listKey(msg)
	case fbField:
		return b.fieldKey(msg)
	case fbOp:
		return b.opKey(msg)
	case fbValues:
		return b.valuesKey(msg)
	case fbChecklist:
		return b.checklistKey(msg)
	case fbSaveName:
		return b.saveKey(msg)
	case fbSegments:
		return b.segmentKey(msg)
	case fbRenameSegment:
		return b.renameKey(msg)
	case fbDeleteSegment:
		return b.deleteSegmentKey(msg)
	}
	return nil
}

// listKey handles the list of conditions.
func (b *filterBuilder) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := b.keys
	if c, ok := k.move(msg, b.cursor, b.applyRow()+1, b.listRows()); ok {
		b.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Add):
		b.target = b.cursorGroup()
		return b.startField(-1)
	case key.Matches(msg, k.AddGroup):
		b.target = b.groups()
		return b.startField(-1)
	case key.Matches(msg, k.Join):
		if b.groups() == 0 {
			return nil
		}
		g := b.cursorGroup()
		b.anyOf[g] = !b.anyOf[g]
		return b.reshaped()
	case key.Matches(msg, k.JoinGroups):
		if b.groups() < 2 {
			b.err = "one group: A adds another, then O joins the groups by any of or all of"
			return nil
		}
		b.topAny = !b.topAny
		return b.reshaped()
	case key.Matches(msg, k.Choose):
		switch {
		case b.cursor < len(b.conds):
			return b.startOp(b.cursor, b.conds[b.cursor].Field)
		case b.cursor == b.addRow():
			b.target = b.cursorGroup()
			return b.startField(-1)
		case b.cursor == b.addGroupRow():
			b.target = b.groups()
			return b.startField(-1)
		default:
			return b.sh.ask(applyFilterMsg{F: b.filter(), Name: b.segment})
		}
	case key.Matches(msg, k.Delete):
		if b.cursor < len(b.conds) {
			b.remove(b.cursor)
			b.segment, b.changed = "", true
			b.cursor = min(b.cursor, b.applyRow())
			return b.recount()
		}
	case key.Matches(msg, k.Clear):
		b.fbShape, b.kept, b.segment, b.cursor = fbShape{}, nil, "", 0
		b.changed = true
		return b.recount()
	case key.Matches(msg, k.Save):
		if len(b.conds) == 0 {
			b.err = "add a condition first: an empty filter is all contacts"
			return nil
		}
		if b.sh.readOnly {
			b.err = "the store is open read-only: segments cannot be saved"
			return nil
		}
		b.input.Reset()
		b.input.Prompt = "segment name: "
		b.input.Placeholder = ""
		b.input.SetValue(b.segment)
		b.input.CursorEnd()
		b.replace = ""
		b.setMode(fbSaveName)
	case key.Matches(msg, k.Load):
		if b.sh.st == nil {
			return status("a file opened read-only has no saved segments")
		}
		st := b.sh.st
		return func() tea.Msg {
			segs, err := st.Segments()
			return fbSegmentsMsg{Segments: segs, Err: err}
		}
	case key.Matches(msg, k.Back):
		return b.sh.ask(closeScreenMsg{})
	}
	return nil
}

// commit puts the finished draft in place and goes back to the list, on the
// apply row.
func (b *filterBuilder) commit(d filter.Condition) tea.Cmd {
	if _, err := filter.Parse(filter.Filter{Conds: []filter.Condition{d}}.String()); err != nil {
		b.err = err.Error()
		return nil
	}
	if b.editing >= 0 && b.editing < len(b.conds) {
		b.conds[b.editing] = d
	} else {
		b.insert(d, b.target)
	}
	b.segment, b.changed = "", true
	b.editing = -1
	b.cursor = b.applyRow()
	b.setMode(fbList)
	return b.recount()
}

// reshaped follows a change of how conditions or groups are joined.
func (b *filterBuilder) reshaped() tea.Cmd {
	b.segment, b.changed = "", true
	return b.recount()
}

// Keys implements screen.
func (b *filterBuilder) Keys() help.KeyMap { return b.keys }

// Typing implements screen.
func (b *filterBuilder) Typing() bool { return b.input.Focused() }

// Title implements screen.
func (b *filterBuilder) Title() string { return "Filter" }

func (b *filterBuilder) countText() string {
	switch {
	case b.countErr != nil:
		return "—"
	case b.counting:
		return "counting…"
	}
	return fmt.Sprintf("%s matching", groupDigits(b.count))
}

func (b *filterBuilder) loading() bool { return b.ix == nil || !b.fieldsOK }

// setIndex gives a builder opened while indexing the index, once built.
func (b *filterBuilder) setIndex(ix *filter.Index) tea.Cmd {
	if b.ix != nil {
		return nil
	}
	b.ix = ix
	return b.Init()
}

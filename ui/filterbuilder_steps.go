package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// maxSuggestions caps the values offered while typing one.
const maxSuggestions = 300

// startField opens the field typeahead for a new condition (or, with i ≥ 0,
// to change the field of condition i).
func (b *filterBuilder) startField(i int) tea.Cmd {
	b.editing = i
	b.draft = filter.Condition{}
	b.input.Reset()
	b.input.Prompt = "field: "
	b.input.Placeholder = "type to find a field (city, points, consent:sms…)"
	b.input.SetSuggestions(nil)
	b.input.ShowSuggestions = false
	b.setMode(fbField)
	b.filterFields()
	return nil
}

// filterFields lists the fields matching the typed text: names or labels
// that start with it first, then those that contain it.
func (b *filterBuilder) filterFields() {
	q := strings.ToLower(strings.TrimSpace(b.input.Value()))
	var starts, has []string
	for _, f := range b.fields {
		name, label := strings.ToLower(f), strings.ToLower(columnLabel(f))
		switch {
		case q == "" || strings.HasPrefix(name, q) || strings.HasPrefix(label, q):
			starts = append(starts, f)
		case strings.Contains(name, q) || strings.Contains(label, q):
			has = append(has, f)
		}
	}
	b.options = append(starts, has...)
	b.optCur = 0
}

func (b *filterBuilder) fieldKey(msg tea.KeyPressMsg) tea.Cmd {
	if b.moveOption(msg) {
		return nil
	}
	switch {
	case key.Matches(msg, b.keys.Cancel):
		b.setMode(fbList)
		return nil
	case key.Matches(msg, b.keys.Choose):
		if len(b.options) == 0 {
			// A custom field nobody has yet can still be typed in full.
			if fd, ok := contact.LookupField(b.input.Value()); ok {
				return b.startOp(b.editing, fd.Name)
			}
			b.err = fmt.Sprintf("no field is called %q", b.input.Value())
			return nil
		}
		return b.startOp(b.editing, b.options[b.optCur])
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	b.filterFields()
	return cmd
}

// startOp offers the operators that fit field.
func (b *filterBuilder) startOp(i int, field string) tea.Cmd {
	b.editing = i
	b.draft = filter.Condition{Field: field}
	if i >= 0 && i < len(b.conds) {
		b.draft = b.conds[i]
	}
	b.options = b.options[:0]
	for _, op := range filter.OpsFor(field) {
		b.options = append(b.options, string(op))
	}
	b.optCur = max(0, slices.Index(b.options, string(b.draft.Op)))
	b.setMode(fbOp)
	return nil
}

func (b *filterBuilder) opKey(msg tea.KeyPressMsg) tea.Cmd {
	if b.moveOption(msg) {
		return nil
	}
	switch {
	case key.Matches(msg, b.keys.Cancel):
		b.setMode(fbList)
	case key.Matches(msg, b.keys.Choose):
		if len(b.options) == 0 {
			return nil
		}
		op := filter.Op(b.options[b.optCur])
		if op != b.draft.Op && b.draft.Op != "" && !sameValueKind(op, b.draft.Op) {
			b.draft.Values = nil
		}
		b.draft.Op = op
		if op == filter.Exists || op == filter.NotExists {
			b.draft.Values = nil
			return b.commit(b.draft)
		}
		return b.startValues()
	}
	return nil
}

// sameValueKind reports whether values typed for one operator still make
// sense for another (a date for ">" is a date for "<" too).
func sameValueKind(a, b filter.Op) bool {
	ord := func(o filter.Op) bool {
		return o == filter.Gt || o == filter.Lt || o == filter.Ge || o == filter.Le
	}
	return ord(a) == ord(b)
}

// checklistFor reports whether the values of a condition are picked from a
// list rather than typed: groups and tags, the values of an enumeration, a
// consent's yes and no.
func checklistFor(field string, op filter.Op) bool {
	if op != filter.Eq && op != filter.Ne && op != filter.In && op != filter.NotIn {
		return false
	}
	fd, ok := contact.LookupField(field)
	if !ok {
		return false
	}
	return fd.Kind == contact.KindList || fd.Kind == contact.KindEnum || fd.Kind == contact.KindConsent
}

// suggestFor reports whether typing a value of field offers the values
// contacts have (not for e-mails, phones, identifiers, numbers and dates,
// which are almost all different).
func suggestFor(field string) bool {
	fd, ok := contact.LookupField(field)
	if !ok {
		return false
	}
	switch fd.Kind {
	case contact.KindText, contact.KindCountry:
		return true
	}
	return false
}

// startValues opens the value step: a checklist or a typed value.
func (b *filterBuilder) startValues() tea.Cmd {
	field := b.draft.Field
	b.options, b.optCur = nil, 0
	b.checked = map[string]bool{}
	ix := b.ix
	load := func() tea.Msg { return fbValuesMsg{Field: field, Values: ix.Distinct(field)} }
	if checklistFor(field, b.draft.Op) {
		for _, v := range b.draft.Values {
			b.checked[v] = true
			b.options = append(b.options, v)
		}
		fd, _ := contact.LookupField(field)
		switch fd.Kind {
		case contact.KindEnum:
			b.options = mergeOptions(b.options, fd.Values)
			load = nil
		case contact.KindConsent:
			b.options = mergeOptions(b.options, []string{"yes", "no"})
			load = nil
		}
		b.setMode(fbChecklist)
		if load == nil {
			return b.recount()
		}
		return tea.Batch(load, b.recount())
	}
	b.input.Reset()
	b.input.Prompt = "value: "
	b.input.Placeholder = valueHint(field, b.draft.Op)
	b.input.SetSuggestions(nil)
	b.input.ShowSuggestions = true
	b.setMode(fbValues)
	if !suggestFor(field) {
		return b.recount()
	}
	return tea.Batch(load, b.recount())
}

func mergeOptions(have, more []string) []string {
	for _, v := range more {
		if !slices.Contains(have, v) {
			have = append(have, v)
		}
	}
	return have
}

// valueHint says what a value of field looks like.
func valueHint(field string, op filter.Op) string {
	fd, _ := contact.LookupField(field)
	switch fd.Kind {
	case contact.KindNumber:
		return "a number"
	case contact.KindDate, contact.KindTime:
		return "2026-11-02, 2026-11, -30d, today…"
	case contact.KindConsent:
		return "a date it was given: -30d, 2026-11…"
	case contact.KindPhones, contact.KindPhone:
		return "a number, national or +international"
	}
	if op == filter.Contains || op == filter.StartsWith {
		return "some text"
	}
	return "a value (+ adds another)"
}

// valuesLoaded fills the checklist or the suggestions with the values
// contacts have, most frequent first.
func (b *filterBuilder) valuesLoaded(msg fbValuesMsg) {
	if msg.Field != b.draft.Field {
		return
	}
	vals := make([]string, 0, min(len(msg.Values), maxSuggestions))
	for _, vc := range msg.Values[:min(len(msg.Values), maxSuggestions)] {
		vals = append(vals, vc.Value)
	}
	switch b.mode {
	case fbChecklist:
		b.options = mergeOptions(b.options, vals)
	case fbValues:
		b.input.SetSuggestions(vals)
	}
}

func (b *filterBuilder) valuesKey(msg tea.KeyPressMsg) tea.Cmd {
	k := b.keys
	switch {
	case key.Matches(msg, k.Cancel):
		b.setMode(fbList)
		return b.recount()
	case key.Matches(msg, k.Done):
		d := b.draftWithInput()
		if len(d.Values) == 0 {
			b.err = "type a value first (esc cancels the condition)"
			return nil
		}
		return b.commit(d)
	case key.Matches(msg, k.Another) && strings.TrimSpace(b.input.Value()) != "":
		// "+" starts another value only after one is typed: a phone
		// value may begin with +.
		b.draft.Values = append(b.draft.Values, strings.TrimSpace(b.input.Value()))
		b.input.SetValue("")
		return b.recount()
	case key.Matches(msg, k.Remove) && b.input.Value() == "" && len(b.draft.Values) > 0:
		b.draft.Values = b.draft.Values[:len(b.draft.Values)-1]
		return b.recount()
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	return tea.Batch(cmd, b.typed())
}

// typed reacts to a change of the typed text.
func (b *filterBuilder) typed() tea.Cmd {
	switch b.mode {
	case fbField:
		b.filterFields()
	case fbValues:
		return b.recount()
	}
	return nil
}

func (b *filterBuilder) checklistKey(msg tea.KeyPressMsg) tea.Cmd {
	k := b.keys
	if b.moveOption(msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		b.setMode(fbList)
		return b.recount()
	case key.Matches(msg, k.Toggle):
		if b.optCur < len(b.options) {
			o := b.options[b.optCur]
			b.checked[o] = !b.checked[o]
			return b.recount()
		}
	case key.Matches(msg, k.Done):
		d := b.draftWithInput()
		if len(d.Values) == 0 {
			b.err = "check at least one value with space (esc cancels the condition)"
			return nil
		}
		return b.commit(d)
	}
	return nil
}

func (b *filterBuilder) saveKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, b.keys.Cancel):
		b.err = ""
		b.setMode(fbList)
		return nil
	case key.Matches(msg, b.keys.Done):
		b.err = ""
		name := strings.TrimSpace(b.input.Value())
		if name == "" {
			b.err = "type a name for the segment"
			return nil
		}
		replace := name == b.replace // asked already: enter again replaces
		b.setMode(fbList)
		st, expr := b.sh.st, b.filter().String()
		return func() tea.Msg { return fbSavedMsg{Name: name, Err: st.SaveSegment(name, expr, replace)} }
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	return cmd
}

func (b *filterBuilder) segmentsLoaded(msg fbSegmentsMsg) tea.Cmd {
	if msg.Err != nil && b.mode == fbSegments {
		b.err = msg.Err.Error() // a rename or delete refused; the list stays
		return nil
	}
	if msg.Err != nil {
		return statusErr(fmt.Errorf("reading the segments: %w", msg.Err))
	}
	var note tea.Cmd
	if msg.Note != "" {
		note = status(msg.Note)
	}
	if len(msg.Segments) == 0 {
		b.setMode(fbList) // the last one was deleted, or there were none
		if msg.Note != "" {
			b.err = ""
			return status(msg.Note)
		}
		b.err = "no segments saved yet: build a filter and press s"
		return nil
	}
	b.segments = msg.Segments
	b.options = b.options[:0]
	for _, s := range msg.Segments {
		b.options = append(b.options, s.Name)
	}
	b.optCur = 0
	b.setMode(fbSegments)
	return note
}

func (b *filterBuilder) segmentKey(msg tea.KeyPressMsg) tea.Cmd {
	if b.moveOption(msg) {
		return nil
	}
	switch {
	case key.Matches(msg, b.keys.Cancel):
		b.setMode(fbList)
	case key.Matches(msg, b.keys.Rename):
		b.input.Reset()
		b.input.Prompt = "rename " + b.segments[b.optCur].Name + " to: "
		b.input.SetValue(b.segments[b.optCur].Name)
		b.input.CursorEnd()
		b.err = ""
		b.setMode(fbRenameSegment)
	case key.Matches(msg, b.keys.DeleteSegment):
		b.err = ""
		b.setMode(fbDeleteSegment)
	case key.Matches(msg, b.keys.Choose):
		seg := b.segments[b.optCur]
		f, err := filter.Parse(seg.Expr)
		if err != nil {
			b.err = fmt.Sprintf("segment %s no longer parses: %v", seg.Name, err)
			return nil
		}
		b.load(f)
		b.segment, b.changed = seg.Name, false
		b.cursor = b.applyRow()
		b.setMode(fbList)
		return b.recount()
	}
	return nil
}

// renameKey takes the new name of the segment under the cursor.
func (b *filterBuilder) renameKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, b.keys.Cancel):
		b.err = ""
		b.setMode(fbSegments)
		return nil
	case key.Matches(msg, b.keys.Done):
		old, name := b.segments[b.optCur].Name, strings.TrimSpace(b.input.Value())
		if name == "" {
			b.err = "type the segment's new name"
			return nil
		}
		b.err = ""
		b.setMode(fbSegments)
		if b.segment == old {
			b.segment = name
		}
		return b.segmentChange(func(st *store.Store) error { return st.RenameSegment(old, name) },
			"segment "+old+" renamed to "+name)
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	return cmd
}

// deleteSegmentKey asks whether to delete the segment under the cursor.
func (b *filterBuilder) deleteSegmentKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, b.keys.Yes):
		name := b.segments[b.optCur].Name
		b.setMode(fbSegments)
		if b.segment == name {
			b.segment = "" // the conditions stay; they are no longer that segment
		}
		return b.segmentChange(func(st *store.Store) error { return st.DeleteSegment(name) }, "segment "+name+" deleted")
	case key.Matches(msg, b.keys.Cancel), msg.String() == "n":
		b.setMode(fbSegments)
	}
	return nil
}

// segmentChange runs a rename or delete, then reads the list again.
func (b *filterBuilder) segmentChange(change func(*store.Store) error, done string) tea.Cmd {
	st := b.sh.st
	return func() tea.Msg {
		if err := change(st); err != nil {
			return fbSegmentsMsg{Err: err}
		}
		segs, err := st.Segments()
		return fbSegmentsMsg{Segments: segs, Err: err, Note: done}
	}
}

// moveOption moves the cursor of the step's list of options.
func (b *filterBuilder) moveOption(msg tea.KeyPressMsg) bool {
	c, ok := b.keys.move(msg, b.optCur, len(b.options), b.listRows())
	if ok {
		b.optCur = c
	}
	return ok
}

// listRows is about how many options a step shows at once: the body less
// the conditions, the rows and lines above the list.
func (b *filterBuilder) listRows() int { return max(b.sh.bodyH-len(b.conds)-8, 3) }

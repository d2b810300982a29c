package ui

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/importer"
	"rolo/importer/storesink"
)

// The mapping step: one line per source column (its header, three sample
// values, the field it fills), the columns the engine guessed marked, a
// typeahead to change a field, and a live check of the mapping on the
// sample rows, recomputed in a command after each change.

// wizMap is the mapping step's state.
type wizMap struct {
	maps       []importer.Mapping    // per table: the mapping the import will use
	chosen     []map[string]string   // per table: fields picked by hand, by column name
	remembered [][]importer.MapEntry // per table: the mapping last used for the header set
	cursor     int
	top        int
	options    []string // the typeahead's matches
	optCur     int
	check      wizCheck
	checkSeq   int
}

// wizCheck is the live check line's state.
type wizCheck struct {
	res     importer.SampleCheck
	err     string
	running bool
	done    bool
}

// wizCheckMsg is the check of a mapping on the sample rows.
type wizCheckMsg struct {
	w   *importWizard
	seq int
	res importer.SampleCheck
	err error
}

// remap works out every table's mapping: detection, the mapping remembered
// for its header set, then the fields picked by hand (which survive a
// change of the read options as long as the column keeps its name).
func (w *importWizard) remap() {
	src := w.read.src
	if src == nil {
		return
	}
	mg := &w.mapg
	for len(mg.chosen) < len(src.Tables) {
		mg.chosen = append(mg.chosen, map[string]string{})
	}
	mg.maps = make([]importer.Mapping, len(src.Tables))
	for ti, t := range src.Tables {
		m := importer.AutoMap(t)
		if ti < len(mg.remembered) {
			for _, e := range mg.remembered[ti] {
				_ = m.Override([]importer.MapEntry{e}) // a column the file no longer has is left out
			}
			for i := range m.Columns {
				if m.Columns[i].Reason == "chosen" { // Override's mark: only the remembered ones have it
					m.Columns[i].Reason = "remembered from the last import of these columns"
				}
			}
		}
		for i := range m.Columns {
			if f, ok := mg.chosen[ti][m.Columns[i].Name]; ok {
				m.Columns[i].Field, m.Columns[i].Sure, m.Columns[i].Reason = f, true, "chosen here"
			}
		}
		mg.maps[ti] = m
	}
	mg.cursor = min(mg.cursor, max(len(w.mapping().Columns)-1, 0))
}

// mapping is the mapping of the table on screen.
func (w *importWizard) mapping() importer.Mapping {
	if w.read.tab < len(w.mapg.maps) {
		return w.mapg.maps[w.read.tab]
	}
	return importer.Mapping{}
}

// recheck checks the mapping on the sample rows in a command.
func (w *importWizard) recheck() tea.Cmd {
	t := w.table()
	if t == nil || w.read.tab >= len(w.mapg.maps) {
		return nil
	}
	w.mapg.checkSeq++
	w.mapg.check.running = true
	seq, m, opt, st := w.mapg.checkSeq, w.mapping(), w.importOptions(), w.sh.st
	m.Columns = slices.Clone(m.Columns)
	return func() tea.Msg {
		// The sample goes through the import's own writer as a dry run
		// against the store: what the check predicts is what happens.
		var sink importer.Sink
		if st != nil {
			sink = storesink.New(st, false)
		}
		res, err := importer.Check(t, m, opt, sink)
		return wizCheckMsg{w: w, seq: seq, res: res, err: err}
	}
}

func (w *importWizard) checked(msg wizCheckMsg) {
	if msg.seq != w.mapg.checkSeq {
		return
	}
	c := &w.mapg.check
	c.running, c.done, c.res, c.err = false, true, msg.res, ""
	if msg.err != nil {
		c.err = msg.err.Error()
	}
}

// setChosen picks a field for the column under the cursor ("" returns it
// to the automatic choice) and checks again.
func (w *importWizard) setChosen(field string) tea.Cmd {
	m := w.mapping()
	if w.mapg.cursor >= len(m.Columns) {
		return nil
	}
	name := m.Columns[w.mapg.cursor].Name
	if field == "" {
		delete(w.mapg.chosen[w.read.tab], name)
	} else {
		w.mapg.chosen[w.read.tab][name] = field
	}
	w.remap()
	return w.recheck()
}

// mapKey handles the mapping step's keys.
func (w *importWizard) mapKey(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	m := w.mapping()
	if c, ok := k.move(msg, w.mapg.cursor, len(m.Columns), w.sh.bodyH-10); ok {
		w.mapg.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Choose):
		if w.mapg.cursor < len(m.Columns) {
			cmd := w.startTyping(inTarget, "field for "+m.Columns[w.mapg.cursor].Name+": ", "",
				"type to find a field, consent:name, custom:name or ignore")
			w.mapg.optCur = 0
			w.matchTargets()
			return cmd
		}
	case key.Matches(msg, k.Ignore):
		if w.mapg.cursor < len(m.Columns) && m.Columns[w.mapg.cursor].Field == importer.TargetIgnore {
			return w.setChosen("")
		}
		return w.setChosen(importer.TargetIgnore)
	case key.Matches(msg, k.Auto):
		return w.setChosen("")
	case key.Matches(msg, k.Member):
		w.read.tab = cycle(w.read.tab, 1, len(w.read.src.Tables))
		w.mapg.cursor, w.mapg.top = 0, 0
		return w.recheck()
	case key.Matches(msg, k.SaveMapping):
		return w.startTyping(inSaveMapping, "save the mapping as: ", w.defaultMappingPath(), "a file name (JSON)")
	case key.Matches(msg, k.Next):
		return w.next()
	case key.Matches(msg, k.Prev):
		w.step = wzRead
	}
	w.mapg.cursor = max(0, min(w.mapg.cursor, len(m.Columns)-1))
	return nil
}

// targetChoices are the fields a column can fill: the model's, the special
// targets, and the consents and custom fields the store or this mapping
// define.
func (w *importWizard) targetChoices() []string {
	var out []string
	for _, f := range contact.Fields() {
		if !f.ReadOnly {
			out = append(out, f.Name)
		}
	}
	out = append(out, importer.TargetFullName, importer.TargetRecordType, importer.TargetRecordValue, importer.TargetIgnore)
	extra := map[string]bool{}
	for _, c := range w.info.consents {
		extra[contact.ConsentPrefix+c] = true
	}
	for _, c := range w.info.customs {
		extra[contact.CustomPrefix+c] = true
	}
	for _, m := range w.mapg.maps {
		for _, c := range m.Columns {
			if strings.HasPrefix(c.Field, contact.ConsentPrefix) || strings.HasPrefix(c.Field, contact.CustomPrefix) {
				extra[c.Field] = true
			}
		}
	}
	keys := slices.Collect(maps.Keys(extra))
	sort.Strings(keys)
	return append(out, keys...)
}

// matchTargets filters the choices by the text typed; a name that is not a
// choice is offered as a new custom field or consent.
func (w *importWizard) matchTargets() {
	q := strings.TrimSpace(w.input.Value())
	lq := strings.ToLower(q)
	var opts []string
	all := w.targetChoices()
	for _, c := range all {
		if lq == "" || strings.Contains(strings.ToLower(c+" "+targetLabel(c)), lq) {
			opts = append(opts, c)
		}
	}
	if q != "" && !slices.Contains(all, q) {
		var news []string
		switch {
		case strings.HasPrefix(lq, contact.ConsentPrefix), strings.HasPrefix(lq, contact.CustomPrefix):
			if len(q) > strings.IndexByte(q, ':')+1 {
				news = append(news, newPrefix+q)
			}
		default:
			news = append(news, newPrefix+contact.CustomPrefix+q, newPrefix+contact.ConsentPrefix+q)
		}
		opts = append(opts, news...)
	}
	w.mapg.options = opts
	w.mapg.optCur = min(w.mapg.optCur, max(len(opts)-1, 0))
}

// targetPicked maps the column to the option under the cursor.
func (w *importWizard) targetPicked() tea.Cmd {
	if w.mapg.optCur >= len(w.mapg.options) {
		w.err = "nothing matches: type a field name, consent:name or custom:name"
		return nil
	}
	t, err := importer.ParseTarget(strings.TrimPrefix(w.mapg.options[w.mapg.optCur], newPrefix))
	if err != nil {
		w.err = err.Error()
		return nil
	}
	w.stopTyping()
	return w.setChosen(t)
}

// targetLabel is a field's name for people ("" for the special targets).
func targetLabel(t string) string {
	switch t {
	case importer.TargetIgnore:
		return "not imported"
	case importer.TargetFullName:
		return "whole name, split into first, middle and last"
	case importer.TargetRecordType:
		return "one row per channel: its kind"
	case importer.TargetRecordValue:
		return "one row per channel: its value"
	}
	if f, ok := contact.LookupField(t); ok && !strings.Contains(t, ":") {
		return f.Label
	}
	return ""
}

// newDefinitions are the consents and custom fields the mapping would
// create: the store does not define them yet.
func (w *importWizard) newDefinitions() (consents, customs []string) {
	has := func(list []string, n string) bool {
		return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, n) })
	}
	for _, m := range w.mapg.maps {
		for _, c := range m.Columns {
			if n, ok := strings.CutPrefix(c.Field, contact.ConsentPrefix); ok && !has(w.info.consents, n) && !has(consents, n) {
				consents = append(consents, n)
			}
			if n, ok := strings.CutPrefix(c.Field, contact.CustomPrefix); ok && !has(w.info.customs, n) && !has(customs, n) {
				customs = append(customs, n)
			}
		}
	}
	return consents, customs
}

// samples are up to three non-empty values of column i.
func samples(t *importer.Table, i int) []string {
	var out []string
	for _, r := range t.Sample {
		if i < len(r.Cells) && strings.TrimSpace(r.Cells[i]) != "" {
			out = append(out, strings.TrimSpace(r.Cells[i]))
			if len(out) == 3 {
				break
			}
		}
	}
	return out
}

// checkLine is the live check: what the mapping does to the sample rows.
func (w *importWizard) checkLine() string {
	st := &w.sh.styles
	c := w.mapg.check
	switch {
	case c.err != "":
		return st.Error.Render("✗ " + c.err)
	case !c.done:
		return st.Faint.Render("checking the sample…")
	}
	r := c.res
	s := fmt.Sprintf("Check on %s sample rows: ", groupDigits(r.Rows)) + st.OK.Render(groupDigits(r.Accepted)+" would be imported")
	// Only new contacts is the common case and needs no words.
	if r.Accepted > r.Created {
		var parts []string
		for _, p := range []struct {
			n    int
			what string
		}{{r.Created, "new"}, {r.Updated, "matching stored contacts"}, {r.Merged, "joining earlier rows"}} {
			if p.n > 0 {
				parts = append(parts, groupDigits(p.n)+" "+p.what)
			}
		}
		s += st.Muted.Render(" (" + strings.Join(parts, ", ") + ")")
	}
	if r.IdentityConflicts > 0 {
		s += ", " + st.Danger.Render(groupDigits(r.IdentityConflicts)+" renaming a contact")
	}
	if r.Rejected > 0 {
		reasons := slices.Sorted(maps.Keys(r.Reasons))
		sort.SliceStable(reasons, func(i, j int) bool { return r.Reasons[reasons[i]] > r.Reasons[reasons[j]] })
		var parts []string
		for _, why := range reasons {
			parts = append(parts, fmt.Sprintf("%s %d", why, r.Reasons[why]))
		}
		s += ", " + st.Danger.Render(groupDigits(r.Rejected)+" rejected") + st.Muted.Render(" ("+strings.Join(parts, "; ")+")")
	}
	if r.Warnings > 0 {
		s += st.Muted.Render(", " + countOf(r.Warnings, "value") + " dropped or flagged")
	}
	if c.running {
		s += st.Faint.Render(" …")
	}
	return s
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
	"rolo/filter"
)

// defaultColumns is the column choice of a store that has none saved.
var defaultColumns = []string{"full_name", "emails", "phones", "city", "country", "status", "groups"}

// tableModel is the contact table: all contacts or the current filter, drawn
// virtualised (only the rows on screen are read), with a cursor row, a
// focused column (for sorting and copying), a selection for bulk actions
// and an incremental quick search.
type tableModel struct {
	sh   *shared
	keys tableKeys

	fields []string // visible columns; fields[0] is the frozen name column
	cols   []column

	rows rowSet // what is shown: IDs in display order and their cells

	cursor, top int // indexes into rows.ids
	focus       int // index into fields
	colOffset   int // first scrolled column when they do not all fit
	sel         idSet

	q query // filter, sort and search that produced rows
	// cleared is the filter x cleared, so a second x brings it back.
	cleared    filter.Filter
	clearedSeg string
	idx        tableIndex
	page       *pageCache // contacts read before the index is built
	jumpTop    bool       // the query changed: show its first row when it arrives
	// jumpEnd: G was pressed while a query was on its way; the last row
	// of the answer is where the user wants to be.
	jumpEnd bool
	search  textinput.Model
	// searching: the search line has focus; results are shown as typed.
	searching bool
	note      string // suppression notice for the current search
}

// rowSet is one answer to a query: IDs in display order, a way to read
// their cells, and whether it is complete (false while the index is built
// and only a first page is known).
type rowSet struct {
	ids      []uint64
	value    func(id uint64, field string) string
	complete bool
	matched  int // contacts matching (len(ids) once complete)
}

func newTable(sh *shared) *tableModel {
	t := &tableModel{sh: sh, keys: defaultTableKeys(), colOffset: 1}
	t.keys.setReadOnly(sh.readOnly)
	t.keys.setSearching(false)
	t.search = textinput.New()
	t.search.Prompt = "/ "
	t.search.Placeholder = "name, e-mail or phone"
	t.search.SetStyles(inputStyles(sh))
	t.setFields(defaultColumns)
	return t
}

// inputStyles are the text input styles: a static cursor, so frames (and
// golden files) do not change with a blink.
func inputStyles(sh *shared) textinput.Styles {
	s := textinput.DefaultStyles(sh.isDark)
	s.Cursor.Blink = false
	if sh.noColor {
		s = textinput.Styles{}
		s.Cursor.Blink = false
		// Without colour a placeholder is still told from typed text.
		s.Focused.Placeholder = lipgloss.NewStyle().Faint(true)
		s.Blurred.Placeholder = s.Focused.Placeholder
	}
	return s
}

// setFields sets the visible columns; the name column always comes first.
func (t *tableModel) setFields(fields []string) {
	out := []string{"full_name"}
	for _, f := range fields {
		if f != "full_name" && f != "" {
			out = append(out, f)
		}
	}
	t.fields = out
	t.cols = make([]column, len(out))
	for i, f := range out {
		t.cols[i] = newColumn(f)
	}
	t.focus = min(t.focus, len(out)-1)
	t.colOffset = 1
}

// setRows shows a new answer, keeping the cursor on the same contact when it
// is still there.
func (t *tableModel) setRows(r rowSet) {
	var keep uint64
	if t.cursor < len(t.rows.ids) {
		keep = t.rows.ids[t.cursor]
	}
	t.rows = r
	t.cursor = 0
	if keep != 0 {
		for i, id := range r.ids {
			if id == keep {
				t.cursor = i
				break
			}
		}
	}
	t.clamp()
}

// dataRows is how many contact rows fit: the body less the info line, the
// column titles and the search line.
func (t *tableModel) dataRows() int {
	n := t.sh.bodyH - 2
	if t.searching || t.q.search != "" {
		n -= len(t.searchLines())
	}
	return max(n, 1)
}

func (t *tableModel) clamp() {
	n := len(t.rows.ids)
	t.cursor = max(0, min(t.cursor, n-1))
	rows := t.dataRows()
	if t.cursor < t.top {
		t.top = t.cursor
	}
	if t.cursor >= t.top+rows {
		t.top = t.cursor - rows + 1
	}
	t.top = max(0, min(t.top, n-rows))
}

func (t *tableModel) move(d int) {
	t.cursor += d
	t.clamp()
}

// focusedID is the contact under the cursor, or 0.
func (t *tableModel) focusedID() uint64 {
	if t.cursor < len(t.rows.ids) {
		return t.rows.ids[t.cursor]
	}
	return 0
}

// Update handles keys and the table's own results.
func (t *tableModel) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if t.searching {
			return t, t.updateSearch(msg)
		}
		return t, tea.Batch(t.handleKey(msg), t.fetchWindow())
	case tea.PasteMsg:
		if t.searching {
			var cmd tea.Cmd
			t.search, cmd = t.search.Update(msg)
			return t, tea.Batch(cmd, t.runSearch())
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			t.move(-3)
		case tea.MouseWheelDown:
			t.move(3)
		}
		return t, t.fetchWindow()
	case cardErasedMsg:
		t.sel.remove(msg.ID) // an erased contact leaves the selection
	case queryResultMsg, suppressionMsg, searchTick:
		return t, t.handleResult(msg)
	}
	return t, nil
}

func (t *tableModel) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &t.keys
	k.ClearSearch.SetEnabled(t.q.search != "")
	page := t.dataRows()
	switch {
	case key.Matches(msg, k.Up):
		t.move(-1)
	case key.Matches(msg, k.Down):
		t.move(1)
	case key.Matches(msg, k.PageUp):
		t.move(-page)
	case key.Matches(msg, k.PageDown):
		t.move(page)
	case key.Matches(msg, k.Top):
		t.move(-len(t.rows.ids))
		t.jumpEnd = false
	case key.Matches(msg, k.Bottom):
		t.move(len(t.rows.ids))
		t.jumpEnd, t.jumpTop = t.jumpTop, false
	case key.Matches(msg, k.Left):
		t.focusColumn(t.focus - 1)
	case key.Matches(msg, k.Right):
		t.focusColumn(t.focus + 1)
	case key.Matches(msg, k.Open):
		if id := t.focusedID(); id != 0 {
			return t.sh.ask(openCardMsg{ID: id})
		}
	case key.Matches(msg, k.Search):
		t.searching = true
		t.keys.setSearching(true)
		t.search.SetValue(t.q.search)
		t.search.CursorEnd()
		t.clamp()
		return t.search.Focus()
	case key.Matches(msg, k.Filter):
		return t.sh.ask(openFilterMsg{F: t.q.filter, Name: t.q.segment})
	case key.Matches(msg, k.ClearFilter):
		if t.q.filter.IsEmpty() {
			if t.cleared.IsEmpty() {
				return status("no filter to clear")
			}
			f, seg := t.cleared, t.clearedSeg
			t.cleared = emptyFilter()
			return tea.Batch(t.setFilter(f, seg), status("filter restored"))
		}
		t.cleared, t.clearedSeg = t.q.filter, t.q.segment
		return tea.Batch(t.setFilter(emptyFilter(), ""), status("filter cleared · x again brings it back"))
	case key.Matches(msg, k.Columns):
		return t.sh.ask(openColumnsMsg{})
	case key.Matches(msg, k.Sort):
		return t.sortByFocus()
	case key.Matches(msg, k.Copy):
		return t.copyCell()
	case key.Matches(msg, k.Select):
		if id := t.focusedID(); id != 0 {
			if t.erased(id) && !t.sel.has(id) {
				t.move(1)
				return status("an erased contact is not selected: there is nothing left to act on")
			}
			t.sel.toggle(id)
			t.move(1)
		}
	case key.Matches(msg, k.SelectAll):
		return t.selectAll()
	case key.Matches(msg, k.Invert):
		return t.invert()
	case key.Matches(msg, k.Bulk):
		if t.sel.len() == 0 {
			return status("select contacts first: space selects a row, a selects all matching")
		}
		return t.sh.ask(openBulkMsg{IDs: t.selectionInOrder()})
	case key.Matches(msg, k.New):
		return t.sh.ask(openCreateMsg{})
	case key.Matches(msg, k.NextMatch), key.Matches(msg, k.PrevMatch):
		return t.nextMatch(key.Matches(msg, k.PrevMatch))
	case key.Matches(msg, k.Undo):
		return t.sh.ask(pushScreenMsg{s: newUndoDialog(t.sh)})
	case key.Matches(msg, k.Imports):
		return t.sh.ask(openJobsMsg{})
	case key.Matches(msg, k.Settings):
		return t.sh.ask(pushScreenMsg{s: newSettingsDialog(t.sh)})
	case key.Matches(msg, k.Duplicates), key.Matches(msg, k.Consents), key.Matches(msg, k.OpenFile), key.Matches(msg, k.Audit):
		return t.privacyKey(msg)
	case key.Matches(msg, k.ClearSearch) && t.q.search != "":
		t.q.search, t.note = "", ""
		t.search.SetValue("")
		t.jumpTop = true
		t.clamp()
		return t.requery()
	case key.Matches(msg, k.Quit):
		return tea.Quit
	}
	return nil
}

// nextMatch goes to the next (or previous) row the last search matched,
// round from the last to the first: the table shows only matches, so it is
// the next row, with where it stands in the status line.
func (t *tableModel) nextMatch(back bool) tea.Cmd {
	if t.q.search == "" {
		return status("no search yet: / searches, then n and N go to the next and previous match")
	}
	n := len(t.rows.ids)
	if n == 0 {
		return status(fmt.Sprintf("no match for %q", t.q.search))
	}
	d := 1
	if back {
		d = -1
	}
	t.move((t.cursor+d+n)%n - t.cursor)
	return nil // the info line says which match it is
}

// focusColumn moves the column focus, scrolling sideways to keep it in view.
func (t *tableModel) focusColumn(i int) {
	t.focus = max(0, min(i, len(t.fields)-1))
	if t.focus == 0 {
		return
	}
	if t.focus < t.colOffset {
		t.colOffset = t.focus
	}
	for t.colOffset < t.focus && !layoutColumns(t.cols, t.sh.width, t.colOffset).visible(t.focus) {
		t.colOffset++
	}
}

func (t *tableModel) copyCell() tea.Cmd {
	id := t.focusedID()
	if id == 0 || t.rows.value == nil {
		return nil
	}
	field := t.fields[t.focus]
	v := t.rows.value(id, field)
	if v == "" {
		return status("nothing to copy: the cell is empty")
	}
	return copyText(v, fieldLabel(field))
}

// copyText puts text on the clipboard with OSC 52 (it works over SSH) and
// says what was copied.
func copyText(text, what string) tea.Cmd {
	return tea.Batch(tea.SetClipboard(text), status(fmt.Sprintf("copied %s: %s", what, ansi.Truncate(oneLine(text), 60, ellipsis))))
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " · ")
	return cleanCell(s)
}

func fieldLabel(field string) string {
	if f, ok := contact.LookupField(field); ok {
		return lowerFirst(f.Label)
	}
	return field
}

func (t *tableModel) selectAll() tea.Cmd {
	if !t.rows.complete {
		return status("still indexing: select all works when the index is ready")
	}
	if t.sel.len() >= len(t.rows.ids) && t.allSelected() {
		t.sel.clear()
		return status("selection cleared")
	}
	skipped := 0
	for _, id := range t.rows.ids {
		if t.erased(id) {
			skipped++
			continue
		}
		t.sel.add(id)
	}
	return status(t.selectedNote(skipped))
}

// selectedNote says how many are selected and how many erased contacts
// were left out.
func (t *tableModel) selectedNote(skipped int) string {
	s := countOf(t.sel.len(), "contact") + " selected"
	if skipped > 0 {
		s += " · " + countOf(skipped, "erased contact") + " left out"
	}
	return s
}

// erased reports whether a row is the tombstone of an erased person: it is
// never selected, since no bulk action can act on it.
func (t *tableModel) erased(id uint64) bool {
	return t.rows.value != nil && t.rows.value(id, "status") == contact.StatusErased
}

// dropErased takes erased contacts out of the selection (after an erasure).
func (t *tableModel) dropErased(ids []uint64) {
	for _, id := range ids {
		t.sel.remove(id)
	}
}

func (t *tableModel) allSelected() bool {
	for _, id := range t.rows.ids {
		if !t.sel.has(id) && !t.erased(id) {
			return false
		}
	}
	return true
}

// selectionInOrder lists the selected contacts in the table's order (its
// sort), so an export of them comes out as the table shows them; those
// selected outside the rows shown (before a filter changed) follow by ID.
func (t *tableModel) selectionInOrder() []uint64 {
	out := make([]uint64, 0, t.sel.len())
	var listed idSet
	for _, id := range t.rows.ids {
		if t.sel.has(id) {
			out = append(out, id)
			listed.add(id)
		}
	}
	if len(out) < t.sel.len() {
		for _, id := range t.sel.ids() {
			if !listed.has(id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// invert flips the selection within the rows shown; selected contacts
// outside them stay selected.
func (t *tableModel) invert() tea.Cmd {
	if !t.rows.complete {
		return status("still indexing: invert works when the index is ready")
	}
	skipped := 0
	for _, id := range t.rows.ids {
		if t.erased(id) && !t.sel.has(id) {
			skipped++
			continue
		}
		t.sel.toggle(id)
	}
	return status(t.selectedNote(skipped))
}

// Keys implements screen.
func (t *tableModel) Keys() help.KeyMap {
	t.keys.ClearSearch.SetEnabled(!t.searching && t.q.search != "")
	return t.keys
}

// Typing implements screen.
func (t *tableModel) Typing() bool { return t.searching }

// Title implements screen.
func (t *tableModel) Title() string { return "Contacts" }

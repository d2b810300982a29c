package ui

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/filter"
)

// defaultSort is the order of a table nobody sorted: by name, the order
// filter.LoadOrder keeps for the first screen.
const defaultSort = "full_name"

// query is what the table shows: a filter (maybe a saved segment), a sort,
// and a quick search that, while set, replaces the filter.
type query struct {
	filter    filter.Filter
	segment   string
	label     string // the filter in words, when its conditions are not (see applyFilterMsg)
	sortField string
	sortDesc  bool
	search    string
}

// Results of the table's queries, tagged with the sequence number of the
// query so a slow answer to an old question is dropped.
type (
	queryResultMsg struct {
		Seq     int
		IDs     []uint64
		Err     error
		Default bool // all contacts in name order: kept for next time
	}
	// openFilterMsg opens the filter builder on the current filter.
	openFilterMsg struct {
		F    filter.Filter
		Name string
	}
	// applyFilterMsg shows the contacts matching a filter (Name is the
	// segment it came from, if any; Label says in words what the filter
	// is when its conditions do not, such as a hundred thousand IDs).
	applyFilterMsg struct {
		F     filter.Filter
		Name  string
		Label string
	}
)

func emptyFilter() filter.Filter { return filter.Filter{} }

func describeFilter(f filter.Filter) string { return f.Describe() }

// tableIndex is the part of the root's state the table queries: the index
// (nil while it is built), the sequence of the latest query, and every
// contact in name order, the answer asked for most (at start, and whenever
// a filter or search is cleared), which costs a sort of the whole index.
type tableIndex struct {
	ix     *filter.Index
	seq    int
	byName []uint64 // nil when not known or stale
}

// isDefault reports whether q is all contacts in name order.
func (q query) isDefault() bool {
	return q.search == "" && q.filter.IsEmpty() && (q.sortField == "" || q.sortField == defaultSort) && !q.sortDesc
}

// invalidate forgets answers kept from before a change to the contacts.
func (t *tableModel) invalidate() { t.idx.byName = nil }

// refresh runs the query again after contacts changed.
func (t *tableModel) refresh() tea.Cmd {
	t.invalidate()
	return t.requery()
}

// refreshOne runs the query again after one contact changed: the kept name
// order is mended in place (a binary search, not a sort of a million), so
// an edit on the card does not cost a full sort when the table comes back.
func (t *tableModel) refreshOne(id uint64) tea.Cmd {
	if !t.mendOrder(id) {
		t.invalidate()
	}
	return t.requery()
}

// mendOrder moves id to its place in the kept name order (the index must
// already hold its new values). It reports false when there is no order to
// mend.
func (t *tableModel) mendOrder(id uint64) bool {
	ix, old := t.idx.ix, t.idx.byName
	if ix == nil || old == nil {
		return false
	}
	ids := make([]uint64, 0, len(old)+1) // rows may share the old array
	for _, x := range old {
		if x != id {
			ids = append(ids, x)
		}
	}
	pair := make([]uint64, 2)
	before := func(a, b uint64) bool { // a sorts before b, as Sort orders them
		pair[0], pair[1] = b, a
		ix.Sort(pair, defaultSort, false)
		return pair[0] == a
	}
	at, _ := slices.BinarySearchFunc(ids, id, func(x, target uint64) int {
		if before(x, target) {
			return -1
		}
		return 1
	})
	t.idx.byName = slices.Insert(ids, at, id)
	return true
}

// searchTick runs the search typed so far once typing pauses.
type searchTick struct{ Seq int }

// searchDelay is how long typing pauses before the search runs: a quick
// typist's every key costs no search of a million contacts.
const searchDelay = 60 * time.Millisecond

// setIndex switches the table to a (re)built index and re-runs its query.
func (t *tableModel) setIndex(ix *filter.Index) tea.Cmd {
	t.idx.ix = ix
	t.invalidate()
	return t.requery()
}

// requery runs the current query in a command (a million contacts take
// milliseconds to filter and longer to sort: never in Update).
func (t *tableModel) requery() tea.Cmd {
	ix := t.idx.ix
	if ix == nil {
		return nil
	}
	t.idx.seq++
	seq, q := t.idx.seq, t.q
	if q.isDefault() && t.idx.byName != nil {
		ids := t.idx.byName
		return func() tea.Msg { return queryResultMsg{Seq: seq, IDs: ids, Default: true} }
	}
	return func() tea.Msg {
		var ids []uint64
		var err error
		if q.search != "" {
			ids = ix.Search(q.search, 0)
		} else if ids, err = ix.Match(q.filter); err != nil {
			return queryResultMsg{Seq: seq, Err: err}
		}
		field := q.sortField
		if field == "" {
			field = defaultSort
		}
		ix.Sort(ids, field, q.sortDesc)
		return queryResultMsg{Seq: seq, IDs: ids, Default: q.isDefault()}
	}
}

// setFilter shows the contacts matching f.
func (t *tableModel) setFilter(f filter.Filter, segment string) tea.Cmd {
	t.q.filter, t.q.segment, t.q.label = f, segment, ""
	t.jumpTop = true
	return t.requery()
}

// sortByFocus sorts by the focused column; again on the same column turns
// the direction.
func (t *tableModel) sortByFocus() tea.Cmd {
	field := t.fields[t.focus]
	cur := t.q.sortField
	if cur == "" {
		cur = defaultSort
	}
	if cur == field {
		t.q.sortDesc = !t.q.sortDesc
	} else {
		t.q.sortField, t.q.sortDesc = field, false
	}
	if t.idx.ix == nil {
		return status("still indexing: sorting works when the index is ready")
	}
	t.q.sortField = field
	t.jumpTop = true // the new order is read from its top
	return tea.Batch(t.requery(), status("sorting by "+fieldLabel(field)+"…"))
}

// updateSearch handles a key while the search line has focus: every change
// of the text runs the search again.
func (t *tableModel) updateSearch(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, t.keys.SearchCancel):
		t.searching = false
		t.keys.setSearching(false)
		t.search.Blur()
		t.note = ""
		if t.q.search == "" {
			t.clamp()
			return nil
		}
		t.q.search = ""
		t.jumpTop = true
		t.clamp()
		return t.requery()
	case key.Matches(msg, t.keys.SearchDone):
		t.searching = false
		t.keys.setSearching(false)
		t.search.Blur()
		t.clamp()
		return nil
	case key.Matches(msg, t.keys.Up):
		t.move(-1)
		return nil
	case key.Matches(msg, t.keys.Down):
		t.move(1)
		return nil
	case key.Matches(msg, t.keys.PageUp):
		t.move(-t.dataRows())
		return nil
	case key.Matches(msg, t.keys.PageDown):
		t.move(t.dataRows())
		return nil
	}
	var cmd tea.Cmd
	t.search, cmd = t.search.Update(msg)
	return tea.Batch(cmd, t.runSearch())
}

// runSearch searches for the text of the search line, if it changed.
func (t *tableModel) runSearch() tea.Cmd {
	q := t.search.Value()
	if q == t.q.search {
		return nil
	}
	t.q.search = q
	t.jumpTop = true
	t.note = ""
	if t.idx.ix == nil {
		return status("still indexing: search works when the index is ready")
	}
	t.idx.seq++ // an answer to an older text is stale from now on
	return t.sh.after(searchDelay, searchTick{Seq: t.idx.seq})
}

// handleResult takes the answer of a query, dropping stale ones.
func (t *tableModel) handleResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchTick:
		if msg.Seq != t.idx.seq {
			return nil // typing went on
		}
		return tea.Batch(t.requery(), checkSuppressed(t.sh, t.q.search))
	case queryResultMsg:
		if msg.Seq != t.idx.seq {
			return nil
		}
		if msg.Default && msg.Err == nil {
			t.idx.byName = msg.IDs
		}
		if msg.Err != nil {
			return statusErr(fmt.Errorf("filtering: %w", msg.Err))
		}
		t.setRows(rowSet{ids: msg.IDs, value: t.idx.ix.Value, complete: true, matched: len(msg.IDs)})
		t.page = nil
		switch {
		case t.jumpEnd:
			t.cursor = len(t.rows.ids) - 1
			t.clamp()
		case t.jumpTop:
			t.cursor, t.top = 0, 0
		}
		t.jumpTop, t.jumpEnd = false, false
	case suppressionMsg:
		if msg.Query == t.q.search {
			t.note = msg.Note
			t.clamp() // a notice wrapped under the search takes rows
		}
	}
	return nil
}

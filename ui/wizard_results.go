package ui

import (
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/importer"
	"rolo/store"
)

// The results step: the counts, the rejected rows (with their reasons),
// the warnings and the people left out as suppressed, each list filterable
// by reason; fix a rejected row in place and import the fixed rows; save
// the rejects file; view the contacts the import wrote; undo it.

// Results lists.
const (
	rlRejected = iota
	rlWarnings
	rlSuppressed
)

var resultLists = [...]string{"Rejected", "Warnings", "Suppressed"}

// wizResults is the results step's state.
type wizResults struct {
	rep     *importer.Report
	opt     importer.Options // the import's options: fixed rows are imported with them
	path    string           // the file imported (the rejects file goes beside it)
	list    int
	reason  string // the reason shown ("" every one)
	cursor  int
	top     int
	confirm bool // asking whether to undo
	undoing bool
	undone  string // what the undo did

	fixing     bool             // the fix view of one rejected row
	fixRow     int              // index into rep.Rejected
	fixCol     int              // the cell under the cursor
	fixed      map[int][]string // rep.Rejected index → the row's cells as fixed
	fixSent    []int            // the rows the running fix import took, in order
	fixRunning bool
	fixNote    string // what the last import of fixed rows did

	// bom: the rejects file starts with a byte-order mark, so Excel reads
	// it as UTF-8. Asked when it is saved; yes by default for a file from
	// a spreadsheet or in another encoding than UTF-8, as Excel saves.
	bom bool

	gen   int // changes when the report's lists do (fixed rows imported)
	cache resultsCache
}

func newWizResults(rep *importer.Report, opt importer.Options) wizResults {
	if rep == nil {
		rep = &importer.Report{}
	}
	r := wizResults{rep: rep, opt: opt, fixed: map[int][]string{}}
	switch {
	case rep.Format == importer.FormatXLSX || rep.Format == importer.FormatXLS:
		r.bom = true
	case rep.Encoding != "" && rep.Encoding != "utf-8":
		r.bom = true
	}
	if len(rep.Rejected) == 0 && len(rep.Warnings) > 0 {
		r.list = rlWarnings
	}
	// Rows that renamed a contact come first: they are the ones to review
	// (and undo, with the import, when the file was wrong).
	if len(rep.Rejected) == 0 && rep.IdentityConflicts > 0 {
		r.reason = "identity_conflict"
	}
	return r
}

// newJobResults opens the wizard on a stored import's results (the jobs
// list's enter).
func newJobResults(sh *shared, j store.Job, rep *importer.Report, opt importer.Options) *importWizard {
	w := newImportWizard(sh, "")
	w.step, w.first = wzResults, wzResults
	rep.Job, rep.Status, rep.DryRun = j.ID, j.Status, j.DryRun
	c := j.Counts
	rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Merged = c.Rows, c.Created, c.Updated, c.Unchanged, c.Merged
	rep.IdentityConflicts = c.IdentityConflicts
	rep.Error = j.Error
	w.res = newWizResults(rep, opt)
	w.res.path = j.File
	w.setKeys()
	return w
}

// reasonKey groups reasons: "ragged row: 4 cells, the header has 3" is
// "ragged row"; a missing key keeps its whole text (it says which key).
func reasonKey(reason string) string {
	if k := strings.Index(reason, ": "); k > 0 && !strings.HasPrefix(reason, "no usable key") {
		return reason[:k]
	}
	return reason
}

// resultItem is one line of a results list.
type resultItem struct {
	idx    int // index in its slice of the report
	row    int
	line   int
	reason string
	cells  []string
	cols   []string
}

// resultsCache keeps the filtered list and the reasons of the list shown:
// a list may hold a million rejected rows, and the view, the keys and the
// cursor all ask for it on every key.
type resultsCache struct {
	ok      bool
	gen     int // the report's generation it was made from
	list    int
	reason  string
	idx     []int    // the rows shown, as indexes into the list
	reasons []string // the list's reasons, most frequent first
}

// items are the rows of the list shown, filtered by the reason chosen, as
// indexes into the list (see item).
func (w *importWizard) items() []int {
	w.fillCache()
	return w.res.cache.idx
}

// reasons are the reasons of the list shown, most frequent first.
func (w *importWizard) reasons() []string {
	w.fillCache()
	return w.res.cache.reasons
}

// reasonOf is the reason key of row i of list l.
func (w *importWizard) reasonOf(l, i int) string {
	switch l {
	case rlRejected:
		return reasonKey(w.res.rep.Rejected[i].Reason)
	case rlSuppressed:
		return reasonKey(w.res.rep.Suppressed[i].Reason)
	}
	return w.res.rep.Warnings[i].Kind()
}

func (w *importWizard) fillCache() {
	r := &w.res
	c := &r.cache
	if c.ok && c.gen == r.gen && c.list == r.list && c.reason == r.reason {
		return
	}
	sameList := c.ok && c.gen == r.gen && c.list == r.list
	*c = resultsCache{ok: true, gen: r.gen, list: r.list, reason: r.reason, reasons: c.reasons}
	n := w.listLen(r.list)
	count := map[string]int{}
	var order []string
	for i := range n {
		k := w.reasonOf(r.list, i)
		if !sameList {
			if count[k] == 0 {
				order = append(order, k)
			}
			count[k]++
		}
		if r.reason == "" || k == r.reason {
			c.idx = append(c.idx, i)
		}
	}
	if !sameList {
		slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
		c.reasons = order
	}
}

// item is row i of the list shown, with its cells (as fixed, if fixed).
func (w *importWizard) item(i int) resultItem {
	r := &w.res
	var rej importer.Rejected
	switch r.list {
	case rlWarnings:
		wn := r.rep.Warnings[i]
		return resultItem{idx: i, row: wn.Row, line: wn.Line, reason: wn.Field + ": " + wn.Message}
	case rlSuppressed:
		rej = r.rep.Suppressed[i]
	default:
		rej = r.rep.Rejected[i]
	}
	cells := rej.Cells()
	if f, ok := r.fixed[i]; ok && r.list == rlRejected {
		cells = f
	}
	return resultItem{idx: i, row: rej.Row, line: rej.Line, reason: rej.Reason, cells: cells, cols: r.rep.Columns(rej)}
}

func (w *importWizard) listLen(l int) int {
	switch l {
	case rlRejected:
		return len(w.res.rep.Rejected)
	case rlWarnings:
		return len(w.res.rep.Warnings)
	}
	return len(w.res.rep.Suppressed)
}

// canFix reports whether rejected rows can be fixed here: their cells and
// columns are known, and they come from one table.
func (w *importWizard) canFix() bool {
	r := &w.res
	return r.list == rlRejected && r.rep.Tables() == 1 && len(r.opt.Mappings) == 1 && !r.undoing && r.undone == ""
}

// written reports whether the import wrote contacts that may be viewed or
// undone.
func (w *importWizard) written() bool {
	r := w.res.rep
	return r.Job != 0 && !r.DryRun && r.Status != contact.JobUndone && w.res.undone == "" && !w.res.undoing
}

// resultsKeys enables the results' keys for their state.
func (w *importWizard) resultsKeys() {
	k := &w.keys
	r := &w.res
	k.Back.SetHelp("esc", "close")
	switch {
	case r.confirm:
		k.Back.SetHelp("esc", "no")
		on(&k.Yes, &k.No)
	case r.fixing:
		k.Back.SetHelp("esc", "back to the list")
		k.Choose.SetHelp("enter", "edit cell")
		on(k.listKeys.all()...)
		on(&k.Choose)
		k.ImportFixed.SetEnabled(len(r.fixed) > 0 && !r.fixRunning)
	default:
		on(k.listKeys.all()...)
		n := 0
		for l := range resultLists {
			if w.listLen(l) > 0 {
				n++
			}
		}
		k.List.SetEnabled(n > 1)
		k.Reason.SetEnabled(len(w.reasons()) > 1 || r.reason != "")
		k.Fix.SetEnabled(w.canFix() && len(w.items()) > 0)
		k.ImportFixed.SetEnabled(len(r.fixed) > 0 && !r.fixRunning)
		k.SaveRejects.SetEnabled(len(r.rep.Rejected) > 0)
		k.View.SetEnabled(w.written())
		k.Undo.SetEnabled(w.written())
	}
}

// resultsKey handles the results' keys.
func (w *importWizard) resultsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	r := &w.res
	if r.confirm {
		switch {
		case key.Matches(msg, k.Yes):
			r.confirm, r.undoing = false, true
			return w.undo()
		case key.Matches(msg, k.No):
			r.confirm = false
		}
		return nil
	}
	if r.fixing {
		return w.fixKey(msg)
	}
	items := w.items()
	if c, ok := k.move(msg, r.cursor, len(items), w.sh.bodyH-12); ok {
		r.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.List):
		for i := 1; i <= len(resultLists); i++ {
			if l := (r.list + i) % len(resultLists); w.listLen(l) > 0 {
				r.list, r.reason, r.cursor, r.top = l, "", 0, 0
				break
			}
		}
		return nil
	case key.Matches(msg, k.Reason):
		rs := append([]string{""}, w.reasons()...)
		r.reason = rs[cycle(slices.Index(rs, r.reason), 1, len(rs))]
		r.cursor, r.top = 0, 0
		return nil
	case key.Matches(msg, k.Fix):
		if r.cursor < len(items) {
			r.fixing, r.fixRow, r.fixCol = true, items[r.cursor], 0
		}
	case key.Matches(msg, k.ImportFixed):
		return w.importFixed()
	case key.Matches(msg, k.SaveRejects):
		return w.startTyping(inSaveRejects, "save the rejected rows as: ", w.defaultRejectsPath(), "a CSV file name")
	case key.Matches(msg, k.View):
		return viewTouched(w, w.sh.st, r.rep.Job)
	case key.Matches(msg, k.Undo):
		r.confirm = true
	}
	r.cursor = max(0, min(r.cursor, len(items)-1))
	return nil
}

// defaultRejectsPath is beside the imported file: name-rejects.csv.
func (w *importWizard) defaultRejectsPath() string {
	p := w.res.path
	if p == "" {
		p = w.file.path
	}
	if p == "" {
		p = w.res.rep.File
	}
	stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	return filepath.Join(filepath.Dir(p), stem+"-rejects.csv")
}

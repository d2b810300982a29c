package filter

import (
	"cmp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"rolo/contact"
)

// Index is the in-memory copy of the contacts that makes filtering,
// sorting, searching and drawing rows instant on a million contacts. It is
// safe for concurrent use: many readers, one writer at a time.
//
// It is column-oriented: one column per field, a row per contact (rows in
// the order contacts were added, which is ID order for a Build from the
// store). Text with few distinct values (cities, first names, statuses) is
// dictionary-encoded, so a condition is tested once per distinct value and
// the rows are marked by code; text with many (e-mails, phones, full names)
// lives in a byte arena searched in one pass; numbers and times are plain
// slices; groups, tags and consents are bitsets. A condition's result is a
// bitset of rows, and conditions combine with AND / AND NOT over words.
type Index struct {
	mu      sync.RWMutex
	rankMu  sync.Mutex // guards the columns' sort caches (under mu.RLock)
	opt     Options
	dictMax int // distinct values at which a text column moves to an arena
	// searchSlice is how many rows Search looks at before checking whether
	// it has enough (a multiple of 64).
	searchSlice int
	hint        int // contacts the next Build expects (Reserve)
	st          *state
	edits       uint64 // changes made (Upsert, Delete, Apply, Build): an Encode checks none came meanwhile
}

// Reserve tells the next Build about how many contacts it will read
// (store.Count): the columns are then sized once instead of growing by
// copies, which keeps a Build's peak memory near the index's own size.
// Without it Build works the same, with a higher peak.
func (ix *Index) Reserve(n int) {
	ix.mu.Lock()
	ix.hint = max(n, 0)
	ix.mu.Unlock()
}

// defaultDictMax keeps a dictionary for up to 64k distinct values (names,
// cities, streets, dates) and moves unique-ish columns (CRM IDs, tax IDs,
// postal codes) to an arena: bigger maps cost more to fill and to keep
// than the arena they would save scanning.
const defaultDictMax = 1 << 16

// NewIndex returns an empty index; fill it with Build.
func NewIndex(opt Options) *Index {
	return &Index{opt: opt, dictMax: defaultDictMax, searchSlice: 1 << 16, st: newState(defaultDictMax)}
}

// state is one generation of the index's data; Build makes a new one while
// readers keep using the old.
type state struct {
	ids    []uint64 // row → ID
	dead   bitset   // deleted rows
	nDead  int
	sorted bool // ids ascend in row order

	dense  []uint32 // ID → row+1, for IDs up to a few times the row count
	sparse map[uint64]uint32

	dictMax  int
	hint     int               // rows expected, for the open-ended columns made on the way
	cols     map[string]column // canonical fields, by name
	order    []column          // the order set runs in (names before full_name)
	custom   map[string]*strCol
	consents map[string]*consentCol
	lazy     *lazyCols // columns of a stored index not read yet (nil: all here)
}

// textGetters read the single-valued text fields without the cost of
// contact.Get's switch.
var textGetters = map[string]func(*contact.Contact) string{
	"first_name":       func(c *contact.Contact) string { return c.FirstName },
	"middle_name":      func(c *contact.Contact) string { return c.MiddleName },
	"last_name":        func(c *contact.Contact) string { return c.LastName },
	"company":          func(c *contact.Contact) string { return c.Company },
	"job_title":        func(c *contact.Contact) string { return c.JobTitle },
	"prefix":           func(c *contact.Contact) string { return c.Prefix },
	"suffix":           func(c *contact.Contact) string { return c.Suffix },
	"department":       func(c *contact.Contact) string { return c.Department },
	"role":             func(c *contact.Contact) string { return c.Role },
	"crm_id":           func(c *contact.Contact) string { return c.CRMID },
	"tax_id":           func(c *contact.Contact) string { return c.TaxID },
	"uid":              func(c *contact.Contact) string { return c.UID },
	"whatsapp":         func(c *contact.Contact) string { return c.WhatsApp },
	"telegram":         func(c *contact.Contact) string { return c.Telegram },
	"viber":            func(c *contact.Contact) string { return c.Viber },
	"birth_date":       func(c *contact.Contact) string { return c.BirthDate },
	"street":           func(c *contact.Contact) string { return c.Address.Street },
	"house":            func(c *contact.Contact) string { return c.Address.House },
	"postal_code":      func(c *contact.Contact) string { return c.Address.PostalCode },
	"city":             func(c *contact.Contact) string { return c.Address.City },
	"region":           func(c *contact.Contact) string { return c.Address.Region },
	"country":          func(c *contact.Contact) string { return c.Address.Country },
	"ship_street":      func(c *contact.Contact) string { return c.Shipping.Street },
	"ship_house":       func(c *contact.Contact) string { return c.Shipping.House },
	"ship_postal_code": func(c *contact.Contact) string { return c.Shipping.PostalCode },
	"ship_city":        func(c *contact.Contact) string { return c.Shipping.City },
	"ship_region":      func(c *contact.Contact) string { return c.Shipping.Region },
	"ship_country":     func(c *contact.Contact) string { return c.Shipping.Country },
	"description":      func(c *contact.Contact) string { return c.Description },
	"manager":          func(c *contact.Contact) string { return c.Manager },
	"timezone":         func(c *contact.Contact) string { return c.Timezone },
	"priority":         func(c *contact.Contact) string { return c.Priority },
	"status":           func(c *contact.Contact) string { return c.Status },
	"source":           func(c *contact.Contact) string { return c.Source },
}

// joiner returns a getter that writes a list cell into its own buffer (the
// result is valid until the next call; columns copy what they keep).
func joiner(list func(*contact.Contact, int) (string, bool)) func(*contact.Contact) string {
	var buf []byte
	return func(c *contact.Contact) string {
		first, ok := list(c, 0)
		if !ok {
			return ""
		}
		second, ok := list(c, 1)
		if !ok {
			return first
		}
		buf = append(append(append(buf[:0], first...), contact.ListSep...), second...)
		for i := 2; ; i++ {
			v, ok := list(c, i)
			if !ok {
				break
			}
			buf = append(append(buf, contact.ListSep...), v...)
		}
		return view(buf)
	}
}

func newState(dictMax int) *state {
	st := &state{
		sorted: true, dictMax: dictMax, cols: map[string]column{},
		custom: map[string]*strCol{}, consents: map[string]*consentCol{},
	}
	add := func(name string, c column) {
		st.cols[name] = c
		st.order = append(st.order, c)
	}
	for _, f := range contact.Fields() {
		get, ok := textGetters[f.Name]
		if !ok {
			continue
		}
		fl := folder{kind: foldText}
		if f.Name == "tax_id" {
			fl.kind = foldTaxID
		}
		add(f.Name, newStrCol(get, fl, dictMax, false))
	}
	add("emails", newStrCol(joiner(func(c *contact.Contact, i int) (string, bool) {
		if i < len(c.Emails) {
			return c.Emails[i], true
		}
		return "", false
	}), folder{kind: foldText}, dictMax, true))
	add("phones", newStrCol(joiner(func(c *contact.Contact, i int) (string, bool) {
		if i < len(c.Phones) {
			return c.Phones[i].Number, true
		}
		return "", false
	}), folder{kind: foldText}, dictMax, true))
	add("faxes", newStrCol(joiner(func(c *contact.Contact, i int) (string, bool) {
		if i < len(c.Faxes) {
			return c.Faxes[i], true
		}
		return "", false
	}), folder{kind: foldText}, dictMax, true))
	kind, more, addrs := newAddrCols(st, dictMax)
	add(addrKindCol, kind)
	add(addrMoreCol, more)
	add("addresses", addrs)
	add("points", &numCol{get: func(c *contact.Contact) contact.Number { return c.Points }})
	add("paid_total", &numCol{get: func(c *contact.Contact) contact.Number { return c.PaidTotal }})
	add("created_at", &timeCol{get: func(c *contact.Contact) time.Time { return c.CreatedAt }})
	add("updated_at", &timeCol{get: func(c *contact.Contact) time.Time { return c.UpdatedAt }})
	add("groups", newListCol(func(c *contact.Contact) []string { return c.Groups }))
	add("tags", newListCol(func(c *contact.Contact) []string { return c.Tags }))
	add("changed_by", newListCol(func(c *contact.Contact) []string { return c.ChangedBy }))
	name := newNameCol(st.cols["first_name"].(*strCol), st.cols["middle_name"].(*strCol),
		st.cols["last_name"].(*strCol), st.cols["company"].(*strCol))
	add("full_name", name) // after the name columns: it reads them
	return st
}

func (st *state) rows() int {
	if lz := st.lazy; lz != nil && !lz.idsDone.Load() {
		return lz.rows
	}
	return len(st.ids)
}

// reserve sizes the state for n rows.
func (st *state) reserve(n int) {
	st.hint = n
	st.ids = make([]uint64, 0, n)
	st.dead = make(bitset, 0, (n+63)/64)
	st.dense = make([]uint32, 0, n+1)
	for _, col := range st.order {
		col.reserve(n)
	}
}

func (st *state) rowFor(id uint64) (uint32, bool) {
	st.needIDs()
	if id < uint64(len(st.dense)) && st.dense[id] != 0 {
		return st.dense[id] - 1, true
	}
	r, ok := st.sparse[id]
	return r, ok
}

func (st *state) setRow(id uint64, row uint32) {
	if id >= uint64(len(st.dense)) && id < uint64(cap(st.dense)) {
		st.dense = st.dense[:id+1] // reserved, still zero
	}
	if id >= uint64(len(st.dense)) && id <= uint64(4*len(st.ids))+1<<16 {
		n := max(int(id)+1, 2*len(st.dense))
		st.dense = append(st.dense, make([]uint32, n-len(st.dense))...)
	}
	if id < uint64(len(st.dense)) {
		st.dense[id] = row + 1
		return
	}
	if st.sparse == nil {
		st.sparse = map[uint64]uint32{}
	}
	st.sparse[id] = row
}

func (st *state) unsetRow(id uint64) {
	if id < uint64(len(st.dense)) {
		st.dense[id] = 0
	}
	delete(st.sparse, id)
}

// put stores c in its row, appending a row for a new ID.
func (st *state) put(c *contact.Contact) {
	row, existed := st.addRow(c.ID)
	st.keep(row, c)
	for _, col := range st.order {
		if !st.pending(col) {
			col.set(row, c)
		}
	}
	st.setOpen(row, existed, c)
}

// addRow finds the row of an ID, or appends one.
func (st *state) addRow(id uint64) (row uint32, existed bool) {
	if row, ok := st.rowFor(id); ok {
		return row, true
	}
	row = uint32(len(st.ids))
	if n := len(st.ids); n > 0 && id <= st.ids[n-1] {
		st.sorted = false
	}
	st.ids = append(st.ids, id)
	st.dead = st.dead.grow(len(st.ids))
	st.setRow(id, row)
	return row, false
}

// setOpen stores the open-ended fields (consents, custom fields): the
// contact's own, and, when a row is rewritten, every other known one
// (which the contact may have lost). It reads nothing of the state but
// these columns, so a Build runs it beside the others.
func (st *state) setOpen(row uint32, existed bool, c *contact.Contact) {
	for _, k := range c.Consents {
		if st.consents[k.Name] == nil {
			col := &consentCol{name: strings.Clone(k.Name)}
			if st.hint > 0 {
				col.reserve(st.hint)
			}
			col.pad(int(row))
			st.consents[col.name] = col
		}
	}
	for _, x := range c.Custom {
		if st.custom[x.Name] == nil {
			name := strings.Clone(x.Name)
			col := newStrCol(func(c *contact.Contact) string { v, _ := c.CustomValue(name); return v }, folder{kind: foldText}, st.dictMax, false)
			if st.hint > 0 {
				col.reserve(st.hint)
			}
			col.pad(int(row))
			st.custom[name] = col
		}
	}
	if existed {
		for _, col := range st.consents {
			if !st.pending(col) {
				col.set(row, c)
			}
		}
		for _, col := range st.custom {
			if !st.pending(col) {
				col.set(row, c)
			}
		}
		return
	}
	for _, k := range c.Consents {
		if col := st.consents[k.Name]; !st.pending(col) {
			col.set(row, c)
		}
	}
	for _, x := range c.Custom {
		if col := st.custom[x.Name]; !st.pending(col) {
			col.set(row, c)
		}
	}
}

// finish brings every column to the full row count after a Build.
func (st *state) finish() {
	n := st.rows()
	for _, col := range st.allColumns() {
		if !st.pending(col) {
			col.pad(n)
		}
	}
}

// column returns the column of a canonical field name (nil for an
// open-ended field no contact has, and for id), read first if it is a
// stored column not read yet.
func (st *state) column(name string) column {
	c := st.columnOf(name)
	st.need(c)
	return c
}

func (st *state) columnOf(name string) column {
	if sub, ok := strings.CutPrefix(name, contact.CustomPrefix); ok {
		if c := st.custom[sub]; c != nil {
			return c
		}
		return nil
	}
	if sub, ok := strings.CutPrefix(name, contact.ConsentPrefix); ok {
		if c := st.consents[sub]; c != nil {
			return c
		}
		return nil
	}
	if c, ok := st.cols[name]; ok {
		return c
	}
	return nil
}

// Build replaces the index's contents with every contact scan yields, e.g.
// ix.Build(st.ScanLean). Contacts may be borrowed: Build copies what it
// keeps. Readers keep the previous contents until Build is done; an Upsert
// or Delete made meanwhile goes to those and is lost with them, so a
// caller that edits during a Build applies its edits again afterwards.
func (ix *Index) Build(scan func(fn func(*contact.Contact) error) error) error {
	ix.mu.RLock()
	hint := ix.hint
	ix.mu.RUnlock()
	st := newState(ix.dictMax)
	if hint > 0 {
		st.reserve(hint)
	}
	b := newBuilder(st)
	err := scan(b.add)
	b.wait()
	if err != nil {
		return err
	}
	st.finish()
	ix.mu.Lock()
	ix.st = st
	ix.edits++
	ix.mu.Unlock()
	if st.rows() >= 100_000 {
		// The columns grew by doubling; give what the old copies held back
		// to the system now rather than whenever the scavenger gets to it,
		// so the resident size of an open store is the index's.
		debug.FreeOSMemory()
	}
	return nil
}

// Upsert adds or replaces one contact, after a create or an edit.
func (ix *Index) Upsert(c *contact.Contact) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.edits++
	ix.st.put(c)
	ix.st.finish()
}

// Apply makes several changes at once: the contacts saved (added or
// replaced) and the IDs deleted, as a catch-up with the store's journal
// gives them.
func (ix *Index) Apply(saved []*contact.Contact, deleted []uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.edits++
	for _, c := range saved {
		ix.st.put(c)
	}
	for _, id := range deleted {
		ix.st.remove(id)
	}
	ix.st.finish()
}

// Delete removes a contact.
func (ix *Index) Delete(id uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.edits++
	ix.st.remove(id)
}

func (st *state) remove(id uint64) {
	row, ok := st.rowFor(id)
	if !ok {
		return
	}
	st.put(&contact.Contact{ID: id})
	st.unsetRow(id)
	st.dead.set(row)
	st.nDead++
}

// Len is the number of contacts in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.st.rows() - ix.st.nDead
}

// Match returns the IDs of the contacts that pass f, ascending.
func (ix *Index) Match(f Filter) ([]uint64, error) {
	pl, err := f.prepare(ix.opt)
	if err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	res := st.eval(pl)
	st.needIDs()
	if err := st.lazyErr(); err != nil {
		return nil, err
	}
	out := make([]uint64, 0, res.count())
	res.each(func(r uint32) bool {
		out = append(out, st.ids[r])
		return true
	})
	if !st.sorted {
		slices.Sort(out)
	}
	return out, nil
}

// Count is len(Match(f)) without making the slice.
func (ix *Index) Count(f Filter) (int, error) {
	pl, err := f.prepare(ix.opt)
	if err != nil {
		return 0, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := ix.st.eval(pl).count()
	if err := ix.st.lazyErr(); err != nil {
		return 0, err
	}
	return n, nil
}

// eval returns the live rows that pass every condition and, in every
// group, one alternative.
func (st *state) eval(pl *plan) bitset {
	n := st.rows()
	res := newBitset(n)
	res.fill(n)
	res.andNot(st.dead)
	b := newBitset(n)
	for _, p := range pl.preds {
		clear(b)
		st.evalPred(p, b)
		if p.neg {
			res.andNot(b)
		} else {
			res.and(b)
		}
	}
	for _, g := range pl.groups {
		either := newBitset(n)
		for _, alt := range g {
			either.or(st.eval(alt))
		}
		res.and(either)
	}
	return res
}

func (st *state) evalPred(p *pred, out bitset) {
	if p.field.Name == "id" {
		st.needIDs()
		for r, id := range st.ids {
			if p.testNumber(float64(id), true) {
				out.set(uint32(r))
			}
		}
		return
	}
	col := st.column(p.field.Name)
	if col == nil { // an open-ended field no contact has: all absent
		if p.empty {
			out.fill(st.rows())
		}
		return
	}
	col.eval(p, out)
}

// Value is a field's cell text for one contact, as (*contact.Contact).Get
// would give it; "" for an unknown ID or field.
func (ix *Index) Value(id uint64, field string) string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	row, ok := st.rowFor(id)
	if !ok {
		return ""
	}
	// A canonical name (what a table asks for, cell after cell) goes
	// straight to its column; anything else is resolved first.
	col, ok := st.cols[field]
	if ok {
		st.need(col)
	} else {
		fd, known := contact.LookupField(field)
		if !known {
			return ""
		}
		if fd.Name == "id" {
			return strconv.FormatUint(id, 10)
		}
		if col = st.column(fd.Name); col == nil {
			return ""
		}
	}
	return col.cell(row)
}

// Fields lists every field a column or condition can use: the canonical
// fields in display order, then custom:<name> and consent:<name> for each
// name some contact has had since the Build, alphabetically.
func (ix *Index) Fields() []string {
	var out []string
	for _, f := range contact.Fields() {
		out = append(out, f.Name)
	}
	ix.mu.RLock()
	custom := slices.Sorted(keys(ix.st.custom))
	consents := slices.Sorted(keys(ix.st.consents))
	ix.mu.RUnlock()
	for _, n := range custom {
		out = append(out, contact.CustomPrefix+n)
	}
	for _, n := range consents {
		out = append(out, contact.ConsentPrefix+n)
	}
	return out
}

func keys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Memory is about how many bytes the index holds (its columns, their
// dictionaries and arenas), for the status line and the figures in docs/speed.md.
func (ix *Index) Memory() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	n := 8*cap(st.ids) + 4*cap(st.dense) + 8*cap(st.dead) + 16*len(st.sparse)
	for _, c := range st.order {
		n += c.memory()
	}
	for _, c := range st.consents {
		n += c.memory()
	}
	for _, c := range st.custom {
		n += c.memory()
	}
	return n
}

// allIDs returns every live ID, ascending.
func (ix *Index) allIDs() []uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	st.needIDs()
	out := make([]uint64, 0, st.rows()-st.nDead)
	for r, id := range st.ids {
		if !st.dead.has(uint32(r)) {
			out = append(out, id)
		}
	}
	if !st.sorted {
		slices.Sort(out)
	}
	return out
}

// ValueCount is one distinct value of a field and how many contacts have
// it.
type ValueCount struct {
	Value string
	Count int
}

func sortCounts(counts map[string]int) []ValueCount {
	out := make([]ValueCount, 0, len(counts))
	for v, n := range counts {
		out = append(out, ValueCount{v, n})
	}
	slices.SortFunc(out, func(a, b ValueCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

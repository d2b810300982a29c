package filter

import (
	"fmt"
	"sync"
	"sync/atomic"

	"rolo/contact"
)

// Columns read when first used.
//
// An index opened from a stored copy (Load) reads the row bookkeeping (IDs,
// deleted rows) at once and each column only when something first asks
// for it: a count on city reads the city column and nothing else. Until a
// column is read, the changes made to the index (Upsert, Delete, Apply) are
// kept as a list of rows and contacts, and a column replays them when it is
// read, so it ends exactly as if it had been read first and changed after.
type lazyCols struct {
	mu   sync.Mutex // guards err, and the reading of the IDs
	file *storedFile
	// todo holds every column not read at load; it is never changed after
	// the load, only its entries' done flags are.
	todo  map[column]*pendingCol
	left  atomic.Int32 // columns not read yet
	delta []deltaRow   // changes since the load (written under the Index's write lock)
	err   error        // the first column that could not be read

	// The rows' IDs (and the map from ID to row) are read when first
	// needed too: a count needs only the deleted rows.
	ids     blobRef
	rows    int
	idsDone atomic.Bool
	// ranksOK: the stored collation ranks were made for this index's
	// country (else they are dropped and made again when needed).
	ranksOK bool
}

type pendingCol struct {
	mu   sync.Mutex // one reader reads the column; the others wait for it
	ent  colEntry
	deps []column // read first: the full name is made of the name columns
	done atomic.Bool
}

// deltaRow is one change to replay: the contact as stored at row.
type deltaRow struct {
	row uint32
	c   *contact.Contact
}

// pending says whether col is still to be read (changes to it are kept
// for later). Called under the Index's write lock.
func (st *state) pending(col column) bool {
	if st.lazy == nil || st.lazy.left.Load() == 0 {
		return false
	}
	p := st.lazy.todo[col]
	return p != nil && !p.done.Load()
}

// need reads col if it is still to be read. Readers call it under the
// Index's read lock (so the changes to replay stay as they are); the
// column's own mutex keeps two readers from reading it twice, and lets
// two columns be read at once.
func (st *state) need(col column) {
	lz := st.lazy
	if lz == nil || col == nil || lz.left.Load() == 0 {
		return
	}
	p := lz.todo[col]
	if p == nil || p.done.Load() {
		return
	}
	for _, d := range p.deps {
		st.need(d)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done.Load() {
		return
	}
	if err := lz.file.readColumn(p.ent, col); err != nil {
		lz.mu.Lock()
		if lz.err == nil {
			lz.err = err
		}
		lz.mu.Unlock()
	}
	if nc, ok := col.(*nameCol); ok && !lz.ranksOK {
		nc.ranks = rankCache{}
	}
	for _, d := range lz.delta {
		col.set(d.row, d.c)
	}
	col.pad(st.rows())
	p.done.Store(true)
	if lz.left.Add(-1) == 0 {
		lz.delta = nil
	}
}

// needIDs reads the rows' IDs if they are still to be read, and makes
// the map from ID to row.
func (st *state) needIDs() {
	lz := st.lazy
	if lz == nil || lz.idsDone.Load() {
		return
	}
	lz.mu.Lock()
	defer lz.mu.Unlock()
	if lz.idsDone.Load() {
		return
	}
	r := &blobReader{f: lz.file, blobs: []blobRef{lz.ids}, name: "ids"}
	ids := readSlice[uint64](r)
	if r.err == nil && len(ids) != lz.rows {
		r.err = fmt.Errorf("%w: %d IDs for %d rows", ErrStoredIndex, len(ids), lz.rows)
	}
	if r.err != nil {
		if lz.err == nil {
			lz.err = r.err // under lz.mu
		}
		ids = make([]uint64, lz.rows) // keeps the rows consistent; Match and Count report the error
	}
	st.ids = ids
	if n := len(ids); n > 0 {
		st.dense = make([]uint32, 0, n+n/64+1)
	}
	for r, id := range ids {
		if !st.dead.has(uint32(r)) {
			st.setRow(id, uint32(r))
		}
	}
	lz.idsDone.Store(true)
}

// needAll reads every column still to be read.
func (st *state) needAll() error {
	if st.lazy == nil {
		return nil
	}
	st.needIDs()
	for _, col := range st.allColumns() {
		st.need(col)
	}
	return st.lazyErr()
}

// lazyErr is the error of a column that could not be read, if any.
func (st *state) lazyErr() error {
	if st.lazy == nil {
		return nil
	}
	st.lazy.mu.Lock()
	defer st.lazy.mu.Unlock()
	return st.lazy.err
}

// keep records a change for the columns not read yet. Called under the
// Index's write lock, before the change is applied to the others.
func (st *state) keep(row uint32, c *contact.Contact) {
	if st.lazy == nil || st.lazy.left.Load() == 0 {
		return
	}
	st.lazy.delta = append(st.lazy.delta, deltaRow{row, c.Clone()})
}

// allColumns lists every column: the canonical ones in order, then the
// consents and custom fields.
func (st *state) allColumns() []column {
	out := append([]column(nil), st.order...)
	for _, c := range st.consents {
		out = append(out, c)
	}
	for _, c := range st.custom {
		out = append(out, c)
	}
	return out
}

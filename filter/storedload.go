package filter

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"sync"
	"unsafe"

	"rolo/contact"
)

// storedFile is an index file being read.
type storedFile struct {
	r    io.ReaderAt
	size int64
}

// blobReader reads a column's blobs in order; the first failure sticks.
type blobReader struct {
	f     *storedFile
	blobs []blobRef
	name  string
	err   error
}

func (r *blobReader) next() (blobRef, bool) {
	if r.err != nil {
		return blobRef{}, false
	}
	if len(r.blobs) == 0 {
		r.err = fmt.Errorf("%w: column %s has too few parts", ErrStoredIndex, r.name)
		return blobRef{}, false
	}
	b := r.blobs[0]
	r.blobs = r.blobs[1:]
	if b.off+b.n < b.off || int64(b.off+b.n) > r.f.size {
		r.err = fmt.Errorf("%w: column %s lies past the end of the file", ErrStoredIndex, r.name)
		return blobRef{}, false
	}
	return b, true
}

// readSlice reads the next blob into a new slice of T, with a little room
// to grow (the index appends a row for each new contact).
func readSlice[T uint8 | uint16 | uint32 | uint64 | int64 | float64](r *blobReader) []T {
	b, ok := r.next()
	if !ok || b.n == 0 {
		return nil
	}
	var zero T
	size := uint64(unsafe.Sizeof(zero))
	if b.n%size != 0 {
		r.err = fmt.Errorf("%w: column %s has a part of %d bytes", ErrStoredIndex, r.name, b.n)
		return nil
	}
	n := int(b.n / size)
	out := make([]T, n, n+n/64)
	raw := bytesOf(out)
	if _, err := r.f.r.ReadAt(raw, int64(b.off)); err != nil {
		r.err = fmt.Errorf("reading the stored index: %w", err)
		return nil
	}
	if crc32.Checksum(raw, crcTable) != b.crc {
		r.err = fmt.Errorf("%w: column %s is damaged (checksum)", ErrStoredIndex, r.name)
		return nil
	}
	return out
}

// strings reads a list of strings written by encoder.strings: views into
// one block of bytes, which nothing writes to.
func (r *blobReader) strings() []string {
	data, ends := readSlice[uint8](r), readSlice[uint64](r)
	if r.err != nil {
		return nil
	}
	out := make([]string, len(ends))
	start := uint64(0)
	for i, end := range ends {
		if end < start || end > uint64(len(data)) {
			r.err = fmt.Errorf("%w: column %s has malformed text", ErrStoredIndex, r.name)
			return nil
		}
		out[i] = view(data[start:end])
		start = end
	}
	return out
}

// readColumn reads one column's blobs into col.
func (f *storedFile) readColumn(ent colEntry, col column) error {
	r := &blobReader{f: f, blobs: ent.blobs, name: ent.name}
	if err := col.(storedColumn).decode(ent, r); err != nil {
		return err
	}
	return r.err
}

// Load opens an index written by Encode, and the stamp it was written
// with. It reads the table of contents and the rows at once; each column
// is read from r when first used (LoadAll reads the rest), so r must stay
// open as long as the index may read from it: until LoadAll, or as long as
// the index is used. A file this version cannot use (another version's,
// damaged, not an index) gives an error wrapping ErrStoredIndex.
func Load(r io.ReaderAt, size int64, opt Options) (*Index, Stamp, error) {
	ix := NewIndex(opt)
	bad := func(what string) (*Index, Stamp, error) {
		return nil, Stamp{}, fmt.Errorf("%w: %s", ErrStoredIndex, what)
	}
	if !littleEndian {
		return bad("this machine is big-endian")
	}
	if size < int64(len(storedMagic)+tailSize) {
		return bad("the file is too short")
	}
	tail := make([]byte, tailSize)
	if _, err := r.ReadAt(tail, size-int64(tailSize)); err != nil {
		return nil, Stamp{}, fmt.Errorf("reading the stored index: %w", err)
	}
	if string(tail[12:]) != storedMagic {
		return bad("not an index file")
	}
	tocOff := binary.LittleEndian.Uint64(tail)
	if tocOff < uint64(len(storedMagic)) || tocOff > uint64(size-int64(tailSize)) {
		return bad("its table of contents lies outside the file")
	}
	toc := make([]byte, uint64(size)-uint64(tailSize)-tocOff)
	if _, err := r.ReadAt(toc, int64(tocOff)); err != nil {
		return nil, Stamp{}, fmt.Errorf("reading the stored index: %w", err)
	}
	if crc32.Checksum(toc, crcTable) != binary.LittleEndian.Uint32(tail[8:]) {
		return bad("its table of contents is damaged")
	}
	d := &tocReader{b: toc}
	if d.uv() != schema {
		return bad("it was written by another version of rolo")
	}
	stamp := Stamp{Origin: d.uv(), Seq: d.uv()}
	country := d.str()
	rows, nDead, sorted := int(d.uv()), int(d.uv()), d.uv() == 1
	idsRef, deadRef := d.ref(), d.ref()
	nCols := int(d.uv())
	if d.err || nCols > 1<<16 || rows > 1<<31 {
		return bad("its table of contents is malformed")
	}
	f := &storedFile{r: r, size: size}
	st := newState(ix.dictMax)
	rr := &blobReader{f: f, blobs: []blobRef{deadRef}, name: "deleted rows"}
	st.dead = bitset(readSlice[uint64](rr))
	if rr.err != nil {
		return nil, Stamp{}, rr.err
	}
	if idsRef.n != 8*uint64(rows) || len(st.dead) != (rows+63)/64 || st.dead.count() != nDead {
		return bad("its rows do not add up")
	}
	st.nDead, st.sorted = nDead, sorted
	lz := &lazyCols{file: f, todo: map[column]*pendingCol{}, ids: idsRef, rows: rows, ranksOK: strings.EqualFold(country, opt.Country)}
	for range nCols {
		ent := colEntry{name: d.str(), kind: d.byte()}
		for range min(d.uv(), 16) {
			ent.params = append(ent.params, d.uv())
		}
		for range min(d.uv(), 16) {
			ent.blobs = append(ent.blobs, d.ref())
		}
		if d.err {
			return bad("its table of contents is malformed")
		}
		col := st.stored(ent.name)
		if col == nil {
			return bad("it has an unknown column " + ent.name)
		}
		lz.todo[col] = &pendingCol{ent: ent}
	}
	for _, col := range st.allColumns() {
		if lz.todo[col] == nil {
			return bad("a column is missing")
		}
	}
	name := lz.todo[st.cols["full_name"]]
	for _, part := range []string{"first_name", "middle_name", "last_name", "company"} {
		name.deps = append(name.deps, st.cols[part])
	}
	lz.todo[st.cols["addresses"]].deps = st.cols["addresses"].(*addrCol).deps()
	lz.left.Store(int32(len(lz.todo)))
	st.lazy = lz
	ix.st = st
	return ix, stamp, nil
}

// stored returns the column a stored index names, making the open-ended
// ones (consents, custom fields) as the first contact with one would.
func (st *state) stored(name string) column {
	if sub, ok := strings.CutPrefix(name, contact.ConsentPrefix); ok && sub != "" {
		if st.consents[sub] == nil {
			st.consents[sub] = &consentCol{name: sub}
		}
		return st.consents[sub]
	}
	if sub, ok := strings.CutPrefix(name, contact.CustomPrefix); ok && sub != "" {
		if st.custom[sub] == nil {
			st.custom[sub] = newStrCol(func(c *contact.Contact) string { v, _ := c.CustomValue(sub); return v }, folder{kind: foldText}, st.dictMax, false)
		}
		return st.custom[sub]
	}
	return st.cols[name]
}

// LoadAll reads every column of a stored index not read yet, so the file
// is no longer needed (and the first use of a column costs nothing). A
// change made meanwhile waits for one column, not for all of them.
func (ix *Index) LoadAll() error {
	ix.mu.RLock()
	st := ix.st
	st.needIDs()
	cols := st.allColumns()
	ix.mu.RUnlock()
	for _, col := range cols {
		ix.mu.RLock()
		st.need(col)
		ix.mu.RUnlock()
	}
	return st.lazyErr()
}

// Preload reads the columns of the named fields now (and the rows' IDs),
// where a stored index would otherwise read them when first used: what a
// screen is about to show, sort and search by. Unknown fields are skipped.
//
// The columns are read on two goroutines (reading a big one is bound by
// copying and checking its bytes, which the two cores share).
func (ix *Index) Preload(fields ...string) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	var cols []column
	for _, f := range fields {
		if fd, ok := contact.LookupField(f); ok {
			if c := st.columnOf(fd.Name); c != nil {
				cols = append(cols, c)
			}
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := len(cols) - 1; i >= 0; i-- { // from the other end
			st.need(cols[i])
		}
	}()
	st.needIDs()
	for _, c := range cols {
		st.need(c)
	}
	wg.Wait()
	return st.lazyErr()
}

// tocReader reads the table of contents; a failure sticks.
type tocReader struct {
	b   []byte
	err bool
}

func (d *tocReader) uv() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *tocReader) byte() byte {
	if len(d.b) == 0 {
		d.err = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *tocReader) str() string {
	n := d.uv()
	if n > uint64(len(d.b)) {
		d.err = true
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *tocReader) ref() blobRef {
	r := blobRef{off: d.uv(), n: d.uv()}
	if len(d.b) < 4 {
		d.err = true
		return r
	}
	r.crc = binary.LittleEndian.Uint32(d.b)
	d.b = d.b[4:]
	return r
}

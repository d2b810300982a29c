package filter

import (
	"strings"
	"sync"
	"unsafe"

	"rolo/contact"
)

// arena keeps one text cell per row back to back in one byte slice, with
// offsets, for columns with too many distinct values for a dictionary
// (e-mails, phones, CRM IDs, full names). A filter searches the whole
// folded arena at once with strings.Index, which is vectorised, instead of
// testing a million small strings one by one.
//
// Bytes once written are never changed (the slices only grow, and a
// rewritten row goes to over), so views into the arena made with
// unsafe.String stay valid and immutable for as long as they are held.
type arena struct {
	data  []byte
	off   []uint32 // row r is data[off[r]:off[r+1]]
	fdata []byte   // folded cells; nil while every folded cell equals its cell
	foff  []uint32
	over  map[uint32][2]string // rows rewritten since they were appended: cell, folded
	f     folder
	multi bool   // cells are lists joined with contact.ListSep
	lists bitset // multi: the rows with more than one element
	hint  int    // rows expected (reserve): the bytes are sized from the first ones
}

// reserve makes room for n rows' offsets now, and for their bytes once the
// first rows show how long a cell is.
func (a *arena) reserve(n int) {
	a.hint = n
	a.off = append(make([]uint32, 0, n+1), a.off...)
}

// sizeRows is how many rows an arena reads before sizing its bytes.
const sizeRows = 4096

// sizeFromSample grows the byte slices to what hint rows of the average
// cell so far need, with a margin.
func (a *arena) sizeFromSample() {
	rows := a.rows()
	want := func(used int) int { return int(float64(used) / float64(rows) * float64(a.hint) * 1.15) }
	if w := want(len(a.data)); w > cap(a.data) {
		a.data = append(make([]byte, 0, w), a.data...)
	}
	if a.fdata != nil {
		if w := want(len(a.fdata)); w > cap(a.fdata) {
			a.fdata = append(make([]byte, 0, w), a.fdata...)
		}
		a.foff = append(make([]uint32, 0, a.hint+1), a.foff...)
	}
}

func newArena(f folder, multi bool) *arena {
	return &arena{off: []uint32{0}, f: f, multi: multi}
}

func (a *arena) rows() int { return len(a.off) - 1 }

func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// appendCell adds a row; v may be borrowed (it is copied).
func (a *arena) appendCell(v string) {
	if a.fdata == nil && !a.f.same(v) {
		// The first cell that folds to something else: from now on the
		// folded cells are kept too.
		a.fdata = append(make([]byte, 0, cap(a.data)), a.data...)
		a.foff = append(make([]uint32, 0, cap(a.off)), a.off...)
	}
	if a.multi && strings.Contains(v, contact.ListSep) {
		a.lists = a.lists.grow(a.rows() + 1)
		a.lists.set(uint32(a.rows()))
	}
	a.data = append(a.data, v...)
	a.off = append(a.off, uint32(len(a.data)))
	if a.fdata != nil {
		a.fdata = a.f.appendFold(a.fdata, v)
		a.foff = append(a.foff, uint32(len(a.fdata)))
	}
	if a.hint > 0 && a.rows() == sizeRows {
		a.sizeFromSample()
	}
}

// setCell rewrites a row (or appends the next one). Rewrites live in a map
// until there are many, then the arena is rebuilt without the dead bytes.
func (a *arena) setCell(row uint32, v string) {
	for int(row) > a.rows() {
		a.appendCell("")
	}
	if int(row) == a.rows() {
		a.appendCell(v)
		return
	}
	if a.over == nil {
		a.over = map[uint32][2]string{}
	}
	v = strings.Clone(v)
	a.over[row] = [2]string{v, a.f.fold(v)}
	if len(a.over) > max(1024, a.rows()/8) {
		a.compact()
	}
}

func (a *arena) compact() {
	b := newArena(a.f, a.multi)
	b.data = make([]byte, 0, len(a.data))
	b.off = make([]uint32, 1, len(a.off))
	for r := range a.rows() {
		b.appendCell(a.cell(uint32(r)))
	}
	*a = *b
}

// cell is a row's text, a view that must not be modified.
func (a *arena) cell(row uint32) string {
	if o, ok := a.over[row]; ok {
		return o[0]
	}
	if int(row) >= a.rows() {
		return ""
	}
	return view(a.data[a.off[row]:a.off[row+1]])
}

// folded is a row's folded text.
func (a *arena) folded(row uint32) string {
	if o, ok := a.over[row]; ok {
		return o[1]
	}
	if int(row) >= a.rows() {
		return ""
	}
	if a.fdata == nil {
		return view(a.data[a.off[row]:a.off[row+1]])
	}
	return view(a.fdata[a.foff[row]:a.foff[row+1]])
}

func (a *arena) foldedAll() (string, []uint32) {
	if a.fdata == nil {
		return view(a.data), a.off
	}
	return view(a.fdata), a.foff
}

// scan modes.
const (
	mContains = iota
	mEqual    // the whole cell (or list element)
	mPrefix   // the start of the cell (or list element)
)

// scan sets in out the rows whose folded cell holds needle as mode says.
//
// A big arena is searched in two halves at once, one per core: the halves
// meet at a multiple of 64 rows, so they write different words of out.
func (a *arena) scan(needle string, mode int, out bitset) {
	n := a.rows()
	if n < parallelRows || needle == "" {
		a.scanRange(needle, mode, 0, n, out)
		return
	}
	mid := (n / 2) &^ 63
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.scanPart(needle, mode, mid, n, out)
	}()
	a.scanPart(needle, mode, 0, mid, out)
	wg.Wait()
	a.scanOver(needle, mode, 0, n, out)
}

// parallelRows is the arena size from which scan uses two goroutines.
const parallelRows = 1 << 17

// scanRange is scan over rows [r0, r1) only (the quick search looks at a
// million rows a slice at a time and stops when it has enough).
func (a *arena) scanRange(needle string, mode int, r0, r1 int, out bitset) {
	if needle == "" {
		if mode != mEqual {
			a.nonEmpty(out)
		}
		return
	}
	a.scanPart(needle, mode, r0, r1, out)
	a.scanOver(needle, mode, r0, r1, out)
}

// scanPart searches the rows as appended, leaving out rewritten ones.
func (a *arena) scanPart(needle string, mode int, r0, r1 int, out bitset) {
	if mode == mContains {
		a.scanContains(needle, r0, r1, out)
	} else {
		a.scanRows(needle, mode, r0, r1, out)
	}
}

// scanOver tests the rewritten rows in [r0, r1).
func (a *arena) scanOver(needle string, mode int, r0, r1 int, out bitset) {
	for r, o := range a.over {
		if int(r) >= r0 && int(r) < r1 && a.holds(o[1], needle, mode) {
			out.set(r)
		}
	}
}

// scanRows tests each row's start (and, in a list, each element's) for an
// equal or a prefix match: a length check and a short compare per row.
func (a *arena) scanRows(needle string, mode int, r0, r1 int, out bitset) {
	s, off := a.foldedAll()
	n := len(needle)
	rewritten := len(a.over) > 0
	for r := r0; r < r1; r++ {
		start, end := int(off[r]), int(off[r+1])
		if end-start < n {
			continue
		}
		cell := s[start:end]
		hit := cell[0] == needle[0] && cell[:n] == needle && (mode == mPrefix || len(cell) == n || a.multi && elemEnd(cell, n))
		if !hit && a.multi && a.lists.has(uint32(r)) {
			hit = a.holdsElem(cell, needle, mode)
		}
		if hit {
			if rewritten {
				if _, ok := a.over[uint32(r)]; ok {
					continue
				}
			}
			out.set(uint32(r))
		}
	}
}

// holdsElem checks the second and later elements of a list cell.
func (a *arena) holdsElem(cell, needle string, mode int) bool {
	for {
		i := strings.IndexByte(cell, contact.ListSep[0])
		if i < 0 {
			return false
		}
		cell = cell[i+len(contact.ListSep):]
		if strings.HasPrefix(cell, needle) && (mode == mPrefix || len(cell) == len(needle) || elemEnd(cell, len(needle))) {
			return true
		}
	}
}

// scanContains finds the rows holding needle anywhere by searching the
// whole arena at once for the needle's rarest byte (strings.IndexByte is
// vectorised) and checking the needle around each: a needle's first byte is
// often in every cell ("@gmail", "+48"), its rarest seldom is. After a hit
// the search jumps to the next row, so the cost is one pass over the arena
// plus one step per row.
func (a *arena) scanContains(needle string, r0, r1 int, out bitset) {
	s, off := a.foldedAll()
	s = s[:off[r1]]
	n := len(needle)
	k := rarest(needle)
	b := needle[k]
	row, pos := r0, int(off[r0])+k
	for pos < len(s) {
		i := strings.IndexByte(s[pos:], b)
		if i < 0 {
			break
		}
		start := pos + i - k
		if start+n > len(s) || s[start:start+n] != needle {
			pos += i + 1
			continue
		}
		for int(off[row+1]) <= start {
			row++
		}
		end := int(off[row+1])
		if start+n <= end && a.accept(s, int(off[row]), end, start, n, mContains) {
			if _, rewritten := a.over[uint32(row)]; !rewritten {
				out.set(uint32(row))
			}
			pos = end + k
			continue
		}
		pos += i + 1
	}
}

// rarest picks the byte of needle least likely in contact data, by a rough
// rank of byte frequency in names, e-mails, phones and addresses.
func rarest(needle string) int {
	best, bestRank := 0, -1
	for i := 0; i < len(needle); i++ {
		r := byteRarity(needle[i])
		if r > bestRank {
			best, bestRank = i, r
		}
	}
	return best
}

// byteRarity ranks a byte: the higher, the rarer in contact data.
func byteRarity(c byte) int {
	const common = " .@+-;aeionrtlsc0123456789" // most common first
	if i := strings.IndexByte(common, c); i >= 0 {
		return i
	}
	if c >= 0x80 {
		return 100 // a byte of a non-ASCII letter
	}
	return 60 + strings.IndexByte("udmhgpbkywfvzjxq", c) // rarer letters last
}

// accept checks a hit of n bytes at s[hit:] inside the cell s[start:end].
func (a *arena) accept(s string, start, end, hit, n, mode int) bool {
	switch mode {
	case mEqual:
		return (hit == start || a.multi && elemStart(s, hit)) && (hit+n == end || a.multi && elemEnd(s, hit+n))
	case mPrefix:
		return hit == start || a.multi && elemStart(s, hit)
	}
	return !a.multi || !strings.Contains(s[hit:hit+n], contact.ListSep)
}

func elemStart(s string, i int) bool { return i >= 2 && s[i-2:i] == contact.ListSep }
func elemEnd(s string, i int) bool   { return strings.HasPrefix(s[i:], contact.ListSep) }

// holds is scan's test for one folded cell.
func (a *arena) holds(cell, needle string, mode int) bool {
	elems := []string{cell}
	if a.multi {
		elems = strings.Split(cell, contact.ListSep)
	}
	for _, e := range elems {
		switch mode {
		case mEqual:
			if e == needle {
				return true
			}
		case mPrefix:
			if strings.HasPrefix(e, needle) {
				return true
			}
		default:
			if strings.Contains(e, needle) {
				return true
			}
		}
	}
	return false
}

// nonEmpty sets the rows whose cell is not empty.
func (a *arena) nonEmpty(out bitset) { a.emptiness(out, false) }

// empty sets the rows whose cell is empty.
func (a *arena) empty(out bitset) { a.emptiness(out, true) }

func (a *arena) emptiness(out bitset, want bool) {
	marks := out
	if len(a.over) > 0 {
		marks = newBitset(a.rows())
	}
	off := a.off
	for w := 0; w*64 < len(off)-1; w++ {
		var word uint64
		for j, r := 0, w*64; j < 64 && r < len(off)-1; j, r = j+1, r+1 {
			word |= b2u((off[r+1] == off[r]) == want) << j
		}
		marks[w] |= word
	}
	if len(a.over) == 0 {
		return
	}
	for r, o := range a.over {
		marks.put(r, (o[0] == "") == want)
	}
	out.or(marks)
}

// memory is the arena's size in bytes.
func (a *arena) memory() int {
	n := cap(a.data) + 4*cap(a.off) + cap(a.fdata) + 4*cap(a.foff)
	for _, o := range a.over {
		n += len(o[0]) + len(o[1]) + 48
	}
	return n
}

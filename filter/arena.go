package filter

import (
	"strings"
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
	multi bool // cells are lists joined with contact.ListSep
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
		a.fdata = append(make([]byte, 0, cap(a.data)), a.data...)
		a.foff = append(make([]uint32, 0, cap(a.off)), a.off...)
	}
	a.data = append(a.data, v...)
	a.off = append(a.off, uint32(len(a.data)))
	if a.fdata != nil {
		a.fdata = a.f.appendFold(a.fdata, v)
		a.foff = append(a.foff, uint32(len(a.fdata)))
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
// Rows not yet rewritten are found by searching the whole arena: after each
// hit the search jumps to the next row, so the cost is one pass of the
// vectorised search plus one step per row.
func (a *arena) scan(needle string, mode int, out bitset) {
	s, off := a.foldedAll()
	if needle == "" {
		if mode != mEqual {
			a.nonEmpty(out)
		}
		return
	}
	row, pos := 0, 0
	for pos < len(s) {
		i := strings.Index(s[pos:], needle)
		if i < 0 {
			break
		}
		hit := pos + i
		for int(off[row+1]) <= hit {
			row++
		}
		start, end := int(off[row]), int(off[row+1])
		if hit+len(needle) <= end && a.accept(s, start, end, hit, len(needle), mode) {
			if _, rewritten := a.over[uint32(row)]; !rewritten {
				out.set(uint32(row))
			}
			pos = end
			continue
		}
		pos = hit + 1
	}
	for r, o := range a.over {
		if a.holds(o[1], needle, mode) {
			out.set(r)
		}
	}
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
	for r := range a.rows() {
		if (a.off[r+1] == a.off[r]) == want {
			if _, rewritten := a.over[uint32(r)]; !rewritten {
				out.set(uint32(r))
			}
		}
	}
	for r, o := range a.over {
		if (o[0] == "") == want {
			out.set(r)
		}
	}
}

// memory is the arena's size in bytes.
func (a *arena) memory() int {
	n := cap(a.data) + 4*cap(a.off) + cap(a.fdata) + 4*cap(a.foff)
	for _, o := range a.over {
		n += len(o[0]) + len(o[1]) + 48
	}
	return n
}

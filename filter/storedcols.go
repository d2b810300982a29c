package filter

import (
	"fmt"
	"strings"

	"rolo/contact"
)

// How each kind of column is written to a stored index and read back.

func (s *strCol) encode(e *encoder) colEntry {
	if s.ar != nil {
		ent := s.ar.encode(e)
		ent.kind = kindArena
		return ent
	}
	dict, dfold, codes := s.dict, s.dfold, s.codes
	per := make([]int, len(dict))
	codes.count(per)
	unused := false
	for code := 1; code < len(per); code++ {
		unused = unused || per[code] == 0
	}
	if unused {
		// Values no row holds any more (a rewritten or erased cell's) are
		// left out, and the codes renumbered.
		remap := make([]uint32, len(dict))
		dict, dfold = []string{""}, []string{""}
		for code := 1; code < len(per); code++ {
			if per[code] > 0 {
				remap[code] = uint32(len(dict))
				dict = append(dict, s.dict[code])
				dfold = append(dfold, s.dfold[code])
			}
		}
		codes = recode(s.codes, remap)
	}
	ent := colEntry{kind: kindDict, params: []uint64{uint64(max(codes.wide, 1))}}
	switch codes.wide {
	case 0, 1:
		ent.blobs = append(ent.blobs, e.blob(bytesOf(codes.w8)))
	case 2:
		ent.blobs = append(ent.blobs, e.blob(bytesOf(codes.w16)))
	default:
		ent.blobs = append(ent.blobs, e.blob(bytesOf(codes.w32)))
	}
	ent.blobs = append(ent.blobs, e.strings(dict)...)
	ent.blobs = append(ent.blobs, e.strings(dfold)...)
	return ent
}

// recode gives codes with each code c replaced by remap[c].
func recode(c codes, remap []uint32) codes {
	var out codes
	switch c.wide {
	case 0, 1:
		out.w8 = make([]uint8, 0, len(c.w8))
	case 2:
		out.w16 = make([]uint16, 0, len(c.w16))
	default:
		out.w32 = make([]uint32, 0, len(c.w32))
	}
	out.wide = max(c.wide, 1)
	for i := range c.len() {
		out.append(remap[c.get(i)])
	}
	return out
}

func (s *strCol) decode(ent colEntry, r *blobReader) error {
	if ent.kind == kindArena {
		ar := newArena(s.f, s.ar != nil && s.ar.multi)
		if err := ar.decode(ent, r); err != nil {
			return err
		}
		s.ar, s.codes, s.dict, s.dfold, s.lookup = ar, codes{}, nil, nil, nil
		s.version++
		return nil
	}
	if ent.kind != kindDict || len(ent.params) != 1 || s.ar != nil {
		return fmt.Errorf("%w: column %s is not a dictionary", ErrStoredIndex, ent.name)
	}
	var c codes
	switch ent.params[0] {
	case 1:
		c.w8, c.wide = readSlice[uint8](r), 1
	case 2:
		c.w16, c.wide = readSlice[uint16](r), 2
	case 4:
		c.w32, c.wide = readSlice[uint32](r), 4
	default:
		return fmt.Errorf("%w: column %s has codes of %d bytes", ErrStoredIndex, ent.name, ent.params[0])
	}
	dict, dfold := r.strings(), r.strings()
	if r.err != nil {
		return r.err
	}
	if len(dict) == 0 || dict[0] != "" || len(dfold) != len(dict) {
		return fmt.Errorf("%w: column %s has a malformed dictionary", ErrStoredIndex, ent.name)
	}
	lookup := newDictTable()
	for code := range dict {
		lookup.insert(dict, uint32(code))
	}
	// Codes are checked once here, so a damaged file cannot index past
	// the dictionary later.
	for i := range c.len() {
		if int(c.get(i)) >= len(dict) {
			return fmt.Errorf("%w: column %s has a code past its dictionary", ErrStoredIndex, ent.name)
		}
	}
	s.codes, s.dict, s.dfold, s.lookup, s.last = c, dict, dfold, lookup, 0
	s.version++
	return nil
}

// compacted is the arena with its rewritten rows in place and the bytes
// they replaced left out (a itself when nothing was rewritten).
func (a *arena) compacted() *arena {
	if len(a.over) == 0 {
		return a
	}
	folds := a.fdata != nil
	for _, o := range a.over {
		folds = folds || o[0] != o[1]
	}
	b := &arena{f: a.f, multi: a.multi, data: make([]byte, 0, len(a.data)), off: make([]uint32, 1, len(a.off))}
	if folds {
		b.fdata, b.foff = make([]byte, 0, len(a.data)), make([]uint32, 1, len(a.off))
	}
	for r := range a.rows() {
		cell := a.cell(uint32(r))
		b.data = append(b.data, cell...)
		b.off = append(b.off, uint32(len(b.data)))
		if folds {
			b.fdata = append(b.fdata, a.folded(uint32(r))...)
			b.foff = append(b.foff, uint32(len(b.fdata)))
		}
		if a.multi && strings.Contains(cell, contact.ListSep) {
			b.lists = b.lists.grow(r + 1)
			b.lists.set(uint32(r))
		}
	}
	return b
}

func (a *arena) encode(e *encoder) colEntry {
	a = a.compacted()
	ent := colEntry{params: []uint64{b2u(a.multi), b2u(a.fdata != nil)}}
	ent.blobs = []blobRef{e.blob(a.data), e.blob(bytesOf(a.off)), e.blob(a.fdata), e.blob(bytesOf(a.foff)), e.blob(bytesOf(a.lists))}
	return ent
}

func (a *arena) decode(ent colEntry, r *blobReader) error {
	if len(ent.params) != 2 {
		return fmt.Errorf("%w: column %s is not an arena", ErrStoredIndex, ent.name)
	}
	a.multi = ent.params[0] == 1
	a.data, a.off = readSlice[uint8](r), readSlice[uint32](r)
	fdata, foff := readSlice[uint8](r), readSlice[uint32](r)
	a.lists = bitset(readSlice[uint64](r))
	if ent.params[1] == 1 {
		a.fdata, a.foff = fdata, foff
	}
	if r.err != nil {
		return r.err
	}
	if !offsetsFit(a.off, len(a.data)) || a.fdata != nil && (len(a.foff) != len(a.off) || !offsetsFit(a.foff, len(a.fdata))) {
		return fmt.Errorf("%w: column %s has offsets past its text", ErrStoredIndex, ent.name)
	}
	return nil
}

// offsetsFit checks an arena's offsets: from 0, ascending, within n bytes.
func offsetsFit(off []uint32, n int) bool {
	if len(off) == 0 || off[0] != 0 {
		return false
	}
	for i := 1; i < len(off); i++ {
		if off[i] < off[i-1] {
			return false
		}
	}
	return int(off[len(off)-1]) <= n
}

func (n *numCol) encode(e *encoder) colEntry {
	return colEntry{kind: kindNum, blobs: []blobRef{e.blob(bytesOf(n.vals)), e.blob(bytesOf(n.valid))}}
}

func (n *numCol) decode(ent colEntry, r *blobReader) error {
	if ent.kind != kindNum {
		return fmt.Errorf("%w: column %s is not a number", ErrStoredIndex, ent.name)
	}
	n.vals, n.valid = readSlice[float64](r), bitset(readSlice[uint64](r))
	return r.err
}

func (t *timeCol) encode(e *encoder) colEntry {
	return colEntry{kind: kindTime, blobs: []blobRef{e.blob(bytesOf(t.secs)), e.blob(bytesOf(t.valid))}}
}

func (t *timeCol) decode(ent colEntry, r *blobReader) error {
	if ent.kind != kindTime {
		return fmt.Errorf("%w: column %s is not a time", ErrStoredIndex, ent.name)
	}
	t.secs, t.valid = readSlice[int64](r), bitset(readSlice[uint64](r))
	return r.err
}

func (k *consentCol) encode(e *encoder) colEntry {
	return colEntry{kind: kindConsent, blobs: []blobRef{e.blob(bytesOf(k.recorded)), e.blob(bytesOf(k.granted)), e.blob(bytesOf(k.at))}}
}

func (k *consentCol) decode(ent colEntry, r *blobReader) error {
	if ent.kind != kindConsent {
		return fmt.Errorf("%w: column %s is not a consent", ErrStoredIndex, ent.name)
	}
	k.recorded, k.granted, k.at = bitset(readSlice[uint64](r)), bitset(readSlice[uint64](r)), readSlice[int64](r)
	return r.err
}

// A list column is written as its names (only those some row holds) and
// each row's codes; the members bitsets are made again when it is read.
func (l *listCol) encode(e *encoder) colEntry {
	rows := l.rows()
	remap := make([]uint32, len(l.dict))
	var dict, dfold []string
	off := make([]uint32, 1, rows+1)
	codes := make([]uint32, 0, len(l.codes))
	for r := range rows {
		for _, c := range l.list(uint32(r)) {
			if remap[c] == 0 {
				dict, dfold = append(dict, l.dict[c]), append(dfold, l.dfold[c])
				remap[c] = uint32(len(dict))
			}
			codes = append(codes, remap[c]-1)
		}
		off = append(off, uint32(len(codes)))
	}
	ent := colEntry{kind: kindList}
	ent.blobs = append(ent.blobs, e.strings(dict)...)
	ent.blobs = append(ent.blobs, e.strings(dfold)...)
	ent.blobs = append(ent.blobs, e.blob(bytesOf(off)), e.blob(bytesOf(codes)))
	return ent
}

func (l *listCol) decode(ent colEntry, r *blobReader) error {
	if ent.kind != kindList {
		return fmt.Errorf("%w: column %s is not a list", ErrStoredIndex, ent.name)
	}
	dict, dfold := r.strings(), r.strings()
	off, codes := readSlice[uint32](r), readSlice[uint32](r)
	if r.err != nil {
		return r.err
	}
	if len(dfold) != len(dict) || !offsetsFit(off, len(codes)) {
		return fmt.Errorf("%w: column %s is malformed", ErrStoredIndex, ent.name)
	}
	rows := len(off) - 1
	members := make([]bitset, len(dict))
	for i := range members {
		members[i] = newBitset(rows)
	}
	for row := range rows {
		for _, c := range codes[off[row]:off[row+1]] {
			if int(c) >= len(dict) {
				return fmt.Errorf("%w: column %s has a code past its names", ErrStoredIndex, ent.name)
			}
			members[c].set(uint32(row))
		}
	}
	lookup := make(map[string]uint32, len(dict))
	for i, v := range dict {
		lookup[v] = uint32(i)
	}
	l.dict, l.dfold, l.lookup, l.members, l.off, l.codes, l.over = dict, dfold, lookup, members, off, codes, nil
	l.version++
	return nil
}

// The full name is written with its collation ranks when they are
// current (Encode makes them): the first sort by name, which every screen
// makes, then costs nothing after a load.
func (n *nameCol) encode(e *encoder) colEntry {
	ent := n.ar.encode(e)
	ent.kind = kindName
	var ranks []uint32
	if rc := n.ranks; rc.valid && rc.version == n.version && rc.n == n.ar.rows() && len(n.ar.over) == 0 {
		ranks = rc.ranks
	}
	ent.blobs = append(ent.blobs, e.blob(bytesOf(ranks)))
	return ent
}

func (n *nameCol) decode(ent colEntry, r *blobReader) error {
	if ent.kind != kindName {
		return fmt.Errorf("%w: column %s is not the full name", ErrStoredIndex, ent.name)
	}
	ar := newArena(n.ar.f, false)
	if err := ar.decode(ent, r); err != nil {
		return err
	}
	n.ar = ar
	n.version++
	if ranks := readSlice[uint32](r); len(ranks) == ar.rows() && ar.rows() > 0 {
		n.ranks = rankCache{ranks: ranks, version: n.version, n: len(ranks), valid: true}
	}
	return r.err
}

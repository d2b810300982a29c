package filter

import (
	"strings"
	"time"

	"rolo/contact"
)

// column is one field of every contact, stored by row.
type column interface {
	// set stores the field of c at row: the next row (append), an existing
	// one (rewrite), or beyond (the rows between become empty).
	set(row uint32, c *contact.Contact)
	// cell is the field's text at row, as contact.Get gives it. It may be a
	// view into the column; it is never modified.
	cell(row uint32) string
	// eval sets in out the rows where p's positive test holds.
	eval(p *pred, out bitset)
	// pad makes sure the column has n rows.
	pad(n int)
	// reserve makes room for n rows up front, so a Build does not copy
	// its columns as they grow (which doubles its peak memory).
	reserve(n int)
	memory() int
}

// strCol is a single text cell per row: a dictionary of distinct values
// (codes per row, values and their folded forms once each) while there are
// few of them, an arena once there are too many (see arena).
type strCol struct {
	get func(*contact.Contact) string
	f   folder
	max int // dictionary size at which the column moves to an arena

	hint   int // rows expected (reserve)
	codes  codes
	dict   []string // dict[0] is ""
	last   uint32   // the code set last: runs of one value skip the map
	dfold  []string
	lookup *dictTable

	ar      *arena
	version uint64 // moves on every rewrite (sort caches compare it)
	ranks   rankCache
}

func newStrCol(get func(*contact.Contact) string, f folder, dictMax int, multi bool) *strCol {
	c := &strCol{get: get, f: f, max: dictMax}
	if dictMax <= 0 || multi {
		c.ar = newArena(f, multi)
		return c
	}
	c.dict, c.dfold = []string{""}, []string{""}
	c.lookup = newDictTable()
	c.lookup.insert(c.dict, 0)
	return c
}

func (s *strCol) set(row uint32, c *contact.Contact) { s.setValue(row, s.get(c)) }

func (s *strCol) setValue(row uint32, v string) {
	if s.ar != nil {
		if int(row) < s.ar.rows() {
			s.version++
		}
		s.ar.setCell(row, v)
		return
	}
	var code uint32
	ok := v == "" // code 0
	if !ok {
		code, ok = s.last, s.dict[s.last] == v
	}
	if !ok {
		code, ok = s.lookup.find(s.dict, v)
	}
	if !ok {
		if len(s.dict) >= s.max {
			s.toArena()
			s.setValue(row, v)
			return
		}
		v = strings.Clone(v)
		code = uint32(len(s.dict))
		s.dict = append(s.dict, v)
		s.dfold = append(s.dfold, s.f.fold(v))
		s.lookup.insert(s.dict, code)
	}
	s.last = code
	switch {
	case int(row) < s.codes.len():
		s.codes.set(int(row), code)
		s.version++
	default:
		s.pad(int(row))
		s.codes.append(code)
	}
}

// toArena moves a column whose dictionary grew too big into an arena.
func (s *strCol) toArena() {
	ar := newArena(s.f, false)
	n := s.codes.len()
	ar.off = make([]uint32, 1, max(n+n/4+1, s.hint+1))
	ar.hint = s.hint
	for r := range n {
		ar.appendCell(s.dict[s.codes.get(r)])
	}
	s.ar, s.codes, s.dict, s.dfold, s.lookup = ar, codes{}, nil, nil, nil
	s.version++
}

func (s *strCol) pad(n int) {
	if s.ar != nil {
		for s.ar.rows() < n {
			s.ar.appendCell("")
		}
		return
	}
	for s.codes.len() < n {
		s.codes.append(0)
	}
}

func (s *strCol) cell(row uint32) string {
	if s.ar != nil {
		return s.ar.cell(row)
	}
	if int(row) >= s.codes.len() {
		return ""
	}
	return s.dict[s.codes.get(int(row))]
}

// folded is a row's folded text.
func (s *strCol) folded(row uint32) string {
	if s.ar != nil {
		return s.ar.folded(row)
	}
	if int(row) >= s.codes.len() {
		return ""
	}
	return s.dfold[s.codes.get(int(row))]
}

func (s *strCol) eval(p *pred, out bitset) {
	if s.ar != nil {
		s.evalArena(p, out)
		return
	}
	// Test each distinct value once, then mark the rows that have one.
	match := make([]bool, len(s.dict))
	any := false
	for code, v := range s.dict {
		if p.testCell(v) {
			match[code], any = true, true
		}
	}
	if !any {
		return
	}
	s.codes.mark(match, out)
}

func (s *strCol) evalArena(p *pred, out bitset) {
	a := s.ar
	if p.op == Exists {
		a.nonEmpty(out)
		return
	}
	if p.empty {
		a.empty(out)
	}
	mode := map[Op]int{Eq: mEqual, StartsWith: mPrefix, Contains: mContains}
	m, textual := mode[p.op]
	switch {
	case p.field.Kind == contact.KindPhones || p.field.Kind == contact.KindPhone:
		for _, e := range p.phones {
			a.scan(e, mEqual, out)
		}
		for _, d := range p.digits {
			if p.op == Contains {
				a.scan(d, mContains, out)
			} else {
				a.scan("+"+d, m, out)
			}
		}
	case textual && len(p.texts) > 0 && p.field.Kind != contact.KindDate:
		for _, t := range p.texts {
			a.scan(t, m, out)
		}
	case !textual || p.field.Kind == contact.KindDate:
		// Anything else (dates kept as text, say) is tested row by row.
		for r := range a.rows() {
			if p.testCell(a.cell(uint32(r))) {
				out.set(uint32(r))
			}
		}
	}
}

func (s *strCol) reserve(n int) {
	s.hint = n
	if s.ar != nil {
		s.ar.reserve(n)
		return
	}
	s.codes.w8 = make([]uint8, len(s.codes.w8), n)
}

func (s *strCol) memory() int {
	if s.ar != nil {
		return s.ar.memory()
	}
	n := s.codes.memory()
	for i, v := range s.dict {
		n += len(v) + len(s.dfold[i]) + 32 // strings, headers
	}
	n += 4 * len(s.lookup.slots)
	return n
}

// numCol is a number per row.
type numCol struct {
	get   func(*contact.Contact) contact.Number
	vals  []float64
	valid bitset
}

func (n *numCol) set(row uint32, c *contact.Contact) {
	v := n.get(c)
	n.pad(int(row) + 1)
	n.vals[row] = v.Value
	n.valid.put(row, v.Valid)
}

func (n *numCol) pad(rows int) {
	for len(n.vals) < rows {
		n.vals = append(n.vals, 0)
	}
	n.valid = n.valid.grow(rows)
}

func (n *numCol) cell(row uint32) string {
	if int(row) >= len(n.vals) {
		return ""
	}
	return contact.FormatNumber(contact.Number{Value: n.vals[row], Valid: n.valid.has(row)})
}

func (n *numCol) eval(p *pred, out bitset) {
	if p.op == Exists || p.empty {
		for r := range n.vals {
			if n.valid.has(uint32(r)) == (p.op == Exists) {
				out.set(uint32(r))
			}
		}
		if p.op == Exists {
			return
		}
	}
	for _, v := range p.nums {
		markFloats(n.vals, v, p.op, out)
	}
	// Absent numbers are stored as 0: take them out again, unless "= \"\""
	// asked for them.
	if !p.empty {
		out.and(n.valid)
	}
}

func (n *numCol) reserve(rows int) {
	n.vals = make([]float64, len(n.vals), rows)
	n.valid = make(bitset, len(n.valid), (rows+63)/64)
}

func (n *numCol) memory() int { return 8*cap(n.vals) + 8*cap(n.valid) }

// timeCol is a point in time per row, in Unix seconds (what the RFC 3339
// text shows).
type timeCol struct {
	get   func(*contact.Contact) time.Time
	secs  []int64
	valid bitset
}

func (t *timeCol) set(row uint32, c *contact.Contact) {
	v := t.get(c)
	t.pad(int(row) + 1)
	t.secs[row] = v.Unix()
	t.valid.put(row, !v.IsZero())
}

func (t *timeCol) pad(rows int) {
	for len(t.secs) < rows {
		t.secs = append(t.secs, 0)
	}
	t.valid = t.valid.grow(rows)
}

func (t *timeCol) cell(row uint32) string {
	if !t.valid.has(row) {
		return ""
	}
	return time.Unix(t.secs[row], 0).UTC().Format(time.RFC3339)
}

func (t *timeCol) eval(p *pred, out bitset) {
	switch {
	case p.op == Exists:
		out.or(t.valid)
		return
	case p.empty:
		for r := range t.secs {
			if !t.valid.has(uint32(r)) {
				out.set(uint32(r))
			}
		}
	}
	for _, sp := range p.spans {
		lo, hi := sp.bounds(p.op)
		markInts(t.secs, lo, hi, out)
	}
	if !p.empty {
		out.and(t.valid)
	}
}

func (t *timeCol) reserve(rows int) {
	t.secs = make([]int64, len(t.secs), rows)
	t.valid = make(bitset, len(t.valid), (rows+63)/64)
}

func (t *timeCol) memory() int { return 8*cap(t.secs) + 8*cap(t.valid) }

// listCol is a list of names per row (groups, tags): a dictionary of names,
// a bitset of members per name (so "group in VIP" is one bitset), and each
// row's names in order for its cell.
type listCol struct {
	get     func(*contact.Contact) []string
	dict    []string
	dfold   []string
	lookup  map[string]uint32
	members []bitset
	off     []uint32 // row r's names are codes[off[r]:off[r+1]]
	codes   []uint32
	over    map[uint32][]uint32 // rows rewritten since they were appended
	version uint64
	ranks   rankCache
}

func newListCol(get func(*contact.Contact) []string) *listCol {
	return &listCol{get: get, lookup: map[string]uint32{}, off: []uint32{0}}
}

func (l *listCol) rows() int { return len(l.off) - 1 }

func (l *listCol) code(name string, rows int) uint32 {
	if c, ok := l.lookup[name]; ok {
		return c
	}
	name = strings.Clone(name)
	c := uint32(len(l.dict))
	l.dict = append(l.dict, name)
	l.dfold = append(l.dfold, fold(name))
	l.lookup[name] = c
	l.members = append(l.members, newBitset(rows))
	return c
}

func (l *listCol) list(row uint32) []uint32 {
	if o, ok := l.over[row]; ok {
		return o
	}
	if int(row) >= l.rows() {
		return nil
	}
	return l.codes[l.off[row]:l.off[row+1]]
}

func (l *listCol) set(row uint32, c *contact.Contact) {
	names := l.get(c)
	n := max(int(row)+1, l.rows())
	for i := range l.members {
		l.members[i] = l.members[i].grow(n)
	}
	if int(row) < l.rows() {
		for _, code := range l.list(row) {
			l.members[code].clear(row)
		}
		codes := make([]uint32, len(names))
		for i, name := range names {
			codes[i] = l.code(name, n)
			l.members[codes[i]].set(row)
		}
		if l.over == nil {
			l.over = map[uint32][]uint32{}
		}
		l.over[row] = codes
		l.version++
		return
	}
	l.pad(int(row))
	for _, name := range names {
		code := l.code(name, n)
		l.members[code].set(row)
		l.codes = append(l.codes, code)
	}
	l.off = append(l.off, uint32(len(l.codes)))
}

func (l *listCol) pad(rows int) {
	for l.rows() < rows {
		l.off = append(l.off, uint32(len(l.codes)))
	}
	for i := range l.members {
		l.members[i] = l.members[i].grow(rows)
	}
}

func (l *listCol) cell(row uint32) string {
	codes := l.list(row)
	switch len(codes) {
	case 0:
		return ""
	case 1:
		return l.dict[codes[0]]
	}
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = l.dict[c]
	}
	return strings.Join(parts, contact.ListSep)
}

func (l *listCol) eval(p *pred, out bitset) {
	if p.op == Exists || p.empty {
		any := newBitset(l.rows())
		for _, m := range l.members {
			any.or(m)
		}
		if p.op == Exists {
			out.or(any)
			return
		}
		for r := range l.rows() {
			if !any.has(uint32(r)) {
				out.set(uint32(r))
			}
		}
	}
	for code := range l.dict {
		if len(p.texts) > 0 && p.testText(l.dfold[code]) {
			out.or(l.members[code])
		}
	}
}

func (l *listCol) reserve(rows int) {
	l.off = append(make([]uint32, 0, rows+1), l.off...)
	l.codes = make([]uint32, len(l.codes), rows+rows/2)
}

func (l *listCol) memory() int {
	n := 4*cap(l.off) + 4*cap(l.codes)
	for _, m := range l.members {
		n += 8 * cap(m)
	}
	return n + 48*len(l.over)
}

// consentCol is one named consent per row: recorded, granted, and when.
type consentCol struct {
	name     string
	recorded bitset
	granted  bitset
	at       []int64
}

func (k *consentCol) set(row uint32, c *contact.Contact) {
	v, ok := c.Consent(k.name)
	k.pad(int(row) + 1)
	k.recorded.put(row, ok)
	k.granted.put(row, ok && v.Granted)
	k.at[row] = 0
	if ok && !v.At.IsZero() {
		k.at[row] = v.At.Unix()
	}
}

func (k *consentCol) pad(rows int) {
	for len(k.at) < rows {
		k.at = append(k.at, 0)
	}
	k.recorded = k.recorded.grow(rows)
	k.granted = k.granted.grow(rows)
}

func (k *consentCol) cell(row uint32) string {
	if !k.recorded.has(row) {
		return ""
	}
	return contact.FormatBool(k.granted.has(row))
}

func (k *consentCol) eval(p *pred, out bitset) {
	switch {
	case p.op == Exists:
		out.or(k.recorded)
		return
	case p.empty:
		for r := range k.at {
			if !k.recorded.has(uint32(r)) {
				out.set(uint32(r))
			}
		}
	}
	for _, b := range p.bools {
		for i := range min(len(out), len(k.recorded), len(k.granted)) {
			if b {
				out[i] |= k.recorded[i] & k.granted[i]
			} else {
				out[i] |= k.recorded[i] &^ k.granted[i]
			}
		}
	}
	if len(p.spans) > 0 {
		k.granted.each(func(r uint32) bool {
			for _, sp := range p.spans {
				if inSpan(k.at[r], sp, p.op) {
					out.set(r)
					break
				}
			}
			return true
		})
	}
}

func (k *consentCol) reserve(rows int) {
	k.at = make([]int64, len(k.at), rows)
}

func (k *consentCol) memory() int { return 8*cap(k.at) + 16*cap(k.recorded) }

// nameCol is the derived full name: its folded text in an arena (for
// filters and search), its cell composed from the name columns.
type nameCol struct {
	ar                           *arena
	first, middle, last, company *strCol
	buf                          []byte
	version                      uint64
	ranks                        rankCache
}

func newNameCol(first, middle, last, company *strCol) *nameCol {
	return &nameCol{ar: newArena(folder{kind: foldNone}, false), first: first, middle: middle, last: last, company: company}
}

// set must run after the name columns have stored row.
func (n *nameCol) set(row uint32, _ *contact.Contact) {
	n.buf = n.buf[:0]
	for _, part := range []*strCol{n.first, n.middle, n.last} {
		if f := part.folded(row); f != "" {
			if len(n.buf) > 0 {
				n.buf = append(n.buf, ' ')
			}
			n.buf = append(n.buf, f...)
		}
	}
	if len(n.buf) == 0 {
		n.buf = append(n.buf, n.company.folded(row)...)
	}
	if int(row) < n.ar.rows() {
		n.version++
	}
	n.ar.setCell(row, view(n.buf))
}

func (n *nameCol) pad(rows int) {
	for n.ar.rows() < rows {
		n.ar.appendCell("")
	}
}

func (n *nameCol) cell(row uint32) string {
	var parts []string
	for _, part := range []*strCol{n.first, n.middle, n.last} {
		if v := part.cell(row); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return n.company.cell(row)
	}
	return strings.Join(parts, " ")
}

func (n *nameCol) eval(p *pred, out bitset) {
	switch p.op {
	case Exists:
		n.ar.nonEmpty(out)
		return
	}
	if p.empty {
		n.ar.empty(out)
	}
	mode := map[Op]int{Eq: mEqual, StartsWith: mPrefix, Contains: mContains}[p.op]
	for _, t := range p.texts {
		n.ar.scan(t, mode, out)
	}
}

func (n *nameCol) reserve(rows int) { n.ar.reserve(rows) }

func (n *nameCol) memory() int { return n.ar.memory() }

// markFloats sets the rows whose value x satisfies "x op v", 64 rows to a
// word without branches.
func markFloats(vals []float64, v float64, op Op, out bitset) {
	for w := 0; w*64 < len(vals); w++ {
		chunk := vals[w*64 : min(len(vals), w*64+64)]
		var word uint64
		switch op {
		case Eq:
			for j, x := range chunk {
				word |= b2u(x == v) << j
			}
		case Gt:
			for j, x := range chunk {
				word |= b2u(x > v) << j
			}
		case Lt:
			for j, x := range chunk {
				word |= b2u(x < v) << j
			}
		case Ge:
			for j, x := range chunk {
				word |= b2u(x >= v) << j
			}
		case Le:
			for j, x := range chunk {
				word |= b2u(x <= v) << j
			}
		}
		out[w] |= word
	}
}

// markInts sets the rows whose value is in [lo, hi), 64 rows to a word.
func markInts(vals []int64, lo, hi int64, out bitset) {
	for w := 0; w*64 < len(vals); w++ {
		chunk := vals[w*64 : min(len(vals), w*64+64)]
		var word uint64
		for j, x := range chunk {
			word |= b2u(x >= lo && x < hi) << j
		}
		out[w] |= word
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

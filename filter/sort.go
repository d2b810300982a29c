package filter

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"rolo/contact"
)

// rankCache keeps a column's collation ranks between sorts: per dictionary
// code for a dictionary column (valid while the dictionary is unchanged),
// per row otherwise (valid while the column's version and row count are).
type rankCache struct {
	ranks   []uint32
	version uint64
	n       int
	valid   bool
}

// collator sorts text the way people of the default country expect
// (Polish puts Ł after L, German ö with o, Russian Ё with Е), with numbers
// inside text by value ("house 2" before "house 10").
func (ix *Index) collator() *collate.Collator {
	tag := language.Und
	if c := strings.ToUpper(ix.opt.Country); len(c) == 2 {
		tag = language.Make("und-" + c)
	}
	return collate.New(tag, collate.Numeric)
}

// collationRanks ranks strings: equal text gets equal ranks. The
// collation keys are made on two goroutines (a key takes about a
// microsecond; a collator is for one goroutine, so each has its own), and
// sorted by their first eight bytes as an integer, the whole key only
// where those tie.
func collationRanks(newCol func() *collate.Collator, vals []string) []uint32 {
	keys := make([][]byte, len(vals))
	half := len(vals) / 2
	var wg sync.WaitGroup
	keyRange := func(lo, hi int) {
		col := newCol()
		var buf collate.Buffer // the keys point into it: it lives as long as they do
		for i := lo; i < hi; i++ {
			keys[i] = col.KeyFromString(&buf, vals[i])
		}
	}
	if len(vals) >= 1<<14 {
		wg.Add(1)
		go func() { defer wg.Done(); keyRange(half, len(vals)) }()
		keyRange(0, half)
		wg.Wait()
	} else {
		keyRange(0, len(vals))
	}
	type ent struct {
		pre uint64
		idx uint32
	}
	ents := make([]ent, len(vals))
	for i, k := range keys {
		var b [8]byte
		copy(b[:], k)
		ents[i] = ent{binary.BigEndian.Uint64(b[:]), uint32(i)}
	}
	slices.SortFunc(ents, func(a, b ent) int {
		if a.pre != b.pre {
			return cmp.Compare(a.pre, b.pre)
		}
		if c := bytes.Compare(keys[a.idx], keys[b.idx]); c != 0 {
			return c
		}
		return strings.Compare(vals[a.idx], vals[b.idx])
	})
	ranks := make([]uint32, len(vals))
	rank := uint32(0)
	for i, e := range ents {
		if i > 0 && vals[e.idx] != vals[ents[i-1].idx] {
			rank++
		}
		ranks[e.idx] = rank
	}
	return ranks
}

// rowRanks ranks every row of a column by its cell text. Where values
// repeat (names, cities) each distinct text's key is made once; where they
// hardly do (e-mails, CRM IDs: judged on the first rows) the lookup would
// cost more than it saves.
func rowRanks(newCol func() *collate.Collator, n int, cell func(uint32) string) []uint32 {
	sample := min(n, 8192)
	seen := map[string]bool{}
	for r := range sample {
		seen[cell(uint32(r))] = true
	}
	if len(seen)*10 > sample*8 {
		vals := make([]string, n)
		for r := range n {
			vals[r] = cell(uint32(r))
		}
		return collationRanks(newCol, vals)
	}
	codes := make([]uint32, n)
	index := map[string]uint32{}
	var distinct []string
	for r := range n {
		v := cell(uint32(r))
		c, ok := index[v]
		if !ok {
			v = strings.Clone(v)
			c = uint32(len(distinct))
			distinct = append(distinct, v)
			index[v] = c
		}
		codes[r] = c
	}
	ranks := collationRanks(newCol, distinct)
	for r, c := range codes {
		codes[r] = ranks[c]
	}
	return codes
}

// sortKey is a row's position in the order of one field.
type sortKey struct {
	key uint64
	id  uint64
}

// Sort orders ids in place by a field: text in locale-aware order (the
// default country's language; accents after their letter; numbers inside
// text by value), numbers and dates as such, empty values last in either
// direction, ties by ID ascending. IDs the index does not hold go last.
// An unknown field leaves ids as they are.
func (ix *Index) Sort(ids []uint64, field string, desc bool) {
	fd, ok := contact.LookupField(field)
	if !ok {
		return
	}
	// Readers go on while ranks are computed (the first sort by a text
	// column with many values takes a moment; later ones reuse them).
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.rankMu.Lock()
	defer ix.rankMu.Unlock()
	st := ix.st
	key := ix.keyFunc(st, fd.Name)
	present := make([]sortKey, 0, len(ids))
	var missing []uint64
	for _, id := range ids {
		row, ok := st.rowFor(id)
		if !ok {
			missing = append(missing, id)
			continue
		}
		k, has := key(row, id)
		if !has {
			missing = append(missing, id)
			continue
		}
		if desc {
			k = ^k
		}
		present = append(present, sortKey{k, id})
	}
	sortKeys(present)
	slices.Sort(missing)
	for i, p := range present {
		ids[i] = p.id
	}
	copy(ids[len(present):], missing)
}

// keyFunc returns a field's sort key for a row, and whether it has a value.
func (ix *Index) keyFunc(st *state, name string) func(row uint32, id uint64) (uint64, bool) {
	if name == "id" {
		return func(_ uint32, id uint64) (uint64, bool) { return id, true }
	}
	switch c := st.column(name).(type) {
	case nil:
		return func(uint32, uint64) (uint64, bool) { return 0, false }
	case *numCol:
		return func(row uint32, _ uint64) (uint64, bool) {
			return floatKey(c.vals[row]), c.valid.has(row)
		}
	case *timeCol:
		return func(row uint32, _ uint64) (uint64, bool) {
			return uint64(c.secs[row]) ^ 1<<63, c.valid.has(row)
		}
	case *consentCol:
		return func(row uint32, _ uint64) (uint64, bool) {
			if c.granted.has(row) {
				return 1, true
			}
			return 0, c.recorded.has(row)
		}
	case *strCol:
		if c.ar == nil {
			rc := &c.ranks
			if !rc.valid || rc.n != len(c.dict) {
				*rc = rankCache{ranks: collationRanks(ix.collator, c.dict), n: len(c.dict), valid: true}
			}
			return func(row uint32, _ uint64) (uint64, bool) {
				code := c.codes.get(int(row))
				return uint64(rc.ranks[code]), code != 0
			}
		}
		r := ix.cachedRowRanks(&c.ranks, c.version, st.rows(), c.cell)
		return func(row uint32, _ uint64) (uint64, bool) { return uint64(r[row]), c.ar.cell(row) != "" }
	case *nameCol:
		r := ix.cachedRowRanks(&c.ranks, c.version, st.rows(), c.cell)
		return func(row uint32, _ uint64) (uint64, bool) { return uint64(r[row]), c.ar.cell(row) != "" }
	case *listCol:
		r := ix.cachedRowRanks(&c.ranks, c.version, st.rows(), c.cell)
		return func(row uint32, _ uint64) (uint64, bool) { return uint64(r[row]), len(c.list(row)) > 0 }
	}
	return func(uint32, uint64) (uint64, bool) { return 0, false }
}

func (ix *Index) cachedRowRanks(rc *rankCache, version uint64, n int, cell func(uint32) string) []uint32 {
	if !rc.valid || rc.version != version || rc.n != n {
		*rc = rankCache{ranks: rowRanks(ix.collator, n, cell), version: version, n: n, valid: true}
	}
	return rc.ranks
}

// floatKey maps a float64 to a uint64 with the same order.
func floatKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

// Sorter orders contacts by one field exactly as Index.Sort does, in a
// single pass and without an Index: for a command that sorts the matches of
// one scan of the store (rolo list --sort). Text is kept once per distinct
// value.
type Sorter struct {
	field    contact.Field
	desc     bool
	col      func() *collate.Collator
	ids      []uint64
	keys     []uint64 // numbers, times, consents; text: the distinct value's index
	has      []bool
	distinct []string
	seen     map[string]uint32
}

// NewSorter returns a Sorter by field (any name contact.LookupField knows).
func NewSorter(field string, desc bool, opt Options) (*Sorter, error) {
	fd, ok := contact.LookupField(field)
	if !ok {
		return nil, fmt.Errorf("unknown field %q", field)
	}
	ix := &Index{opt: opt}
	return &Sorter{field: fd, desc: desc, col: ix.collator, seen: map[string]uint32{}}, nil
}

// Add notes one contact (it may be borrowed: what is kept is copied).
func (s *Sorter) Add(c *contact.Contact) {
	key, has := uint64(0), true
	switch s.field.Kind {
	case contact.KindNumber:
		n := c.Points
		if s.field.Name == "paid_total" {
			n = c.PaidTotal
		}
		key, has = floatKey(n.Value), n.Valid
	case contact.KindTime:
		t := c.CreatedAt
		if s.field.Name == "updated_at" {
			t = c.UpdatedAt
		}
		key, has = uint64(t.Unix())^1<<63, !t.IsZero()
	case contact.KindConsent:
		k, ok := c.Consent(strings.TrimPrefix(s.field.Name, contact.ConsentPrefix))
		key, has = b2u(k.Granted), ok
	default:
		if s.field.Name == "id" {
			key = c.ID
			break
		}
		v := c.Get(s.field.Name)
		code, ok := s.seen[v]
		if !ok {
			v = strings.Clone(v)
			code = uint32(len(s.distinct))
			s.distinct = append(s.distinct, v)
			s.seen[v] = code
		}
		key, has = uint64(code), v != ""
	}
	s.ids = append(s.ids, c.ID)
	s.keys = append(s.keys, key)
	s.has = append(s.has, has)
}

// IDs returns the contacts added, in order.
func (s *Sorter) IDs() []uint64 {
	text := s.distinct != nil
	var ranks []uint32
	if text {
		ranks = collationRanks(s.col, s.distinct)
	}
	present := make([]sortKey, 0, len(s.ids))
	var missing []uint64
	for i, id := range s.ids {
		if !s.has[i] {
			missing = append(missing, id)
			continue
		}
		k := s.keys[i]
		if text {
			k = uint64(ranks[k])
		}
		if s.desc {
			k = ^k
		}
		present = append(present, sortKey{k, id})
	}
	slices.SortFunc(present, func(a, b sortKey) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	slices.Sort(missing)
	out := make([]uint64, 0, len(s.ids))
	for _, p := range present {
		out = append(out, p.id)
	}
	return append(out, missing...)
}

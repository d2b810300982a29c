package ui

import "math/bits"

// idSet is the selection: a bitset indexed by contact ID. IDs come from a
// store sequence, so they are dense and a million selected contacts cost
// 125 KB rather than the 40 MB a map would.
type idSet struct {
	words []uint64
	n     int
}

func (s *idSet) has(id uint64) bool {
	w := id / 64
	return w < uint64(len(s.words)) && s.words[w]&(1<<(id%64)) != 0
}

func (s *idSet) add(id uint64) {
	w := int(id / 64)
	if w >= len(s.words) {
		grown := make([]uint64, max(w+1, 2*len(s.words)))
		copy(grown, s.words)
		s.words = grown
	}
	if s.words[w]&(1<<(id%64)) == 0 {
		s.words[w] |= 1 << (id % 64)
		s.n++
	}
}

func (s *idSet) remove(id uint64) {
	w := id / 64
	if w < uint64(len(s.words)) && s.words[w]&(1<<(id%64)) != 0 {
		s.words[w] &^= 1 << (id % 64)
		s.n--
	}
}

func (s *idSet) toggle(id uint64) {
	if s.has(id) {
		s.remove(id)
	} else {
		s.add(id)
	}
}

func (s *idSet) len() int { return s.n }

func (s *idSet) clear() { *s = idSet{} }

// ids lists the members in ascending order.
func (s *idSet) ids() []uint64 {
	out := make([]uint64, 0, s.n)
	for w, word := range s.words {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			out = append(out, uint64(w*64+b))
			word &^= 1 << b
		}
	}
	return out
}

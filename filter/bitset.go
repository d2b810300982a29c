package filter

import "math/bits"

// bitset is a set of rows, one bit each: a million rows in 122 KiB, and
// AND/OR/ANDNOT of two sets in a few microseconds.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i uint32)      { b[i>>6] |= 1 << (i & 63) }
func (b bitset) clear(i uint32)    { b[i>>6] &^= 1 << (i & 63) }
func (b bitset) has(i uint32) bool { return int(i>>6) < len(b) && b[i>>6]&(1<<(i&63)) != 0 }
func (b bitset) put(i uint32, v bool) {
	if v {
		b.set(i)
	} else {
		b.clear(i)
	}
}

// grow returns b with room for n rows (new rows unset).
func (b bitset) grow(n int) bitset {
	w := (n + 63) / 64
	if w <= len(b) {
		return b
	}
	if w <= cap(b) {
		return b[:w]
	}
	nb := make(bitset, w, max(w, 2*cap(b)))
	copy(nb, b)
	return nb
}

func (b bitset) and(o bitset) {
	for i := range b {
		if i < len(o) {
			b[i] &= o[i]
		} else {
			b[i] = 0
		}
	}
}

func (b bitset) or(o bitset) {
	for i := range min(len(b), len(o)) {
		b[i] |= o[i]
	}
}

func (b bitset) andNot(o bitset) {
	for i := range min(len(b), len(o)) {
		b[i] &^= o[i]
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// each calls fn for every set row, ascending; fn returns false to stop.
func (b bitset) each(fn func(uint32) bool) {
	for i, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			if !fn(uint32(i*64 + t)) {
				return
			}
			w &= w - 1
		}
	}
}

// fill sets rows [0, n).
func (b bitset) fill(n int) {
	full := n / 64
	for i := 0; i < full; i++ {
		b[i] = ^uint64(0)
	}
	if r := n % 64; r != 0 {
		b[full] = 1<<r - 1
	}
}

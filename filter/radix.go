package filter

import (
	"cmp"
	"slices"
)

// sortKeys orders keys by key, then ID. When the IDs come in ascending
// order (a Match's result, the usual case) and there are many, a stable
// radix sort on the key alone gives that order in a few passes over the
// slice, skipping the digits every key shares: sorting a million contacts
// by their name ranks takes two passes instead of a comparison sort's
// twenty-odd.
func sortKeys(keys []sortKey) {
	if len(keys) < 1<<12 || !slices.IsSortedFunc(keys, func(a, b sortKey) int { return cmp.Compare(a.id, b.id) }) {
		slices.SortFunc(keys, func(a, b sortKey) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		return
	}
	// Digits where every key has the same bits need no pass.
	and, or := ^uint64(0), uint64(0)
	for _, k := range keys {
		and &= k.key
		or |= k.key
	}
	varying := and ^ or
	const bits = 11
	buf := make([]sortKey, len(keys))
	src, dst := keys, buf
	var count [1 << bits]int
	for shift := uint(0); shift < 64; shift += bits {
		if (varying>>shift)&(1<<bits-1) == 0 {
			continue
		}
		clear(count[:])
		for _, k := range src {
			count[(k.key>>shift)&(1<<bits-1)]++
		}
		pos := 0
		for d, c := range count {
			count[d] = pos
			pos += c
		}
		for _, k := range src {
			d := (k.key >> shift) & (1<<bits - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

package filter

import "hash/maphash"

// dictTable finds a text's code in a column dictionary. It is a plain
// open-addressing table of codes over the dictionary itself: building an
// Index looks up some thirty values per contact, and this small table,
// probed once or twice, is about twice as fast as a map[string]uint32
// holding copies of the keys.
type dictTable struct {
	seed  maphash.Seed
	slots []uint32 // code+1; 0 is an empty slot
	n     int
}

func newDictTable() *dictTable {
	return &dictTable{seed: maphash.MakeSeed(), slots: make([]uint32, 64)}
}

func (t *dictTable) find(dict []string, v string) (uint32, bool) {
	mask := uint32(len(t.slots) - 1)
	h := uint32(maphash.String(t.seed, v)) & mask
	for {
		c := t.slots[h]
		if c == 0 {
			return 0, false
		}
		if dict[c-1] == v {
			return c - 1, true
		}
		h = (h + 1) & mask
	}
}

// insert adds dict[code], which must not be in the table yet.
func (t *dictTable) insert(dict []string, code uint32) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]uint32, 2*len(old))
		t.n = 0
		for _, c := range old {
			if c != 0 {
				t.put(dict[c-1], c)
			}
		}
	}
	t.put(dict[code], code+1)
}

func (t *dictTable) put(v string, slot uint32) {
	mask := uint32(len(t.slots) - 1)
	h := uint32(maphash.String(t.seed, v)) & mask
	for t.slots[h] != 0 {
		h = (h + 1) & mask
	}
	t.slots[h] = slot
	t.n++
}

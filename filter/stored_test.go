package filter

import (
	"bytes"
	"errors"
	"slices"
	"sync"
	"testing"
)

// Readers that first use the same columns at once read each column once
// and all see it whole.
func TestStoredColumnsReadByManyAtOnce(t *testing.T) {
	cs := demoContacts(2000)
	built := NewIndex(testOptions())
	if err := built.Build(scanOf(cs)); err != nil {
		t.Fatal(err)
	}
	ix := storeAndLoad(t, built)
	f := Filter{Conds: []Condition{cond("city", Eq, "Kraków"), cond("emails", Contains, "a")}}
	want, _ := built.Match(f)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := ix.Match(f)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("Match: %d ids, %v; want %d", len(got), err, len(want))
			}
			if v, w := ix.Value(cs[10].ID, "full_name"), built.Value(cs[10].ID, "full_name"); v != w {
				t.Errorf("Value = %q, want %q", v, w)
			}
			ix.Search("anna", 10)
		}()
	}
	wg.Wait()
}

// Only the columns a condition names are read.
func TestStoredIndexReadsOnlyWhatIsUsed(t *testing.T) {
	built := NewIndex(testOptions())
	if err := built.Build(scanOf(demoContacts(500))); err != nil {
		t.Fatal(err)
	}
	ix := storeAndLoad(t, built)
	if _, err := ix.Count(Filter{Conds: []Condition{cond("city", Eq, "Kraków")}}); err != nil {
		t.Fatal(err)
	}
	if left, all := ix.st.lazy.left.Load(), len(ix.st.lazy.todo); int(left) != all-1 {
		t.Errorf("%d of %d columns still to read, want all but city", left, all)
	}
	if ix.st.lazy.idsDone.Load() {
		t.Error("a count read the rows' IDs")
	}
}

// A damaged or foreign file is refused with ErrStoredIndex, never misread.
func TestStoredIndexRefusesDamage(t *testing.T) {
	built := NewIndex(testOptions())
	if err := built.Build(scanOf(demoContacts(300))); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := built.Encode(&buf, Stamp{}); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	for name, b := range map[string][]byte{
		"empty":     nil,
		"truncated": good[:len(good)/2],
		"text":      []byte("name,e-mail\nAnna,anna@example.com\n"),
		"toc bit":   flip(good, len(good)-40),
	} {
		if _, _, err := Load(bytes.NewReader(b), int64(len(b)), testOptions()); !errors.Is(err, ErrStoredIndex) {
			t.Errorf("%s: %v, want ErrStoredIndex", name, err)
		}
	}
	// A damaged column is found when it is read.
	ix, _, err := Load(bytes.NewReader(flip(good, 100)), int64(len(good)), testOptions())
	if err == nil {
		err = ix.LoadAll()
	}
	if !errors.Is(err, ErrStoredIndex) {
		t.Errorf("a flipped bit in a column: %v, want ErrStoredIndex", err)
	}
}

func flip(b []byte, i int) []byte {
	out := slices.Clone(b)
	out[i] ^= 0x10
	return out
}

// The name order comes back with the stored ranks, or is made again for
// another country's collation.
func TestStoredIndexSortsAsBuilt(t *testing.T) {
	cs := demoContacts(1500)
	for _, country := range []string{testOptions().Country, "DE"} {
		built := NewIndex(Options{Country: country})
		if err := built.Build(scanOf(cs)); err != nil {
			t.Fatal(err)
		}
		ix := storeAndLoad(t, built) // stored with testOptions' country's ranks
		ix.opt.Country = country
		for _, field := range []string{"full_name", "last_name", "emails", "groups"} {
			want, _ := built.Match(Filter{})
			got := slices.Clone(want)
			built.Sort(want, field, false)
			ix.Sort(got, field, false)
			if !slices.Equal(got, want) {
				t.Errorf("%s, by %s: the loaded index sorts %v, the built one %v", country, field, head(got), head(want))
			}
		}
	}
}

// The radix sort gives what a comparison sort by key, then ID, gives.
func TestSortKeysAgreesWithComparison(t *testing.T) {
	for _, n := range []int{10, 5000, 70000} {
		keys := make([]sortKey, n)
		for i := range keys {
			keys[i] = sortKey{key: uint64(i*7919%1000) << (i % 3 * 20), id: uint64(i)}
			if i%5 == 0 {
				keys[i].key = ^keys[i].key
			}
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, func(a, b sortKey) int {
			if a.key != b.key {
				return cmpU(a.key, b.key)
			}
			return cmpU(a.id, b.id)
		})
		sortKeys(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("n=%d: radix order differs", n)
		}
	}
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

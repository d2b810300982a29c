package filter

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestArenaScanInHalves checks that a big arena searched in two halves at
// once finds exactly what one pass over it finds, rewritten rows included.
func TestArenaScanInHalves(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"anna", "Kowalska", "jan", "NOWAK", "gmail", "wp", "łódź", "+48601", "@x", "ab"}
	for _, multi := range []bool{false, true} {
		a := newArena(folder{kind: foldText}, multi)
		n := parallelRows + 1000
		for i := range n {
			parts := []string{words[r.IntN(len(words))] + words[r.IntN(len(words))], fmt.Sprint(i)}
			sep := " "
			if multi {
				sep = "; "
			}
			a.setCell(uint32(i), strings.Join(parts[:1+r.IntN(2)], sep))
		}
		for i := 0; i < 300; i++ {
			a.setCell(uint32(r.IntN(n)), words[r.IntN(len(words))])
		}
		for _, needle := range []string{"anna", "kowalskajan", "lodz", "+48601", "1", "ab", "gmailwp", "zz"} {
			for _, mode := range []int{mContains, mEqual, mPrefix} {
				got, want := newBitset(n), newBitset(n)
				a.scan(needle, mode, got)
				a.scanRange(needle, mode, 0, n, want)
				if got.count() != want.count() || !equalBits(got, want) {
					t.Errorf("multi=%v %q mode %d: halves %d, one pass %d", multi, needle, mode, got.count(), want.count())
				}
				if mode == mContains && needle == "anna" && want.count() == 0 {
					t.Error("the test data has no match")
				}
			}
		}
	}
}

func equalBits(a, b bitset) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCollationRanksOnTwoGoroutines checks the ranks of a list big enough
// to be keyed on two goroutines against pairwise collation.
func TestCollationRanksOnTwoGoroutines(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	parts := []string{"anna", "Łucja", "Zoë", "jan.kowalski", "ivan", "Иван", "2", "10", "@", "-", "ärger", "Ärger", "b"}
	vals := make([]string, 20000)
	for i := range vals {
		vals[i] = parts[r.IntN(len(parts))] + parts[r.IntN(len(parts))] + fmt.Sprint(r.IntN(50))
	}
	ix := NewIndex(Options{Country: "DE"})
	ranks := collationRanks(ix.collator, vals)
	col := ix.collator()
	for k := 0; k < 5000; k++ {
		i, j := r.IntN(len(vals)), r.IntN(len(vals))
		c := col.CompareString(vals[i], vals[j])
		if c == 0 {
			c = strings.Compare(vals[i], vals[j])
		}
		switch {
		case c < 0 && ranks[i] >= ranks[j], c > 0 && ranks[i] <= ranks[j], c == 0 && ranks[i] != ranks[j]:
			t.Fatalf("%q rank %d, %q rank %d, collation says %d", vals[i], ranks[i], vals[j], ranks[j], c)
		}
	}
}

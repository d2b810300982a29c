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

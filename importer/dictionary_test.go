package importer

import "testing"

func TestDictionaryHasNoConflicts(t *testing.T) {
	seen := map[string]string{}
	for target, words := range headerWords {
		for _, w := range words {
			n := normHeader(w)
			if n == "" {
				t.Errorf("%q normalises to nothing", w)
			}
			if prev, ok := seen[n]; ok && prev != target {
				t.Errorf("%q (%s) is both %s and %s", w, n, prev, target)
			}
			seen[n] = target
		}
	}
}

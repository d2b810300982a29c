package importer

import (
	"strings"
	"unicode/utf8"
)

// phraseIndex finds which of many normalised words and phrases a header
// holds, in time proportional to the header's words rather than to the
// dictionary's: a file of 100,000 columns asks it 100,000 times.
type phraseIndex struct {
	phrases []string
	first   map[string][]int // a phrase's first word -> its ids, in the order added
	cjk     []int            // phrases in scripts without spaces, found anywhere
}

// add indexes a phrase (normalised) and returns its id, which grows by
// one a phrase: an earlier phrase has a smaller id.
func (x *phraseIndex) add(p string) int {
	if x.first == nil {
		x.first = map[string][]int{}
	}
	id := len(x.phrases)
	x.phrases = append(x.phrases, p)
	if r, _ := utf8.DecodeRuneInString(p); isCJK(r) {
		x.cjk = append(x.cjk, id)
		return id
	}
	w, _, _ := strings.Cut(p, " ")
	x.first[w] = append(x.first[w], id)
	return id
}

// first returns the smallest id of a phrase the normalised header h holds
// as whole words (see hasWord), or -1.
func (x *phraseIndex) firstIn(h string) int {
	best := -1
	x.each(h, func(id int) {
		if best < 0 || id < best {
			best = id
		}
	})
	return best
}

// each calls fn with the id of every phrase h holds (an id may come more
// than once).
func (x *phraseIndex) each(h string, fn func(id int)) {
	for i := 0; i < len(h); {
		j := strings.IndexByte(h[i:], ' ')
		if j < 0 {
			j = len(h)
		} else {
			j += i
		}
		for _, id := range x.first[h[i:j]] {
			p := x.phrases[id]
			if strings.HasPrefix(h[i:], p) && (i+len(p) == len(h) || h[i+len(p)] == ' ') {
				fn(id)
			}
		}
		i = j + 1
	}
	if len(x.cjk) > 0 && !isASCII(h) {
		for _, id := range x.cjk {
			if strings.Contains(h, x.phrases[id]) {
				fn(id)
			}
		}
	}
}

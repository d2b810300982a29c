package dedupe

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"rolo/contact"
)

// skeleton reduces a name token to a spelling-insensitive key: folded and
// transliterated (contact.Translit), letters only, with the letter groups
// that differ between romanisation systems and languages made equal, so
// that "Sergey", "Sergei" and "Сергей" share one, as do "Wiktor" and
// "Viktor", "Dmitriy" and "Dmitrii", "Yekaterina" and "Ekaterina", "Alexey"
// and "Aleksei". (German umlauts written out, Mueller for Müller, are
// compared separately: a rule for "ue" would turn typos into bigger ones.) Applied to both sides of a
// comparison it only has to be consistent, not a pronunciation.
func skeleton(s string) string { return skeletonOf(contact.Translit(s)) }

// skeletonOf is skeleton of an already transliterated string.
func skeletonOf(t string) string {
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); {
		c := t[i]
		if c >= utf8.RuneSelf { // a letter of a script Translit keeps (Greek, Han…)
			r, n := utf8.DecodeRuneInString(t[i:])
			if unicode.IsLetter(r) {
				b = append(b, t[i:i+n]...)
			}
			i += n
			continue
		}
		if c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
		i++
	}
	// Letter groups, longest first.
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		rest := b[i:]
		switch {
		case hasPrefix(rest, "shch"):
			out, i = append(out, 's'), i+4
		case hasPrefix(rest, "tsch"):
			out, i = append(out, 'c'), i+4
		case hasPrefix(rest, "sch"):
			out, i = append(out, 's'), i+3
		case hasPrefix(rest, "sh"), hasPrefix(rest, "sz"):
			out, i = append(out, 's'), i+2
		case hasPrefix(rest, "ch"), hasPrefix(rest, "ts"), hasPrefix(rest, "tz"), hasPrefix(rest, "cz"):
			out, i = append(out, 'c'), i+2
		case hasPrefix(rest, "zh"):
			out, i = append(out, 'z'), i+2
		case hasPrefix(rest, "kh"):
			out, i = append(out, 'h'), i+2
		case hasPrefix(rest, "ph"):
			out, i = append(out, 'f'), i+2
		case hasPrefix(rest, "th"):
			out, i = append(out, 't'), i+2
		case hasPrefix(rest, "ck"):
			out, i = append(out, 'k'), i+2
		case i == 0 && (hasPrefix(rest, "ye") || hasPrefix(rest, "ie") || hasPrefix(rest, "je")):
			out, i = append(out, 'e'), i+2 // Yekaterina = Ekaterina
		default:
			c := rest[0]
			switch c {
			case 'y', 'j':
				c = 'i'
			case 'w':
				c = 'v'
			case 'q':
				c = 'k'
			case 'x':
				out = append(out, 'k')
				c = 's'
			}
			out = append(out, c)
			i++
		}
	}
	// Doubled letters once: Anna = Ana, Dmitrii = Dmitri.
	w := 0
	for i := range out {
		if w > 0 && out[w-1] == out[i] {
			continue
		}
		out[w] = out[i]
		w++
	}
	return string(out[:w])
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

// nameMatch grades how two names relate, from the same to different.
type nameMatch uint8

const (
	nameMissing      nameMatch = iota // one side has no name
	nameSame                          // written the same
	nameCase                          // only letter case differs
	nameAccents                       // only accents (or case) differ
	nameScript                        // one is the other in another script
	nameSpelling                      // spelling variants (transliteration systems)
	nameSwapped                       // first and last name swapped
	nameInitial                       // a first name given as its initial
	nameTypo                          // a typo or two
	nameFirstDiffers                  // same family name, another first name
	nameDiffer                        // different names
)

// similar reports whether the names may be one person's.
func (m nameMatch) similar() bool { return m >= nameSame && m <= nameTypo }

// person is the part of a name compare needs, prepared once per contact.
type person struct {
	first, middle, last    string // as written (a company-only contact has its company as last)
	tFirst, tLast          string // folded and transliterated (contact.Translit)
	uFirst, uLast          string // folded with German umlauts written out (Müller → mueller)
	sFirst, sMiddle, sLast string // skeletons
}

// token is a name part as written (a copy the finder owns) and its
// compared forms.
type token struct{ raw, t, u, s string }

// tokens caches the forms of name parts: a million contacts have a few
// thousand first names and a few hundred thousand last names, and each is
// folded, transliterated and copied once.
type tokens map[string]token

func (m tokens) of(raw string) token {
	if raw == "" {
		return token{}
	}
	if tk, ok := m[raw]; ok {
		return tk
	}
	t := contact.Translit(raw)
	tk := token{raw: strings.Clone(raw), t: t, u: t, s: skeletonOf(t)}
	if strings.ContainsAny(raw, "äöüÄÖÜ") {
		tk.u = umlauts(raw)
	}
	if m != nil {
		m[tk.raw] = tk
	}
	return tk
}

// newPerson prepares c's name; cache may be nil.
func newPerson(c *contact.Contact, cache tokens) person {
	first, middle, last := strings.TrimSpace(c.FirstName), strings.TrimSpace(c.MiddleName), strings.TrimSpace(c.LastName)
	if first == "" && last == "" {
		last = strings.TrimSpace(c.Company)
	}
	f, m, l := cache.of(first), cache.of(middle), cache.of(last)
	return person{
		first: f.raw, middle: m.raw, last: l.raw,
		tFirst: f.t, tLast: l.t, uFirst: f.u, uLast: l.u, sFirst: f.s, sMiddle: m.s, sLast: l.s,
	}
}

// middleDiffers reports whether both have a middle name (a patronymic) and
// the two are not one name: Tatiana Andreevna and Tatiana Mikhailovna
// Smirnova are sisters-in-law, not one woman.
func middleDiffers(a, b person) bool {
	return a.sMiddle != "" && b.sMiddle != "" && !near(a.sMiddle, b.sMiddle) && !isInitial(a.middle, b.middle)
}

func (p person) empty() bool { return p.sFirst == "" && p.sLast == "" }

func (p person) full() string {
	if p.first == "" {
		return p.last
	}
	if p.last == "" {
		return p.first
	}
	return p.first + " " + p.last
}

// key is the blocking key: the skeletons in sorted order, so a swapped
// first and last name lands in the same block.
func (p person) key() string {
	a, b := p.sFirst, p.sLast
	if a > b {
		a, b = b, a
	}
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// compareNames grades two names.
func compareNames(a, b person) nameMatch {
	if a.empty() || b.empty() {
		return nameMissing
	}
	switch {
	case a.first == b.first && a.last == b.last:
		return nameSame
	case strings.EqualFold(a.first, b.first) && strings.EqualFold(a.last, b.last):
		return nameCase
	case a.tFirst == b.tFirst && a.tLast == b.tLast:
		if contact.Fold(a.full()) == contact.Fold(b.full()) {
			return nameAccents
		}
		return nameScript
	case a.sFirst == b.sFirst && a.sLast == b.sLast:
		return nameSpelling
	case a.sFirst != "" && a.sFirst == b.sLast && a.sLast == b.sFirst:
		return nameSwapped
	}
	if a.uFirst == b.uFirst && a.uLast == b.uLast {
		return nameSpelling
	}
	lastClose := similarPart(a.tLast, b.tLast, a.sLast, b.sLast)
	if lastClose && isInitial(a.first, b.first) {
		return nameInitial
	}
	if lastClose && similarPart(a.tFirst, b.tFirst, a.sFirst, b.sFirst) {
		return nameTypo
	}
	if a.tFirst != "" && similarPart(a.tFirst, b.tLast, a.sFirst, b.sLast) && similarPart(a.tLast, b.tFirst, a.sLast, b.sFirst) {
		return nameTypo
	}
	if lastClose && a.sFirst != "" && b.sFirst != "" {
		return nameFirstDiffers
	}
	return nameDiffer
}

// describeNames says in words how two names compare.
func describeNames(a, b person, m nameMatch) string {
	fa, fb := a.full(), b.full()
	switch m {
	case nameSame:
		return "same name"
	case nameCase:
		return "names differ only in case"
	case nameAccents:
		return "names differ only in accents"
	case nameScript:
		return "names differ only in script (" + fa + " / " + fb + ")"
	case nameSpelling:
		return "names are spelling variants (" + differing(a, b) + ")"
	case nameSwapped:
		return "first and last name swapped (" + fa + " / " + fb + ")"
	case nameInitial:
		return "first name given as an initial (" + fa + " / " + fb + ")"
	case nameTypo:
		if !similarPart(a.tLast, b.tLast, a.sLast, b.sLast) {
			return "first and last name swapped, with a typo (" + fa + " / " + fb + ")"
		}
		return "names differ by a typo (" + differing(a, b) + ")"
	case nameFirstDiffers:
		return "different first names (" + a.first + " / " + b.first + ")"
	case nameDiffer:
		return "different names (" + fa + " / " + fb + ")"
	}
	return ""
}

// similarPart reports whether two name parts are within a typo or two,
// written as they are (folded) or as skeletons: a slip near a doubled
// letter or a letter group can look bigger in one form than in the other.
func similarPart(ta, tb, sa, sb string) bool { return near(ta, tb) || near(sa, sb) }

// umlauts folds a name with German umlauts written out, so Müller and
// Mueller compare equal.
func umlauts(s string) string {
	return contact.Fold(strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue").Replace(s))
}

// differing names the parts that differ: "Sergey / Sergei", or both names.
func differing(a, b person) string {
	switch {
	case a.first == b.first && a.last != b.last:
		return a.last + " / " + b.last
	case a.last == b.last && a.first != b.first:
		return a.first + " / " + b.first
	}
	return a.full() + " / " + b.full()
}

// isInitial reports whether one first name is the other's initial ("A." and
// "Anna").
func isInitial(a, b string) bool {
	ia, ib := initialOf(a), initialOf(b)
	if (ia == "") == (ib == "") {
		return false
	}
	if ia != "" {
		return skeletonFirst(b) == ia
	}
	return skeletonFirst(a) == ib
}

// initialOf returns the folded letter of a name written as an initial
// ("A", "A."), else "".
func initialOf(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if utf8.RuneCountInString(s) != 1 {
		return ""
	}
	return skeletonFirst(s)
}

func skeletonFirst(s string) string {
	k := skeleton(s)
	if k == "" {
		return ""
	}
	_, n := utf8.DecodeRuneInString(k)
	return k[:n]
}

// near reports whether two name parts are within the typos their length
// allows: none up to 3 letters, one up to 7, two beyond.
func near(a, b string) bool {
	if a == b {
		return a != ""
	}
	n := max(len(a), len(b))
	k := 0
	switch {
	case n > 7:
		k = 2
	case n > 3:
		k = 1
	}
	return k > 0 && distance(a, b, k) <= k
}

// distance is the optimal string alignment distance (edits and adjacent
// transpositions) between a and b, computed on bytes, stopping early once
// it exceeds limit (then it returns limit+1). Skeletons are ASCII but for
// scripts Translit keeps; a multi-byte letter then counts as more than one
// edit, which only makes those rarer names stricter.
func distance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) > 63 || len(b) > 63 {
		if a == b {
			return 0
		}
		return limit + 1
	}
	var rows [3][64]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

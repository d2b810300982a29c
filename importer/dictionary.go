package importer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"rolo/contact"
)

// Special mapping targets besides the model's fields, consent:<name> and
// custom:<name>.
const (
	TargetIgnore      = "ignore"
	TargetFullName    = "full_name"    // split into first, middle and last name
	TargetRecordType  = "record_type"  // one row per channel: the channel's kind
	TargetRecordValue = "record_value" // one row per channel: its value
	TargetBirthYear   = "birth_year"   // a birthday written in three columns (Thunderbird)
	TargetBirthMonth  = "birth_month"
	TargetBirthDay    = "birth_day"
)

// normHeader folds a header for matching: lower case, no accents,
// Cyrillic in Latin letters, full-width letters and digits as plain ones,
// punctuation and underscores as single spaces, and a space where a
// Chinese, Japanese or Korean word meets a Latin one ("FAX番号" is "fax 番号").
func normHeader(s string) string {
	s = contact.CleanText(s)
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	s = contact.Translit(s)
	var b strings.Builder
	space, prevCJK := false, false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			cjk := isCJK(r)
			if (space || cjk != prevCJK) && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space, prevCJK = false, cjk
			if r == 'ς' {
				r = 'σ' // Greek final sigma: "ΚΩΔΙΚΑΣ" folds to σ
			}
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// isCJK reports a letter of the scripts written without spaces between
// words (Han, Hiragana, Katakana) or in Hangul.
func isCJK(r rune) bool {
	return r >= 0x1100 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー')
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// withoutNumbers drops the number words of a normalised header ("phone 2",
// "e mail 3 address").
func withoutNumbers(h string) string {
	f := strings.Fields(h)
	out := f[:0]
	for _, w := range f {
		if !isDigits(w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// hasWord reports whether the normalised header holds the normalised word
// or phrase as whole words. Chinese, Japanese and Korean write words
// without spaces between them, so a word in those scripts is found
// anywhere in the header ("電話" in "携帯電話番号").
func hasWord(h, w string) bool {
	if w == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(w); isCJK(r) {
		return strings.Contains(h, w)
	}
	for i := 0; i+len(w) <= len(h); {
		j := strings.Index(h[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if (j == 0 || h[j-1] == ' ') && (j+len(w) == len(h) || h[j+len(w)] == ' ') {
			return true
		}
		i = j + 1
	}
	return false
}

// lookupHeader maps a header by the dictionary: sure for a whole-header
// match, unsure for a word inside it; "" when nothing matches.
func lookupHeader(header string) (target string, sure bool) {
	h := normHeader(header)
	if h == "" {
		return "", false
	}
	l := lex()
	if t, ok := l.headers[h]; ok {
		return t, true
	}
	if t, ok := l.headers[withoutNumbers(h)]; ok {
		return t, true
	}
	if id := l.anyIdx.firstIn(h); id >= 0 {
		return l.anywhere[id].target, false
	}
	return "", false
}

// namesOtherDate reports a header that names the date of something other
// than a birth (sign-up, registration, last order).
func namesOtherDate(header string) bool {
	return lex().otherIdx.firstIn(normHeader(header)) >= 0
}

// explicitConsent reports a header that says consent in so many words
// (not a bare channel or "newsletter").
func explicitConsent(header string) bool {
	l := lex()
	explicit := false
	l.consentIdx.each(normHeader(header), func(id int) {
		explicit = explicit || !l.maybe[l.consent[id]]
	})
	return explicit
}

// namesConsent reports whether a header names a consent, and the consent's
// name (its channel where the header says one).
func namesConsent(header string) (string, bool) {
	h := normHeader(header)
	l := lex()
	isConsent := l.consentIdx.firstIn(h) >= 0
	channel, bare := "", false
	if id := l.channelIdx.firstIn(h); id >= 0 {
		channel, bare = l.channels[l.chanOf[id]].name, h == l.channelIdx.phrases[id]
	}
	switch {
	case isConsent && channel != "":
		return channel, true
	case isConsent:
		rest := h
		for _, w := range l.consent {
			rest = strings.TrimSpace(strings.ReplaceAll(" "+rest+" ", " "+w+" ", " "))
		}
		for _, filler := range l.filler {
			rest = strings.TrimSpace(strings.ReplaceAll(" "+rest+" ", " "+filler+" ", " "))
		}
		if rest == "" {
			return "marketing", true
		}
		return strings.ReplaceAll(rest, " ", "_"), true
	case bare:
		// A bare channel name ("SMS", "Newsletter") with yes/no values.
		return channel, true
	}
	return "", false
}

// lookupEnum reads an enumeration's value in any of the dictionary's
// languages ("ALTA", "hoch", "Normal" for priority): the model's own
// values first.
func lookupEnum(enum, v string) (string, bool) {
	n := normHeader(v)
	if slices.Contains(enumValues[enum], n) {
		return n, true
	}
	val, ok := lex().enums[enum][n]
	return val, ok
}

// parseYesNo reads a yes/no cell: the common forms contact.ParseBool
// knows (1/0, yes/no, tak/nie …), then the yes/no words of every
// language of the dictionary ("ano", "igen", "はい").
func parseYesNo(v string) (yes, ok bool) {
	if g, ok := contact.ParseBool(v); ok {
		return g, true
	}
	if len(v) > 40 || strings.ContainsAny(v, "@0123456789") {
		return false, false // no language writes yes or no that way
	}
	w, ok := lookupEnum("bool", v)
	return w == "yes", ok
}

// recordChannel maps a record-type value ("E-mail", "Telefone") to the
// target its record value fills.
func recordChannel(v string) (string, bool) {
	t, ok := lex().recTypes[normHeader(v)]
	return t, ok
}

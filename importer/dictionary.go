package importer

import (
	"slices"
	"strings"
	"unicode"

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
// Cyrillic in Latin letters, punctuation and underscores as single spaces.
func normHeader(s string) string {
	s = contact.Translit(contact.CleanText(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
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
// or phrase as whole words.
func hasWord(h, w string) bool {
	if w == "" {
		return false
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
	for _, s := range l.anywhere {
		if hasWord(h, s.word) {
			return s.target, false
		}
	}
	return "", false
}

// namesOtherDate reports a header that names the date of something other
// than a birth (sign-up, registration, last order).
func namesOtherDate(header string) bool {
	h := normHeader(header)
	for _, w := range lex().otherDate {
		if hasWord(h, w) {
			return true
		}
	}
	return false
}

// explicitConsent reports a header that says consent in so many words
// (not a bare channel or "newsletter").
func explicitConsent(header string) bool {
	h := normHeader(header)
	l := lex()
	for _, w := range l.consent {
		if !l.maybe[w] && hasWord(h, w) {
			return true
		}
	}
	return false
}

// namesConsent reports whether a header names a consent, and the consent's
// name (its channel where the header says one).
func namesConsent(header string) (string, bool) {
	h := normHeader(header)
	l := lex()
	isConsent := false
	for _, w := range l.consent {
		if hasWord(h, w) {
			isConsent = true
			break
		}
	}
	channel, bare := "", false
	for _, c := range l.channels {
		for _, w := range c.words {
			if hasWord(h, w) {
				channel, bare = c.name, h == w
				break
			}
		}
		if channel != "" {
			break
		}
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

// recordChannel maps a record-type value ("E-mail", "Telefone") to the
// target its record value fills.
func recordChannel(v string) (string, bool) {
	t, ok := lex().recTypes[normHeader(v)]
	return t, ok
}

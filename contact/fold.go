package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s lower-cased and without accents, for comparisons people
// expect to ignore them: "Łódź" → "lodz", "Wiśniewski" → "wisniewski",
// "Straße" → "strasse", "São" → "sao", "Ёлкин" → "елкин". ASCII input takes a
// fast path with no allocation when it is already lower case.
func Fold(s string) string {
	ascii, lower := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return s
		}
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // the accent of a decomposed letter
		}
		switch r {
		case 'ł', 'Ł':
			b.WriteByte('l')
		case 'ß', 'ẞ':
			b.WriteString("ss")
		case 'đ', 'Đ':
			b.WriteByte('d')
		case 'ø', 'Ø':
			b.WriteByte('o')
		case 'æ', 'Æ':
			b.WriteString("ae")
		case 'œ', 'Œ':
			b.WriteString("oe")
		case 'ı':
			b.WriteByte('i')
		case 'þ', 'Þ':
			b.WriteString("th")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

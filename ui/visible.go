package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// visibleCell shows a cell of a file being read as it is, on one line, with
// nothing in it that a terminal would obey: what would move the layout is
// shown as a mark of its own.
//   - C0 control characters and DEL as their Unicode pictures: ␀ ␉ ␊ ␍ ␛ … ␡
//   - C1 control characters and the characters that reorder or hide text
//     (bidi controls, zero-width spaces, a byte-order mark, line and
//     paragraph separators) as their code point: ⟨U+202E⟩
//   - bytes that are not UTF-8 (a file read in the wrong encoding) as the
//     byte: ⟨0xE9⟩
//
// A cell with none of these is returned as it is, without a copy.
func visibleCell(s string) string {
	if !needsMarks(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, "⟨0x%02X⟩", s[i])
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('␡')
		case hiddenRune(r):
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsMarks reports whether s holds anything visibleCell marks.
func needsMarks(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || hiddenRune(r) {
			return true
		}
		i += n
	}
	return false
}

// hiddenRune is a character a terminal does not draw as one cell of text
// in place: a C1 control (U+009B starts an escape sequence on some
// terminals), a bidi control that reverses what follows, a zero-width
// space or mark, a line or paragraph separator, a byte-order mark. The
// zero-width joiner of emoji sequences is kept.
func hiddenRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f,
		r >= 0x200b && r <= 0x200c, r >= 0x200e && r <= 0x200f,
		r >= 0x2028 && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069,
		r == 0xfeff:
		return true
	}
	return false
}

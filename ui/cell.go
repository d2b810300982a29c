package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// cell fits s into exactly w cells: control characters become spaces, text
// too wide is cut with an ellipsis (measured in cells, so wide scripts and
// emoji never push the row out of line), the rest is padded.
func cell(b *strings.Builder, s string, w int, right bool) {
	if w <= 0 {
		return
	}
	s = cleanCell(s)
	sw := 0
	if isASCII(s) {
		sw = len(s)
		if sw > w {
			s, sw = s[:w-1]+ellipsis, w
		}
	} else {
		sw = ansi.StringWidth(s)
		if sw > w {
			s = ansi.Truncate(s, w, ellipsis)
			sw = ansi.StringWidth(s)
		}
	}
	pad := w - sw
	if right {
		writeSpaces(b, pad)
		b.WriteString(s)
		return
	}
	b.WriteString(s)
	writeSpaces(b, pad)
}

// cleanCell keeps a value on one line and the terminal out of it: control
// characters and those that reorder or hide text become spaces, bytes that
// are not UTF-8 become U+FFFD, so a cell never wraps into a broken row or
// moves what is drawn after it. (A file's preview shows them as marks
// instead: visibleCell.)
func cleanCell(s string) string {
	if !needsMarks(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || hiddenRune(r) {
			return ' '
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

const spaces = "                                                                                                                                "

func writeSpaces(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		b.WriteString(spaces[:k])
		n -= k
	}
}

// shortTime shows an RFC 3339 UTC time as "2006-01-02 15:04".
func shortTime(s string) string {
	if len(s) >= 16 && s[10] == 'T' {
		return s[:10] + " " + s[11:16]
	}
	return s
}

package contact

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// CleanText trims a value the way people expect: spaces, tabs, non-breaking
// and zero-width spaces and byte-order marks at either end go; the inside is
// kept (a non-breaking space inside becomes a plain one).
func CleanText(s string) string {
	if s == "" {
		return s
	}
	if strings.ContainsAny(s, "\u00a0\u200b\ufeff\u2007\u202f") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\u00a0', '\u2007', '\u202f':
				return ' '
			case '\u200b', '\ufeff':
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// ParseBool reads a yes/no cell in the languages rolo's users write:
// 1/0, yes/no, y/n, true/false, tak/nie, да/нет, ja/nein, sim/não, sí/no,
// oui/non, x (ticked).
func ParseBool(s string) (value, ok bool) {
	switch strings.ToLower(CleanText(s)) {
	case "1", "yes", "y", "true", "t", "tak", "t.", "да", "д", "ja", "j", "sim", "s", "sí", "si", "oui", "o", "x", "on", "granted", "opt-in", "optin", "subscribed", "так":
		return true, true
	case "0", "no", "n", "false", "f", "nie", "n.", "нет", "н", "nein", "não", "nao", "non", "off", "denied", "opt-out", "optout", "unsubscribed", "ні":
		return false, true
	}
	return false, false
}

// FormatBool writes a consent value.
func FormatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ParseNumber reads numbers written in the common European and English ways:
// "1234.5", "1 234,50", "1.234,50", "1,234.50", "-12", "€ 12,00", "12 zł".
func ParseNumber(s string) (float64, error) {
	orig := s
	s = strings.TrimFunc(CleanText(s), func(r rune) bool {
		return !unicode.IsDigit(r) && r != '-' && r != '+' && r != '\u2212' && r != '.' && r != ','
	})
	s = strings.ReplaceAll(s, "\u2212", "-")
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\'' || r == '\u2009' {
			return -1
		}
		return r
	}, s)
	lastComma, lastDot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case lastComma >= 0 && lastDot >= 0:
		if lastComma > lastDot { // 1.234,50
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else { // 1,234.50
			s = strings.ReplaceAll(s, ",", "")
		}
	case lastComma >= 0:
		if strings.Count(s, ",") > 1 || (len(s)-lastComma-1 == 3 && lastComma > 0 && lastComma <= 4 && s[0] != '0') {
			s = strings.ReplaceAll(s, ",", "") // 1,234,567 or 1,234
		} else {
			s = strings.Replace(s, ",", ".", 1) // 12,5
		}
	case strings.Count(s, ".") > 1: // 1.234.567
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "" {
		return 0, fmt.Errorf("%q is not a number", orig)
	}
	return v, nil
}

// NormalizeTaxID reduces a tax identifier to its letters and digits,
// upper-cased, so that "123.456.789-09", "12345678909" and "123 456 789 09"
// are one person (CPF/CNPJ, NIP, INN, VAT numbers with a country prefix).
func NormalizeTaxID(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

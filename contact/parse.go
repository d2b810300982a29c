package contact

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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

var monthNames = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// ParseDate reads a calendar date in ISO or day-first form and returns it as
// YYYY-MM-DD: 1985-03-07, 1985/03/07, 07.03.1985, 07/03/1985, 7-3-1985,
// 07.03.85, "7 Mar 1985", "March 7, 1985", and ISO date-times. A month-first
// date is accepted only where day-first is impossible (12/25/1985).
func ParseDate(s string) (string, error) {
	orig := s
	s = CleanText(s)
	if i := strings.IndexAny(s, "T "); i == 10 && len(s) > 10 { // 1985-03-07T00:00:00
		s = s[:10]
	}
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == ' ' || r == ','
	})
	if len(parts) != 3 {
		return "", fmt.Errorf("%q is not a date (use YYYY-MM-DD or DD.MM.YYYY)", orig)
	}
	nums := [3]int{}
	month := -1
	for i, p := range parts {
		if m, ok := monthNames[p]; ok {
			nums[i], month = int(m), i
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return "", fmt.Errorf("%q is not a date (use YYYY-MM-DD or DD.MM.YYYY)", orig)
		}
		nums[i] = n
	}
	var y, m, d int
	switch {
	case month == 0: // March 7, 1985
		m, d, y = nums[0], nums[1], nums[2]
	case month == 1: // 7 Mar 1985
		d, m, y = nums[0], nums[1], nums[2]
	case len(parts[0]) == 4: // 1985-03-07
		y, m, d = nums[0], nums[1], nums[2]
	case nums[1] > 12 && nums[0] <= 12: // 12/25/1985: day-first impossible
		m, d, y = nums[0], nums[1], nums[2]
	default: // 07.03.1985
		d, m, y = nums[0], nums[1], nums[2]
	}
	if len(parts[2]) == 2 && month != 0 && len(parts[0]) != 4 {
		y += 1900
		if y+100 <= time.Now().Year() {
			y += 100
		}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1000 || y > 9999 || t.Day() != d || int(t.Month()) != m {
		return "", fmt.Errorf("%q is not a valid date", orig)
	}
	return t.Format(time.DateOnly), nil
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

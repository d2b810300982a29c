package contact

import (
	"strings"
	"unicode"
)

// The spreadsheet-safety quote (OWASP "CSV injection"), written by rolo's
// excel export profile and removed by its import, by one rule:
//
//   - A value that begins with =, +, -, @, a tab, a carriage return or NUL
//     could be run as a formula, so it gets a single quote in front
//     ("=HYPERLINK(…)" → "'=HYPERLINK(…)"), which spreadsheets show as text.
//   - Except a plain number, which a spreadsheet can only read as a number:
//     a sign, digits, and optionally one decimal point or comma with digits
//     ("-20.5", "+7"), or a phone in E.164 (a + and 4 to 15 digits), or
//     several such phones joined with "; ". These stay as they are.
//   - A value that begins with quotes followed by such a value gets one more
//     ("'=x" → "''=x"), so that removing one quote on import always gives
//     the value back; any other value that begins with a quote ("'tis")
//     stays as it is.

// ProtectFormula returns s as the excel profile writes it.
func ProtectFormula(s string) string {
	if protected(s) {
		return "'" + s
	}
	return s
}

// UnprotectFormula reverses ProtectFormula: it removes the quote the excel
// profile put in front of a value, and leaves every other value alone.
func UnprotectFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && protected(s[1:]) {
		return s[1:]
	}
	return s
}

// protected reports whether s is quotes followed by a value a spreadsheet
// would run.
func protected(s string) bool {
	t := strings.TrimLeft(s, "'")
	if t == "" {
		return false
	}
	switch t[0] {
	case '=', '+', '-', '@', '\t', '\r', 0:
	default:
		return false
	}
	return !plainNumber(t) && !phoneList(t)
}

// plainNumber: [+-]digits[(.|,)digits].
func plainNumber(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if !hasFrac {
		intPart, frac, hasFrac = strings.Cut(s, ",")
	}
	return IsDigits(intPart) && (!hasFrac || IsDigits(frac))
}

// phoneList: E.164 numbers joined with "; ".
func phoneList(s string) bool {
	for _, p := range strings.Split(s, "; ") {
		if len(p) < 5 || len(p) > 16 || p[0] != '+' || !IsDigits(p[1:]) {
			return false
		}
	}
	return true
}

// LooksLikeFormula reports whether a spreadsheet would run s as a formula
// were it written to a cell as it is: "=" and anything after it, or "+",
// "-" or "@" followed by text ("@handle", "-Anna", "+SUM(A1)"). Signed
// numbers and phones ("-20.5", "+48 601 234 567") hold no letter and are
// left alone, as is a value the excel profile already quoted ("'=x").
func LooksLikeFormula(s string) bool {
	if len(s) < 2 {
		return false
	}
	switch s[0] {
	case '=':
		return true
	case '+', '-', '@':
		return strings.IndexFunc(s[1:], unicode.IsLetter) >= 0
	}
	return false
}

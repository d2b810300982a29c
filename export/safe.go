package export

import (
	"strings"

	"rolo/contact"
)

// Neutralise makes a cell safe to open in a spreadsheet (OWASP "CSV
// injection"). The rule, exactly:
//
//   - A cell that begins with =, +, -, @, a tab, a carriage return or NUL
//     could be run as a formula, so it gets a single quote in front
//     ("=HYPERLINK(…)" → "'=HYPERLINK(…)"), which spreadsheets show as text.
//   - Except when the whole cell is a plain number, which a spreadsheet
//     can only read as a number: a sign, digits, and optionally one decimal
//     point or comma with digits ("-20.5", "-1500", "+7"), or a phone in
//     E.164 (a + and 4 to 15 digits), or several such phones joined with
//     "; " (the phones column). These come out untouched.
//   - Everything else (dates such as 2026-11-02, text, e-mails) does not
//     begin with those characters and comes out untouched.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', 0:
	default:
		return s
	}
	if plainNumber(s) || phoneList(s) {
		return s
	}
	return "'" + s
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
	return contact.IsDigits(intPart) && (!hasFrac || contact.IsDigits(frac))
}

// phoneList: E.164 numbers joined with "; ".
func phoneList(s string) bool {
	for _, p := range strings.Split(s, "; ") {
		if len(p) < 5 || len(p) > 16 || p[0] != '+' || !contact.IsDigits(p[1:]) {
			return false
		}
	}
	return true
}

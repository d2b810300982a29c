package importer

// Reading the text of cells: statuses, lists of groups, e-mails and phones,
// and text that did not decode cleanly.

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"rolo/contact"
)

// parseStatus reads a status cell, with the words other systems use.
func parseStatus(v string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(v))
	if slices.Contains(contact.Statuses, s) {
		return s, true
	}
	if st, ok := lookupEnum("status", v); ok {
		return st, true
	}
	switch s {
	case "subscribed", "active", "opted in", "opt-in":
		return contact.StatusSubscriber, true
	case "unsubscribe", "opted out", "opt-out", "inactive", "blocked":
		return contact.StatusUnsubscribed, true
	case "lead", "customer", "client":
		return contact.StatusContact, true
	}
	return "", false
}

// labels splits a cell of groups or tags: at ";" and line breaks, and at
// Google Contacts' " ::: " (its system labels, "* myContacts" and
// "* starred", are not groups anyone made and are left out).
func labels(v string) []string {
	var out []string
	for _, l := range contact.SplitList(strings.ReplaceAll(v, ":::", ";"), false) {
		if strings.HasPrefix(l, "* ") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// splitMulti splits a cell of several e-mails or phones: ";", ",", line
// breaks, " / " and Google's " ::: ".
func splitMulti(v string) []string {
	if !strings.ContainsAny(v, ";,\n:/") {
		return []string{v}
	}
	v = strings.ReplaceAll(v, ":::", ";")
	v = strings.ReplaceAll(v, " / ", ";")
	return contact.SplitList(v, true)
}

// checkText warns about text that did not decode cleanly (and makes it
// valid UTF-8): replacement characters, bytes that are not UTF-8, and
// mojibake (UTF-8 read as Windows-1252 or -1251 before it reached rolo).
func (p *plan) checkText(r *rowData, col, s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		r.warn("mojibake", col, "%q does not decode as %s (replacement characters); kept as read", s, p.encodingName())
		return s
	}
	if strings.ContainsRune(s, utf8.RuneError) {
		r.warn("mojibake", col, "%q does not decode as %s (replacement characters); kept as read", s, p.encodingName())
		return s
	}
	if fixed, from := mojibake(s); fixed != "" {
		r.warn("mojibake", col, "%q looks like UTF-8 text read as %s before it reached rolo (mojibake); it should read %q; kept as read", s, from, fixed)
	}
	return s
}

func (p *plan) encodingName() string {
	if p.table.Encoding != "" {
		return p.table.Encoding
	}
	return "text"
}

var cp1251High = func() map[rune]bool {
	m := map[rune]bool{}
	for b := 0x80; b <= 0xBF; b++ {
		m[charmap.Windows1251.DecodeByte(byte(b))] = true
	}
	return m
}()

var cp1252Specials = func() map[rune]bool {
	m := map[rune]bool{}
	for b := 0x80; b <= 0xBF; b++ {
		m[charmap.Windows1252.DecodeByte(byte(b))] = true
	}
	return m
}()

// mojibake recognises UTF-8 text that was decoded as Windows-1252 or
// Windows-1251 and saved again ("Å‚Ã³dÅº" for "łódź", "РЎРµСЂРіРµР№" for
// "Сергей"), and returns what it should read.
func mojibake(s string) (fixed, from string) {
	var prev rune
	latin, cyr := false, false
	for _, r := range s {
		if prev >= 0xC2 && prev <= 0xDF && cp1252Specials[r] {
			latin = true
		}
		if (prev == 'Р' || prev == 'С') && cp1251High[r] {
			cyr = true
		}
		prev = r
	}
	try := func(cm *charmap.Charmap) string {
		b, err := cm.NewEncoder().Bytes([]byte(s))
		if err != nil || !utf8.Valid(b) || utf8.RuneCount(b) == len(b) {
			return ""
		}
		return string(b)
	}
	if latin {
		if f := try(charmap.Windows1252); f != "" {
			return f, "Windows-1252"
		}
	}
	if cyr {
		if f := try(charmap.Windows1251); f != "" {
			return f, "Windows-1251"
		}
	}
	return "", ""
}

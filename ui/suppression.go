package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/store"
)

// suppressionMsg is the answer for one search text.
type suppressionMsg struct {
	Query string
	Note  string
}

// checkSuppressed tells a support agent when the e-mail or phone they search
// for belongs to someone on the suppression list. Only what was typed is
// shown, with the reason and date: an erased person's data is not there to
// show.
func checkSuppressed(sh *shared, q string) tea.Cmd {
	kind, value := suppressionKey(q, sh.country())
	if value == "" || sh.st == nil {
		return nil // a file opened read-only has no suppression list
	}
	st := sh.st
	return func() tea.Msg {
		e, found, err := st.Suppressed(kind, value)
		switch {
		case err != nil:
			return suppressionMsg{Query: q, Note: "suppression list not checked: " + err.Error()}
		case !found:
			return suppressionMsg{Query: q}
		}
		note := fmt.Sprintf("%s is on the suppression list (%s", value, e.Reason)
		if !e.At.IsZero() {
			note += " " + e.At.UTC().Format("2006-01-02")
		}
		return suppressionMsg{Query: q, Note: note + "): imports keep it out"}
	}
}

// suppressionKey is the normalised e-mail or phone a search text names, or
// "" when it is neither (a name cannot be looked up: only hashes are kept).
func suppressionKey(q, country string) (kind, value string) {
	q = strings.TrimSpace(q)
	if strings.Contains(q, "@") {
		if e, err := contact.NormalizeEmail(q); err == nil {
			return store.SuppressEmail, e
		}
		return "", ""
	}
	digits := 0
	for _, r := range q {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 6 {
		return "", ""
	}
	if p, err := contact.NormalizePhone(q, country); err == nil {
		return store.SuppressPhone, p.Number
	}
	return "", ""
}

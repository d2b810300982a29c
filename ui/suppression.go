package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
)

// suppressionFunc looks a normalised e-mail or E.164 phone up on the
// store's suppression list (people who unsubscribed or were erased, kept as
// keyed hashes). It returns the reason and date of the entry, if any.
type suppressionFunc func(value string) (reason string, at time.Time, found bool, err error)

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
	if sh.suppressed == nil {
		return nil
	}
	value := suppressionKey(q, sh.country)
	if value == "" {
		return nil
	}
	lookup := sh.suppressed
	return func() tea.Msg {
		reason, at, found, err := lookup(value)
		switch {
		case err != nil:
			return suppressionMsg{Query: q, Note: "suppression list not checked: " + err.Error()}
		case !found:
			return suppressionMsg{Query: q}
		}
		note := fmt.Sprintf("%s is on the suppression list (%s", value, reason)
		if !at.IsZero() {
			note += " " + at.UTC().Format("2006-01-02")
		}
		return suppressionMsg{Query: q, Note: note + ")"}
	}
}

// suppressionKey is the normalised e-mail or phone a search text names, or
// "" when it is neither (a name cannot be looked up: only hashes are kept).
func suppressionKey(q, country string) string {
	q = strings.TrimSpace(q)
	if strings.Contains(q, "@") {
		if e, err := contact.NormalizeEmail(q); err == nil {
			return e
		}
		return ""
	}
	digits := 0
	for _, r := range q {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 6 {
		return ""
	}
	if p, err := contact.NormalizePhone(q, country); err == nil {
		return p.Number
	}
	return ""
}

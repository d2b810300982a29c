package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/store"
)

// The card's privacy side: each consent's history (given, withdrawn, from
// where), and the two requests a support agent answers from the card:
// unsubscribe and erase personal data (card_action.go asks first).

// live reports whether the card shows a contact that can still be
// unsubscribed or erased.
func (m *cardModel) live() bool {
	return m.loaded && m.c != nil && m.c.Status != contact.StatusErased
}

// importSources names the imports that recorded consents: "import:3" →
// "import 3 (contacts.csv)".
func importSources(st *store.Store, changes []store.ConsentChange) map[string]string {
	out := map[string]string{}
	for _, ch := range changes {
		n, ok := strings.CutPrefix(ch.Source, "import:")
		if !ok || out[ch.Source] != "" {
			continue
		}
		out[ch.Source] = "import " + n
		if id, err := strconv.ParseUint(n, 10, 64); err == nil {
			if j, err := st.Job(id); err == nil && j.File != "" {
				out[ch.Source] = fmt.Sprintf("import %s (%s)", n, filepath.Base(j.File))
			}
		}
	}
	return out
}

// sourceWords says what recorded a consent.
func sourceWords(src string, sources map[string]string) string {
	if s, ok := sources[src]; ok {
		return s
	}
	switch src {
	case "card":
		return "the card"
	case "bulk":
		return "a bulk action"
	case "cli":
		return "the command line"
	case "":
		return "unknown"
	}
	return src
}

// consentLines lays out each consent's history, oldest first, as lines
// under the consent: when it was given, refused, withdrawn or stopped
// being recorded, what recorded it, and by which kind of event when it
// was not a plain edit (an unsubscribe, a merge).
func consentLines(changes []store.ConsentChange, sources map[string]string) map[string][]cardItem {
	out := map[string][]cardItem{}
	granted := map[string]bool{}
	for _, ch := range changes {
		verb := "given"
		switch {
		case ch.Removed:
			verb = "no longer recorded"
		case !ch.Granted && granted[ch.Name]:
			verb = "withdrawn"
		case !ch.Granted:
			verb = "refused"
		}
		granted[ch.Name] = ch.Granted && !ch.Removed
		at := ch.At
		if at.IsZero() {
			at = ch.Changed
		}
		line := fmt.Sprintf("%s  %s · %s", at.UTC().Format("2006-01-02 15:04"), verb, sourceWords(ch.Source, sources))
		switch ch.Kind {
		case "", contact.EventUpdate, contact.EventCreate:
		default:
			line += " (" + ch.Kind + ")"
		}
		out[ch.Name] = append(out[ch.Name], cardItem{kind: itemText, value: "  · " + line, copy: ch.Name + " " + line})
	}
	// A consent recorded once and never changed says it all on its own
	// line.
	for name, lines := range out {
		if len(lines) == 1 && !strings.Contains(lines[0].value, "no longer recorded") {
			delete(out, name)
		}
	}
	return out
}

// cardErasedMsg is the end of an erasure made from the card.
type cardErasedMsg struct {
	ID  uint64
	Res store.EraseResult
	C   *contact.Contact // the tombstone
	Err error
}

// eraseOne is the job that erases one contact from the card (the store
// overwrites the freed pages, which can take a second on a big store).
func eraseOne(st *store.Store, id uint64, reason string) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		res, err := st.Erase(ctx, []uint64{id}, store.EraseOptions{Reason: reason, Source: "card", Progress: report})
		msg := cardErasedMsg{ID: id, Res: res, Err: err}
		if err == nil {
			msg.C, msg.Err = st.Get(id)
		}
		return msg, nil
	}
}

// erased reloads the card on its tombstone and tells the root.
func (m *cardModel) erased(msg cardErasedMsg) tea.Cmd {
	if msg.ID != m.id {
		return nil
	}
	if msg.Err != nil {
		return statusErr(fmt.Errorf("erasing contact %d: %w", m.id, msg.Err))
	}
	note := fmt.Sprintf("erased the personal data of contact %d", m.id)
	if msg.Res.Suppressed > 0 {
		note += fmt.Sprintf("; %d e-mails and phones are on the suppression list", msg.Res.Suppressed)
	}
	if msg.Res.AlreadyErased > 0 {
		note = fmt.Sprintf("contact %d was erased already", m.id)
	}
	return tea.Batch(loadCard(m.sh.st, m.id), msgCmd(contactChangedMsg{C: msg.C}), status(note))
}

// cardUnsubscribedMsg is the answer of an unsubscribe from the card.
type cardUnsubscribedMsg struct {
	ID  uint64
	Res store.UnsubscribeResult
	C   *contact.Contact
	Err error
}

// unsubscribeOne unsubscribes one contact: status, granted consents
// withdrawn, e-mails and phones on the suppression list.
func unsubscribeOne(st *store.Store, id uint64, reason string) tea.Cmd {
	return func() tea.Msg {
		res, err := st.Unsubscribe(context.Background(), []uint64{id}, store.UnsubscribeOptions{Reason: reason, Source: "card"})
		msg := cardUnsubscribedMsg{ID: id, Res: res, Err: err}
		if err == nil {
			msg.C, msg.Err = st.Get(id)
		}
		return msg
	}
}

func (m *cardModel) unsubscribed(msg cardUnsubscribedMsg) tea.Cmd {
	if msg.ID != m.id {
		return nil
	}
	if msg.Err != nil {
		return statusErr(fmt.Errorf("unsubscribing contact %d: %w", m.id, msg.Err))
	}
	var note string
	switch {
	case msg.Res.Unsubscribed == 0:
		note = "already unsubscribed, nothing granted"
		if msg.Res.Suppressed > 0 {
			note += fmt.Sprintf("; %d e-mails and phones added to the suppression list", msg.Res.Suppressed)
		}
	default:
		note = fmt.Sprintf("unsubscribed: %d consents withdrawn, %d e-mails and phones on the suppression list", msg.Res.Withdrawn, msg.Res.Suppressed)
	}
	return tea.Batch(loadCard(m.sh.st, m.id), msgCmd(contactChangedMsg{C: msg.C}), status(note))
}

// personalData lists what an erasure removes from c, in words.
func personalData(c *contact.Contact) []string {
	var out []string
	count := func(n int, one, many string) {
		switch {
		case n == 1:
			out = append(out, "1 "+one)
		case n > 1:
			out = append(out, fmt.Sprintf("%d %s", n, many))
		}
	}
	if n := c.FullName(); n != "" {
		out = append(out, "the name "+n)
	}
	count(len(c.Emails), "e-mail", "e-mails")
	count(len(c.Phones), "phone", "phones")
	var fields []string
	for _, f := range contact.Fields() {
		switch f.Name {
		case "first_name", "middle_name", "last_name", "full_name", "emails", "phones", "groups", "tags", "status", "addresses":
			continue
		}
		if f.ReadOnly || c.Get(f.Name) == "" {
			continue
		}
		fields = append(fields, lowerFirst(f.Label))
	}
	sort.Strings(fields)
	if len(fields) > 0 {
		out = append(out, strings.Join(fields, ", "))
	}
	count(len(c.MoreAddresses), "other address", "other addresses")
	count(len(c.Custom), "custom field", "custom fields")
	count(len(c.Consents), "consent", "consents")
	count(len(c.Groups), "group membership", "group memberships")
	count(len(c.Tags), "tag", "tags")
	return out
}

// lowerFirst lower-cases a label's first letter unless its first word is
// an abbreviation or a name with capitals inside ("City" → "city"; "CRM ID"
// and "WhatsApp" stay).
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if len(word) > 1 && strings.ToLower(word[1:]) != word[1:] {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

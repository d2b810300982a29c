package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Consent definitions and each contact's consent history.
//
// A consent's definition (name, channel, description) lives in the
// consents bucket (defs.go); each contact holds its own consents (granted,
// when, by what). Every change of a contact's consent is a history event
// with a change of field consent:<name> (contact.Diff), written by
// whatever made it: an import, the card, a bulk action, an unsubscribe.

// ErrExists is returned when a definition being added exists already.
var ErrExists = errors.New("already exists")

// Channels lists the consent channels in display order.
var Channels = []string{ChannelEmail, ChannelSMS, ChannelPhone, ChannelWhatsApp, ChannelOther}

// ParseChannel reads a channel as typed: email (e-mail, mail), sms (text),
// phone (call, tel), whatsapp (wa), other.
func ParseChannel(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "email", "e-mail", "mail":
		return ChannelEmail, true
	case "sms", "text":
		return ChannelSMS, true
	case "phone", "call", "tel", "telephone":
		return ChannelPhone, true
	case "whatsapp", "wa":
		return ChannelWhatsApp, true
	case "other":
		return ChannelOther, true
	}
	return "", false
}

// CheckConsentName says what is wrong with a consent name, or nil: it must
// be typed back in consent:<name> filters and --map, so no control
// characters, no spaces at either end, at most 100 bytes.
func CheckConsentName(name string) error {
	switch {
	case name == "":
		return errors.New("a consent needs a name")
	case name != strings.TrimSpace(name):
		return fmt.Errorf("consent name %q starts or ends with a space", name)
	case len(name) > 100:
		return fmt.Errorf("consent name %q… is longer than 100 bytes", name[:40])
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return fmt.Errorf("consent name %q holds a control character", name)
		}
	}
	return nil
}

// AddConsentDef defines a consent on purpose. A name the store created on
// first use (Auto) becomes a deliberate definition, taking the channel and
// description given (an empty one keeps what it had); created is false
// then. A deliberate definition of the same name is refused with ErrExists.
func (s *Store) AddConsentDef(d ConsentDef) (def ConsentDef, created bool, err error) {
	if err := CheckConsentName(d.Name); err != nil {
		return d, false, err
	}
	if d.Channel != "" {
		ch, ok := ParseChannel(d.Channel)
		if !ok {
			return d, false, fmt.Errorf("channel %q is not one of %s", d.Channel, strings.Join(Channels, ", "))
		}
		d.Channel = ch
	}
	err = s.Update(func(tx *Tx) error {
		tx.journal.settings = true
		b := tx.tx.Bucket(bConsents)
		var old ConsentDef
		if v := b.Get([]byte(d.Name)); v != nil {
			if err := json.Unmarshal(v, &old); err != nil {
				return fmt.Errorf("reading consent %q: %w", d.Name, err)
			}
			if !old.Auto {
				return fmt.Errorf("consent %q %w", d.Name, ErrExists)
			}
			if d.Channel == "" {
				d.Channel = old.Channel
			}
			if d.Description == "" {
				d.Description = old.Description
			}
			d.CreatedAt = old.CreatedAt
		} else {
			created = true
			d.CreatedAt = tx.s.now().UTC()
		}
		if d.Channel == "" {
			d.Channel = GuessChannel(d.Name)
		}
		d.Auto = false
		return putJSON(b, d.Name, d)
	})
	return d, created, err
}

// ConsentDef returns one definition, or an error wrapping ErrNotFound.
func (s *Store) ConsentDef(name string) (ConsentDef, error) {
	var d ConsentDef
	err := s.View(func(tx *Tx) error {
		v := tx.tx.Bucket(bConsents).Get([]byte(name))
		if v == nil {
			return fmt.Errorf("consent %q: %w", name, ErrNotFound)
		}
		return json.Unmarshal(v, &d)
	})
	return d, err
}

// ConsentUsage counts the contacts that have a consent recorded: granted,
// refused (never granted), or withdrawn (granted once, no longer).
type ConsentUsage struct {
	Granted   int `json:"granted"`
	Refused   int `json:"refused"`
	Withdrawn int `json:"withdrawn"`
}

// Holders is how many contacts have the consent recorded, either way.
func (u ConsentUsage) Holders() int { return u.Granted + u.Refused + u.Withdrawn }

// NotGranted is how many refused or withdrew it.
func (u ConsentUsage) NotGranted() int { return u.Refused + u.Withdrawn }

// ConsentUsage counts, for every consent name contacts hold, how many
// granted, refused and withdrew it: one pass over the store (about a
// second for a million contacts), plus the history of each contact that
// does not grant one, to tell a refusal from a withdrawal.
func (s *Store) ConsentUsage() (map[string]ConsentUsage, error) {
	// The records are decoded borrowed, in the transaction: a name is
	// cloned once, when first seen, and never assigned as a key again
	// (assigning to an existing key stores the borrowed string as the key,
	// which dies with the transaction).
	counts := map[string]*ConsentUsage{}
	var c contact.Contact
	var tx Tx
	// In chunks, as a scan reads: other processes wait for one chunk, not
	// for the whole store (a million contacts take about a second).
	err := s.chunked(func(btx *bolt.Tx, id uint64, v []byte) error {
		if tx.tx != btx {
			tx = Tx{s: s, tx: btx}
		}
		if err := decodeInto(&c, id, v, true); err != nil {
			return err
		}
		for _, k := range c.Consents {
			u := counts[k.Name]
			if u == nil {
				u = &ConsentUsage{}
				counts[strings.Clone(k.Name)] = u
			}
			if err := tx.countConsent(u, c.ID, k); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("counting consents: %w", err)
	}
	out := make(map[string]ConsentUsage, len(counts))
	for name, u := range counts {
		out[name] = *u
	}
	return out, nil
}

// countConsent adds a contact's consent k to u.
func (tx *Tx) countConsent(u *ConsentUsage, id uint64, k contact.Consent) error {
	if k.Granted {
		u.Granted++
		return nil
	}
	was, err := tx.everGranted(id, k.Name)
	if err != nil {
		return err
	}
	if was {
		u.Withdrawn++
	} else {
		u.Refused++
	}
	return nil
}

// everGranted reports whether the contact's history shows the consent
// granted at some time.
func (tx *Tx) everGranted(id uint64, name string) (bool, error) {
	field := contact.ConsentPrefix + name
	quoted, _ := json.Marshal(field)
	prefix := key64(id)
	cur := tx.tx.Bucket(bHistory).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		if !bytes.Contains(v, quoted) {
			continue // most events do not touch this consent
		}
		var ev contact.Event
		if err := json.Unmarshal(v, &ev); err != nil {
			return false, fmt.Errorf("history of contact %d: %w", id, err)
		}
		for _, ch := range ev.Changes {
			if ch.Field != field {
				continue
			}
			for _, cell := range []string{ch.Old, ch.New} {
				if g, _, _, ok := parseConsentCell(cell); ok && g {
					return true, nil
				}
			}
		}
	}
	return false, nil
}

// ConsentInUseError refuses to delete a consent contacts still hold.
type ConsentInUseError struct {
	Name  string
	Usage ConsentUsage
}

func (e *ConsentInUseError) Error() string {
	return fmt.Sprintf("consent %q is held by %d contacts (%d granted, %d refused, %d withdrawn)",
		e.Name, e.Usage.Holders(), e.Usage.Granted, e.Usage.Refused, e.Usage.Withdrawn)
}

// RemoveConsentOptions tune RemoveConsentDef.
type RemoveConsentOptions struct {
	// Force removes the consent from every contact that holds it (each
	// removal is a history event) before deleting the definition.
	Force    bool
	Source   string                // on the history events (default "consent rm")
	Progress func(done, total int) // called after each chunk of contacts
}

// RemoveConsentDef deletes a consent definition. While contacts hold the
// consent it is refused with a *ConsentInUseError, unless opt.Force; it
// returns how many contacts it removed the consent from. A cancelled ctx
// stops between chunks and keeps the definition.
func (s *Store) RemoveConsentDef(ctx context.Context, name string, opt RemoveConsentOptions) (int, error) {
	if s.readOnly {
		return 0, ErrReadOnly
	}
	if opt.Source == "" {
		opt.Source = "consent rm"
	}
	var usage ConsentUsage
	var ids []uint64
	err := s.View(func(tx *Tx) error {
		var c contact.Contact
		return tx.tx.Bucket(bContacts).ForEach(func(k, v []byte) error {
			if err := decodeInto(&c, binary.BigEndian.Uint64(k), v, true); err != nil {
				return err
			}
			if k, ok := c.Consent(name); ok {
				ids = append(ids, c.ID)
				return tx.countConsent(&usage, c.ID, k)
			}
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("finding the holders of consent %q: %w", name, err)
	}
	if _, err := s.ConsentDef(name); errors.Is(err, ErrNotFound) && len(ids) == 0 {
		return 0, err
	} else if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, err
	}
	if len(ids) > 0 && !opt.Force {
		return 0, &ConsentInUseError{Name: name, Usage: usage}
	}
	removed := 0
	ev := contact.Event{Kind: contact.EventConsent, Source: opt.Source, Note: fmt.Sprintf("consent %s removed with its definition", name)}
	for start := 0; start < len(ids); start += unsubscribeChunk {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		chunk := ids[start:min(start+unsubscribeChunk, len(ids))]
		n := 0
		err := s.Update(func(tx *Tx) error {
			n = 0
			for _, id := range chunk {
				c, err := tx.Get(id)
				if errors.Is(err, ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if _, ok := c.Consent(name); !ok {
					continue
				}
				c.RemoveConsent(name)
				o, err := tx.Save(c, ev)
				if err != nil {
					return fmt.Errorf("removing consent %q from contact %d: %w", name, id, err)
				}
				if o == Updated {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return removed, err
		}
		removed += n
		if opt.Progress != nil {
			opt.Progress(start+len(chunk), len(ids))
		}
	}
	err = s.Update(func(tx *Tx) error {
		tx.journal.settings = true
		if err := tx.tx.Bucket(bConsents).Delete([]byte(name)); err != nil {
			return fmt.Errorf("deleting consent %q: %w", name, err)
		}
		return nil
	})
	return removed, err
}

// ConsentChange is one step in the history of one consent of a contact.
type ConsentChange struct {
	Name    string
	Granted bool
	// Removed is set when the consent stopped being recorded at all (its
	// cell cleared, its definition deleted), as opposed to withdrawn.
	Removed bool
	// At is when it was given or withdrawn, as recorded on the consent
	// (history keeps minutes; the current state has the exact time).
	At time.Time
	// Source is what recorded it: "import:3", "card", "bulk", "demo"…
	Source string
	// Changed is when the change was written, and Kind the history event
	// that wrote it ("update", "unsubscribe", "merge"…, or "create" for a
	// consent the contact was created with).
	Changed time.Time
	Kind    string
}

// consentTime is the form contact.Diff writes a consent's time in.
const consentTime = "2006-01-02 15:04"

// parseConsentCell reads a consent as Diff wrote it: "yes (2026-11-02
// 09:30, import:3)", "no (card)", "yes". ok is false for "" (no consent).
func parseConsentCell(s string) (granted bool, at time.Time, source string, ok bool) {
	if s == "" {
		return false, time.Time{}, "", false
	}
	head, meta, hasMeta := strings.Cut(s, " (")
	granted = head == contact.FormatBool(true)
	if hasMeta {
		meta = strings.TrimSuffix(meta, ")")
		first, rest, _ := strings.Cut(meta, ", ")
		if t, err := time.Parse(consentTime, first); err == nil {
			at, source = t.UTC(), rest
		} else {
			source = meta
		}
	}
	return granted, at, source, true
}

// ConsentHistory returns every change of the contact's consents, oldest
// first: the consents it was created with (by name), then each change in
// the order its history recorded them, whatever wrote it (the history's
// order, not the clocks', decides). The last change of each name is its
// current state.
func (tx *Tx) ConsentHistory(id uint64) ([]ConsentChange, error) {
	c, err := tx.Get(id)
	if err != nil {
		return nil, err
	}
	evs, err := tx.History(id)
	if err != nil {
		return nil, err
	}
	// First the consents the contact was created with: the state before
	// the first change of each, or its current one if it never changed.
	var out []ConsentChange
	first := map[string]string{} // name → state before its first change
	var names []string
	for _, ev := range evs {
		for _, ch := range ev.Changes {
			name, ok := strings.CutPrefix(ch.Field, contact.ConsentPrefix)
			if !ok || ch.Old == "" && ch.New == "" { // an erased contact's events keep no values
				continue
			}
			if _, seen := first[name]; !seen {
				first[name] = ch.Old
				names = append(names, name)
			}
		}
	}
	for _, k := range c.Consents {
		if _, seen := first[k.Name]; !seen {
			out = append(out, ConsentChange{Name: k.Name, Granted: k.Granted, At: k.At, Source: k.Source, Changed: c.CreatedAt, Kind: contact.EventCreate})
		}
	}
	for _, name := range names {
		if g, at, src, ok := parseConsentCell(first[name]); ok {
			out = append(out, ConsentChange{Name: name, Granted: g, At: at, Source: src, Changed: c.CreatedAt, Kind: contact.EventCreate})
		}
	}
	slices.SortStableFunc(out, func(a, b ConsentChange) int { return strings.Compare(a.Name, b.Name) })
	// Then every change, in the order the history recorded them.
	for _, ev := range evs {
		for _, ch := range ev.Changes {
			name, ok := strings.CutPrefix(ch.Field, contact.ConsentPrefix)
			if !ok || ch.Old == "" && ch.New == "" {
				continue
			}
			cc := ConsentChange{Name: name, Changed: ev.At, Kind: ev.Kind}
			if g, at, src, ok := parseConsentCell(ch.New); ok {
				cc.Granted, cc.At, cc.Source = g, at, src
			} else {
				cc.Removed, cc.At, cc.Source = true, ev.At, ev.Source
			}
			if cc.At.IsZero() {
				cc.At = ev.At
			}
			if cc.Source == "" {
				cc.Source = ev.Source
			}
			out = append(out, cc)
		}
	}
	// The current state has the exact time the history rounds to minutes.
	for i := len(out) - 1; i >= 0; i-- {
		k, ok := c.Consent(out[i].Name)
		if ok && !out[i].Removed && k.Granted == out[i].Granted && k.Source == out[i].Source && !seenLater(out, i) {
			out[i].At = k.At
		}
	}
	return out, nil
}

// seenLater reports whether out has a later change of the same consent.
func seenLater(out []ConsentChange, i int) bool {
	for _, x := range out[i+1:] {
		if x.Name == out[i].Name {
			return true
		}
	}
	return false
}

// ConsentHistory returns a contact's consent history (see Tx.ConsentHistory).
func (s *Store) ConsentHistory(id uint64) ([]ConsentChange, error) {
	var out []ConsentChange
	err := s.View(func(tx *Tx) (err error) { out, err = tx.ConsentHistory(id); return err })
	return out, err
}

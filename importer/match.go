package importer

import (
	"fmt"
	"slices"
	"strings"

	"rolo/contact"
)

// placement is where the identity rules put a row.
type placement struct {
	id      uint64      // the contact the row is; 0 for a new contact
	free    contact.Key // a strong key all of whose values the row has were looked up and found free
	why     string      // the row cannot be placed, and is rejected for this
	via     keyHit      // the key value the row was matched by
	sharers []uint64    // contacts that share the row's phone but are other people
	phone   string      // that phone
}

// keyHit is a key value of a row that belongs to a contact.
type keyHit struct {
	key   contact.Key
	value string
	id    uint64
}

// keyOrder lists the keys a row is matched by, in order, and whether the
// user named one key alone (which then identifies a person by itself, a
// phone too). One row per channel is a person's record: its tax ID, else
// its CRM ID, names the person. After the keys of --key come the other
// strong keys: a row whose e-mail is new but whose CRM ID is known is the
// contact with that CRM ID.
func (w *writer) keyOrder(r *rowData) (order []contact.Key, sole bool) {
	if r.keyless {
		return []contact.Key{contact.KeyUID}, true
	}
	if r.channels {
		order = append(order, contact.KeyTaxID, contact.KeyCRMID)
	}
	if k := w.opt.Key.Only(); k != "" {
		return append(order, k), true
	}
	for _, k := range w.opt.Key.Keys() {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	for _, ik := range identityKeys {
		if ik.strong && !slices.Contains(order, ik.key) {
			order = append(order, ik.key)
		}
	}
	return order, false
}

// match places a row by the identity rules (see identity.go).
func (w *writer) match(tx SinkTx, r *rowData) (placement, error) {
	var pl placement
	order, sole := w.keyOrder(r)
	var hits []keyHit // strong key values that belong to a contact
	for _, k := range order {
		ik := keyInfo(k)
		vals := ik.values(&r.c)
		if len(vals) == 0 {
			continue
		}
		if !ik.strong && !sole {
			if pl.id != 0 {
				continue
			}
			id, sharers, phone, err := w.matchPhone(tx, r, vals)
			if err != nil {
				return pl, err
			}
			if id != 0 {
				pl.id, pl.via, pl.sharers = id, keyHit{key: k, value: phone, id: id}, nil
			} else if len(sharers) > 0 && len(pl.sharers) == 0 {
				pl.sharers, pl.phone = sharers, phone
			}
			continue
		}
		var own []keyHit
		for _, v := range vals {
			ids, err := tx.Find(k, v)
			if err != nil {
				return pl, err
			}
			if len(ids) > 1 {
				pl.why = fmt.Sprintf("ambiguous: %s %s belongs to contacts %s", ik.label, v, joinIDs(ids))
				return pl, nil
			}
			if len(ids) == 1 && !slices.ContainsFunc(own, func(h keyHit) bool { return h.id == ids[0] }) {
				own = append(own, keyHit{key: k, value: v, id: ids[0]})
			}
		}
		hits = append(hits, own...)
		switch {
		case len(own) > 1:
			pl.why = w.twoPeople(tx, own[0], own[1])
			return pl, nil
		case len(own) == 1 && pl.id == 0:
			pl.id, pl.via = own[0].id, own[0]
		case len(own) == 0 && pl.free == "" && ik.strong:
			pl.free = k
		}
	}
	// Every strong key the row has must point at the contact it is.
	for _, h := range hits {
		if h.id != pl.id {
			pl.why = w.twoPeople(tx, pl.via, h)
			return pl, nil
		}
	}
	if pl.id != 0 {
		pl.free, pl.sharers = "", nil
	}
	return pl, nil
}

// matchPhone applies the weak-key rule: the row joins the one contact
// that has one of its phones when their names agree and that contact
// holds no other value of a strong key the row has. Else it returns the
// contacts that share the phone.
func (w *writer) matchPhone(tx SinkTx, r *rowData, phones []string) (id uint64, sharers []uint64, phone string, err error) {
	for _, v := range phones {
		ids, err := tx.Find(contact.KeyPhone, v)
		if err != nil {
			return 0, nil, "", err
		}
		if len(ids) == 0 {
			continue
		}
		if len(ids) == 1 {
			c, err := tx.Get(ids[0])
			if err != nil {
				return 0, nil, "", fmt.Errorf("row %d: %w", r.row, err)
			}
			if SameIdentity(&r.c, c) {
				return ids[0], nil, v, nil
			}
		}
		if len(sharers) == 0 {
			sharers, phone = ids, v
		}
	}
	return 0, sharers, phone, nil
}

// SameIdentity reports whether a record joins a contact it shares a phone
// with: their names agree and no strong key of one has a different value
// in the other.
func SameIdentity(row, c *contact.Contact) bool {
	if !contact.NamesAgree(row, c) {
		return false
	}
	for _, ik := range identityKeys {
		if !ik.strong {
			continue
		}
		a, b := ik.values(row), ik.values(c)
		if len(a) > 0 && len(b) > 0 && !slices.ContainsFunc(a, func(v string) bool { return slices.Contains(b, v) }) {
			return false
		}
	}
	return true
}

// twoPeople is the reason of a row whose strong keys belong to two
// contacts, naming both.
func (w *writer) twoPeople(tx SinkTx, a, b keyHit) string {
	return fmt.Sprintf("ambiguous: %s %s belongs to %s, %s %s to %s",
		keyLabel(a.key), a.value, w.named(tx, a.id), keyLabel(b.key), b.value, w.named(tx, b.id))
}

// named is a contact and its name for a message: "contact 10 (Renata
// Jasińska)".
func (w *writer) named(tx SinkTx, id uint64) string {
	c, err := tx.Get(id)
	if err != nil || c.FullName() == "" {
		return w.ref(id)
	}
	return fmt.Sprintf("%s (%s)", w.ref(id), c.FullName())
}

// ref names a contact in a message: "contact 10"; a dry run's made-up
// contacts have no ID to give.
func (w *writer) ref(id uint64) string {
	if w.opt.DryRun && w.createdHere(id) {
		return "a new contact"
	}
	return fmt.Sprintf("contact %d", id)
}

// sharedPhone warns that a row became a new contact although it shares a
// phone with others.
func (w *writer) sharedPhone(tx SinkTx, r *rowData, pl placement) {
	names := make([]string, 0, 3)
	for _, id := range pl.sharers[:min(len(pl.sharers), 3)] {
		names = append(names, w.named(tx, id))
	}
	who := names[0]
	if len(pl.sharers) > 1 {
		who = strings.Join(names, ", ")
		if len(pl.sharers) > 3 {
			who += fmt.Sprintf(" and %d more", len(pl.sharers)-3)
		}
	}
	r.warn("shared_phone", "", "phone %s is also %s: added as a new contact (a shared phone joins contacts only when the names agree)", pl.phone, who)
}

// identityConflict warns that a row matched a contact by a strong key but
// names someone else.
func (w *writer) identityConflict(r *rowData, pl placement, old, now *contact.Contact, kept bool) {
	w.counts.IdentityConflicts++
	if kept {
		r.warn("identity_conflict", "", "same %s as %s %s; the row names %s, left unchanged (--mode create)",
			keyLabel(pl.via.key), w.ref(pl.id), old.FullName(), now.FullName())
		return
	}
	r.warn("identity_conflict", "", "same %s as %s %s; name changed to %s", keyLabel(pl.via.key), w.ref(pl.id), old.FullName(), now.FullName())
}

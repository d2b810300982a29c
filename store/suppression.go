package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// The suppression list remembers people who unsubscribed or were erased
// without remembering who they were: each normalised e-mail and E.164 phone
// is kept only as a keyed hash (HMAC-SHA256 with the store's secret), so an
// import can recognise them and keep them out, while the file alone never
// gives the addresses back (an unkeyed hash of an e-mail is a dictionary
// lookup away from the address).

// Kinds of suppressed values. An erasure puts the contact's UID on the
// list too: a vCard's UID, or the one rolo derives for a contact without
// an e-mail or a phone from its exact name, company and address (see the
// importer's keyless contacts), so an erased contact known by nothing else
// is kept out of a re-import as well.
const (
	SuppressEmail = "email"
	SuppressPhone = "phone"
	SuppressUID   = "uid"
)

// Suppression is one entry of the suppression list.
type Suppression struct {
	Hash   string    `json:"-"`    // hex HMAC, filled in by Suppressions
	Kind   string    `json:"kind"` // email, phone or uid
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`           // "unsubscribed", "erased", "block list", …
	Source string    `json:"source,omitempty"` // what added it: "import:3", "card", "erase"
}

// Hasher computes suppression keys. It holds the store's secret; it is safe
// for concurrent use, so an importer can hash on every core.
type Hasher struct{ secret []byte }

// Hasher returns the store's suppression hasher.
func (s *Store) Hasher() (*Hasher, error) {
	secret, err := s.Secret()
	if err != nil {
		return nil, err
	}
	if len(secret) == 0 {
		return nil, damaged(s.path, "it has no secret key")
	}
	return &Hasher{secret: secret}, nil
}

// Sum returns the key of a value: kind "email" values are trimmed and
// lower-cased, phones must already be E.164.
func (h *Hasher) Sum(kind, value string) []byte {
	m := hmac.New(sha256.New, h.secret)
	m.Write([]byte(kind))
	m.Write([]byte{':'})
	m.Write([]byte(suppressionValue(kind, value)))
	return m.Sum(nil)
}

func suppressionValue(kind, v string) string {
	v = strings.TrimSpace(v)
	if kind == SuppressEmail {
		return strings.ToLower(v)
	}
	return v
}

// ContactKeys returns the suppression keys of every e-mail and phone of c
// (WhatsApp and Viber numbers included).
func (h *Hasher) ContactKeys(c *contact.Contact) [][]byte {
	keys, _ := h.contactKeys(c, false)
	return keys
}

// contactKeys is ContactKeys with the kind of each key, and with the key
// of c's UID last when withUID is set (an erasure's: see SuppressUID).
func (h *Hasher) contactKeys(c *contact.Contact, withUID bool) (keys [][]byte, kinds []string) {
	add := func(kind, v string) {
		keys, kinds = append(keys, h.Sum(kind, v)), append(kinds, kind)
	}
	for _, e := range c.Emails {
		add(SuppressEmail, e)
	}
	seen := map[string]bool{}
	for _, p := range c.Phones {
		seen[p.Number] = true
		add(SuppressPhone, p.Number)
	}
	for _, p := range []string{c.WhatsApp, c.Viber} {
		if p != "" && !seen[p] {
			seen[p] = true
			add(SuppressPhone, p)
		}
	}
	if withUID && c.UID != "" {
		add(SuppressUID, c.UID)
	}
	return keys, kinds
}

// hasher reads the secret in the transaction (bbolt's bytes: valid only
// while it lasts, and so is the Hasher).
func (tx *Tx) hasher() (*Hasher, error) {
	secret := tx.tx.Bucket(bMeta).Get(metaSecret)
	if len(secret) == 0 {
		return nil, damaged(tx.s.path, "it has no secret key")
	}
	return &Hasher{secret: secret}, nil
}

// SuppressKey adds a precomputed key to the suppression list. It reports
// whether the key is new; an existing entry keeps its first date and reason.
func (tx *Tx) SuppressKey(key []byte, e Suppression) (bool, error) {
	b := tx.tx.Bucket(bSuppression)
	if b.Get(key) != nil {
		return false, nil
	}
	if e.At.IsZero() {
		e.At = tx.s.now().UTC()
	}
	v, err := json.Marshal(e)
	if err != nil {
		return false, fmt.Errorf("encoding a suppression entry: %w", err)
	}
	if err := b.Put(append([]byte(nil), key...), v); err != nil {
		return false, fmt.Errorf("writing a suppression entry: %w", err)
	}
	return true, nil
}

// Suppress adds a normalised e-mail or E.164 phone to the suppression list.
func (tx *Tx) Suppress(kind, value string, e Suppression) (bool, error) {
	h, err := tx.hasher()
	if err != nil {
		return false, err
	}
	e.Kind = kind
	return tx.SuppressKey(h.Sum(kind, value), e)
}

// SuppressContact adds every e-mail and phone of c to the suppression list
// and returns the keys that were new (an undo removes only those).
func (tx *Tx) SuppressContact(c *contact.Contact, e Suppression) ([][]byte, error) {
	h, err := tx.hasher()
	if err != nil {
		return nil, err
	}
	var added [][]byte
	keys, kinds := h.contactKeys(c, false)
	for i, k := range keys {
		e.Kind = kinds[i]
		ok, err := tx.SuppressKey(k, e)
		if err != nil {
			return added, err
		}
		if ok {
			added = append(added, k)
		}
	}
	return added, nil
}

// SuppressedKey looks a precomputed key up.
func (tx *Tx) SuppressedKey(key []byte) (Suppression, bool, error) {
	v := tx.tx.Bucket(bSuppression).Get(key)
	if v == nil {
		return Suppression{}, false, nil
	}
	var e Suppression
	if err := json.Unmarshal(v, &e); err != nil {
		return Suppression{}, false, fmt.Errorf("reading a suppression entry: %w", err)
	}
	e.Hash = hex.EncodeToString(key)
	return e, true, nil
}

// Suppressed reports whether a normalised e-mail or E.164 phone is on the
// suppression list, and its entry.
func (tx *Tx) Suppressed(kind, value string) (Suppression, bool, error) {
	h, err := tx.hasher()
	if err != nil {
		return Suppression{}, false, err
	}
	return tx.SuppressedKey(h.Sum(kind, value))
}

// ContactSuppressed reports whether any e-mail or phone of c is on the
// suppression list, with the first entry found.
func (tx *Tx) ContactSuppressed(c *contact.Contact) (Suppression, bool, error) {
	h, err := tx.hasher()
	if err != nil {
		return Suppression{}, false, err
	}
	for _, k := range h.ContactKeys(c) {
		if e, ok, err := tx.SuppressedKey(k); err != nil || ok {
			return e, ok, err
		}
	}
	return Suppression{}, false, nil
}

// UnsuppressKey removes a key from the suppression list (a person who asked
// to be subscribed again, or the undo of the import that added it).
func (tx *Tx) UnsuppressKey(key []byte) error {
	if err := tx.tx.Bucket(bSuppression).Delete(key); err != nil {
		return fmt.Errorf("removing a suppression entry: %w", err)
	}
	return nil
}

// Unsuppress removes a normalised e-mail or phone from the list.
func (tx *Tx) Unsuppress(kind, value string) error {
	h, err := tx.hasher()
	if err != nil {
		return err
	}
	return tx.UnsuppressKey(h.Sum(kind, value))
}

// HasSuppressions reports whether the suppression list has any entry, so a
// large import can skip hashing every value of a store that has none.
func (s *Store) HasSuppressions() (bool, error) {
	has := false
	err := s.view(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bSuppression).Cursor().First()
		has = k != nil
		return nil
	})
	return has, err
}

// Suppressions lists the suppression list in key order (the values are
// hashes: the list says how many people and when, never who).
func (s *Store) Suppressions() ([]Suppression, error) {
	var out []Suppression
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bSuppression).ForEach(func(k, v []byte) error {
			var e Suppression
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("reading suppression entry %x: %w", k, err)
			}
			e.Hash = hex.EncodeToString(k)
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// Suppress adds one value to the suppression list in its own transaction.
func (s *Store) Suppress(kind, value string, e Suppression) (bool, error) {
	var added bool
	err := s.Update(func(tx *Tx) (err error) { added, err = tx.Suppress(kind, value, e); return err })
	return added, err
}

// Suppressed looks one value up in its own transaction.
func (s *Store) Suppressed(kind, value string) (Suppression, bool, error) {
	var e Suppression
	var ok bool
	err := s.View(func(tx *Tx) (err error) { e, ok, err = tx.Suppressed(kind, value); return err })
	return e, ok, err
}

package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// GroupDef is a group of contacts.
type GroupDef struct {
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Consent channels.
const (
	ChannelEmail    = "email"
	ChannelSMS      = "sms"
	ChannelPhone    = "phone"
	ChannelWhatsApp = "whatsapp"
	ChannelOther    = "other"
)

// ConsentDef defines a consent contacts can give.
type ConsentDef struct {
	Name        string    `json:"name"`
	Channel     string    `json:"channel"`
	Description string    `json:"description,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// Auto is set when the definition was created on first use by an
	// import or edit rather than on purpose.
	Auto bool `json:"auto,omitempty"`
}

// FieldDef defines a custom field.
type FieldDef struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// GuessChannel picks a consent's channel from its name.
func GuessChannel(name string) string {
	n := contact.Fold(name)
	has := func(subs ...string) bool {
		for _, x := range subs {
			if strings.Contains(n, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("sms", "text"):
		return ChannelSMS
	case has("whatsapp"):
		return ChannelWhatsApp
	case has("mail", "news"):
		return ChannelEmail
	case has("phone", "call", "tel"):
		return ChannelPhone
	}
	return ChannelOther
}

// define records the groups, consents and custom fields c uses that the
// store does not know yet.
func (tx *Tx) define(c *contact.Contact) error {
	for _, g := range c.Groups {
		if err := tx.defineOnce(bGroups, g, &tx.added.Groups, func(now time.Time) any { return GroupDef{Name: g, CreatedAt: now} }); err != nil {
			return err
		}
	}
	for _, k := range c.Consents {
		def := func(now time.Time) any {
			return ConsentDef{Name: k.Name, Channel: GuessChannel(k.Name), CreatedAt: now, Auto: true}
		}
		if err := tx.defineOnce(bConsents, k.Name, &tx.added.Consents, def); err != nil {
			return err
		}
	}
	for _, f := range c.Custom {
		if err := tx.defineOnce(bFields, f.Name, &tx.added.Fields, func(now time.Time) any { return FieldDef{Name: f.Name, CreatedAt: now} }); err != nil {
			return err
		}
	}
	return nil
}

// defKey names a definition a transaction has seen (the bucket by its
// first letter: groups, consents, fields), without building a string per
// lookup: an import asks for the same few names once per contact.
type defKey struct {
	bucket byte
	name   string
}

// defineOnce stores the definition def makes when the name is new to the
// store. The definition is only made then: a consent's channel is guessed
// by folding its name, which an import must not pay for on every contact.
func (tx *Tx) defineOnce(bucket []byte, name string, added *[]string, def func(now time.Time) any) error {
	ck := defKey{bucket[0], name}
	if tx.known[ck] {
		return nil
	}
	if tx.known == nil {
		tx.known = make(map[defKey]bool)
	}
	tx.known[ck] = true
	b := tx.tx.Bucket(bucket)
	if b.Get([]byte(name)) != nil {
		return nil
	}
	if err := putJSON(b, name, def(tx.s.now().UTC())); err != nil {
		return fmt.Errorf("defining %s %q: %w", bucket, name, err)
	}
	*added = append(*added, name)
	return nil
}

// Groups lists the group definitions by name.
func (s *Store) Groups() ([]GroupDef, error) { return listJSON[GroupDef](s, bGroups) }

// PutGroup creates or updates a group definition.
func (s *Store) PutGroup(g GroupDef) error {
	if g.CreatedAt.IsZero() {
		g.CreatedAt = s.now().UTC()
	}
	return s.updateSettings(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bGroups), g.Name, g) })
}

// ConsentDefs lists the consent definitions by name.
func (s *Store) ConsentDefs() ([]ConsentDef, error) { return listJSON[ConsentDef](s, bConsents) }

// PutConsentDef creates or updates a consent definition.
func (s *Store) PutConsentDef(d ConsentDef) error {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = s.now().UTC()
	}
	if d.Channel == "" {
		d.Channel = GuessChannel(d.Name)
	}
	return s.updateSettings(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bConsents), d.Name, d) })
}

// CustomFields lists the custom field definitions by name.
func (s *Store) CustomFields() ([]FieldDef, error) { return listJSON[FieldDef](s, bFields) }

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}

func listJSON[T any](s *Store, bucket []byte) ([]T, error) {
	var out []T
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			var x T
			if err := json.Unmarshal(v, &x); err != nil {
				return fmt.Errorf("reading %s %q: %w", bucket, k, err)
			}
			out = append(out, x)
			return nil
		})
	})
	return out, err
}

// Pref reads a preference (column choice, remembered mappings…) into v and
// reports whether it was set.
func (s *Store) Pref(key string, v any) (bool, error) {
	found := false
	err := s.view(func(tx *bolt.Tx) error {
		data := tx.Bucket(bPrefs).Get([]byte(key))
		if data == nil {
			return nil
		}
		found = true
		return json.Unmarshal(data, v)
	})
	if err != nil {
		return false, fmt.Errorf("reading preference %s: %w", key, err)
	}
	return found, nil
}

// SetPref stores a preference.
func (s *Store) SetPref(key string, v any) error {
	return s.updateSettings(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bPrefs), key, v) })
}

// DeletePref removes a preference, so it reads as never set.
func (s *Store) DeletePref(key string) error {
	return s.updateSettings(func(tx *bolt.Tx) error { return tx.Bucket(bPrefs).Delete([]byte(key)) })
}

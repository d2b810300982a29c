package importer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"rolo/contact"
)

// The identity rules: which contact a row is.
//
// An e-mail, a CRM ID and a tax ID are strong keys: a row that shares one
// with a contact is that contact (a different name is an update, reported
// as an identity conflict). A phone is a weak key: a row joins the one
// contact that has its phone only when their names agree (contact.
// NamesAgree) and the contact holds no other value of a strong key the
// row has; otherwise the row is a new contact, with a warning naming the
// contacts it shares the phone with. Rows of one file are matched against
// each other by the same rules, as each is written.

// identityKey is what the rules know of a key. A new key is one entry in
// identityKeys (and its index in the store).
type identityKey struct {
	key     contact.Key
	strong  bool
	label   string   // "e-mail", for messages
	aliases []string // other spellings --key accepts
	field   string   // the mapping field that carries it
	values  func(c *contact.Contact) []string
}

var identityKeys = []identityKey{
	{key: contact.KeyEmail, strong: true, label: "e-mail", aliases: []string{"e-mail", "emails"}, field: "emails",
		values: func(c *contact.Contact) []string { return c.Emails }},
	{key: contact.KeyCRMID, strong: true, label: "CRM ID", aliases: []string{"crm", "crmid"}, field: "crm_id",
		values: func(c *contact.Contact) []string {
			if c.CRMID == "" {
				return nil
			}
			return []string{c.CRMID}
		}},
	{key: contact.KeyTaxID, strong: true, label: "tax ID", aliases: []string{"tax", "taxid"}, field: "tax_id",
		values: func(c *contact.Contact) []string {
			if t := contact.NormalizeTaxID(c.TaxID); t != "" {
				return []string{t}
			}
			return nil
		}},
	{key: contact.KeyUID, strong: true, label: "UID", field: "uid",
		values: func(c *contact.Contact) []string {
			if u := strings.TrimSpace(c.UID); u != "" {
				return []string{u}
			}
			return nil
		}},
	{key: contact.KeyPhone, strong: false, label: "phone", aliases: []string{"phones"}, field: "phones",
		values: func(c *contact.Contact) []string {
			out := make([]string, len(c.Phones))
			for i, p := range c.Phones {
				out[i] = p.Number
			}
			return out
		}},
}

func keyInfo(k contact.Key) identityKey {
	for _, ik := range identityKeys {
		if ik.key == k {
			return ik
		}
	}
	return identityKey{key: k, label: string(k), values: func(*contact.Contact) []string { return nil }}
}

func keyValues(c *contact.Contact, k contact.Key) []string { return keyInfo(k).values(c) }

func keyLabel(k contact.Key) string { return keyInfo(k).label }

// KeyList is an import's --key: the keys rows are matched by, in order of
// priority. Empty is the default, e-mail then phone. A list of one key
// makes that key the only one: a row without a value for it is rejected,
// and a phone given alone identifies a person by itself.
type KeyList []contact.Key

// DefaultKeys is the list an import uses when given none.
var DefaultKeys = KeyList{contact.KeyEmail, contact.KeyPhone}

// ParseKey reads --key: one key, or several in order separated by commas.
func ParseKey(s string) (KeyList, error) {
	var out KeyList
	for _, part := range strings.Split(s, ",") {
		p := strings.ToLower(strings.TrimSpace(part))
		if p == "" {
			continue
		}
		k, ok := contact.Key(""), false
		for _, ik := range identityKeys {
			if p == string(ik.key) || slices.Contains(ik.aliases, p) {
				k, ok = ik.key, true
				break
			}
		}
		if !ok {
			return nil, fmt.Errorf("--key must be email, phone, crm_id, tax_id or uid, or several of them in order (phone,email), not %q", s)
		}
		for _, have := range out {
			if have == k {
				return nil, fmt.Errorf("--key names %s twice in %q", k, s)
			}
		}
		out = append(out, k)
	}
	return out, nil
}

// String is the list as --key takes it ("" for the default).
func (l KeyList) String() string {
	s := make([]string, len(l))
	for i, k := range l {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

// Keys are the keys in order, the default's when l is empty.
func (l KeyList) Keys() []contact.Key {
	if len(l) == 0 {
		return DefaultKeys
	}
	return l
}

// Only is the single key l names alone, or "".
func (l KeyList) Only() contact.Key {
	if len(l) == 1 {
		return l[0]
	}
	return ""
}

// Describe says in words how rows are matched.
func (l KeyList) Describe() string {
	if len(l) == 0 {
		return "e-mail (or phone when a row has no e-mail)"
	}
	if k := l.Only(); k != "" {
		return keyLabel(k)
	}
	s := make([]string, len(l))
	for i, k := range l {
		s[i] = keyLabel(k)
	}
	return strings.Join(s, ", then ")
}

// MarshalJSON writes the list as --key takes it, so that a job recorded
// with one key reads the same as before lists existed.
func (l KeyList) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// UnmarshalJSON reads a list written by MarshalJSON.
func (l *KeyList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("reading the import key: %w", err)
	}
	k, err := ParseKey(s)
	if err != nil {
		return err
	}
	*l = k
	return nil
}

// missingKey says why no row of a table mapped with has can have a key
// under keys, or "". channels: one row per channel (record_type and
// record_value), where any channel or a person's ID may be the key.
func missingKey(keys KeyList, has func(field string) bool, channels bool) string {
	if channels {
		return ""
	}
	for _, k := range keys.Keys() {
		if has(keyInfo(k).field) || k == contact.KeyPhone && keys.Only() == "" && has("whatsapp") {
			return ""
		}
	}
	if len(keys) == 0 {
		return "no column holds e-mails or phones, so no row has a key (map one with --map, choose --key crm_id or tax_id, or keep rows that have a name with --keyless keep)"
	}
	return fmt.Sprintf("no column holds %s (--key %s)", keyWords(keys, "a", "or"), keys)
}

// keyWords names the keys of l: "a CRM ID", "e-mails or phones".
func keyWords(l KeyList, article, conj string) string {
	s := make([]string, 0, len(l))
	for _, k := range l.Keys() {
		w := keyLabel(k)
		switch {
		case k == contact.KeyEmail || k == contact.KeyPhone:
			w += "s"
		case article != "":
			w = article + " " + w
		}
		s = append(s, w)
	}
	return strings.Join(s, " "+conj+" ")
}

// keyProblem says why a row has no key under the import's keys, or "".
func (p *plan) keyProblem(r *rowData) string {
	c := &r.c
	if p.channels && (contact.NormalizeTaxID(c.TaxID) != "" || c.CRMID != "") {
		return "" // a person's record, matched by its ID
	}
	for _, k := range p.key.Keys() {
		if len(keyValues(c, k)) > 0 {
			return ""
		}
	}
	if len(p.key) == 0 {
		// Without --key every strong key is one: a row known only by
		// its CRM ID, tax ID or UID is matched by it.
		for _, ik := range identityKeys {
			if ik.strong && len(ik.values(c)) > 0 {
				return ""
			}
		}
		return "no usable key: no valid e-mail or phone"
	}
	var s []string
	for _, k := range p.key {
		s = append(s, map[contact.Key]string{contact.KeyEmail: "valid e-mail", contact.KeyPhone: "valid phone"}[k])
		if s[len(s)-1] == "" {
			s[len(s)-1] = keyLabel(k)
		}
	}
	return fmt.Sprintf("no usable key: no %s (--key %s)", strings.Join(s, " or "), p.key)
}

package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Before contacts held a list of addresses, the vCard reader kept every
// address but the preferred one whole, as one line, in a custom field
// named after its kind: "address (work)", "address (home) 2", or "address"
// when the card gave no kind. keptAddress matches those names.
var keptAddress = regexp.MustCompile(`^address(?: \((home|work|other)\))?(?: [0-9]+)?$`)

// addressesFromCustom moves the addresses such custom fields hold into
// the contact's list of addresses, each with its kind and the whole line
// as its street (the line's parts cannot be told apart again, and nothing
// of it may be lost). It reports whether it changed c.
func addressesFromCustom(c *contact.Contact) bool {
	changed := false
	for i := 0; i < len(c.Custom); {
		m := keptAddress.FindStringSubmatch(c.Custom[i].Name)
		if m == nil || strings.TrimSpace(c.Custom[i].Value) == "" {
			i++
			continue
		}
		c.AddAddress(contact.Address{Kind: m[1], Street: strings.TrimSpace(c.Custom[i].Value)})
		c.Custom = append(c.Custom[:i], c.Custom[i+1:]...)
		changed = true
	}
	return changed
}

// migrateKeptAddresses is the step from schema 5 to 6: every contact's
// addresses kept in custom fields become entries of its list of
// addresses, and the custom field definitions no contact uses any more
// are removed. The contacts it rewrites are journaled, so every index
// built from the store reloads them.
func migrateKeptAddresses(tx *bolt.Tx) error {
	type rewrite struct {
		key []byte
		val []byte
	}
	var todo []rewrite
	var ids []uint64
	stillUsed := map[string]bool{}
	err := tx.Bucket(bContacts).ForEach(func(k, v []byte) error {
		if !hasKeptAddress(v) {
			return nil
		}
		id := binary.BigEndian.Uint64(k)
		c, err := decodeContact(id, v)
		if err != nil {
			return err
		}
		moved := addressesFromCustom(c)
		for _, cu := range c.Custom {
			stillUsed[cu.Name] = true // a kept address with an empty value
		}
		if !moved {
			return nil
		}
		todo = append(todo, rewrite{key: append([]byte(nil), k...), val: encodeContact(nil, c)})
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("moving kept addresses into address lists: %w", err)
	}
	contacts := tx.Bucket(bContacts)
	for _, r := range todo {
		if err := contacts.Put(r.key, r.val); err != nil {
			return fmt.Errorf("rewriting contact %d: %w", binary.BigEndian.Uint64(r.key), err)
		}
	}
	fields := tx.Bucket(bFields)
	var unused [][]byte
	err = fields.ForEach(func(k, _ []byte) error {
		if keptAddress.Match(k) && !stillUsed[string(k)] {
			unused = append(unused, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range unused {
		if err := fields.Delete(k); err != nil {
			return fmt.Errorf("removing the custom field %q: %w", k, err)
		}
	}
	if len(ids) == 0 && len(unused) == 0 {
		return nil
	}
	// A migration runs before the store has a clock or a user: the
	// journal entry says what did it instead.
	return appendChange(tx, Change{At: time.Now().UTC(), Source: "rolo upgrade", Saved: ids, Settings: len(unused) > 0})
}

// hasKeptAddress is a quick look at a record's bytes for a custom field
// named "address…", so the migration decodes only the contacts that may
// have one.
func hasKeptAddress(v []byte) bool {
	return bytes.Contains(v, []byte("address"))
}

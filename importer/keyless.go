package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"rolo/contact"
)

// Keyless contacts: a row with a name or a company but no value for any
// identity key (no usable e-mail, phone, CRM ID, tax ID or UID). An
// address book holds such contacts (a company card with an address and a
// web site, a postal-only contact), so a vCard keeps them; a table,
// where a missing key is more often a broken row, rejects them unless the
// user asks to keep them.
//
// A kept keyless contact without a UID is given one made from its exact
// name, company and postal address: the next import of the same row
// derives the same UID and finds the contact by it, as it would a card's
// own UID, so re-importing a file never duplicates it.

// Keyless says what an import does with keyless rows.
type Keyless string

// Keyless handling.
const (
	KeylessAuto   Keyless = ""       // default: kept from a vCard, rejected from a table
	KeylessKeep   Keyless = "keep"   // kept from every file
	KeylessReject Keyless = "reject" // rejected from every file
)

// ParseKeyless reads --keyless.
func ParseKeyless(s string) (Keyless, error) {
	switch k := Keyless(strings.ToLower(strings.TrimSpace(s))); k {
	case KeylessAuto, KeylessKeep, KeylessReject:
		return k, nil
	}
	return "", fmt.Errorf("--keyless must be keep or reject, not %q", s)
}

// keepsKeyless says whether the plan keeps keyless rows.
func (p *plan) keepsKeyless() bool {
	switch p.opt.Keyless {
	case KeylessKeep:
		return true
	case KeylessReject:
		return false
	}
	return p.table.Format == FormatVCard
}

// keyless says whether a row has a name or a company and no value for
// any identity key.
func keyless(c *contact.Contact) bool {
	if strings.TrimSpace(c.FirstName+c.MiddleName+c.LastName+c.Company) == "" {
		return false
	}
	for _, ik := range identityKeys {
		if len(ik.values(c)) > 0 {
			return false
		}
	}
	return c.WhatsApp == "" && c.Viber == ""
}

// keylessUIDPrefix starts the UIDs rolo makes for keyless contacts.
const keylessUIDPrefix = "rolo-keyless-"

// keylessUID is the UID of a keyless contact: a digest of its exact name,
// company and postal address (spaces around each part trimmed).
func keylessUID(c *contact.Contact) string {
	a := c.Address
	parts := []string{c.FirstName, c.MiddleName, c.LastName, c.Company,
		a.Street, a.House, a.PostalCode, a.City, a.Region, a.Country}
	h := sha256.New()
	for _, s := range parts {
		h.Write([]byte(strings.TrimSpace(s)))
		h.Write([]byte{0})
	}
	return keylessUIDPrefix + hex.EncodeToString(h.Sum(nil)[:12])
}

// KeylessCount is how many rows of a file are keyless (see keyless), out
// of how many rows.
type KeylessCount struct {
	Keyless int
	Rows    int
}

// CountKeyless reads every row of the source's tables with their mappings
// (maps[i] for table i; the last for the rest) and the import's options,
// and counts the rows that have a name or a company but no usable e-mail,
// phone, CRM ID, tax ID or UID: the rows --keyless decides about. It reads
// on every core and stops when ctx is cancelled (the wizard runs it in the
// background while the user chooses).
func CountKeyless(ctx context.Context, src *Source, maps []Mapping, opt Options) (KeylessCount, error) {
	var n KeylessCount
	if len(maps) == 0 {
		return n, nil
	}
	opt.defaults()
	opt.Keyless = KeylessReject
	first := 1
	for i, t := range src.Tables {
		p, err := compile(t, i, maps[min(i, len(maps)-1)], &opt, false)
		if err != nil {
			return n, err
		}
		err = normalizeTable(ctx, t, p, first, nil, func(r *rowData) error {
			n.Rows++
			first++
			if r.rejectKind == "no_key" && keyless(&r.c) {
				n.Keyless++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

package dedupe

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"rolo/contact"
)

// Merging a cluster: one contact survives (it keeps its ID) and takes, per
// field, the value of the contact the caller picks; lists are unioned.
// The store writes the result (store.Merge), keeping every history.

// Field groups picked as one, so a person's name or address is never
// stitched together from two contacts. A pick may also name one field of
// a group ("city"), which then wins over the group's pick.
var groups = map[string][]string{
	"name":     {"first_name", "middle_name", "last_name"},
	"address":  {"street", "house", "postal_code", "city", "region", "country"},
	"shipping": {"ship_street", "ship_house", "ship_postal_code", "ship_city", "ship_region", "ship_country"},
}

// singles are the fields picked one by one.
var singles = []string{
	"company", "job_title", "crm_id", "tax_id", "whatsapp", "telegram", "viber", "birth_date",
	"description", "manager", "timezone", "points", "paid_total", "priority", "status",
}

// PickKeys lists what a merge chooses a value for, in display order: the
// groups name, address and shipping, the single fields, and custom:<name>
// for every custom field any of cs has. E-mails, phones, groups, tags and
// consents are not picked: they are unioned.
func PickKeys(cs []*contact.Contact) []string {
	out := []string{"name"}
	out = append(out, singles[:8]...) // identity and channels
	out = append(out, "address", "shipping")
	out = append(out, singles[8:]...)
	var custom []string
	for _, c := range cs {
		for _, cu := range c.Custom {
			custom = append(custom, contact.CustomPrefix+cu.Name)
		}
	}
	slices.Sort(custom)
	return append(out, slices.Compact(custom)...)
}

// fieldsOf expands a pick key to the fields it sets.
func fieldsOf(key string) []string {
	if g, ok := groups[key]; ok {
		return g
	}
	return []string{key}
}

// valueOf is a pick key's value on c as one comparable string ("" when
// empty).
func valueOf(c *contact.Contact, key string) string {
	var parts []string
	for _, f := range fieldsOf(key) {
		parts = append(parts, c.Get(f))
	}
	v := strings.Join(parts, "\x00")
	if strings.Trim(v, "\x00") == "" {
		return ""
	}
	return v
}

// Differing lists the pick keys whose values differ among cs (empty ones
// included): what a duplicates screen asks the user about.
func Differing(cs []*contact.Contact) []string {
	var out []string
	for _, k := range PickKeys(cs) {
		for _, c := range cs[1:] {
			if valueOf(c, k) != valueOf(cs[0], k) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// DefaultPick chooses what a headless merge keeps: the oldest contact (the
// lowest ID, so references to it stay valid) survives, and each value comes
// from the most recently updated contact that has one. Status is the
// exception: if any contact unsubscribed, the merged one stays
// unsubscribed.
func DefaultPick(cs []*contact.Contact) (survivor uint64, pick map[string]uint64) {
	if len(cs) == 0 {
		return 0, nil
	}
	byRecency := slices.Clone(cs)
	slices.SortStableFunc(byRecency, func(a, b *contact.Contact) int {
		if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	survivor = cs[0].ID
	for _, c := range cs {
		survivor = min(survivor, c.ID)
	}
	pick = map[string]uint64{}
	for _, k := range PickKeys(cs) {
		for _, c := range byRecency {
			if valueOf(c, k) != "" {
				pick[k] = c.ID
				break
			}
		}
	}
	for _, c := range byRecency {
		if c.Status == contact.StatusUnsubscribed {
			pick["status"] = c.ID
			break
		}
	}
	return survivor, pick
}

// Merge builds the contact a cluster becomes: survivor's ID, creation time
// (the earliest of all), source and UpdatedAt (the store checks it to
// refuse a merge planned on stale data), each pick key's value from the
// contact pick names (a key not picked keeps the survivor's value, or if
// that is empty the most recent contact's), and the union of e-mails,
// phones, postal addresses, groups and tags (the survivor's first). Of consents of one name
// the most recent wins, a withdrawal winning a tie. Erased contacts cannot
// be merged.
func Merge(cs []*contact.Contact, survivor uint64, pick map[string]uint64) (*contact.Contact, error) {
	if len(cs) < 2 {
		return nil, fmt.Errorf("a merge needs at least two contacts")
	}
	byID := map[uint64]*contact.Contact{}
	var base *contact.Contact
	for _, c := range cs {
		if c.Status == contact.StatusErased {
			return nil, fmt.Errorf("contact %d was erased and cannot be merged", c.ID)
		}
		if byID[c.ID] != nil {
			return nil, fmt.Errorf("contact %d is listed twice", c.ID)
		}
		byID[c.ID] = c
		if c.ID == survivor {
			base = c
		}
	}
	if base == nil {
		return nil, fmt.Errorf("the surviving contact %d is not among those merged", survivor)
	}
	out := base.Clone()
	keys := PickKeys(cs)
	// Fields not picked: the survivor's value, else the most recent one.
	_, fallback := DefaultPick(cs)
	for _, k := range keys {
		if _, ok := pick[k]; ok || valueOf(out, k) != "" {
			continue
		}
		if id, ok := fallback[k]; ok {
			copyKey(out, byID[id], k)
		}
	}
	// Groups before single fields, so "city" can override "address".
	sorted := make([]string, 0, len(pick))
	for k := range pick {
		sorted = append(sorted, k)
	}
	slices.SortFunc(sorted, func(a, b string) int {
		_, ga := groups[a]
		_, gb := groups[b]
		if ga != gb {
			if ga {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, k := range sorted {
		src, ok := byID[pick[k]]
		if !ok {
			return nil, fmt.Errorf("the value of %s is picked from contact %d, which is not being merged", k, pick[k])
		}
		if err := checkKey(k); err != nil {
			return nil, err
		}
		copyKey(out, src, k)
	}
	// Every postal address is kept: the picked one stays preferred (with
	// the kind it had), the others follow, the survivor's first.
	for _, c := range append([]*contact.Contact{base}, cs...) {
		for _, a := range c.Addresses() {
			out.AddAddress(a)
		}
	}
	for _, c := range cs {
		if c.ID == survivor {
			continue
		}
		for _, e := range c.Emails {
			out.AddEmail(e)
		}
		for _, p := range c.Phones {
			out.AddPhone(p)
		}
		for _, f := range c.Faxes {
			out.AddFax(f)
		}
		for _, g := range c.Groups {
			out.AddGroup(g)
		}
		for _, t := range c.Tags {
			out.AddTag(t)
		}
		for _, k := range c.Consents {
			cur, ok := out.Consent(k.Name)
			if !ok || k.At.After(cur.At) || k.At.Equal(cur.At) && cur.Granted && !k.Granted {
				out.SetConsent(k)
			}
		}
		if c.CreatedAt.Before(out.CreatedAt) {
			out.CreatedAt = c.CreatedAt
		}
	}
	return out, nil
}

// checkKey refuses a pick key that is not a field a merge picks.
func checkKey(k string) error {
	if _, ok := groups[k]; ok || slices.Contains(singles, k) {
		return nil
	}
	if strings.HasPrefix(k, contact.CustomPrefix) && len(k) > len(contact.CustomPrefix) {
		return nil
	}
	for _, g := range groups {
		if slices.Contains(g, k) {
			return nil
		}
	}
	return fmt.Errorf("%q is not a field a merge picks (lists such as emails are unioned)", k)
}

// copyKey sets the fields of a pick key on dst to src's values (a picked
// address comes with its kind).
func copyKey(dst, src *contact.Contact, key string) {
	if key == "address" {
		dst.Address.Kind = src.Address.Kind
	}
	for _, f := range fieldsOf(key) {
		switch f {
		case "points":
			dst.Points = src.Points
		case "paid_total":
			dst.PaidTotal = src.PaidTotal
		case "status":
			dst.Status = src.Status
		case "priority":
			dst.Priority = src.Priority
		case "birth_date":
			dst.BirthDate = src.BirthDate
		case "whatsapp":
			dst.WhatsApp = src.WhatsApp
		case "viber":
			dst.Viber = src.Viber
		case "timezone":
			dst.Timezone = src.Timezone
		case "country":
			dst.Address.Country = src.Address.Country
		case "ship_country":
			dst.Shipping.Country = src.Shipping.Country
		default:
			if name, ok := strings.CutPrefix(f, contact.CustomPrefix); ok {
				v, _ := src.CustomValue(name)
				dst.SetCustom(name, v)
				continue
			}
			// Text fields go through Set, which accepts any text for them.
			_ = dst.Set(f, src.Get(f), contact.SetOptions{})
		}
	}
}

// Package contact holds rolo's contact model: the Contact type, its canonical
// field names, and the normalisation of phones, e-mails and text that every
// other package relies on. It imports nothing else from rolo.
package contact

import (
	"slices"
	"strings"
	"time"
)

// Status values a contact can have.
const (
	StatusContact      = "contact"
	StatusSubscriber   = "subscriber"
	StatusUnsubscribed = "unsubscribed"
	StatusErased       = "erased"
)

// Statuses lists the valid statuses in display order.
var Statuses = []string{StatusContact, StatusSubscriber, StatusUnsubscribed, StatusErased}

// Priorities lists the valid priorities in ascending order.
var Priorities = []string{"low", "medium", "high"}

// Contact is one person (or organisation) in the store.
//
// Lists keep their primary element first. Consents and Custom are kept sorted
// by name so that two equal contacts encode to equal bytes.
type Contact struct {
	ID uint64

	FirstName  string
	MiddleName string
	LastName   string
	Company    string
	JobTitle   string
	Prefix     string // Dr., Mrs., Prof.: written before the name, never part of it
	Suffix     string // Jr., III, PhD
	Department string
	Role       string // the part played (vCard ROLE), beside the job title
	CRMID      string // the company's own customer code, leading zeros kept
	TaxID      string // CPF/CNPJ, NIP, INN… as written
	UID        string // the vCard UID: the address book's own name for the card

	Emails   []string // trimmed, lower-cased, primary first
	Phones   []Phone  // E.164, primary first
	Faxes    []string // fax and pager numbers, E.164: kept apart so nobody texts or calls them
	WhatsApp string
	Telegram string
	Viber    string

	BirthDate string // YYYY-MM-DD
	// Address is the preferred postal address: what street, city, postal
	// code, region and country mean everywhere (filters, columns, the
	// index). MoreAddresses are the contact's other addresses, in order;
	// Addresses gives them all, the preferred first.
	Address       Address
	MoreAddresses []Address
	Shipping      Address
	Description   string
	Manager       string
	Timezone      string
	Points        Number
	PaidTotal     Number
	Priority      string // "", low, medium, high

	Status    string // contact, subscriber, unsubscribed, erased
	Consents  []Consent
	Groups    []string
	Tags      []string
	Custom    []Custom
	CreatedAt time.Time
	UpdatedAt time.Time
	Source    string // the import job or action that created the contact
	// ChangedBy are the operating-system users who created or changed
	// the contact, sorted; the store adds the writer's on every write.
	ChangedBy []string
}

// Address is a postal address. Country is an ISO 3166 alpha-2 code; Kind
// is one of AddressKinds, or "" when the source did not say.
type Address struct {
	Kind       string
	Street     string
	House      string
	PostalCode string
	City       string
	Region     string
	Country    string
}

// IsZero reports whether no part of the address is set (a kind alone is no
// address).
func (a Address) IsZero() bool {
	a.Kind = ""
	return a == Address{}
}

// Number is a numeric value that may be absent (an empty cell is not zero).
type Number struct {
	Value float64
	Valid bool
}

// Num returns a valid Number.
func Num(v float64) Number { return Number{Value: v, Valid: true} }

// Consent is one named consent of a contact.
type Consent struct {
	Name    string
	Granted bool
	At      time.Time // when it was given or withdrawn
	Source  string    // import job, "card", "bulk", …
}

// Custom is one user-defined field.
type Custom struct {
	Name  string
	Value string
}

// FullName is the derived display name: first, middle and last name, or the
// company when the contact has no personal name.
func (c *Contact) FullName() string {
	parts := make([]string, 0, 3)
	for _, p := range []string{c.FirstName, c.MiddleName, c.LastName} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return c.Company
	}
	return strings.Join(parts, " ")
}

// PrimaryEmail returns the first e-mail or "".
func (c *Contact) PrimaryEmail() string {
	if len(c.Emails) == 0 {
		return ""
	}
	return c.Emails[0]
}

// PrimaryPhone returns the first phone's E.164 number or "".
func (c *Contact) PrimaryPhone() string {
	if len(c.Phones) == 0 {
		return ""
	}
	return c.Phones[0].Number
}

// Consent returns the named consent.
func (c *Contact) Consent(name string) (Consent, bool) {
	i, ok := slices.BinarySearchFunc(c.Consents, name, func(x Consent, n string) int { return strings.Compare(x.Name, n) })
	if !ok {
		return Consent{}, false
	}
	return c.Consents[i], true
}

// SetConsent records a consent, replacing an earlier one of the same name.
func (c *Contact) SetConsent(k Consent) {
	i, ok := slices.BinarySearchFunc(c.Consents, k.Name, func(x Consent, n string) int { return strings.Compare(x.Name, n) })
	if ok {
		c.Consents[i] = k
		return
	}
	c.Consents = slices.Insert(c.Consents, i, k)
}

// RemoveConsent deletes a consent by name.
func (c *Contact) RemoveConsent(name string) {
	c.Consents = slices.DeleteFunc(c.Consents, func(x Consent) bool { return x.Name == name })
}

// CustomValue returns a custom field's value.
func (c *Contact) CustomValue(name string) (string, bool) {
	i, ok := slices.BinarySearchFunc(c.Custom, name, func(x Custom, n string) int { return strings.Compare(x.Name, n) })
	if !ok {
		return "", false
	}
	return c.Custom[i].Value, true
}

// SetCustom sets a custom field; an empty value removes it.
func (c *Contact) SetCustom(name, value string) {
	i, ok := slices.BinarySearchFunc(c.Custom, name, func(x Custom, n string) int { return strings.Compare(x.Name, n) })
	switch {
	case ok && value == "":
		c.Custom = slices.Delete(c.Custom, i, i+1)
	case ok:
		c.Custom[i].Value = value
	case value != "":
		c.Custom = slices.Insert(c.Custom, i, Custom{Name: name, Value: value})
	}
}

// HasPhone reports whether the contact has the E.164 number.
func (c *Contact) HasPhone(e164 string) bool {
	return slices.ContainsFunc(c.Phones, func(p Phone) bool { return p.Number == e164 })
}

// AddEmail appends an already normalised e-mail unless present.
func (c *Contact) AddEmail(e string) {
	if e != "" && !slices.Contains(c.Emails, e) {
		c.Emails = append(c.Emails, e)
	}
}

// AddPhone appends a normalised phone unless the number is present.
func (c *Contact) AddPhone(p Phone) {
	if p.Number != "" && !c.HasPhone(p.Number) {
		c.Phones = append(c.Phones, p)
	}
}

// AddFax appends a normalised fax or pager number unless present.
func (c *Contact) AddFax(e164 string) {
	if e164 != "" && !slices.Contains(c.Faxes, e164) {
		c.Faxes = append(c.Faxes, e164)
	}
}

// AddGroup adds a group membership unless present.
func (c *Contact) AddGroup(g string) { c.Groups = addName(c.Groups, g) }

// RemoveGroup removes a group membership.
func (c *Contact) RemoveGroup(g string) {
	c.Groups = slices.DeleteFunc(c.Groups, func(x string) bool { return x == g })
}

// NoteChangedBy adds users to ChangedBy, keeping it sorted and without
// repeats.
func (c *Contact) NoteChangedBy(users ...string) {
	for _, u := range users {
		if i, found := slices.BinarySearch(c.ChangedBy, u); u != "" && !found {
			c.ChangedBy = slices.Insert(c.ChangedBy, i, u)
		}
	}
}

// AddTag adds a tag unless present.
func (c *Contact) AddTag(t string) { c.Tags = addName(c.Tags, t) }

// RemoveTag removes a tag.
func (c *Contact) RemoveTag(t string) {
	c.Tags = slices.DeleteFunc(c.Tags, func(x string) bool { return x == t })
}

func addName(list []string, name string) []string {
	name = strings.TrimSpace(name)
	if name == "" || slices.Contains(list, name) {
		return list
	}
	return append(list, name)
}

// Clone returns a deep copy, so a caller may edit it without touching the
// original (the UI keeps the stored version to diff against).
func (c *Contact) Clone() *Contact {
	d := *c
	d.Emails = slices.Clone(c.Emails)
	d.Phones = slices.Clone(c.Phones)
	d.Faxes = slices.Clone(c.Faxes)
	d.MoreAddresses = slices.Clone(c.MoreAddresses)
	d.Consents = slices.Clone(c.Consents)
	d.Groups = slices.Clone(c.Groups)
	d.Tags = slices.Clone(c.Tags)
	d.Custom = slices.Clone(c.Custom)
	d.ChangedBy = slices.Clone(c.ChangedBy)
	return &d
}

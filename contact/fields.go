package contact

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind says how a field's values are compared, validated and displayed.
type Kind uint8

// Field kinds.
const (
	KindText      Kind = iota // free text
	KindID                    // an identifier compared exactly (crm_id, tax_id, id)
	KindList                  // several text values (groups, tags)
	KindEmails                // several normalised e-mails
	KindPhones                // several E.164 phones
	KindPhone                 // one phone (whatsapp, viber)
	KindNumber                // a number (points, paid_total)
	KindDate                  // a calendar date, YYYY-MM-DD
	KindTime                  // a point in time (created_at, updated_at)
	KindEnum                  // one of a fixed set (priority, status)
	KindCountry               // ISO 3166 alpha-2
	KindConsent               // consent:<name>: yes/no
	KindAddresses             // postal addresses, each in its text form (see FormatAddress)
)

// Field describes one canonical field of the contact model.
type Field struct {
	Name     string // canonical snake_case name
	Label    string // for people
	Kind     Kind
	Section  string // identity, channels, address, shipping, profile, state
	ReadOnly bool   // derived or maintained by rolo
	Values   []string
}

// Prefixes of the open-ended field families.
const (
	CustomPrefix  = "custom:"
	ConsentPrefix = "consent:"
)

// ListSep joins list values (groups, tags, e-mails, phones) in one text cell.
const ListSep = "; "

var canonical = []Field{
	{Name: "id", Label: "ID", Kind: KindID, Section: "identity", ReadOnly: true},
	{Name: "first_name", Label: "First name", Kind: KindText, Section: "identity"},
	{Name: "middle_name", Label: "Middle name", Kind: KindText, Section: "identity"},
	{Name: "last_name", Label: "Last name", Kind: KindText, Section: "identity"},
	{Name: "full_name", Label: "Name", Kind: KindText, Section: "identity", ReadOnly: true},
	{Name: "company", Label: "Company", Kind: KindText, Section: "identity"},
	{Name: "job_title", Label: "Job title", Kind: KindText, Section: "identity"},
	{Name: "prefix", Label: "Name prefix", Kind: KindText, Section: "identity"},
	{Name: "suffix", Label: "Name suffix", Kind: KindText, Section: "identity"},
	{Name: "department", Label: "Department", Kind: KindText, Section: "identity"},
	{Name: "role", Label: "Role", Kind: KindText, Section: "identity"},
	{Name: "crm_id", Label: "CRM ID", Kind: KindID, Section: "identity"},
	{Name: "tax_id", Label: "Tax ID", Kind: KindID, Section: "identity"},
	{Name: "uid", Label: "UID", Kind: KindID, Section: "identity"},
	{Name: "emails", Label: "E-mails", Kind: KindEmails, Section: "channels"},
	{Name: "phones", Label: "Phones", Kind: KindPhones, Section: "channels"},
	{Name: "faxes", Label: "Faxes", Kind: KindPhones, Section: "channels"},
	{Name: "whatsapp", Label: "WhatsApp", Kind: KindPhone, Section: "channels"},
	{Name: "telegram", Label: "Telegram", Kind: KindText, Section: "channels"},
	{Name: "viber", Label: "Viber", Kind: KindPhone, Section: "channels"},
	{Name: "birth_date", Label: "Birth date", Kind: KindDate, Section: "profile"},
	{Name: "street", Label: "Street", Kind: KindText, Section: "address"},
	{Name: "house", Label: "House", Kind: KindText, Section: "address"},
	{Name: "postal_code", Label: "Postal code", Kind: KindID, Section: "address"},
	{Name: "city", Label: "City", Kind: KindText, Section: "address"},
	{Name: "region", Label: "Region", Kind: KindText, Section: "address"},
	{Name: "country", Label: "Country", Kind: KindCountry, Section: "address"},
	{Name: "addresses", Label: "Addresses", Kind: KindAddresses, Section: "address"},
	{Name: "ship_street", Label: "Shipping street", Kind: KindText, Section: "shipping"},
	{Name: "ship_house", Label: "Shipping house", Kind: KindText, Section: "shipping"},
	{Name: "ship_postal_code", Label: "Shipping postal code", Kind: KindID, Section: "shipping"},
	{Name: "ship_city", Label: "Shipping city", Kind: KindText, Section: "shipping"},
	{Name: "ship_region", Label: "Shipping region", Kind: KindText, Section: "shipping"},
	{Name: "ship_country", Label: "Shipping country", Kind: KindCountry, Section: "shipping"},
	{Name: "description", Label: "Description", Kind: KindText, Section: "profile"},
	{Name: "manager", Label: "Manager", Kind: KindText, Section: "profile"},
	{Name: "timezone", Label: "Time zone", Kind: KindText, Section: "profile"},
	{Name: "points", Label: "Points", Kind: KindNumber, Section: "profile"},
	{Name: "paid_total", Label: "Paid total", Kind: KindNumber, Section: "profile"},
	{Name: "priority", Label: "Priority", Kind: KindEnum, Section: "profile", Values: Priorities},
	{Name: "status", Label: "Status", Kind: KindEnum, Section: "state", Values: Statuses},
	{Name: "groups", Label: "Groups", Kind: KindList, Section: "state"},
	{Name: "tags", Label: "Tags", Kind: KindList, Section: "state"},
	{Name: "created_at", Label: "Created", Kind: KindTime, Section: "state", ReadOnly: true},
	{Name: "updated_at", Label: "Updated", Kind: KindTime, Section: "state", ReadOnly: true},
	{Name: "source", Label: "Source", Kind: KindID, Section: "state", ReadOnly: true},
	{Name: "changed_by", Label: "Changed by", Kind: KindList, Section: "state", ReadOnly: true},
}

// Aliases are other spellings accepted wherever a field name is typed
// (--map, --where, --columns). They are never written out.
var aliases = map[string]string{
	"email":         "emails",
	"e-mail":        "emails",
	"phone":         "phones",
	"name":          "full_name",
	"group":         "groups",
	"tag":           "tags",
	"birthday":      "birth_date",
	"zip":           "postal_code",
	"ship_zip":      "ship_postal_code",
	"crmid":         "crm_id",
	"taxid":         "tax_id",
	"organization":  "company",
	"title":         "job_title",
	"mobile":        "phones",
	"fax":           "faxes",
	"created":       "created_at",
	"updated":       "updated_at",
	"postcode":      "postal_code",
	"ship_postcode": "ship_postal_code",
}

// Fields returns the canonical fields in display order. The slice is a copy.
func Fields() []Field { return slices.Clone(canonical) }

// LookupField resolves a typed field name (canonical, alias, custom:<name> or
// consent:<name>) to its Field. Names are case-insensitive except the part
// after a prefix, which is kept as typed (trimmed).
func LookupField(name string) (Field, bool) {
	n := strings.TrimSpace(name)
	low := strings.ToLower(n)
	switch {
	case strings.HasPrefix(low, CustomPrefix):
		sub := strings.TrimSpace(n[len(CustomPrefix):])
		if sub == "" {
			return Field{}, false
		}
		return Field{Name: CustomPrefix + sub, Label: sub, Kind: KindText, Section: "custom"}, true
	case strings.HasPrefix(low, ConsentPrefix):
		sub := strings.TrimSpace(n[len(ConsentPrefix):])
		if sub == "" {
			return Field{}, false
		}
		return Field{Name: ConsentPrefix + sub, Label: "Consent " + sub, Kind: KindConsent, Section: "consents"}, true
	}
	if a, ok := aliases[low]; ok {
		low = a
	}
	for _, f := range canonical {
		if f.Name == low {
			return f, true
		}
	}
	return Field{}, false
}

// Get returns a field's value as one text cell: lists are joined with
// ListSep, numbers are written without exponent, times in RFC 3339, consents
// as "yes"/"no". An unknown field gives "".
func (c *Contact) Get(name string) string {
	switch name {
	case "id":
		if c.ID == 0 {
			return ""
		}
		return strconv.FormatUint(c.ID, 10)
	case "first_name":
		return c.FirstName
	case "middle_name":
		return c.MiddleName
	case "last_name":
		return c.LastName
	case "full_name":
		return c.FullName()
	case "company":
		return c.Company
	case "job_title":
		return c.JobTitle
	case "prefix":
		return c.Prefix
	case "suffix":
		return c.Suffix
	case "department":
		return c.Department
	case "role":
		return c.Role
	case "crm_id":
		return c.CRMID
	case "tax_id":
		return c.TaxID
	case "uid":
		return c.UID
	case "emails":
		return strings.Join(c.Emails, ListSep)
	case "phones":
		nums := make([]string, len(c.Phones))
		for i, p := range c.Phones {
			nums[i] = p.Number
		}
		return strings.Join(nums, ListSep)
	case "faxes":
		return strings.Join(c.Faxes, ListSep)
	case "whatsapp":
		return c.WhatsApp
	case "telegram":
		return c.Telegram
	case "viber":
		return c.Viber
	case "birth_date":
		return c.BirthDate
	case "addresses":
		if c.Address.IsZero() && len(c.MoreAddresses) == 0 {
			return ""
		}
		return FormatAddresses(c.Addresses())
	case "description":
		return c.Description
	case "manager":
		return c.Manager
	case "timezone":
		return c.Timezone
	case "points":
		return FormatNumber(c.Points)
	case "paid_total":
		return FormatNumber(c.PaidTotal)
	case "priority":
		return c.Priority
	case "status":
		return c.Status
	case "groups":
		return strings.Join(c.Groups, ListSep)
	case "tags":
		return strings.Join(c.Tags, ListSep)
	case "created_at":
		return formatTime(c.CreatedAt)
	case "updated_at":
		return formatTime(c.UpdatedAt)
	case "source":
		return c.Source
	case "changed_by":
		return strings.Join(c.ChangedBy, ListSep)
	}
	if a := c.addressField(name); a != nil {
		return *a
	}
	if sub, ok := strings.CutPrefix(name, CustomPrefix); ok {
		v, _ := c.CustomValue(sub)
		return v
	}
	if sub, ok := strings.CutPrefix(name, ConsentPrefix); ok {
		k, ok := c.Consent(sub)
		if !ok {
			return ""
		}
		return FormatBool(k.Granted)
	}
	return ""
}

// Values returns a field's values as a list: one element per e-mail, phone,
// group or tag; a scalar field gives zero or one element.
func (c *Contact) Values(name string) []string {
	switch name {
	case "emails":
		return c.Emails
	case "phones":
		nums := make([]string, len(c.Phones))
		for i, p := range c.Phones {
			nums[i] = p.Number
		}
		return nums
	case "faxes":
		return c.Faxes
	case "addresses":
		list := c.Addresses()
		out := make([]string, len(list))
		for i, a := range list {
			out[i] = FormatAddress(a)
		}
		return out
	case "groups":
		return c.Groups
	case "tags":
		return c.Tags
	case "changed_by":
		return c.ChangedBy
	}
	if v := c.Get(name); v != "" {
		return []string{v}
	}
	return nil
}

// addressField returns a pointer to the address part a field names, or nil.
func (c *Contact) addressField(name string) *string {
	a := &c.Address
	if sub, ok := strings.CutPrefix(name, "ship_"); ok {
		a, name = &c.Shipping, sub
	}
	return a.Part(name)
}

// textField returns a pointer to a plain string field, or nil.
func (c *Contact) textField(name string) *string {
	switch name {
	case "first_name":
		return &c.FirstName
	case "middle_name":
		return &c.MiddleName
	case "last_name":
		return &c.LastName
	case "company":
		return &c.Company
	case "job_title":
		return &c.JobTitle
	case "prefix":
		return &c.Prefix
	case "suffix":
		return &c.Suffix
	case "department":
		return &c.Department
	case "role":
		return &c.Role
	case "crm_id":
		return &c.CRMID
	case "tax_id":
		return &c.TaxID
	case "uid":
		return &c.UID
	case "telegram":
		return &c.Telegram
	case "description":
		return &c.Description
	case "manager":
		return &c.Manager
	}
	return c.addressField(name)
}

// SetOptions carries what validation needs besides the value.
type SetOptions struct {
	Country string    // default country for phones in national form
	Source  string    // recorded on consents
	Now     time.Time // recorded on consents
}

// Set validates value and stores it in the named field, replacing what was
// there; lists take several values separated by ";" (and "," for e-mails and
// phones). An empty value clears the field. The error says why a value was
// refused and leaves the contact unchanged.
func (c *Contact) Set(name, value string, opt SetOptions) error {
	f, ok := LookupField(name)
	if !ok {
		return fmt.Errorf("unknown field %q", name)
	}
	if f.ReadOnly {
		return fmt.Errorf("%s is maintained by rolo and cannot be edited", f.Name)
	}
	value = CleanText(value)
	country := opt.Country
	if country == "" {
		country = c.Address.Country
	}
	switch f.Kind {
	case KindEmails:
		var out []string
		for _, v := range SplitList(value, true) {
			e, err := NormalizeEmail(v)
			if err != nil {
				return err
			}
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
		c.Emails = out
	case KindPhones:
		var out []Phone
		for _, v := range SplitList(value, true) {
			p, err := NormalizePhone(v, country)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(out, func(x Phone) bool { return x.Number == p.Number }) {
				out = append(out, p)
			}
		}
		if f.Name == "faxes" {
			c.Faxes = nil
			for _, p := range out {
				c.Faxes = append(c.Faxes, p.Number)
			}
			return nil
		}
		c.Phones = out
	case KindPhone:
		num := ""
		if value != "" {
			p, err := NormalizePhone(value, country)
			if err != nil {
				return err
			}
			num = p.Number
		}
		if f.Name == "whatsapp" {
			c.WhatsApp = num
		} else {
			c.Viber = num
		}
	case KindList:
		list := SplitList(value, false)
		if f.Name == "groups" {
			c.Groups = list
		} else {
			c.Tags = list
		}
	case KindNumber:
		n := Number{}
		if value != "" {
			v, err := ParseNumber(value)
			if err != nil {
				return err
			}
			n = Num(v)
		}
		if f.Name == "points" {
			c.Points = n
		} else {
			c.PaidTotal = n
		}
	case KindDate:
		d := ""
		if value != "" {
			var err error
			if d, err = ParseDateFor(value, country); err != nil {
				return err
			}
		}
		c.BirthDate = d
	case KindEnum:
		v := strings.ToLower(value)
		if v != "" && !slices.Contains(f.Values, v) {
			return fmt.Errorf("%s must be one of %s, not %q", f.Name, strings.Join(f.Values, ", "), value)
		}
		if f.Name == "priority" {
			c.Priority = v
		} else {
			if v == "" {
				v = StatusContact
			}
			c.Status = v
		}
	case KindCountry:
		cc := ""
		if value != "" {
			var ok bool
			if cc, ok = CountryCode(value); !ok {
				return fmt.Errorf("%q is not a country (use an ISO code such as PL, or a country name)", value)
			}
		}
		*c.addressField(f.Name) = cc
	case KindAddresses:
		list, err := ParseAddresses(value)
		if err != nil {
			return err
		}
		c.SetAddresses(list)
	case KindConsent:
		sub := f.Name[len(ConsentPrefix):]
		if value == "" {
			c.RemoveConsent(sub)
			return nil
		}
		g, ok := ParseBool(value)
		if !ok {
			return fmt.Errorf("consent %s must be yes or no (1/0), not %q", sub, value)
		}
		c.SetConsent(Consent{Name: sub, Granted: g, At: opt.Now, Source: opt.Source})
	default:
		if sub, ok := strings.CutPrefix(f.Name, CustomPrefix); ok {
			c.SetCustom(sub, value)
			return nil
		}
		if f.Name == "timezone" {
			if value != "" {
				if _, err := time.LoadLocation(value); err != nil {
					return fmt.Errorf("%q is not a time zone (use a name such as Europe/Warsaw)", value)
				}
			}
			c.Timezone = value
			return nil
		}
		p := c.textField(f.Name)
		if p == nil {
			return fmt.Errorf("field %s cannot be set", f.Name)
		}
		*p = value
	}
	return nil
}

// SplitList splits a cell holding several values. Values are separated by
// ";" or a new line, and by "," too when commaToo is set (e-mails and phones
// never contain one, group names may).
func SplitList(s string, commaToo bool) []string {
	sep := func(r rune) bool { return r == ';' || r == '\n' || (commaToo && r == ',') }
	var out []string
	for _, p := range strings.FieldsFunc(s, sep) {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// FormatNumber writes a number the way people write it: no exponent, no
// trailing zeros, "" when absent.
func FormatNumber(n Number) string {
	if !n.Valid {
		return ""
	}
	return strconv.FormatFloat(n.Value, 'f', -1, 64)
}

// FormatCount writes a count the way rolo's screens and commands show
// totals: groups of three digits separated by spaces ("12 431 of 1 000 000
// contacts"), which reads the same in every language rolo's users speak.
func FormatCount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(s[i])
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// CountOf writes n with its noun, singular for exactly one: CountOf(1,
// "row") is "1 row", CountOf(2451, "selected contact") is "2 451 selected
// contacts". A noun whose plural is not noun+"s" is given as "one|many"
// ("entry|entries"). Every count shown to a person goes through it.
func CountOf(n int, noun string) string {
	one, many, ok := strings.Cut(noun, "|")
	if !ok {
		many = one + "s"
	}
	if n == 1 || n == -1 {
		return FormatCount(n) + " " + one
	}
	return FormatCount(n) + " " + many
}

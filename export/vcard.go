package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"rolo/contact"
)

// vcard writes vCard 4.0 (RFC 6350): names, organisation, e-mails, phones
// as tel: URIs, birthday, addresses, note, groups as CATEGORIES, time zone,
// and rolo's other fields as X-ROLO- properties; lines end in CRLF and
// fold at 75 octets. Only the properties of the chosen columns are written
// (FN, which vCard requires, always is).
type vcard struct {
	bw   *bufio.Writer
	cols map[string]bool
	line []byte
}

func newVCard(w io.Writer, opt Options) *vcard {
	v := &vcard{bw: bufio.NewWriterSize(w, 64<<10), cols: map[string]bool{}}
	for _, c := range opt.Columns {
		v.cols[c] = true
	}
	return v
}

func (v *vcard) has(cols ...string) bool {
	for _, c := range cols {
		if v.cols[c] {
			return true
		}
	}
	return false
}

func (v *vcard) Write(c *contact.Contact) error {
	v.prop("BEGIN", "", "VCARD")
	v.prop("VERSION", "", "4.0")
	// One UID: the card's own (kept from the address book it came
	// from), else rolo's ID when that is a column.
	if c.UID != "" && v.has("uid") {
		v.prop("UID", "", escape(c.UID))
	} else if c.ID != 0 && v.has("id") {
		v.prop("UID", "", "urn:rolo:"+strconv.FormatUint(c.ID, 10))
	}
	personal := c.FirstName != "" || c.MiddleName != "" || c.LastName != ""
	if !personal && c.Company != "" {
		v.prop("KIND", "", "org")
	}
	v.prop("FN", "", escape(c.FullName()))
	if personal && v.has("first_name", "middle_name", "last_name") {
		prefix, suffix := c.Prefix, c.Suffix
		if !v.has("prefix") {
			prefix = ""
		}
		if !v.has("suffix") {
			suffix = ""
		}
		v.prop("N", "", components(c.LastName, c.FirstName, c.MiddleName, prefix, suffix))
	}
	if c.Company != "" && v.has("company") {
		if c.Department != "" && v.has("department") {
			v.prop("ORG", "", components(c.Company, c.Department))
		} else {
			v.prop("ORG", "", escape(c.Company))
		}
	}
	if c.Role != "" && v.has("role") {
		v.prop("ROLE", "", escape(c.Role))
	}
	if c.JobTitle != "" && v.has("job_title") {
		v.prop("TITLE", "", escape(c.JobTitle))
	}
	if v.has("emails") {
		for i, e := range c.Emails {
			v.prop("EMAIL", pref(i), escape(e))
		}
	}
	if v.has("phones") {
		for i, p := range c.Phones {
			v.prop("TEL", ";VALUE=uri"+pref(i), "tel:"+p.Number)
		}
	}
	if v.has("faxes") {
		for _, f := range c.Faxes {
			v.prop("TEL", ";TYPE=fax;VALUE=uri", "tel:"+f)
		}
	}
	if c.BirthDate != "" && v.has("birth_date") {
		// vCard 4 writes a date without a year as --MMDD.
		bday := strings.ReplaceAll(c.BirthDate, "-", "")
		if strings.HasPrefix(c.BirthDate, "--") {
			bday = "--" + bday
		}
		v.prop("BDAY", "", bday)
	}
	switch {
	case v.has("addresses"):
		// Every address with its kind; PREF=1 marks the preferred one when
		// there are several.
		for i, a := range c.Addresses() {
			params := ""
			if a.Kind != "" {
				params = ";TYPE=" + a.Kind
			}
			if i == 0 && len(c.MoreAddresses) > 0 {
				params += ";PREF=1"
			}
			v.prop("ADR", params+houseParam(a), adr(a))
		}
	case !c.Address.IsZero() && v.has("street", "house", "postal_code", "city", "region", "country"):
		v.prop("ADR", houseParam(c.Address), adr(c.Address))
	}
	if !c.Shipping.IsZero() && v.has("ship_street", "ship_house", "ship_postal_code", "ship_city", "ship_region", "ship_country") {
		v.prop("ADR", ";TYPE=x-shipping"+houseParam(c.Shipping), adr(c.Shipping))
	}
	if c.Description != "" && v.has("description") {
		v.prop("NOTE", "", escape(c.Description))
	}
	if len(c.Groups) > 0 && v.has("groups") {
		v.prop("CATEGORIES", "", list(c.Groups))
	}
	if c.Timezone != "" && v.has("timezone") {
		v.prop("TZ", "", escape(c.Timezone))
	}
	for _, f := range []string{"crm_id", "tax_id", "whatsapp", "telegram", "viber", "manager", "points", "paid_total", "priority", "status", "source"} {
		if val := c.Get(f); val != "" && v.has(f) {
			v.prop("X-ROLO-"+strings.ToUpper(strings.ReplaceAll(f, "_", "-")), "", escape(val))
		}
	}
	if len(c.Tags) > 0 && v.has("tags") {
		v.prop("X-ROLO-TAGS", "", list(c.Tags))
	}
	for _, x := range c.Custom {
		if v.has(contact.CustomPrefix + x.Name) {
			v.prop("X-ROLO-CUSTOM", ";NAME="+param(x.Name), escape(x.Value))
		}
	}
	for _, k := range c.Consents {
		if !v.has(contact.ConsentPrefix + k.Name) {
			continue
		}
		params := ";NAME=" + param(k.Name)
		if !k.At.IsZero() {
			params += ";AT=" + k.At.UTC().Format("20060102T150405Z")
		}
		if k.Source != "" {
			params += ";SOURCE=" + param(k.Source)
		}
		v.prop("X-ROLO-CONSENT", params, contact.FormatBool(k.Granted))
	}
	if !c.UpdatedAt.IsZero() && v.has("updated_at") {
		v.prop("REV", "", c.UpdatedAt.UTC().Format("20060102T150405Z"))
	}
	if !c.CreatedAt.IsZero() && v.has("created_at") {
		v.prop("X-ROLO-CREATED", "", c.CreatedAt.UTC().Format(time.RFC3339))
	}
	v.prop("END", "", "VCARD")
	return nil
}

func pref(i int) string {
	if i == 0 {
		return ";PREF=1"
	}
	return ""
}

// houseParam repeats the house number as a parameter: the street part of
// ADR holds street and house together (as address books expect), and
// rolo's import splits them with it.
func houseParam(a contact.Address) string {
	if strings.TrimSpace(a.House) == "" {
		return ""
	}
	return ";X-ROLO-HOUSE=" + param(strings.TrimSpace(a.House))
}

func adr(a contact.Address) string {
	street := strings.TrimSpace(a.Street + " " + a.House)
	country := a.Country
	if country != "" {
		country = contact.CountryName(country)
	}
	return components("", "", street, a.City, a.Region, a.PostalCode, country)
}

// components joins structured values (N, ADR) with ";", each escaped.
func components(parts ...string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = escape(p)
	}
	return strings.Join(out, ";")
}

// list joins values with "," (CATEGORIES), each escaped.
func list(vals []string) string {
	out := make([]string, len(vals))
	for i, p := range vals {
		out[i] = escape(p)
	}
	return strings.Join(out, ",")
}

// escape writes a TEXT value: backslash, comma, semicolon and line breaks
// escaped (RFC 6350 3.4).
func escape(s string) string {
	if !strings.ContainsAny(s, "\\,;\n\r") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ',', ';':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// param writes a parameter value, quoted when it holds : ; or , (quotes
// and line breaks, which a parameter cannot hold, are dropped).
func param(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}

// prop writes one content line, folded at 75 octets without splitting a
// character (a continuation line starts with a space, so it holds 74).
func (v *vcard) prop(name, params, value string) {
	line := append(append(append(append(v.line[:0], name...), params...), ':'), value...)
	v.line = line
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		v.bw.Write(line[:cut])
		v.bw.WriteString("\r\n ")
		line = line[cut:]
		limit = 74
	}
	v.bw.Write(line)
	v.bw.WriteString("\r\n")
}

func (v *vcard) Close() error { return v.bw.Flush() }

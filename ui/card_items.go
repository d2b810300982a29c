package ui

import (
	"fmt"
	"slices"
	"strings"

	"rolo/contact"
	"rolo/store"
)

// itemKind says what a line of the card holds.
type itemKind uint8

const (
	itemTitle   itemKind = iota // the name and a summary line
	itemSection                 // a section heading
	itemField                   // one scalar field: label and value
	itemListVal                 // one e-mail, phone, group or tag
	itemConsent                 // one consent, toggled with space
	itemText                    // anything else (history lines)
)

// cardItem is one line of the card. Lines with a field can be edited; list
// values can be removed; consents toggled.
type cardItem struct {
	kind     itemKind
	label    string
	value    string
	extra    string // a note after the value: phone type and country, consent source
	field    string // the field an edit changes ("" when not editable)
	index    int    // position in a list field (emails, phones, groups, tags); -1 for "add one"
	name     string // consent name
	readOnly bool
	copy     string // what y copies
}

// listField is the list a line belongs to, for adding a value.
func (it cardItem) listField() string {
	switch it.field {
	case "emails", "phones", "faxes", "groups", "tags", "addresses":
		return it.field
	case "street", "house", "postal_code", "city", "region", "country":
		return "addresses" // adding on the address adds another one
	}
	return ""
}

func (it cardItem) removable() bool {
	return it.kind == itemListVal && it.index >= 0 || it.kind == itemConsent && it.value != consentNotGiven
}

func (it cardItem) focusable() bool { return it.kind != itemSection && it.kind != itemTitle }

// cardItems lays out everything known about a contact as lines.
// consent holds the lines of each consent's history, by name (see
// consentLines).
func cardItems(c *contact.Contact, history []contact.Event, defs []store.ConsentDef, customs []store.FieldDef, consent map[string][]cardItem) []cardItem {
	var out []cardItem
	add := func(it cardItem) { out = append(out, it) }
	section := func(name string) { add(cardItem{kind: itemSection, label: name}) }
	field := func(name string) {
		f, _ := contact.LookupField(name)
		v := c.Get(name)
		it := cardItem{kind: itemField, label: f.Label, value: v, field: name, readOnly: f.ReadOnly, copy: v}
		switch f.Kind {
		case contact.KindPhone:
			if v != "" {
				it.value = contact.FormatPhone(v)
			}
		case contact.KindTime:
			it.value = shortTime(v)
		case contact.KindCountry:
			if v != "" {
				it.extra = countryName(v)
			}
		}
		add(it)
	}
	summary := []string{"ID " + fmt.Sprint(c.ID), c.Status}
	if !c.CreatedAt.IsZero() {
		summary = append(summary, "created "+c.CreatedAt.UTC().Format("2006-01-02"))
	}
	if c.Source != "" {
		summary = append(summary, "by "+c.Source)
	}
	title := c.FullName()
	switch {
	case c.Status == contact.StatusErased:
		title = "(personal data erased: read-only)"
	case title == "":
		title = "(no name)"
	}
	add(cardItem{kind: itemTitle, label: title, value: strings.Join(summary, " · ")})

	section("Identity")
	for _, f := range []string{"first_name", "middle_name", "last_name", "company", "job_title", "crm_id", "tax_id"} {
		field(f)
	}
	section("Channels")
	listItems(&out, "E-mails", "emails", c.Emails, func(i int, e string) string {
		if i == 0 && len(c.Emails) > 1 {
			return "primary"
		}
		return ""
	})
	nums := make([]string, len(c.Phones))
	for i, p := range c.Phones {
		nums[i] = p.Number
	}
	listItems(&out, "Phones", "phones", nums, func(i int, n string) string { return phoneNote(c.Phones[i]) })
	if len(c.Faxes) > 0 { // shown only when there are some: few contacts have one
		listItems(&out, "Faxes", "faxes", c.Faxes, func(int, string) string { return "fax or pager" })
	}
	for i := range out {
		if (out[i].field == "phones" || out[i].field == "faxes") && out[i].index >= 0 {
			out[i].value = contact.FormatPhone(out[i].copy)
		}
	}
	for _, f := range []string{"whatsapp", "telegram", "viber"} {
		field(f)
	}
	section(addressHeading(c))
	for _, f := range []string{"street", "house", "postal_code", "city", "region", "country"} {
		field(f)
	}
	otherAddresses(&out, c)
	section("Shipping address")
	for _, f := range []string{"ship_street", "ship_house", "ship_postal_code", "ship_city", "ship_region", "ship_country"} {
		field(f)
		out[len(out)-1].label = capitalize(strings.TrimPrefix(out[len(out)-1].label, "Shipping "))
	}
	section("Profile")
	for _, f := range []string{"birth_date", "description", "manager", "timezone", "points", "paid_total", "priority"} {
		field(f)
	}
	section("Custom fields")
	seen := map[string]bool{}
	for _, cf := range c.Custom {
		seen[cf.Name] = true
		add(cardItem{kind: itemField, label: cf.Name, value: cf.Value, field: contact.CustomPrefix + cf.Name, copy: cf.Value})
	}
	for _, d := range customs {
		if !seen[d.Name] {
			add(cardItem{kind: itemField, label: d.Name, field: contact.CustomPrefix + d.Name})
		}
	}
	section("Consents")
	consentItems(&out, c, defs, consent)
	section("Groups")
	listItems(&out, "Groups", "groups", c.Groups, nil)
	section("Tags")
	listItems(&out, "Tags", "tags", c.Tags, nil)
	section("State")
	field("status")
	src := c.Source
	if src == "" {
		src = "—"
	}
	add(cardItem{kind: itemField, label: "Created by", value: src, field: "source", readOnly: true, copy: c.Source})
	field("created_at")
	field("updated_at")
	section(fmt.Sprintf("History (%d)", len(history)))
	historyItems(&out, history)
	return out
}

// listItems adds one line per value of a list field, or one empty line to
// add the first.
func listItems(out *[]cardItem, label, field string, vals []string, note func(int, string) string) {
	if len(vals) == 0 {
		*out = append(*out, cardItem{kind: itemListVal, label: label, value: "", field: field, index: -1})
		return
	}
	for i, v := range vals {
		it := cardItem{kind: itemListVal, value: v, field: field, index: i, copy: v}
		if i == 0 {
			it.label = label
		}
		if note != nil {
			it.extra = note(i, v)
		}
		*out = append(*out, it)
	}
}

// addressHeading names the preferred address's section with its kind,
// and says it is the preferred one when there are others.
func addressHeading(c *contact.Contact) string {
	var notes []string
	if c.Address.Kind != "" {
		notes = append(notes, c.Address.Kind)
	}
	if len(c.MoreAddresses) > 0 {
		notes = append(notes, "preferred")
	}
	if len(notes) == 0 {
		return "Address"
	}
	return "Address (" + strings.Join(notes, ", ") + ")"
}

// otherAddresses lists the addresses after the preferred one, each on one
// line with its kind; editing one edits its text form, and its index is
// its place in the addresses field (the preferred is 0).
func otherAddresses(out *[]cardItem, c *contact.Contact) {
	for i, a := range c.MoreAddresses {
		it := cardItem{kind: itemListVal, value: a.Line(), extra: a.Kind, field: "addresses", index: i + 1, copy: contact.FormatAddress(a)}
		if i == 0 {
			it.label = "Other addresses"
		}
		*out = append(*out, it)
	}
}

// phoneNote is a phone's line type and country (libphonenumber), and how
// its country was decided when rolo had to.
func phoneNote(p contact.Phone) string {
	kind, country := contact.PhoneInfo(p.Number)
	parts := []string{}
	if kind != "" {
		parts = append(parts, kind)
	}
	if country != "" {
		parts = append(parts, countryName(country))
	}
	if p.Origin == contact.OriginDefault || p.Origin == contact.OriginRowCountry || p.Origin == contact.OriginRestoredPlus {
		parts = append(parts, "country from "+p.Origin.String())
	}
	return strings.Join(parts, " · ")
}

func countryName(code string) string {
	if n, ok := countryNames[code]; ok {
		return n
	}
	return code
}

// countryNames names the countries people meet most in the demo data and
// imports; other codes are shown as they are.
var countryNames = map[string]string{
	"PL": "Poland", "DE": "Germany", "RU": "Russia", "BR": "Brazil", "GB": "United Kingdom", "US": "United States",
	"FR": "France", "ES": "Spain", "IT": "Italy", "UA": "Ukraine", "CZ": "Czechia", "NL": "Netherlands",
	"PT": "Portugal", "AT": "Austria", "CH": "Switzerland", "SE": "Sweden", "CA": "Canada", "AU": "Australia",
}

const consentNotGiven = "[ ] not given"

// consentItems lists the contact's consents and, unticked, the store's other
// consent definitions, so any consent can be given from the card.
func consentItems(out *[]cardItem, c *contact.Contact, defs []store.ConsentDef, hist map[string][]cardItem) {
	seen := map[string]bool{}
	for _, k := range c.Consents {
		seen[k.Name] = true
		*out = append(*out, consentItem(k, true))
		*out = append(*out, hist[k.Name]...)
	}
	for _, d := range defs {
		if !seen[d.Name] {
			seen[d.Name] = true
			*out = append(*out, consentItem(contact.Consent{Name: d.Name}, false))
			*out = append(*out, hist[d.Name]...)
		}
	}
	// Consents it once held whose definitions are gone: their story stays.
	var gone []string
	for name := range hist {
		if !seen[name] {
			gone = append(gone, name)
		}
	}
	slices.Sort(gone)
	for _, name := range gone {
		*out = append(*out, consentItem(contact.Consent{Name: name}, false))
		*out = append(*out, hist[name]...)
	}
	if len(c.Consents) == 0 && len(defs) == 0 {
		*out = append(*out, cardItem{kind: itemText, label: "", value: "no consents defined"})
	}
}

func consentItem(k contact.Consent, given bool) cardItem {
	it := cardItem{kind: itemConsent, label: k.Name, name: k.Name, field: contact.ConsentPrefix + k.Name}
	switch {
	case !given:
		it.value = consentNotGiven
	case k.Granted:
		it.value, it.copy = "[x] yes", "yes"
	default:
		it.value, it.copy = "[ ] no", "no"
	}
	var meta []string
	if !k.At.IsZero() {
		// "no" may be a withdrawal or a refusal never preceded by a yes:
		// the history lines below the consent tell which.
		verb := "given"
		if !k.Granted {
			verb = "since"
		}
		meta = append(meta, verb+" "+k.At.UTC().Format("2006-01-02 15:04"))
	}
	if k.Source != "" {
		meta = append(meta, "from "+k.Source)
	}
	it.extra = strings.Join(meta, " · ")
	return it
}

// historyItems lists events newest first, one line per changed field.
func historyItems(out *[]cardItem, history []contact.Event) {
	if len(history) == 0 {
		*out = append(*out, cardItem{kind: itemText, value: "no changes since the contact was created"})
		return
	}
	for i := len(history) - 1; i >= 0; i-- {
		ev := history[i]
		head := ev.At.UTC().Format("2006-01-02 15:04")
		what := ev.Kind
		switch {
		case ev.By != "" && ev.Source != "":
			what += " by " + ev.By + " (" + ev.Source + ")"
		case ev.By != "":
			what += " by " + ev.By
		case ev.Source != "":
			what += " by " + ev.Source
		}
		if ev.Note != "" {
			what += ": " + ev.Note
		}
		*out = append(*out, cardItem{kind: itemText, label: head, value: what, copy: head + " " + what})
		for _, ch := range ev.Changes {
			line := fmt.Sprintf("%s: %s → %s", fieldLabel(ch.Field), orDash(ch.Old), orDash(ch.New))
			*out = append(*out, cardItem{kind: itemText, value: "  " + line, copy: line})
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// cardText is the whole card as plain text, for copying: the fields that
// have a value, under the headings of the sections that have one.
func cardText(items []cardItem) string {
	var b strings.Builder
	section := "" // a section's heading, written before its first value
	for _, it := range items {
		switch it.kind {
		case itemTitle:
			b.WriteString(it.label + "\n" + it.value + "\n")
		case itemSection:
			section = "\n" + it.label + "\n"
		default:
			if strings.TrimSpace(it.value) == "" && (it.kind == itemField || it.kind == itemListVal) {
				continue // only fields with a value are copied
			}
			b.WriteString(section)
			section = ""
			line := it.value
			if it.label != "" {
				line = fmt.Sprintf("%-16s %s", it.label, it.value)
			} else if it.kind == itemListVal {
				line = fmt.Sprintf("%-16s %s", "", it.value)
			}
			if it.extra != "" {
				line += "  (" + it.extra + ")"
			}
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
	}
	return b.String()
}

package importer

// Phones, messenger numbers and countries of a row: read with the row's or
// the default country, and named in warnings as the file wrote them.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"rolo/contact"
)

// plainDigits reduces a number written with only digits, spaces and the
// usual separators (+48 (601) 234-567, 601.234.567) to its digits, with
// the leading + kept; anything else (letters, an extension, tel:) gives
// "". libphonenumber reduces such input to the same digits itself, after
// running its extension and punctuation patterns over the whole string:
// handing it the digits gives the same number for a third less work.
func plainDigits(v string) string {
	if strings.HasSuffix(v, ".0") {
		return "" // a number a spreadsheet wrote as a float: contact handles it
	}
	var buf [32]byte
	b := buf[:0]
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			b = append(b, c)
		case c == '+':
			if len(b) > 0 {
				return ""
			}
			b = append(b, c)
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' || c == '\t':
		case c == 0xC2 && i+1 < len(v) && v[i+1] == 0xA0: // a non-breaking space
			i++
		default:
			return ""
		}
	}
	if len(b) < 3 || len(b) > 24 {
		return ""
	}
	return string(b)
}

// phoneCountry is the country a row's national numbers are read with.
func (p *plan) phoneCountry(rowCountry string) string {
	if rowCountry != "" {
		return rowCountry
	}
	return p.opt.Country
}

// phone normalises a number with the row's country, else the default.
// A number written with 00 is international whatever the country's own
// international prefix is (810 in Russia, 011 in the US, 00 plus a carrier
// code in Brazil): people write 00 everywhere, so when the country's rules
// refuse it, it is read as "+".
func (p *plan) phone(v, rowCountry string) (contact.Phone, error) {
	var ph contact.Phone
	var err error
	in := plainDigits(v)
	if in == "" {
		in = v
	}
	// 00 first: no national number starts with 00, and where the country
	// dials abroad with something else (810, 011) the national reading
	// would take libphonenumber's slow path only to fail.
	if strings.HasPrefix(in, "00") {
		if alt, err := contact.NormalizePhone("+"+in[2:], ""); err == nil {
			alt.Raw = v
			return alt, nil
		}
	}
	if rowCountry != "" {
		ph, err = contact.NormalizePhoneRow(in, rowCountry)
	} else {
		ph, err = contact.NormalizePhone(in, p.opt.Country)
	}
	if err == nil {
		ph.Raw = v
		return ph, nil
	}
	if in != v {
		// Errors name the number as written. The digits fail exactly as
		// the number as written does (TestPlainDigitsChangeNothing), so
		// the message is the same with the one changed for the other:
		// reading it again only for the message cost as much as the
		// parse (an invalid number takes libphonenumber's slow path).
		err = renamePhoneError(err, in, v)
	}
	if s := cleanText(v); strings.HasPrefix(s, "00") {
		if alt, err2 := contact.NormalizePhone("+"+s[2:], ""); err2 == nil {
			alt.Raw = v
			return alt, nil
		}
	}
	return ph, err
}

// renamePhoneError returns err naming v where it names in.
func renamePhoneError(err error, in, v string) error {
	msg := err.Error()
	if !errors.Is(err, contact.ErrPhone) || !strings.HasPrefix(msg, contact.ErrPhone.Error()) {
		return err
	}
	rest := strings.Replace(msg[len(contact.ErrPhone.Error()):], strconv.Quote(in), strconv.Quote(v), 1)
	return fmt.Errorf("%w%s", contact.ErrPhone, rest)
}

// countryCode is contact.CountryCode remembered per value: a country
// column holds a handful of names, looked up on every row (for the row's
// phones, and as the column's own value), and a name in another language
// costs a fold and a search each time. Only the first thousands of
// distinct values are remembered, so a column of anything else cannot
// grow the memory.
func (p *plan) countryCode(v string) (string, bool) {
	if cc, ok := p.countries.Load(v); ok {
		return cc.(string), cc.(string) != ""
	}
	cc, ok := contact.CountryCode(v)
	if p.nCountries.Load() < 4096 {
		p.nCountries.Add(1)
		p.countries.Store(v, cc)
	}
	return cc, ok
}

func (p *plan) zone(name string) string {
	if v, ok := p.zones.Load(name); ok {
		return v.(string)
	}
	msg := ""
	if _, err := time.LoadLocation(name); err != nil || name == "Local" {
		msg = fmt.Sprintf("%q is not a time zone (use a name such as Europe/Warsaw)", name)
	}
	p.zones.Store(name, msg)
	return msg
}

// channel reads a one-row-per-channel record: the record type says what
// the record value is. A record whose value is empty, or not a valid
// e-mail or phone for its type, is rejected (the reason is returned); the
// person's other records still import.
func (p *plan) channel(r *rowData, cells []string, rowCountry string) string {
	typ := cleanText(cell(cells, p.recType))
	val := cleanText(cell(cells, p.recValue))
	typName, valName := p.colName(p.recType), p.colName(p.recValue)
	if val == "" {
		if typ == "" {
			return fmt.Sprintf("%s and %s are empty", typName, valName)
		}
		return fmt.Sprintf("%s %s with an empty %s", typName, typ, valName)
	}
	target, ok := recordChannel(typ)
	if !ok {
		switch {
		case strings.Contains(val, "@"):
			target = "emails"
		case phoneLike(val):
			target = "phones"
		default:
			return fmt.Sprintf("%s %q is not a channel rolo knows (e-mail, phone, WhatsApp…) and %s %q is neither an e-mail nor a phone", typName, typ, valName, val)
		}
		r.warn("record_type", typName, "record type %q is not a channel rolo knows; %q was read as %s", typ, val, map[string]string{"emails": "an e-mail", "phones": "a phone"}[target])
	}
	switch target {
	case "emails":
		e, err := contact.NormalizeEmail(val)
		if err != nil {
			return fmt.Sprintf("%s %s with an invalid %s: %s", typName, typ, valName, err)
		}
		r.c.AddEmail(e)
		r.lists |= lEmails
	case "phones", "whatsapp", "viber":
		n, err := p.phone(val, rowCountry)
		if err != nil {
			return fmt.Sprintf("%s %s with an invalid %s: %s", typName, typ, valName, err)
		}
		if target == "phones" {
			r.c.AddPhone(n)
			r.lists |= lPhones
			return ""
		}
		s := sWhatsApp
		if target == "viber" {
			s = sViber
		}
		*s.str(&r.c) = n.Number
		r.set |= 1 << s
	case "telegram":
		r.c.Telegram = val
		r.set |= 1 << sTelegram
	}
	return ""
}

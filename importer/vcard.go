package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"rolo/contact"
)

// vCard 2.1, 3.0 and 4.0, read by hand rather than with a vCard library:
// the Go ones read 3.0/4.0 well but lose 2.1's quoted-printable values
// (a soft line break "=" at the end of a line continues the value on the
// next line without the leading space folding uses, and CHARSET says how
// to read the decoded bytes), which is what phones export.
//
// Each card becomes one record whose columns are canonical field names, so
// the mapping of a vCard file is always certain.

var vcardHeader = []string{
	"first_name", "middle_name", "last_name", "full_name", "company", "job_title",
	"emails", "phones", "birth_date", "street", "postal_code", "city", "region", "country",
	"description", "groups", "custom:nickname", "custom:website",
	"ship_street", "ship_postal_code", "ship_city", "ship_region", "ship_country", "timezone",
	"crm_id", "tax_id", "whatsapp", "telegram", "viber", "manager", "points", "paid_total", "priority", "status", "tags",
	"faxes", "prefix", "suffix", "department", "role", "uid", "house", "ship_house", "addresses",
}

// rolo's own vCard export writes the fields vCard has no property for as
// X-ROLO- properties; they are read back into these columns.
var xRolo = map[string]int{
	"X-ROLO-CRM-ID": vcCRM, "X-ROLO-TAX-ID": vcTax, "X-ROLO-WHATSAPP": vcWhatsApp, "X-ROLO-TELEGRAM": vcTelegram,
	"X-ROLO-VIBER": vcViber, "X-ROLO-MANAGER": vcManager, "X-ROLO-POINTS": vcPoints, "X-ROLO-PAID-TOTAL": vcPaid,
	"X-ROLO-PRIORITY": vcPriority, "X-ROLO-STATUS": vcStatus,
}

const (
	vcFirst = iota
	vcMiddle
	vcLast
	vcFull
	vcCompany
	vcTitle
	vcEmails
	vcPhones
	vcBirth
	vcStreet
	vcPostal
	vcCity
	vcRegion
	vcCountry
	vcNote
	vcGroups
	vcNickname
	vcWebsite
	vcShipStreet
	vcShipPostal
	vcShipCity
	vcShipRegion
	vcShipCountry
	vcTimezone
	vcCRM
	vcTax
	vcWhatsApp
	vcTelegram
	vcViber
	vcManager
	vcPoints
	vcPaid
	vcPriority
	vcStatus
	vcTags
	vcFaxes
	vcPrefix
	vcSuffix
	vcDepartment
	vcRole
	vcUID
	vcHouse
	vcShipHouse
	vcAddresses
)

type vcProp struct {
	name   string // upper case, group dropped
	params map[string][]string
	value  []byte // raw, quoted-printable already decoded
}

// readVCards reads every card of a file (vCard files are small: the whole
// file is checked before any card is imported, so a damaged one is refused
// as a whole). enc reads 8-bit text that has no CHARSET.
func readVCards(name string, r io.Reader, enc Encoding) ([]Record, error) {
	recs, _, _, err := readVCardTable(name, r, enc)
	return recs, err
}

// readVCardTable reads every card and returns the records with their
// columns: vcardHeader, then a custom:<name> or consent:<name> column for
// each X-ROLO-CUSTOM and X-ROLO-CONSENT name any card has. skipped says
// which lines before the first card were left out ("" none).
func readVCardTable(name string, r io.Reader, enc Encoding) (recs []Record, header []string, skipped string, err error) {
	recs, extras, err := parseVCards(name, r, enc)
	if err != nil {
		return nil, nil, "", err
	}
	header = slices.Clone(vcardHeader)
	var names []string
	for n := range extras.cols {
		names = append(names, n)
	}
	slices.Sort(names)
	pos := map[string]int{}
	for _, n := range names {
		pos[n] = len(header)
		header = append(header, n)
	}
	for i := range recs {
		cells := make([]string, len(header))
		copy(cells, recs[i].Cells)
		for col, x := range extras.values[i] {
			cells[pos[col]] = x.value
			if !x.at.IsZero() {
				if recs[i].at == nil {
					recs[i].at = map[int]time.Time{}
				}
				recs[i].at[pos[col]] = x.at
			}
			if x.source != "" {
				if recs[i].src == nil {
					recs[i].src = map[int]string{}
				}
				recs[i].src[pos[col]] = x.source
			}
		}
		recs[i].Cells = cells
	}
	return recs, header, extras.skipped, nil
}

// vcardExtras are the dynamic columns of a file's cards.
type vcardExtras struct {
	cols    map[string]bool
	values  []map[string]vcardExtra // per card
	skipped string                  // the lines before the first card, when there are any
}

// vcardExtra is a custom field's or a consent's value; a consent as rolo
// exports it also says when it was given, and where (AT and SOURCE).
type vcardExtra struct {
	value  string
	at     time.Time
	source string
}

// maxVCardPreamble is how many lines that are no part of a card may come
// before the first BEGIN:VCARD (a program's banner, an e-mail's headers
// pasted with it) before the file is taken to be something else.
const maxVCardPreamble = 5

func parseVCards(name string, r io.Reader, enc Encoding) ([]Record, *vcardExtras, error) {
	extras := &vcardExtras{cols: map[string]bool{}}
	br := bufio.NewReaderSize(r, 64<<10)
	var lines [][]byte
	var lineNo []int
	n := 0
	for {
		l, err := br.ReadBytes('\n')
		if len(l) > 0 {
			n++
			lines = append(lines, bytes.TrimRight(l, "\r\n"))
			lineNo = append(lineNo, n)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s: %w", name, err)
		}
	}
	if len(lines) > 0 {
		lines[0] = bytes.TrimPrefix(lines[0], utf8BOM)
	}
	begin := slices.IndexFunc(lines, isBeginVCard)
	if begin < 0 {
		return nil, nil, refuse(name, "holds no vCard (no BEGIN:VCARD line)")
	}
	var junk []int
	for i, l := range lines[:begin] {
		if len(bytes.TrimSpace(l)) > 0 {
			junk = append(junk, i)
		}
	}
	if len(junk) > maxVCardPreamble {
		i := junk[maxVCardPreamble]
		return nil, nil, refuse(name, "line %d is not part of a vCard (%q): more than %d such lines before the first BEGIN:VCARD",
			lineNo[i], clip(string(lines[i]), 40), maxVCardPreamble)
	}
	if len(junk) > 0 {
		extras.skipped = fmt.Sprintf("%s before the first BEGIN:VCARD (not part of a card: %q)",
			lineSpan(lineNo[junk[0]], lineNo[junk[len(junk)-1]]), clip(string(bytes.TrimSpace(lines[junk[0]])), 40))
	}
	lines, lineNo = lines[begin:], lineNo[begin:]
	var out []Record
	var card []vcProp
	start := 0
	inCard := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		first := lineNo[i]
		// Unfold: a line starting with a space or tab continues the last.
		for i+1 < len(lines) && len(lines[i+1]) > 0 && (lines[i+1][0] == ' ' || lines[i+1][0] == '\t') {
			l = append(append([]byte(nil), l...), lines[i+1][1:]...)
			i++
		}
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		p, ok := parseVCardLine(l)
		if !ok {
			if inCard {
				continue // a line that is no property: skipped, as readers do
			}
			return nil, nil, refuse(name, "line %d is not part of a vCard (%q)", first, clip(string(l), 40))
		}
		// Quoted-printable: a value ending in "=" goes on on the next line.
		if p.qp() {
			for bytes.HasSuffix(l, []byte("=")) && i+1 < len(lines) {
				l = append(append([]byte(nil), l[:len(l)-1]...), lines[i+1]...)
				i++
			}
			p, _ = parseVCardLine(l)
			p.value = decodeQP(p.value)
		}
		switch {
		case p.name == "BEGIN" && strings.EqualFold(string(p.value), "VCARD"):
			if inCard {
				return nil, nil, refuse(name, "the vCard that starts on line %d has no END:VCARD before the next card (the file is damaged)", start)
			}
			inCard, start, card = true, first, nil
		case p.name == "END" && strings.EqualFold(string(p.value), "VCARD"):
			if !inCard {
				return nil, nil, refuse(name, "line %d ends a vCard that never began", first)
			}
			rec, extra := vcardRecord(card, start, enc)
			for col := range extra {
				extras.cols[col] = true
			}
			out = append(out, rec)
			extras.values = append(extras.values, extra)
			inCard = false
		case inCard:
			card = append(card, p)
		}
	}
	if inCard {
		return nil, nil, refuse(name, "the vCard that starts on line %d has no END:VCARD (the file is cut short or damaged)", start)
	}
	if len(out) == 0 {
		return nil, nil, refuse(name, "holds no vCard (no BEGIN:VCARD)")
	}
	return out, extras, nil
}

// isBeginVCard reports a BEGIN:VCARD line (any case, spaces around).
func isBeginVCard(l []byte) bool {
	return hasPrefixFold(string(bytes.TrimSpace(bytes.TrimPrefix(l, utf8BOM))), "BEGIN:VCARD")
}

// lineSpan writes "line 3" or "lines 1–4".
func lineSpan(first, last int) string {
	if first == last {
		return fmt.Sprintf("line %d", first)
	}
	return fmt.Sprintf("lines %d–%d", first, last)
}

// isFax reports a TEL typed as a fax or a pager (TYPE=FAX, vCard 2.1's
// bare FAX, Apple's WORK,FAX): numbers nobody should text or call.
func (p vcProp) isFax() bool {
	return slices.ContainsFunc(p.params["TYPE"], func(t string) bool {
		return strings.EqualFold(t, "fax") || strings.EqualFold(t, "pager")
	})
}

func (p vcProp) qp() bool {
	for _, e := range p.params["ENCODING"] {
		if strings.EqualFold(e, "QUOTED-PRINTABLE") {
			return true
		}
	}
	return false
}

// parseVCardLine splits "group.NAME;PARAM=V;BARE:value".
func parseVCardLine(l []byte) (vcProp, bool) {
	colon := -1
	inQuote := false
	for i, c := range l {
		if c == '"' {
			inQuote = !inQuote
		}
		if c == ':' && !inQuote {
			colon = i
			break
		}
	}
	if colon <= 0 {
		return vcProp{}, false
	}
	head := string(l[:colon])
	parts := splitUnquoted(head, ';')
	name := parts[0]
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	p := vcProp{name: strings.ToUpper(strings.TrimSpace(name)), params: map[string][]string{}, value: l[colon+1:]}
	if p.name == "" || strings.ContainsAny(p.name, " \t") {
		return vcProp{}, false
	}
	for _, param := range parts[1:] {
		k, v, ok := strings.Cut(param, "=")
		if !ok { // vCard 2.1: a bare type or encoding
			v = k
			switch strings.ToUpper(k) {
			case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B":
				k = "ENCODING"
			default:
				k = "TYPE"
			}
		}
		k = strings.ToUpper(strings.TrimSpace(k))
		for _, x := range splitUnquoted(v, ',') {
			p.params[k] = append(p.params[k], strings.Trim(strings.TrimSpace(x), `"`))
		}
	}
	return p, true
}

func splitUnquoted(s string, sep byte) []string {
	var out []string
	inQuote, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inQuote = !inQuote
		case sep:
			if !inQuote {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// decodeQP decodes quoted-printable bytes (=XX); malformed escapes stay.
func decodeQP(b []byte) []byte {
	if bytes.IndexByte(b, '=') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '=' && i+2 < len(b) {
			if h, ok := unhex(b[i+1], b[i+2]); ok {
				out = append(out, h)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

func unhex(a, b byte) (byte, bool) {
	v := func(c byte) (byte, bool) {
		switch {
		case '0' <= c && c <= '9':
			return c - '0', true
		case 'a' <= c && c <= 'f':
			return c - 'a' + 10, true
		case 'A' <= c && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	x, ok1 := v(a)
	y, ok2 := v(b)
	return x<<4 | y, ok1 && ok2
}

// text decodes a property's value to UTF-8: by its CHARSET, else as UTF-8
// when it is valid, else in the file's encoding.
func (p vcProp) text(enc Encoding) string {
	if cs := p.params["CHARSET"]; len(cs) > 0 {
		if e, err := LookupEncoding(cs[0]); err == nil {
			return e.decode(p.value)
		}
	}
	if utf8.Valid(p.value) {
		return string(p.value)
	}
	if enc.enc == nil {
		enc, _ = LookupEncoding("windows-1252")
	}
	return enc.decode(p.value)
}

// vcardUnescape undoes vCard's backslash escapes.
func vcardUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// components splits a structured value (N, ADR, ORG) at unescaped
// semicolons and unescapes each part.
func components(s string) []string { return splitEscaped(s, ';') }

// splitEscaped splits at unescaped sep and unescapes each part.
func splitEscaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, vcardUnescape(s[start:i]))
			start = i + 1
		}
	}
	return append(out, vcardUnescape(s[start:]))
}

func vcardRecord(props []vcProp, line int, enc Encoding) (Record, map[string]vcardExtra) {
	cells := make([]string, len(vcardHeader))
	extra := map[string]vcardExtra{}
	var emails, phones, faxes, notes, groups, tags []string
	var addrs []vcProp
	haveN, org := false, false
	for _, p := range props {
		switch p.name {
		case "PHOTO", "LOGO", "SOUND", "KEY":
			continue // binary data, never a contact field
		}
		v := p.text(enc)
		switch p.name {
		case "N":
			if haveN {
				continue // alternative representations (ALTID): the first wins
			}
			c := components(v)
			for len(c) < 5 {
				c = append(c, "")
			}
			cells[vcLast], cells[vcFirst], cells[vcMiddle] = strings.TrimSpace(c[0]), strings.TrimSpace(c[1]), strings.TrimSpace(c[2])
			cells[vcPrefix], cells[vcSuffix] = strings.TrimSpace(c[3]), strings.TrimSpace(c[4])
			haveN = cells[vcLast] != "" || cells[vcFirst] != ""
		case "FN":
			if cells[vcFull] == "" {
				cells[vcFull] = strings.TrimSpace(vcardUnescape(v))
			}
		case "KIND", "X-ABSHOWAS":
			org = org || strings.EqualFold(strings.TrimSpace(v), "org") || strings.EqualFold(strings.TrimSpace(v), "company")
		case "ORG":
			if cells[vcCompany] == "" {
				parts := components(v)
				cells[vcCompany] = strings.TrimSpace(parts[0])
				if len(parts) > 1 {
					cells[vcDepartment] = strings.TrimSpace(strings.Join(nonEmpty(parts[1:]...), ", "))
				}
			}
		case "UID":
			// urn:rolo:N is rolo's own ID, written by its export when
			// the card had no UID: not the card's.
			if u := strings.TrimSpace(vcardUnescape(v)); cells[vcUID] == "" && !strings.HasPrefix(u, "urn:rolo:") {
				cells[vcUID] = u
			}
		case "ROLE":
			if cells[vcRole] == "" {
				cells[vcRole] = strings.TrimSpace(vcardUnescape(v))
			}
		case "TITLE":
			if cells[vcTitle] == "" {
				cells[vcTitle] = strings.TrimSpace(vcardUnescape(v))
			}
		case "EMAIL":
			if e := strings.TrimSpace(vcardUnescape(v)); e != "" {
				emails = append(emails, e)
			}
		case "TEL":
			t := strings.TrimSpace(v)
			if i := strings.Index(strings.ToLower(t), ";ext="); i >= 0 {
				t = t[:i]
			}
			if t = vcardUnescape(t); t == "" {
				continue
			}
			if p.isFax() {
				faxes = append(faxes, t)
			} else {
				phones = append(phones, t)
			}
		case "BDAY":
			cells[vcBirth] = vcardDate(strings.TrimSpace(v))
		case "ADR":
			// rolo's export marks the shipping address TYPE=x-shipping;
			// the others are weighed once the card is read.
			if p.hasType("x-shipping") {
				if cells[vcShipStreet] == "" && cells[vcShipCity] == "" {
					setAddress(cells, []int{vcShipStreet, vcShipCity, vcShipRegion, vcShipPostal, vcShipCountry, vcShipHouse}, v, houseParam(p))
				}
				continue
			}
			addrs = append(addrs, p)
		case "TZ":
			cells[vcTimezone] = strings.TrimSpace(vcardUnescape(v))
		case "X-ROLO-TAGS":
			for _, t := range splitEscaped(v, ',') {
				if t = strings.TrimSpace(t); t != "" {
					tags = append(tags, t)
				}
			}
		case "X-ROLO-CUSTOM", "X-ROLO-CONSENT":
			if n := p.params["NAME"]; len(n) > 0 && strings.TrimSpace(n[0]) != "" {
				prefix := contact.CustomPrefix
				if p.name == "X-ROLO-CONSENT" {
					prefix = contact.ConsentPrefix
				}
				x := vcardExtra{value: strings.TrimSpace(vcardUnescape(v))}
				if p.name == "X-ROLO-CONSENT" {
					if at := p.params["AT"]; len(at) > 0 {
						x.at, _ = time.Parse("20060102T150405Z", at[0])
					}
					if src := p.params["SOURCE"]; len(src) > 0 {
						x.source = src[0]
					}
				}
				extra[prefix+strings.TrimSpace(n[0])] = x
			}
		case "NOTE":
			notes = append(notes, strings.TrimSpace(plainNewlines(vcardUnescape(v))))
		case "CATEGORIES":
			for _, g := range splitEscaped(v, ',') { // "A\, B,C" is two groups
				if g = strings.TrimSpace(g); g != "" {
					groups = append(groups, g)
				}
			}
		case "NICKNAME":
			if cells[vcNickname] == "" {
				cells[vcNickname] = strings.TrimSpace(vcardUnescape(v))
			}
		case "URL":
			if cells[vcWebsite] == "" {
				cells[vcWebsite] = strings.TrimSpace(vcardUnescape(v))
			}
		default:
			if col, ok := xRolo[p.name]; ok {
				cells[col] = strings.TrimSpace(vcardUnescape(v))
			}
		}
	}
	switch {
	case haveN:
		cells[vcFull] = "" // N is the structured truth
	case org || (cells[vcFull] != "" && cells[vcFull] == cells[vcCompany]):
		if cells[vcCompany] == "" {
			cells[vcCompany] = cells[vcFull]
		}
		cells[vcFull] = ""
	}
	postalAddresses(cells, addrs, enc)
	cells[vcEmails] = strings.Join(emails, contact.ListSep)
	cells[vcPhones] = strings.Join(phones, contact.ListSep)
	cells[vcFaxes] = strings.Join(faxes, contact.ListSep)
	cells[vcNote] = strings.Join(notes, "\n")
	cells[vcGroups] = strings.Join(groups, contact.ListSep)
	cells[vcTags] = strings.Join(tags, contact.ListSep)
	return Record{Line: line, Cells: cells}, extra
}

// plainNewlines turns the CR LF and lone CR line breaks that phones put in
// notes (quoted-printable =0D=0A, an escaped \r) into LF, so no stray CR
// reaches the store or a terminal.
func plainNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// setAddress fills the street, city, region, postal code and country
// cells named by base from an ADR value.
func setAddress(cells []string, base []int, v, house string) {
	c := components(v)
	for len(c) < 7 {
		c = append(c, "")
	}
	street := strings.TrimSpace(strings.Join(nonEmpty(c[2], c[1]), ", "))
	if street == "" && strings.TrimSpace(c[0]) != "" {
		street = strings.TrimSpace(c[0])
	}
	// rolo's export writes street and house in the street part, as other
	// programs expect, and the house again as a parameter, so that they
	// come back apart.
	if house != "" {
		if rest, ok := strings.CutSuffix(street, house); ok && (rest == "" || strings.HasSuffix(rest, " ")) {
			street, cells[base[5]] = strings.TrimSpace(rest), house
		}
	}
	cells[base[0]], cells[base[1]], cells[base[2]] = street, strings.TrimSpace(c[3]), strings.TrimSpace(c[4])
	cells[base[3]], cells[base[4]] = strings.TrimSpace(c[5]), strings.TrimSpace(c[6])
}

// postalAddresses reads every ADR of a card (but rolo's shipping address)
// into the addresses column, each with its kind (TYPE=home, work, other),
// the preferred one first: PREF=1, or TYPE=pref in vCard 2.1 and 3.0, else
// the first. The preferred one fills the street, city… columns too.
func postalAddresses(cells []string, addrs []vcProp, enc Encoding) {
	if len(addrs) == 0 {
		return
	}
	pref := slices.IndexFunc(addrs, func(p vcProp) bool { return p.hasType("pref") || len(p.params["PREF"]) > 0 })
	if pref > 0 {
		addrs[0], addrs[pref] = addrs[pref], addrs[0]
	}
	setAddress(cells, []int{vcStreet, vcCity, vcRegion, vcPostal, vcCountry, vcHouse}, addrs[0].text(enc), houseParam(addrs[0]))
	list := make([]contact.Address, 0, len(addrs))
	parts := make([]string, 6)
	for _, p := range addrs {
		setAddress(parts, []int{0, 1, 2, 3, 4, 5}, p.text(enc), houseParam(p))
		a := contact.Address{Street: parts[0], City: parts[1], Region: parts[2], PostalCode: parts[3], Country: parts[4], House: parts[5]}
		for _, t := range p.params["TYPE"] {
			if k, ok := contact.AddressKind(t); ok {
				a.Kind = k
			}
		}
		if !a.IsZero() {
			list = append(list, a)
		}
		clear(parts)
	}
	cells[vcAddresses] = contact.FormatAddresses(list)
}

// houseParam is the house number rolo's export repeats in an ADR
// parameter (X-ROLO-HOUSE), or "".
func houseParam(p vcProp) string {
	if h := p.params["X-ROLO-HOUSE"]; len(h) > 0 {
		return strings.TrimSpace(h[0])
	}
	return ""
}

// hasType reports a TYPE parameter value, in any case.
func (p vcProp) hasType(t string) bool {
	return slices.ContainsFunc(p.params["TYPE"], func(x string) bool { return strings.EqualFold(strings.TrimSpace(x), t) })
}

// vcardDate writes the basic forms 19850307 and 1985-03-07T… as an ISO
// date; anything else is left for the date check to report.
func vcardDate(s string) string {
	if len(s) >= 8 && isDigits(s[:8]) && (len(s) == 8 || s[8] == 'T') {
		return s[:4] + "-" + s[4:6] + "-" + s[6:8]
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// clip shortens s to n runes for messages.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

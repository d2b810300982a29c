package importer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"rolo/contact"
)

// colKind is what a column does to a row.
type colKind uint8

const (
	kIgnore colKind = iota
	kText           // a plain string scalar (names, address parts, IDs, notes)
	kEmails
	kPhones
	kFaxes
	kOnePhone // whatsapp, viber
	kDate
	kCountry
	kNumber
	kPriority
	kStatus
	kTimezone
	kGroups
	kTags
	kConsent
	kCustom
	kFullName
	kRecordType
	kRecordValue
	kBirthPart // birth_year, birth_month, birth_day: one date from three columns
)

type colPlan struct {
	idx    int
	name   string // the column's name, for warnings
	kind   colKind
	scalar scalar
	sub    string // consent or custom field name; the part of a birthday
	date   *dateColumn
	// typeCol is the column saying what kind of number a phone column
	// holds (Google's "Phone 1 - Type" next to "Phone 1 - Value"), or -1.
	typeCol int
}

// plan is a table's compiled mapping: what each column does, and how rows
// are checked. It is shared by the normalising goroutines (read only,
// except the time-zone cache).
type plan struct {
	table      *Table
	tableIndex int
	cols       []colPlan
	width      int
	country    int // column of the row's own country (address), or -1
	recType    int
	recValue   int
	channels   bool // one row per channel
	key        KeyList
	opt        *Options
	hasher     func(kind, value string) []byte
	spreadsh   bool
	zones      sync.Map // time-zone name → error text ("" valid)
	countries  sync.Map // country cell → its ISO code, "" if none (see countryCode)
	nCountries atomic.Int32
}

// compile turns a mapping into a plan. With requireKey it refuses a
// mapping that cannot give any row a key (nothing would be imported); an
// audit reads such a file anyway.
func compile(t *Table, idx int, m Mapping, opt *Options, requireKey bool) (*plan, error) {
	p := &plan{table: t, tableIndex: idx, width: len(t.Columns), country: -1, recType: -1, recValue: -1, key: opt.Key, opt: opt,
		spreadsh: t.Format == FormatXLSX || t.Format == FormatXLS || t.Format == FormatVCard}
	for _, c := range m.Columns {
		cp := colPlan{idx: c.Index, name: c.Name, typeCol: -1}
		f := c.Field
		switch {
		case f == TargetIgnore || f == "":
			continue
		case f == TargetFullName:
			cp.kind = kFullName
		case f == TargetRecordType:
			cp.kind, p.recType = kRecordType, c.Index
		case f == TargetRecordValue:
			cp.kind, p.recValue = kRecordValue, c.Index
		case strings.HasPrefix(f, contact.ConsentPrefix):
			cp.kind, cp.sub = kConsent, f[len(contact.ConsentPrefix):]
		case strings.HasPrefix(f, contact.CustomPrefix):
			cp.kind, cp.sub = kCustom, f[len(contact.CustomPrefix):]
		case f == "emails":
			cp.kind = kEmails
		case f == "phones":
			cp.kind, cp.typeCol = kPhones, typeColumn(t.Columns, c.Name)
		case f == TargetBirthYear || f == TargetBirthMonth || f == TargetBirthDay:
			cp.kind, cp.sub = kBirthPart, f
		case f == "faxes":
			cp.kind = kFaxes
		case f == "groups":
			cp.kind = kGroups
		case f == "tags":
			cp.kind = kTags
		default:
			s, ok := scalarByName[f]
			if !ok {
				return nil, fmt.Errorf("column %q: %s cannot be imported", c.Name, f)
			}
			cp.scalar = s
			switch s {
			case sWhatsApp, sViber:
				cp.kind = kOnePhone
			case sBirth:
				cp.kind = kDate
			case sCountry, sShipCountry:
				cp.kind = kCountry
				if s == sCountry && p.country < 0 {
					p.country = c.Index
				}
			case sPoints, sPaid:
				cp.kind = kNumber
			case sPriority:
				cp.kind = kPriority
			case sStatus:
				cp.kind = kStatus
			case sTimezone:
				cp.kind = kTimezone
			default:
				cp.kind = kText
			}
		}
		p.cols = append(p.cols, cp)
	}
	p.channels = p.recType >= 0 && p.recValue >= 0
	if (p.recType >= 0) != (p.recValue >= 0) {
		return nil, refuse(t.Name, "maps a record_type column without a record_value column (or the other way round); one row per channel needs both")
	}
	missing := missingKey(opt.Key, m.Has, p.channels)
	if missing != "" && requireKey && !p.keepsKeyless() {
		return nil, refuse(t.Name, "%s", missing)
	}
	if err := p.decideDateOrders(); err != nil {
		return nil, err
	}
	return p, nil
}

// Warning is a value that was dropped or needs a look, on its row.
type Warning struct {
	Row     int    `json:"row"`
	Field   string `json:"field"` // the column, as named in the file
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	File    string `json:"file,omitempty"` // the member of an archive
	kind    string // for the audit: invalid_phone, invalid_email, mojibake…
	country string // invalid phones: the country they were read with
	private bool   // about a suppressed person's row: not kept in the store
	keys    []string
}

// Kind says what the warning is about: invalid_phone, invalid_email,
// invalid_date, invalid_country, invalid_number, invalid_value,
// invalid_timezone, invalid_consent, record_type, formula, mojibake,
// extra_cells or suppressed_consent.
func (w Warning) Kind() string { return w.kind }

type consentVal struct {
	name    string
	granted bool
	column  string
	at      time.Time // when the file says it was given (JSONL, vCard), else zero
	source  string    // where, as the file says (rolo's own exports), else ""
}

// rowData is one record, normalised: the values it carries in a contact,
// which fields it had a value (or an empty cell) for, its warnings, and
// why it is rejected if it is.
type rowData struct {
	row, line  int
	member     string
	table      int
	cells      []string
	c          contact.Contact
	keyless    bool   // kept without a key: found again by its UID alone (see keyless.go)
	set, empty uint64 // scalars with a value / with an empty cell
	lists      uint8  // list fields with values
	emptyLists uint8  // list fields whose cells were all empty
	emptyCust  []string
	consents   []consentVal
	consentAt  map[int]time.Time // JSONL and vCard: consent times by column
	consentSrc map[int]string    // and sources
	warnings   []Warning
	reject     string
	rejectKind string
	keys       [][]byte // suppression keys
	keyKinds   []string
	formulas   int
	channels   bool // one row per channel: matched by tax ID, else CRM ID first
}

func (r *rowData) warn(kind, field, format string, a ...any) {
	r.warnings = append(r.warnings, Warning{Row: r.row, Line: r.line, File: r.member, Field: field, Message: fmt.Sprintf(format, a...), kind: kind})
}

// normalize reads one record into a rowData.
func (p *plan) normalize(rec Record, row int) *rowData {
	return p.normalizeInto(new(rowData), rec, row)
}

// normalizeInto is normalize into r, a zero rowData (the run recycles
// them: see rowPool).
func (p *plan) normalizeInto(r *rowData, rec Record, row int) *rowData {
	p.normalizeRow(r, rec, row)
	if r.reject != "" && p.hasher != nil {
		// A rejected row is still checked against the suppression list, so
		// that a suppressed person's rejected row is kept out of the
		// store's log too (its e-mails and phones wherever they are).
		r.keys, r.keyKinds = p.probeKeys(r.cells)
	}
	return r
}

// probeKeys returns the suppression keys of every e-mail and phone
// number found in the cells of a row that could not be read by its
// mapping (a ragged row, an unbalanced quote).
func (p *plan) probeKeys(cells []string) (keys [][]byte, kinds []string) {
	for _, c := range cells {
		v := contact.CleanText(c)
		switch {
		case strings.Contains(v, "@"):
			for _, e := range splitMulti(v) {
				if n, err := contact.NormalizeEmail(e); err == nil {
					keys, kinds = append(keys, p.hasher("email", n)), append(kinds, "email")
				}
			}
		case phoneLike(v) || strings.ContainsAny(v, ";,/") && len(v) < 100:
			for _, ph := range splitMulti(v) {
				if !phoneLike(ph) {
					continue
				}
				if n, err := p.phone(ph, ""); err == nil {
					keys, kinds = append(keys, p.hasher("phone", n.Number)), append(kinds, "phone")
				}
			}
		}
	}
	return keys, kinds
}

func (p *plan) normalizeRow(r *rowData, rec Record, row int) *rowData {
	if rec.raw != nil {
		rec = p.table.decodeJSONL(rec)
	}
	r.row, r.line, r.member, r.table, r.cells, r.channels, r.consentAt = row, rec.Line, rec.Member, p.tableIndex, rec.Cells, p.channels, rec.at
	r.consentSrc = rec.src
	if rec.Problem != "" {
		r.reject, r.rejectKind = rec.Problem, "unbalanced_quote"
		if p.table.Format == FormatJSONL {
			r.rejectKind = "invalid_json" // a line that is not a JSON object
		}
		return r
	}
	if msg := p.ragged(r, rec.Cells); msg != "" {
		r.reject, r.rejectKind = msg, "ragged_row"
		return r
	}
	for _, f := range rec.Formulas {
		name := p.colName(f.Col)
		if !f.Cached {
			r.reject = fmt.Sprintf("column %q holds a formula with no saved value (open the file in Excel and save it, or paste the values)", name)
			r.rejectKind = "formula_without_value"
			return r
		}
		r.formulas++
		r.warn("formula", name, "formula: its saved value %q was used", cell(rec.Cells, f.Col))
	}
	// The row's own country first: its phones are read with it.
	rowCountry := ""
	if p.country >= 0 {
		if v := cleanText(cell(rec.Cells, p.country)); v != "" {
			rowCountry, _ = p.countryCode(v)
		}
	}
	var fullName string
	var birth birthParts
	for i := range p.cols {
		cp := &p.cols[i]
		raw := cell(rec.Cells, cp.idx)
		v := raw
		if raw != "" {
			// One pass for both checkText and cleanText: most cells are
			// plain ASCII and need neither.
			high, special := scanText(raw)
			if high {
				raw = p.checkText(r, cp.name, raw)
			}
			if special {
				v = contact.CleanText(raw)
			} else {
				v = strings.TrimSpace(raw)
			}
			if v != "" && v[0] == '\'' && p.table.Format == FormatCSV {
				v = contact.UnprotectFormula(v) // the quote a spreadsheet-safe export put in front
			}
		}
		switch {
		case cp.kind == kBirthPart:
			birth.set(cp, v)
			continue
		case cp.kind == kPhones && cp.typeCol >= 0 && isFaxType(cell(rec.Cells, cp.typeCol)):
			fax := *cp
			fax.kind = kFaxes
			cp = &fax
		}
		p.apply(r, cp, v, rowCountry)
		if cp.kind == kFullName && v != "" && fullName == "" {
			fullName = v
		}
	}
	birth.apply(r)
	if fullName != "" {
		first, middle, last := splitFullName(fullName)
		for _, part := range []struct {
			s scalar
			v string
		}{{sFirst, first}, {sMiddle, middle}, {sLast, last}} {
			if part.v != "" && r.set&(1<<part.s) == 0 {
				*part.s.str(&r.c) = part.v
				r.set |= 1 << part.s
				r.empty &^= 1 << part.s // the row has a value for it after all
			}
		}
	}
	if p.channels {
		if msg := p.channel(r, rec.Cells, rowCountry); msg != "" {
			r.reject, r.rejectKind = msg, "invalid_channel"
			return r
		}
	}
	if msg := p.keyProblem(r); msg != "" {
		if !p.keepsKeyless() || !keyless(&r.c) {
			r.reject, r.rejectKind = msg, "no_key"
			return r
		}
		r.c.UID, r.keyless = keylessUID(&r.c), true
	}
	if p.hasher != nil {
		for _, e := range r.c.Emails {
			r.keys = append(r.keys, p.hasher("email", e))
			r.keyKinds = append(r.keyKinds, "email")
		}
		for _, ph := range r.c.Phones {
			r.keys = append(r.keys, p.hasher("phone", ph.Number))
			r.keyKinds = append(r.keyKinds, "phone")
		}
		// Messenger numbers are phones too (erasure lists them).
		for _, ph := range []string{r.c.WhatsApp, r.c.Viber} {
			if ph != "" && !slices.ContainsFunc(r.c.Phones, func(x contact.Phone) bool { return x.Number == ph }) {
				r.keys = append(r.keys, p.hasher("phone", ph))
				r.keyKinds = append(r.keyKinds, "phone")
			}
		}
	}
	return r
}

// cleanText is contact.CleanText, faster for the text nearly every cell
// holds. CleanText first looks for the five characters it removes or turns
// into spaces (no-break, zero-width and figure spaces, a byte-order mark)
// with strings.ContainsAny, which costs more than the rest of a cell's
// normalising; all five are encoded with a lead byte of 0xC2, 0xE2 or
// 0xEF. Without any of those bytes CleanText is only strings.TrimSpace.
func cleanText(s string) string {
	if _, special := scanText(s); special {
		return contact.CleanText(s)
	}
	return strings.TrimSpace(s)
}

// scanText reports whether s has bytes past ASCII, and whether it has a
// byte that may start one of the characters contact.CleanText changes
// (see cleanText). Replacing bytes that are not UTF-8 (checkText) adds
// none of those characters, so the answer holds for its result too.
func scanText(s string) (high, special bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			high = true
			if c == 0xC2 || c == 0xE2 || c == 0xEF {
				return true, true
			}
		}
	}
	return high, false
}

func cell(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

func (p *plan) colName(i int) string {
	if i < len(p.table.Columns) {
		return p.table.Columns[i]
	}
	return fmt.Sprint(i + 1)
}

// apply reads one cell into the row.
func (p *plan) apply(r *rowData, cp *colPlan, v, rowCountry string) {
	c := &r.c
	if v == "" {
		switch cp.kind {
		case kEmails:
			r.emptyLists |= lEmails
		case kPhones:
			r.emptyLists |= lPhones
		case kFaxes:
			r.emptyLists |= lFaxes
		case kGroups:
			r.emptyLists |= lGroups
		case kTags:
			r.emptyLists |= lTags
		case kCustom:
			r.emptyCust = append(r.emptyCust, cp.sub)
		case kText, kOnePhone, kDate, kCountry, kNumber, kPriority, kStatus, kTimezone:
			r.empty |= 1 << cp.scalar
		}
		return
	}
	bit := uint64(1) << cp.scalar
	switch cp.kind {
	case kText:
		*cp.scalar.str(c) = v
		r.set |= bit
	case kEmails:
		for _, e := range splitMulti(v) {
			n, err := contact.NormalizeEmail(e)
			if err != nil {
				r.warn("invalid_email", cp.name, "%s; dropped", err)
				continue
			}
			c.AddEmail(n)
			r.lists |= lEmails
		}
	case kPhones:
		for _, ph := range splitMulti(v) {
			n, err := p.phone(ph, rowCountry)
			if err != nil {
				r.warn("invalid_phone", cp.name, "%s; dropped", err)
				r.warnings[len(r.warnings)-1].country = p.phoneCountry(rowCountry)
				continue
			}
			c.AddPhone(n)
			r.lists |= lPhones
		}
	case kFaxes:
		for _, ph := range splitMulti(v) {
			n, err := p.phone(ph, rowCountry)
			if err != nil {
				r.warn("invalid_phone", cp.name, "%s; dropped", err)
				r.warnings[len(r.warnings)-1].country = p.phoneCountry(rowCountry)
				continue
			}
			c.AddFax(n.Number)
			r.lists |= lFaxes
		}
	case kOnePhone:
		n, err := p.phone(v, rowCountry)
		if err != nil {
			r.warn("invalid_phone", cp.name, "%s; dropped", err)
			r.warnings[len(r.warnings)-1].country = p.phoneCountry(rowCountry)
			return
		}
		*cp.scalar.str(c) = n.Number
		r.set |= bit
	case kDate:
		d, ok := r.readDate(cp, v)
		if !ok {
			return
		}
		c.BirthDate = d
		r.set |= bit
	case kCountry:
		cc, ok := p.countryCode(v)
		if !ok {
			r.warn("invalid_country", cp.name, "%q is not a country; dropped", v)
			return
		}
		*cp.scalar.str(c) = cc
		r.set |= bit
	case kNumber:
		n, err := contact.ParseNumber(v)
		if err != nil {
			r.warn("invalid_number", cp.name, "%s; dropped", err)
			return
		}
		*cp.scalar.num(c) = contact.Num(n)
		r.set |= bit
	case kPriority:
		pr, ok := lookupEnum("priority", v)
		if !ok {
			r.warn("invalid_value", cp.name, "priority %q is not low, medium or high; dropped", v)
			return
		}
		c.Priority = pr
		r.set |= bit
	case kStatus:
		st, ok := parseStatus(v)
		if !ok {
			r.warn("invalid_value", cp.name, "status %q is not one of %s; dropped", v, strings.Join(contact.Statuses, ", "))
			return
		}
		c.Status = st
		r.set |= bit
	case kTimezone:
		if msg := p.zone(v); msg != "" {
			r.warn("invalid_timezone", cp.name, "%s; dropped", msg)
			return
		}
		c.Timezone = v
		r.set |= bit
	case kGroups:
		for _, g := range labels(v) {
			c.AddGroup(g)
			r.lists |= lGroups
		}
	case kTags:
		for _, t := range labels(v) {
			c.AddTag(t)
			r.lists |= lTags
		}
	case kConsent:
		g, ok := contact.ParseBool(v)
		if !ok {
			var yes string
			yes, ok = lookupEnum("bool", v)
			g = yes == "yes"
		}
		if !ok {
			r.warn("invalid_consent", cp.name, "consent %s: %q is not yes or no (1/0); left unchanged", cp.sub, v)
			return
		}
		r.consents = append(r.consents, consentVal{name: cp.sub, granted: g, column: cp.name, at: r.consentAt[cp.idx],
			source: r.consentSrc[cp.idx]})
	case kCustom:
		c.SetCustom(cp.sub, v)
	}
}

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

// parseStatus reads a status cell, with the words other systems use.
func parseStatus(v string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(v))
	if slices.Contains(contact.Statuses, s) {
		return s, true
	}
	if st, ok := lookupEnum("status", v); ok {
		return st, true
	}
	switch s {
	case "subscribed", "active", "opted in", "opt-in":
		return contact.StatusSubscriber, true
	case "unsubscribe", "opted out", "opt-out", "inactive", "blocked":
		return contact.StatusUnsubscribed, true
	case "lead", "customer", "client":
		return contact.StatusContact, true
	}
	return "", false
}

// labels splits a cell of groups or tags: at ";" and line breaks, and at
// Google Contacts' " ::: " (its system labels, "* myContacts" and
// "* starred", are not groups anyone made and are left out).
func labels(v string) []string {
	var out []string
	for _, l := range contact.SplitList(strings.ReplaceAll(v, ":::", ";"), false) {
		if strings.HasPrefix(l, "* ") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// splitMulti splits a cell of several e-mails or phones: ";", ",", line
// breaks, " / " and Google's " ::: ".
func splitMulti(v string) []string {
	if !strings.ContainsAny(v, ";,\n:/") {
		return []string{v}
	}
	v = strings.ReplaceAll(v, ":::", ";")
	v = strings.ReplaceAll(v, " / ", ";")
	return contact.SplitList(v, true)
}

// splitFullName splits "First Middle Last", "Last, First" and Russian
// "Фамилия Имя Отчество" (recognised by the patronymic).
func splitFullName(s string) (first, middle, last string) {
	if l, f, ok := strings.Cut(s, ","); ok && strings.TrimSpace(f) != "" {
		first, middle, _ = splitFullName(strings.TrimSpace(f))
		if middle == "" && strings.Contains(strings.TrimSpace(f), " ") {
			parts := strings.Fields(strings.TrimSpace(f))
			first, middle = parts[0], strings.Join(parts[1:], " ")
		}
		return first, middle, strings.TrimSpace(l)
	}
	t := strings.Fields(s)
	switch len(t) {
	case 0:
		return "", "", ""
	case 1:
		return t[0], "", ""
	case 3:
		if patronymic(t[2]) {
			return t[1], t[2], t[0] // Иванов Сергей Петрович
		}
		if patronymic(t[1]) {
			return t[0], t[1], t[2] // Сергей Петрович Иванов
		}
	}
	return t[0], "", strings.Join(t[1:], " ")
}

func patronymic(w string) bool {
	f := contact.Fold(w)
	for _, suf := range []string{"вич", "вна", "ична", "инична", "vich", "vna", "ichna"} {
		if strings.HasSuffix(f, suf) && len(f) > len(suf)+2 {
			return true
		}
	}
	return false
}

// checkText warns about text that did not decode cleanly (and makes it
// valid UTF-8): replacement characters, bytes that are not UTF-8, and
// mojibake (UTF-8 read as Windows-1252 or -1251 before it reached rolo).
func (p *plan) checkText(r *rowData, col, s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		r.warn("mojibake", col, "%q does not decode as %s (replacement characters); kept as read", s, p.encodingName())
		return s
	}
	if strings.ContainsRune(s, utf8.RuneError) {
		r.warn("mojibake", col, "%q does not decode as %s (replacement characters); kept as read", s, p.encodingName())
		return s
	}
	if fixed, from := mojibake(s); fixed != "" {
		r.warn("mojibake", col, "%q looks like UTF-8 text read as %s before it reached rolo (mojibake); it should read %q; kept as read", s, from, fixed)
	}
	return s
}

func (p *plan) encodingName() string {
	if p.table.Encoding != "" {
		return p.table.Encoding
	}
	return "text"
}

var cp1251High = func() map[rune]bool {
	m := map[rune]bool{}
	for b := 0x80; b <= 0xBF; b++ {
		m[charmap.Windows1251.DecodeByte(byte(b))] = true
	}
	return m
}()

var cp1252Specials = func() map[rune]bool {
	m := map[rune]bool{}
	for b := 0x80; b <= 0xBF; b++ {
		m[charmap.Windows1252.DecodeByte(byte(b))] = true
	}
	return m
}()

// mojibake recognises UTF-8 text that was decoded as Windows-1252 or
// Windows-1251 and saved again ("Å‚Ã³dÅº" for "łódź", "РЎРµСЂРіРµР№" for
// "Сергей"), and returns what it should read.
func mojibake(s string) (fixed, from string) {
	var prev rune
	latin, cyr := false, false
	for _, r := range s {
		if prev >= 0xC2 && prev <= 0xDF && cp1252Specials[r] {
			latin = true
		}
		if (prev == 'Р' || prev == 'С') && cp1251High[r] {
			cyr = true
		}
		prev = r
	}
	try := func(cm *charmap.Charmap) string {
		b, err := cm.NewEncoder().Bytes([]byte(s))
		if err != nil || !utf8.Valid(b) || utf8.RuneCount(b) == len(b) {
			return ""
		}
		return string(b)
	}
	if latin {
		if f := try(charmap.Windows1252); f != "" {
			return f, "Windows-1252"
		}
	}
	if cyr {
		if f := try(charmap.Windows1251); f != "" {
			return f, "Windows-1251"
		}
	}
	return "", ""
}

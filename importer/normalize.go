package importer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"rolo/contact"
)

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
	keyless    bool              // kept without a key: found again by its UID alone (see keyless.go)
	set, empty uint64            // scalars with a value / with an empty cell
	lists      uint8             // list fields with values
	emptyLists uint8             // list fields whose cells were all empty
	addrs      []contact.Address // from addresses columns, in order (see settleAddresses)
	groups     []contact.Address // from the groups of address columns (plan.groups)
	emptyCust  []string
	customs    []contact.Custom // a wide row's custom values by rank, merged at its end
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
	// rec is the record as normalised (a JSON Lines line already cut into
	// cells): what Kept keeps to read the row again.
	rec Record
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
		if r.rejectKind == "no_key" && keyless(&r.c) {
			// A row kept out for want of a key may be an erased keyless
			// contact's: its cells stay out of the log then.
			uid := r.c.UID
			if uid == "" {
				uid = keylessUID(&r.c)
			}
			r.keys, r.keyKinds = append(r.keys, p.hasher("uid", uid)), append(r.keyKinds, "uid")
		}
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
	r.rec = rec
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
	r.mergeCustoms()
	birth.apply(r)
	if p.prefKind >= 0 && !r.c.Address.IsZero() {
		if k, ok := contact.AddressKind(cell(rec.Cells, p.prefKind)); ok {
			r.c.Address.Kind = k
			r.lists |= lAddresses // the preferred address goes whole, with its kind
		}
	}
	r.settleAddresses()
	if fullName != "" {
		first, middle, last := contact.SplitFullName(fullName)
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
		// An erased contact's UID is on the list too: a contact known by
		// nothing else (a keyless row's derived UID) stays out by it.
		if r.c.UID != "" {
			r.keys = append(r.keys, p.hasher("uid", r.c.UID))
			r.keyKinds = append(r.keyKinds, "uid")
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
		case kAddresses:
			r.emptyLists |= lAddresses
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
		g, ok := parseYesNo(v)
		if !ok {
			r.warn("invalid_consent", cp.name, "consent %s: %q is not yes or no (1/0); left unchanged", cp.sub, v)
			return
		}
		r.consents = append(r.consents, consentVal{name: cp.sub, granted: g, column: cp.name, at: r.consentAt[cp.idx],
			source: r.consentSrc[cp.idx]})
	case kCustom:
		r.setCustom(cp, v, p.nCustom)
	case kAddressPart:
		p.setAddressPart(r, cp, v)
	case kAddresses:
		for _, one := range contact.SplitAddresses(v) {
			a, err := contact.ParseAddress(one)
			switch {
			case errors.Is(err, contact.ErrAddressCountry):
				r.warn("invalid_country", cp.name, "%s; the country was dropped", err)
			case err != nil:
				r.warn("invalid_value", cp.name, "%s; dropped", err)
				continue
			}
			if !a.IsZero() {
				r.addrs = append(r.addrs, a)
				r.lists |= lAddresses
			}
		}
	}
}

// settleAddresses makes the row's list of addresses: the first address of
// its addresses columns is the preferred one, its parts replaced by those
// the row's street, city… columns fill (they name the preferred address
// everywhere), else those columns' address; then the addresses columns'
// others, then the address of each group of columns (Outlook's business,
// home and other address), so the first group is preferred when nothing
// else is.
func (r *rowData) settleAddresses() {
	if len(r.addrs) == 0 && len(r.groups) == 0 {
		return
	}
	list := make([]contact.Address, 0, len(r.addrs)+len(r.groups)+1)
	if len(r.addrs) > 0 {
		first := contact.Contact{Address: r.addrs[0]}
		for _, s := range addressScalars {
			if r.set&(1<<s) != 0 {
				s.copyTo(&first, &r.c)
			}
		}
		list = append(append(list, first.Address), r.addrs[1:]...)
	} else {
		list = append(list, r.c.Address)
	}
	list = append(list, r.groups...)
	r.c.SetAddresses(list)
}

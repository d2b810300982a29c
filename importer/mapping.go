package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"rolo/contact"
	"rolo/private"
)

// Column is one source column and the field it fills.
type Column struct {
	Index int    `json:"index"` // 0-based position
	Name  string `json:"name"`  // the header, or the 1-based position in a file without one
	// Field is a canonical field name, consent:<name>, custom:<name>,
	// full_name (split into first/middle/last), record_type,
	// record_value or ignore.
	Field string `json:"field"`
	// Sure is false where the engine guessed (a word inside the header,
	// values alone, an unknown column kept as a custom field): the wizard
	// marks those for a look.
	Sure   bool   `json:"sure"`
	Reason string `json:"reason,omitempty"` // why this field, for people
	// Doubt is set on a guess the engine is unsure of and that fills a
	// field of the model (values alone, or a header the values contradict):
	// the wizard offers it with its "?", a headless import does not apply
	// it (see HoldDoubts).
	Doubt bool `json:"-"`
	// Held is the field a headless import guessed but did not apply: the
	// column went to a custom field instead (--map applies the guess).
	Held string `json:"held,omitempty"`
}

// HoldDoubts moves the columns whose guess is doubtful (and that no
// --map, mapping file or remembered mapping chose) to custom fields, and
// says which field each was guessed as in Held: a headless import never
// puts data into a typed field on an unsure guess.
func (m *Mapping) HoldDoubts() {
	for i := range m.Columns {
		c := &m.Columns[i]
		if !c.Doubt || c.Sure {
			continue
		}
		c.Held, c.Doubt = c.Field, false
		c.Field = contact.CustomPrefix + strings.TrimSpace(c.Name)
		if strings.TrimSpace(c.Name) == "" || isDigits(c.Name) {
			c.Field = contact.CustomPrefix + "column_" + strconv.Itoa(c.Index+1)
		}
		c.Reason += HeldReason
	}
}

// HeldReason ends the reason of a held column.
const HeldReason = "; an unsure guess: kept as a custom field"

// HeldGuess is a column a headless import kept as a custom field rather
// than apply an unsure guess, and the --map entry that would apply it.
type HeldGuess struct {
	Column string `json:"column"`
	Guess  string `json:"guess"`
	Reason string `json:"reason"`
	Map    string `json:"map"`
}

// HeldGuesses lists the mapping's held columns.
func (m Mapping) HeldGuesses() []HeldGuess {
	var out []HeldGuess
	for _, c := range m.Columns {
		if c.Held != "" {
			out = append(out, HeldGuess{Column: c.Name, Guess: c.Held, Reason: c.Reason, Map: fmt.Sprintf("--map '%s=%s'", c.Name, c.Held)})
		}
	}
	return out
}

// Mapping is a table's column mapping.
type Mapping struct {
	Columns []Column `json:"columns"`
}

// Field returns the target of column i ("ignore" beyond the mapping).
func (m Mapping) Field(i int) string {
	if i < 0 || i >= len(m.Columns) {
		return TargetIgnore
	}
	return m.Columns[i].Field
}

// Has reports whether some column fills the target.
func (m Mapping) Has(target string) bool {
	return slices.ContainsFunc(m.Columns, func(c Column) bool { return c.Field == target })
}

// ParseTarget checks a mapping target as typed (--map, a mapping file, the
// wizard) and returns it in canonical form.
func ParseTarget(s string) (string, error) {
	t := strings.TrimSpace(s)
	low := strings.ToLower(t)
	switch low {
	case "ignore", "skip", "-", "none":
		return TargetIgnore, nil
	case "record_type", "record-type", "recordtype":
		return TargetRecordType, nil
	case "record_value", "record-value", "recordvalue":
		return TargetRecordValue, nil
	case "full_name", "fullname", "name":
		return TargetFullName, nil
	case TargetBirthYear, TargetBirthMonth, TargetBirthDay:
		return low, nil
	}
	if _, _, ok := addressTarget(low); ok {
		return low, nil
	}
	f, ok := contact.LookupField(t)
	if !ok {
		return "", fmt.Errorf("unknown field %q (use a field such as first_name, emails, phones, consent:<name>, custom:<name> or ignore)", s)
	}
	if f.ReadOnly {
		return "", fmt.Errorf("%s is maintained by rolo and cannot be imported", f.Name)
	}
	return f.Name, nil
}

// multiValued targets take several columns (and several values a cell).
func multiValued(target string) bool {
	switch target {
	case "emails", "phones", "faxes", "groups", "tags", "addresses", TargetIgnore:
		return true
	}
	return false
}

// values classifies a column's sample values.
type valueStats struct {
	n, email, phone, plusPhone, date, boolean, country, countryName, channel, number, word int
	dateTime, recent                                                                       int // dates with a time of day; within the last five years or later
	emailOrPhone                                                                           int
}

func classify(values []string, now time.Time) valueStats {
	var s valueStats
	// Birth dates lie more than five years back: later ones are dates of
	// something else (a sign-up, an order).
	recentFrom := now.AddDate(-5, 0, 0)
	for _, v := range values {
		v = contact.CleanText(v)
		if v == "" {
			continue
		}
		s.n++
		isEmail, isPhone := false, false
		if strings.Contains(v, "@") && allEmails(v) {
			s.email++
			isEmail = true
		}
		if phoneLike(v) {
			s.phone++
			isPhone = true
			if strings.HasPrefix(v, "+") || strings.HasPrefix(v, "00") || strings.ContainsAny(v, " -()") {
				s.plusPhone++
			}
		}
		if isEmail || isPhone {
			s.emailOrPhone++
		}
		if _, ok := parseYesNo(v); ok {
			s.boolean++
		}
		if !isDigits(v) {
			if d, err := contact.ParseDate(v); err == nil {
				s.date++
				if timeOfDay(v) {
					s.dateTime++
				}
				if t, err := time.Parse(time.DateOnly, d); err == nil && t.After(recentFrom) {
					s.recent++
				}
			}
		}
		if _, ok := contact.CountryCode(v); ok && !isDigits(v) {
			s.country++
			if utf8.RuneCountInString(v) > 3 {
				s.countryName++
			}
		}
		if _, ok := recordChannel(v); ok {
			s.channel++
		}
		if _, err := contact.ParseNumber(v); err == nil && strings.IndexFunc(v, func(r rune) bool { return r >= 'A' }) < 0 {
			s.number++
		}
		if isNameWord(v) {
			s.word++
		}
	}
	return s
}

// timeOfDay reports a date-time whose time is not midnight (programs
// write a date alone as midnight).
func timeOfDay(v string) bool {
	i := strings.IndexByte(v, ':')
	if i < 2 {
		return false
	}
	t := strings.Trim(v[i-2:], "0:Z ")
	return t != "" && !strings.HasPrefix(t, "+") && !strings.HasPrefix(t, "-")
}

// allEmails: a cell of one or more valid e-mails ("a@x.pl; b@x.pl").
func allEmails(v string) bool {
	parts := splitMulti(v)
	for _, e := range parts {
		if _, err := contact.NormalizeEmail(e); err != nil {
			return false
		}
	}
	return len(parts) > 0
}

// most reports whether at least frac of the non-empty values count.
func (s valueStats) most(count int, frac float64) bool {
	return s.n > 0 && float64(count) >= frac*float64(s.n)
}

// phoneLike: 7 to 15 digits and only what phone numbers are written with.
func phoneLike(v string) bool {
	v = strings.TrimPrefix(strings.ToLower(v), "tel:")
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+ -().‐–/", r):
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

// isNameWord: one or two capitalised words of letters (a first or last name).
func isNameWord(v string) bool {
	words := strings.Fields(v)
	if len(words) == 0 || len(words) > 2 {
		return false
	}
	for _, w := range words {
		r := []rune(w)
		if !isUpperRune(r[0]) {
			return false
		}
		for _, c := range r {
			if !isLetterRune(c) && c != '-' && c != '\'' {
				return false
			}
		}
	}
	return true
}

// valueLike reports whether a cell is data rather than a column name: an
// e-mail, a phone number, a date or a number.
func valueLike(v string) bool {
	v = contact.CleanText(v)
	if v == "" {
		return false
	}
	if strings.Contains(v, "@") {
		if _, err := contact.NormalizeEmail(v); err == nil {
			return true
		}
	}
	if phoneLike(v) {
		return true
	}
	if _, err := contact.ParseNumber(v); err == nil && strings.IndexFunc(v, func(r rune) bool { return r >= 'A' }) < 0 {
		return true
	}
	if _, err := contact.ParseDate(v); err == nil {
		return true
	}
	return false
}

// looksLikeHeader decides whether the first record names the columns: a
// cell the dictionary knows and no data in it, or no data in it while the
// records below have data in the same columns.
func looksLikeHeader(first Record, rest []Record) bool {
	if first.Problem != "" {
		return false
	}
	known, values, nonEmpty := 0, 0, 0
	seen := map[string]bool{}
	distinct := true
	for _, c := range first.Cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		nonEmpty++
		if seen[c] {
			distinct = false
		}
		seen[c] = true
		if valueLike(c) {
			values++
			continue
		}
		if _, ok := contact.LookupField(c); ok {
			known++
		} else if t, _ := lookupHeader(c); t != "" {
			known++
		} else if _, ok := namesConsent(c); ok {
			known++
		}
	}
	switch {
	case nonEmpty == 0:
		return false
	case values > 0:
		return false
	case known > 0:
		return true
	}
	// No known name and no data: a header when the records below carry data
	// in some column, or when the row is all distinct labels over more rows.
	for col := range first.Cells {
		for _, r := range rest[:min(len(rest), 50)] {
			if col < len(r.Cells) && valueLike(r.Cells[col]) {
				return true
			}
		}
	}
	return distinct && len(rest) > 0
}

// AutoMap proposes a mapping for a table from its header names (in the
// dictionary's languages) and, where the header says nothing or is missing, from the
// values themselves. Unknown columns become custom fields (not sure).
//
// Dates within the last five years are not birth dates: "now" is the
// clock the table was opened with (ReadOptions.Now).
func AutoMap(t *Table) Mapping {
	return autoMap(t, t.clock())
}

// autoMap is AutoMap at the time now.
func autoMap(t *Table, now time.Time) Mapping {
	m := Mapping{Columns: make([]Column, len(t.Columns))}
	if t.Format == FormatVCard {
		// The vCard reader names its columns after the fields they fill.
		for i, name := range t.Columns {
			m.Columns[i] = Column{Index: i, Name: name, Field: name, Sure: true, Reason: "vCard property"}
		}
		return m
	}
	if t.Format == FormatJSONL {
		return jsonlMapping(t)
	}
	for i, name := range t.Columns {
		var values []string
		for _, r := range t.Sample {
			if i < len(r.Cells) {
				values = append(values, r.Cells[i])
			}
		}
		m.Columns[i] = mapColumn(i, name, t.Header, classify(values, now))
	}
	if !t.Header {
		nameColumns(&m, t, now)
	} else {
		m.applyLayouts(t.Columns)
		m.applyAddressKinds(t.Columns)
	}
	m.resolve()
	return m
}

// mapColumn maps one column.
func mapColumn(i int, name string, header bool, st valueStats) Column {
	col := Column{Index: i, Name: name}
	set := func(field string, sure bool, reason string) Column {
		col.Field, col.Sure, col.Reason = field, sure, reason
		return col
	}
	// doubt is a guess a headless import does not apply.
	doubt := func(field, reason string) Column {
		col.Field, col.Sure, col.Reason, col.Doubt = field, false, reason, true
		return col
	}
	if st.n == 0 && header {
		if f, sure := headerTarget(name); f != "" {
			return set(f, sure, "header; the column is empty")
		}
		return set(TargetIgnore, false, "the column is empty")
	}
	// Yes/no values under a header that names a consent are a consent; a
	// header that says "consent" in so many words is one even when some
	// values are neither yes nor no (they get warnings), unless the values
	// are addresses ("Newsletter e-mail" holding e-mails).
	if header {
		if consent, ok := namesConsent(name); ok {
			switch {
			case st.most(st.boolean, 0.9):
				return set(contact.ConsentPrefix+consent, true, "header names a consent and the values are yes/no")
			case explicitConsent(name) && !st.most(st.email, 0.5) && !st.most(st.phone, 0.5):
				return set(contact.ConsentPrefix+consent, false, "header names a consent, but not all values are yes/no")
			}
		}
	}
	if header {
		if f, sure := headerTarget(name); f != "" {
			switch {
			case f == TargetRecordType:
				if st.most(st.channel, 0.8) {
					return set(f, true, "values name channels (e-mail, phone…)")
				}
			case f == TargetRecordValue:
				if st.most(st.emailOrPhone, 0.6) && st.email > 0 && st.phone > 0 {
					return set(f, true, "values are e-mails and phones")
				}
			case f == "emails" && st.n > 0 && !st.most(st.email, 0.5):
				return doubt(f, "header says e-mail but most values are not e-mails")
			case (f == "phones" || f == "whatsapp" || f == "viber") && st.n > 0 && !st.most(st.phone, 0.5):
				return doubt(f, "header says phone but most values are not phone numbers")
			case f == "birth_date" && st.n > 0 && !st.most(st.date, 0.5):
				return doubt(f, "header says birth date but most values are not dates")
			default:
				reason := "header"
				if !sure {
					reason = "a word in the header"
				}
				return set(f, sure, reason)
			}
		}
	}
	custom := contact.CustomPrefix + strings.TrimSpace(name)
	if !header || strings.TrimSpace(name) == "" {
		custom = contact.CustomPrefix + "column_" + strconv.Itoa(i+1)
	}
	if header && st.most(st.date, 0.8) && namesOtherDate(name) {
		return set(custom, true, "header names a date other than a birth date")
	}
	// The values alone.
	switch {
	case st.most(st.email, 0.95):
		return set("emails", true, "values are e-mails")
	case st.most(st.email, 0.8):
		return doubt("emails", "values are mostly e-mails")
	case st.most(st.channel, 0.9) && st.n >= 2:
		return doubt(TargetRecordType, "values name channels (e-mail, phone…)")
	case st.email > 0 && st.phone > 0 && st.most(st.emailOrPhone, 0.8):
		return doubt(TargetRecordValue, "values are e-mails and phones")
	case st.most(st.date, 0.8) && st.dateTime > 0:
		return set(custom, false, "values are dates with a time of day, not birth dates: kept as a custom field")
	case st.most(st.date, 0.8) && st.most(st.recent, 0.5):
		return set(custom, false, "values are recent or future dates, not birth dates: kept as a custom field")
	case st.most(st.date, 0.8):
		return doubt("birth_date", "values are dates")
	case st.most(st.phone, 0.8) && st.plusPhone > 0:
		return doubt("phones", "values are phone numbers")
	case st.most(st.country, 0.9) && (st.countryName > 0 || !header):
		// Two-letter values alone are as likely titles (Mr, Ms) as codes.
		return doubt("country", "values are countries")
	}
	if !header {
		return set(contact.CustomPrefix+"column_"+strconv.Itoa(i+1), false, "no header: kept as a custom field")
	}
	field := contact.CustomPrefix + strings.TrimSpace(name)
	if strings.TrimSpace(name) == "" {
		field = contact.CustomPrefix + "column_" + strconv.Itoa(i+1)
	}
	return set(field, false, "unknown column: kept as a custom field")
}

// headerTarget maps a header: a field's own name (first_name, emails,
// consent:sms, custom:x) first, then the dictionary.
func headerTarget(name string) (string, bool) {
	low := strings.ToLower(strings.TrimSpace(name))
	if strings.HasPrefix(low, contact.CustomPrefix) || strings.HasPrefix(low, contact.ConsentPrefix) {
		if t, err := ParseTarget(name); err == nil {
			return t, true
		}
	}
	if low == TargetRecordType || low == TargetRecordValue || low == TargetFullName {
		return low, true
	}
	if f, ok := contact.LookupField(low); ok && f.Name == low {
		if f.ReadOnly {
			// id, created_at, updated_at, source: rolo's own, from one of
			// its exports; an import never sets them (--map ID=crm_id takes
			// another system's ID).
			return TargetIgnore, true
		}
		return f.Name, true
	}
	return lookupHeader(name)
}

// nameColumns maps the first two columns of capitalised words of a file
// without a header to first and last name (not sure).
func nameColumns(m *Mapping, t *Table, now time.Time) {
	targets := []string{"first_name", "last_name"}
	for i := range m.Columns {
		if len(targets) == 0 {
			return
		}
		c := &m.Columns[i]
		if !strings.HasPrefix(c.Field, contact.CustomPrefix) {
			continue
		}
		var values []string
		for _, r := range t.Sample {
			if i < len(r.Cells) {
				values = append(values, r.Cells[i])
			}
		}
		if st := classify(values, now); st.most(st.word, 0.9) {
			c.Field, c.Sure, c.Reason, c.Doubt = targets[0], false, "no header; the values look like names", true
			targets = targets[1:]
		}
	}
}

// resolve settles columns that compete for one field: a field that takes
// one value keeps its surest column (the first among equals); the others
// keep their values as custom fields. A full name next to first/last name
// columns fills the part they leave out; next to both it fills the name of
// a row whose first and last name cells are empty.
func (m *Mapping) resolve() {
	has := func(f string) bool { return m.Has(f) }
	for i := range m.Columns {
		c := &m.Columns[i]
		if c.Field != TargetFullName {
			continue
		}
		switch {
		case has("first_name") && has("last_name"):
			c.Reason += "; fills the first, middle and last name where a row leaves them empty"
		case has("first_name"):
			c.Field, c.Reason = "last_name", c.Reason+"; next to a first-name column it is the last name"
		case has("last_name"):
			c.Field, c.Reason = "first_name", c.Reason+"; next to a last-name column it is the first name"
		}
	}
	owner := map[string]int{}
	for i, c := range m.Columns {
		if multiValued(c.Field) {
			continue
		}
		j, ok := owner[c.Field]
		if !ok || (c.Sure && !m.Columns[j].Sure) {
			owner[c.Field] = i
		}
	}
	for i := range m.Columns {
		c := &m.Columns[i]
		if multiValued(c.Field) || strings.HasPrefix(c.Field, contact.CustomPrefix) {
			continue
		}
		if j := owner[c.Field]; j != i {
			c.Reason = fmt.Sprintf("%s is already filled from column %q; kept as a custom field", c.Field, m.Columns[j].Name)
			c.Field, c.Sure, c.Doubt = contact.CustomPrefix+strings.TrimSpace(c.Name), false, false
		}
	}
}

// MapEntry is one --map override.
type MapEntry struct {
	Column string // a header (case- and accent-insensitive) or a 1-based position
	Field  string
}

// ParseMapSpec reads --map 'Header=field,Other=field' (the last "=" of an
// entry splits it, so a header may hold "=" but not ",").
func ParseMapSpec(spec string) ([]MapEntry, error) {
	var out []MapEntry
	for _, part := range strings.Split(spec, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		i := strings.LastIndexByte(part, '=')
		if i <= 0 {
			return nil, fmt.Errorf("--map entry %q is not Header=field", strings.TrimSpace(part))
		}
		field, err := ParseTarget(part[i+1:])
		if err != nil {
			return nil, fmt.Errorf("--map %s: %w", strings.TrimSpace(part), err)
		}
		out = append(out, MapEntry{Column: strings.TrimSpace(part[:i]), Field: field})
	}
	return out, nil
}

// Override applies entries: each names a column by header (every column
// with that header) or by 1-based position. A name that matches no column
// is an error, so a typo is never silently ignored.
func (m *Mapping) Override(entries []MapEntry) error {
	for _, e := range entries {
		matched := false
		want := normHeader(e.Column)
		for i := range m.Columns {
			if normHeader(m.Columns[i].Name) == want && want != "" || strings.TrimSpace(m.Columns[i].Name) == e.Column {
				m.Columns[i].Field, m.Columns[i].Sure, m.Columns[i].Reason = e.Field, true, "chosen"
				matched = true
			}
		}
		if !matched {
			if n, err := strconv.Atoi(e.Column); err == nil && n >= 1 && n <= len(m.Columns) {
				m.Columns[n-1].Field, m.Columns[n-1].Sure, m.Columns[n-1].Reason = e.Field, true, "chosen"
				matched = true
			}
		}
		if !matched {
			names := make([]string, len(m.Columns))
			for i, c := range m.Columns {
				names[i] = strconv.Quote(c.Name)
			}
			return fmt.Errorf("no column %q to map (the columns are %s)", e.Column, strings.Join(names, ", "))
		}
	}
	return nil
}

// Entries returns the mapping as overrides by column name (what a mapping
// file and the remembered mapping hold).
func (m Mapping) Entries() map[string]string {
	out := map[string]string{}
	for _, c := range m.Columns {
		out[c.Name] = c.Field
	}
	return out
}

// HeaderKey identifies a set of column names (folded, in order), so a
// mapping chosen for one weekly export is found for the next.
func HeaderKey(columns []string) string {
	h := sha256.New()
	for _, c := range columns {
		h.Write([]byte(normHeader(c)))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// MappingFile is a saved mapping: how to read the file, which column goes
// where, and the import options. `rolo import --mapping FILE` reads it and
// the import wizard writes it; command-line flags win over it.
//
//	{
//	  "version": 1,
//	  "columns": {"Imię": "first_name", "Telefon": "phones", "Zgoda SMS": "consent:sms", "4": "ignore"},
//	  "encoding": "windows-1250", "delimiter": ";", "header": true, "sheet": "",
//	  "country": "PL", "key": "email", "mode": "upsert", "empty": "keep", "keyless": "keep",
//	  "groups": ["Newsletter 2026"], "tags": []
//	}
type MappingFile struct {
	Version   int               `json:"version"`
	Columns   map[string]string `json:"columns"`
	Encoding  string            `json:"encoding,omitempty"`
	Delimiter string            `json:"delimiter,omitempty"`
	Header    *bool             `json:"header,omitempty"`
	HeaderRow int               `json:"header_row,omitempty"` // the header's line, when title lines come first
	Sheet     string            `json:"sheet,omitempty"`
	Country   string            `json:"country,omitempty"`
	Key       string            `json:"key,omitempty"`
	Mode      string            `json:"mode,omitempty"`
	Empty     string            `json:"empty,omitempty"`
	Keyless   string            `json:"keyless,omitempty"` // keep or reject: rows with a name but no key
	Groups    []string          `json:"groups,omitempty"`
	Tags      []string          `json:"tags,omitempty"`
}

// MappingVersion is the version of the mapping file format.
const MappingVersion = 1

// ReadMappingFile reads and checks a mapping file.
func ReadMappingFile(path string) (*MappingFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading mapping %s: %w", path, err)
	}
	var mf MappingFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&mf); err != nil {
		return nil, fmt.Errorf("mapping %s is not a rolo mapping file: %w", path, err)
	}
	if mf.Version > MappingVersion {
		return nil, fmt.Errorf("mapping %s was written by a newer rolo (version %d)", path, mf.Version)
	}
	if len(mf.Columns) == 0 {
		return nil, fmt.Errorf("mapping %s maps no columns", path)
	}
	if _, err := ParseKeyless(mf.Keyless); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", path, err)
	}
	for col, f := range mf.Columns {
		t, err := ParseTarget(f)
		if err != nil {
			return nil, fmt.Errorf("mapping %s, column %q: %w", path, col, err)
		}
		mf.Columns[col] = t
	}
	return &mf, nil
}

// WriteMappingFile saves a mapping file with perm: its column names can
// be personal data (a header row of names is common).
func WriteMappingFile(path string, mf *MappingFile, perm private.Perm) error {
	mf.Version = MappingVersion
	data, err := json.MarshalIndent(mf, "", "  ")
	if err != nil {
		return err
	}
	if err := private.WriteFile(path, append(data, '\n'), perm); err != nil {
		return fmt.Errorf("writing mapping %s: %w", path, err)
	}
	return nil
}

// Entries returns the file's columns as overrides, in a stable order.
func (mf *MappingFile) Entries() []MapEntry {
	var out []MapEntry
	for col, f := range mf.Columns {
		out = append(out, MapEntry{Column: col, Field: f})
	}
	slices.SortFunc(out, func(a, b MapEntry) int { return strings.Compare(a.Column, b.Column) })
	return out
}

// ApplyFile overrides by a mapping file's columns; columns the file does
// not name keep their automatic mapping. Unlike --map, a saved mapping may
// name columns a later export dropped.
func (m *Mapping) ApplyFile(mf *MappingFile) {
	for _, e := range mf.Entries() {
		_ = m.Override([]MapEntry{e})
	}
}

func isUpperRune(r rune) bool  { return unicode.IsUpper(r) }
func isLetterRune(r rune) bool { return unicode.IsLetter(r) }

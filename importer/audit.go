package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/maphash"
	"io"
	"slices"
	"strings"

	"rolo/contact"
)

// Audit reads a file exactly as an import would (same readers, mapping,
// normalisation and row checks) without a store, and reports what it
// found. Its JSON (AuditReport) is a contract: see docs/auditing.md, "The JSON report".

// AuditReport is the result of an audit.
type AuditReport struct {
	File    string       `json:"file"`
	Format  Format       `json:"format"`
	Country string       `json:"country,omitempty"` // default country phones were read with
	Tables  []AuditTable `json:"tables"`
	Rows    int          `json:"rows"` // data records read
	// RowsOK counts rows an import would take with no warning.
	RowsOK int `json:"rows_ok"`
	// Problems counts rows with each kind of problem (a row with two
	// invalid phones counts once): unbalanced_quote, ragged_row,
	// formula_without_value, invalid_json (a JSONL line that is not an
	// object), no_key (rows an import would reject),
	// invalid_phone, invalid_email, invalid_date, invalid_country,
	// invalid_number, invalid_value, invalid_timezone, invalid_consent,
	// record_type, formula, mojibake, extra_cells, short_row,
	// ambiguous_date (values dropped or kept with a warning), formula_text
	// (a cell a spreadsheet would run as a formula; only the audit looks).
	Problems      map[string]int   `json:"problems"`
	InvalidPhones []ColumnProblems `json:"invalid_phones"`
	// PhoneRows counts the rows with an invalid phone by the country it
	// was read with ("" none): a row with two such phones counts once per
	// country.
	PhoneRows     map[string]int    `json:"invalid_phone_rows_by_country"`
	InvalidEmails []ColumnProblems  `json:"invalid_emails"`
	Duplicates    []Cluster         `json:"duplicates"`
	Clusters      int               `json:"duplicate_clusters"` // all clusters (Duplicates lists the first 1000)
	Consents      []ConsentCoverage `json:"consents"`
	Rejected      []Rejected        `json:"rejected"` // rows an import would reject (no store needed to know)
	NoKey         []NoKeyRow        `json:"no_key"`   // rows without e-mail or phone, shown with their name
	Warnings      []Warning         `json:"warnings"`
	Skipped       []string          `json:"skipped,omitempty"`
	// UnsureGuesses are the columns an import keeps as custom fields
	// rather than fill a field on an unsure guess: something to check.
	UnsureGuesses []HeldGuess `json:"unsure_guesses"`
	all           []Cluster   // every cluster (Duplicates lists the first 1000)
}

// AuditTable describes one table as read.
type AuditTable struct {
	Name       string        `json:"name"`
	Format     Format        `json:"format"`
	Encoding   string        `json:"encoding,omitempty"`
	Readings   []Reading     `json:"other_encodings,omitempty"`
	Delimiter  string        `json:"delimiter,omitempty"`
	Sheet      string        `json:"sheet,omitempty"`
	Sheets     []string      `json:"sheets,omitempty"`
	Header     bool          `json:"header"`
	HeaderLine int           `json:"header_line,omitempty"` // when title lines come before the header
	Rows       int           `json:"rows"`
	Columns    []AuditColumn `json:"columns"`
}

// Reading is a line of the file as another plausible encoding reads it.
type Reading struct {
	Encoding   string  `json:"encoding"`
	Score      float64 `json:"score"`
	Line       int     `json:"line"`
	AsDetected string  `json:"as_detected"`
	AsThis     string  `json:"as_this"`
}

// AuditColumn is one column: its mapping and how full and clean it is.
type AuditColumn struct {
	Column
	Filled  int `json:"filled"`  // rows with a value
	Invalid int `json:"invalid"` // rows whose value was dropped or flagged
}

// ColumnProblems counts one kind of invalid value in one column.
type ColumnProblems struct {
	Column    string         `json:"column"`
	Count     int            `json:"count"`
	ByCountry map[string]int `json:"by_country,omitempty"` // phones: the country they were read with ("" none)
	Examples  []Warning      `json:"examples"`             // the first ten
}

// Cluster is a key shared by several rows of the file.
type Cluster struct {
	Key   string `json:"key"` // email, phone, tax_id
	Value string `json:"value"`
	Rows  []int  `json:"rows"`
}

// ConsentCoverage counts a consent column's values.
type ConsentCoverage struct {
	Name      string `json:"name"`
	Column    string `json:"column"`
	Granted   int    `json:"granted"`
	Withdrawn int    `json:"withdrawn"`
	Empty     int    `json:"empty"`
	Invalid   int    `json:"invalid"`
}

// NoKeyRow is a row without a key, with what there is of a name.
type NoKeyRow struct {
	Row  int    `json:"row"`
	Line int    `json:"line"`
	Name string `json:"name"`
}

const maxClusters = 1000

// Audit reads every row of src with the mapping AutoMap (and map) gives,
// phones read with country unless a row says its own.
func Audit(ctx context.Context, src *Source, country string, overrides []MapEntry) (*AuditReport, error) {
	return AuditEach(ctx, src, country, overrides, nil)
}

// AuditEach is Audit that also hands every row, as read, to fn (see
// AuditRow; audit_rows.go). An error from fn ends the audit with it.
func AuditEach(ctx context.Context, src *Source, country string, overrides []MapEntry, fn func(*AuditRow) error) (*AuditReport, error) {
	return AuditKeep(ctx, src, country, overrides, nil, fn)
}

// AuditKeep is AuditEach that also keeps every record in kept (when not
// nil), before fn sees its row, so that kept.Row reads any row read so far
// again, and kept.Read says how far the reading got. When ctx ends the
// reading, the report of the rows read so far comes with ctx's error.
func AuditKeep(ctx context.Context, src *Source, country string, overrides []MapEntry, kept *Kept, fn func(*AuditRow) error) (*AuditReport, error) {
	opt := Options{Country: country, Map: overrides}
	opt.defaults()
	maps, err := opt.mappings(src)
	if err != nil {
		return nil, err
	}
	rep := &AuditReport{File: src.Name, Format: src.Format, Country: opt.Country, Problems: map[string]int{}, Skipped: src.Skipped,
		InvalidPhones: []ColumnProblems{}, InvalidEmails: []ColumnProblems{}, Duplicates: []Cluster{}, Consents: []ConsentCoverage{},
		Rejected: []Rejected{}, NoKey: []NoKeyRow{}, Warnings: []Warning{}, UnsureGuesses: []HeldGuess{}, PhoneRows: map[string]int{}}
	for _, m := range maps {
		rep.UnsureGuesses = append(rep.UnsureGuesses, m.HeldGuesses()...)
	}
	d := newDupFinder()
	row := 0
	var before int64 // bytes of the tables read before this one
	if kept != nil {
		for _, t := range src.Tables {
			kept.size.Add(t.Size)
		}
	}
	for ti, t := range src.Tables {
		at := AuditTable{Name: t.Name, Format: t.Format, Encoding: t.Encoding, Delimiter: DelimiterName(t.Delimiter),
			Sheet: t.Sheet, Sheets: t.Sheets, Header: t.Header, Readings: readings(t)}
		if t.HeaderLine > 1 {
			at.HeaderLine = t.HeaderLine
		}
		cols := make([]AuditColumn, len(maps[ti].Columns))
		byName := map[string]int{}
		for i, c := range maps[ti].Columns {
			cols[i] = AuditColumn{Column: c}
			byName[c.Name] = i
		}
		consents := map[int]*ConsentCoverage{}
		var consentOrder []int
		for i, c := range maps[ti].Columns {
			if name, ok := strings.CutPrefix(c.Field, contact.ConsentPrefix); ok {
				consents[i] = &ConsentCoverage{Name: name, Column: c.Name}
				consentOrder = append(consentOrder, i)
			}
		}
		// The audit keeps what an import would: rows with no key are
		// still read (and shown), so the key check is the default one.
		p, err := compile(t, ti, maps[ti], &opt, false)
		if err != nil {
			return nil, err
		}
		if kept != nil {
			kept.addPlan(p)
		}
		var read func(int64)
		if kept != nil {
			read = func(n int64) { kept.read.Store(before + n) }
		}
		err = normalizeTable(ctx, t, p, row, read, func(r *rowData) error {
			row++
			at.Rows++
			rep.add(r, cols, byName, consents)
			if kept != nil {
				if err := kept.add(r); err != nil {
					return err
				}
			}
			if fn != nil {
				if err := fn(r.auditRow()); err != nil {
					return err
				}
			}
			if r.reject == "" || r.rejectKind == "no_key" {
				d.add(r)
			}
			return nil
		})
		at.Columns = cols
		rep.Tables = append(rep.Tables, at)
		for _, i := range consentOrder {
			rep.Consents = append(rep.Consents, *consents[i])
		}
		if err != nil {
			if ctx.Err() != nil && kept != nil {
				// What was read is kept and counted: the report says so
				// far, and the error says why it stopped.
				rep.Rows = row
				return rep, err
			}
			return nil, err
		}
		before += t.Size
		if kept != nil {
			kept.read.Store(before)
		}
	}
	rep.Rows = row
	rep.all = d.clusters()
	rep.Duplicates = rep.all[:min(len(rep.all), maxClusters)]
	rep.Clusters = len(rep.all)
	return rep, nil
}

func (rep *AuditReport) add(r *rowData, cols []AuditColumn, byName map[string]int, consents map[int]*ConsentCoverage) {
	var kinds []string // a row has a few kinds at most: a slice, not a map per row
	addKind := func(k string) {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	var phoneCountries []string
	for _, w := range r.warnings {
		addKind(w.kind)
		if w.kind == "invalid_phone" && !slices.Contains(phoneCountries, w.country) {
			phoneCountries = append(phoneCountries, w.country)
			rep.PhoneRows[w.country]++
		}
		if i, ok := byName[w.Field]; ok {
			cols[i].Invalid++
		}
		switch w.kind {
		case "invalid_phone":
			rep.InvalidPhones = addProblem(rep.InvalidPhones, w, true)
		case "invalid_email":
			rep.InvalidEmails = addProblem(rep.InvalidEmails, w, false)
		}
	}
	rep.Warnings = append(rep.Warnings, r.warnings...)
	if r.reject != "" {
		addKind(r.rejectKind)
		if r.rejectKind == "no_key" {
			rep.NoKey = append(rep.NoKey, NoKeyRow{Row: r.row, Line: r.line, Name: displayName(&r.c)})
		}
		rep.Rejected = append(rep.Rejected, Rejected{Row: r.row, Line: r.line, Reason: r.reject, File: r.member, cells: r.cells, table: r.table})
	}
	for _, k := range kinds {
		rep.Problems[k]++
	}
	if len(kinds) == 0 {
		rep.RowsOK++
	}
	if r.rejectKind == "unbalanced_quote" || r.rejectKind == "ragged_row" || r.rejectKind == "invalid_json" {
		return
	}
	for i := range cols {
		if v := cell(r.cells, cols[i].Index); strings.TrimSpace(v) != "" {
			cols[i].Filled++
		}
		if cv := consents[i]; cv != nil {
			v := contact.CleanText(cell(r.cells, cols[i].Index))
			g, ok := parseYesNo(v)
			switch {
			case v == "":
				cv.Empty++
			case !ok:
				cv.Invalid++
			case g:
				cv.Granted++
			default:
				cv.Withdrawn++
			}
		}
	}
}

func displayName(c *contact.Contact) string {
	if n := c.FullName(); n != "" {
		return n
	}
	return c.Company
}

func addProblem(list []ColumnProblems, w Warning, phone bool) []ColumnProblems {
	i := slices.IndexFunc(list, func(p ColumnProblems) bool { return p.Column == w.Field })
	if i < 0 {
		list = append(list, ColumnProblems{Column: w.Field})
		i = len(list) - 1
		if phone {
			list[i].ByCountry = map[string]int{}
		}
	}
	p := &list[i]
	p.Count++
	if phone {
		p.ByCountry[w.country]++
	}
	if len(p.Examples) < 10 {
		p.Examples = append(p.Examples, w)
	}
	return list
}

// readings shows, for each other plausible encoding, the first line the
// two read differently.
func readings(t *Table) []Reading {
	if len(t.Alternatives) == 0 || t.enc.enc == nil {
		return nil
	}
	var out []Reading
	for _, alt := range t.Alternatives {
		enc, err := LookupEncoding(alt.Name)
		if err != nil {
			continue
		}
		for n, line := range bytes.Split(t.raw, []byte{'\n'}) {
			a, b := t.enc.decode(line), enc.decode(line)
			if a != b {
				out = append(out, Reading{Encoding: alt.Name, Score: alt.Score, Line: n + 1,
					AsDetected: strings.TrimRight(a, "\r"), AsThis: strings.TrimRight(b, "\r")})
				break
			}
		}
	}
	return out
}

// dupFinder finds keys shared by rows of one file. It keeps a hash of each
// key and the first row that had it, and the value only once a second row
// has it too, so a million-row file costs tens of megabytes.
type dupFinder struct {
	seed   maphash.Seed
	first  map[uint64]int
	byHash map[uint64]*Cluster
	order  []uint64
}

func newDupFinder() *dupFinder {
	return &dupFinder{seed: maphash.MakeSeed(), first: map[uint64]int{}, byHash: map[uint64]*Cluster{}}
}

func (d *dupFinder) add(r *rowData) {
	var seen []uint64 // a row has a few keys: a slice, not a map per row
	note := func(key, value string) {
		h := maphash.String(d.seed, key+"\x00"+value)
		if slices.Contains(seen, h) {
			return
		}
		seen = append(seen, h)
		if c, ok := d.byHash[h]; ok {
			c.Rows = append(c.Rows, r.row)
			return
		}
		if row, ok := d.first[h]; ok {
			d.byHash[h] = &Cluster{Key: key, Value: value, Rows: []int{row, r.row}}
			d.order = append(d.order, h)
			return
		}
		d.first[h] = r.row
	}
	for _, e := range r.c.Emails {
		note("email", e)
	}
	for _, p := range r.c.Phones {
		note("phone", p.Number)
	}
	if t := contact.NormalizeTaxID(r.c.TaxID); t != "" {
		note("tax_id", t)
	}
}

// clusters lists every cluster, in the order they were found.
func (d *dupFinder) clusters() []Cluster {
	out := make([]Cluster, 0, len(d.order))
	for _, h := range d.order {
		out = append(out, *d.byHash[h])
	}
	return out
}

// AllDuplicates lists every duplicate cluster of the file (Duplicates
// lists the first 1000).
func (rep *AuditReport) AllDuplicates() []Cluster { return rep.all }

// DuplicateRows lists the rows in any duplicate cluster, in order.
func (rep *AuditReport) DuplicateRows() []int {
	var rows []int
	for _, c := range rep.all {
		rows = append(rows, c.Rows...)
	}
	slices.Sort(rows)
	return slices.Compact(rows)
}

// WriteJSON writes the audit report, indented.
func (rep *AuditReport) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

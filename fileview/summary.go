package fileview

import (
	"slices"
	"strings"

	"rolo/dedupe"
	"rolo/filter"
	"rolo/importer"
)

// Summary is what the audit panel shows: the audit report, and for each
// count the tags or consents that open exactly its rows.
type Summary struct {
	File string // the file's name
	// Report is the audit of the file (nil when the load was cancelled).
	Report *importer.AuditReport
	// Rows is how many rows were read into the store, Clean how many of
	// them have no problem at all.
	Rows, Clean int
	// Problems are the kinds of problem found, most serious first; each
	// counts rows.
	Problems []Problem
	// Consents are the consents the file's columns record.
	Consents []Consent
	// Duplicates are the clusters of rows that are probably one person
	// (dedupe, as rolo dedupe finds them in a store); DuplicateRows how
	// many rows they hold, each tagged DuplicateTag.
	Duplicates    []dedupe.Cluster
	DuplicateRows int
	// Columns are the fields the file's columns fill, in the file's
	// order: the table shows them first.
	Columns   []string
	Cancelled bool
}

// DuplicateTag marks the rows of duplicate clusters.
const DuplicateTag = "duplicate in file"

// TagPrefix starts every problem tag.
const TagPrefix = "problem: "

// Custom fields the loader sets.
const (
	FieldProblems = "file: problems" // the row's warnings and refusal, in words
	FieldCells    = "file: cells"    // the raw cells of a row that could not be split into columns
)

// Problem is one kind of problem and the rows that have it.
type Problem struct {
	Kind  string // the audit's kind (problems in the report), or "earlier_key"
	Label string // in words
	// Rejected is set for the kinds an import refuses the row for.
	Rejected bool
	Rows     int
	// Tags mark its rows: a row has one of them for every such problem.
	Tags []string
	// ByCountry splits invalid phones by the country they were read with.
	ByCountry []CountryRows
}

// CountryRows counts the rows with an invalid phone read as one country.
type CountryRows struct {
	Country string // "" when no country was known
	Rows    int
	Tag     string
}

// Consent counts the rows that give, refuse or leave out one consent.
type Consent struct {
	Name    string
	Columns []string // the file's columns that record it
	Granted int      // rows that say yes
	// Withdrawn rows say no; None have no yes or no (empty, unreadable,
	// or a row that could not be read into columns).
	Withdrawn, None int
}

// Filter is the filter that shows exactly the problem's rows.
func (p Problem) Filter() filter.Filter { return TagFilter(p.Tags...) }

// Filter shows the rows with an invalid phone read as this country.
func (c CountryRows) Filter() filter.Filter { return TagFilter(c.Tag) }

// TagFilter shows the contacts with any of the tags.
func TagFilter(tags ...string) filter.Filter {
	return filter.Filter{Conds: []filter.Condition{{Field: "tags", Op: filter.In, Values: slices.Clone(tags)}}}
}

// Filters that show a consent's rows: given, refused, and neither.
func (c Consent) GrantedFilter() filter.Filter   { return consentFilter(c.Name, filter.Eq, "yes") }
func (c Consent) WithdrawnFilter() filter.Filter { return consentFilter(c.Name, filter.Eq, "no") }
func (c Consent) NoneFilter() filter.Filter      { return consentFilter(c.Name, filter.NotExists) }

func consentFilter(name string, op filter.Op, vals ...string) filter.Filter {
	return filter.Filter{Conds: []filter.Condition{{Field: "consent:" + name, Op: op, Values: vals}}}
}

// kindOrder lists the audit's kinds of problem in the order the panel
// shows them, with their names in words; the first four make an import
// refuse the row.
var kindOrder = []struct{ kind, label string }{
	{"unbalanced_quote", "unbalanced quote"},
	{"ragged_row", "ragged row"},
	{"formula_without_value", "formula without a saved value"},
	{"no_key", "no e-mail or phone"},
	{"invalid_channel", "channel row without a valid value"},
	{"invalid_phone", "invalid phone"},
	{"invalid_email", "invalid e-mail"},
	{"earlier_key", "same key as an earlier row"},
	{"invalid_date", "invalid date"},
	{"invalid_country", "invalid country"},
	{"invalid_number", "invalid number"},
	{"invalid_value", "invalid value"},
	{"invalid_timezone", "invalid time zone"},
	{"invalid_consent", "invalid consent"},
	{"record_type", "unknown record type"},
	{"formula", "formula (its saved value used)"},
	{"mojibake", "mojibake"},
	{"extra_cells", "extra cells"},
	{"short_row", "short row (last cells taken as empty)"},
}

// rejectKinds are the kinds an import refuses a row for.
var rejectKinds = map[string]bool{"unbalanced_quote": true, "ragged_row": true, "formula_without_value": true, "no_key": true, "invalid_channel": true}

// earlierKey is the loader's own kind: an e-mail, CRM ID or tax ID an
// earlier row has (an import merges the row into that row's contact).
const earlierKey = "earlier_key"

// KindLabel names a kind of problem in words.
func KindLabel(kind string) string {
	for _, k := range kindOrder {
		if k.kind == kind {
			return k.label
		}
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// kindTag is the tag of a kind of problem.
func kindTag(kind string) string { return TagPrefix + KindLabel(kind) }

// phoneTag is the tag of an invalid phone read as country.
func phoneTag(country string) string {
	if country == "" {
		country = "no country"
	}
	return TagPrefix + KindLabel("invalid_phone") + " (" + country + ")"
}

// counter counts rows per kind, per tag and per phone country as they are
// read.
type counter struct {
	kinds    map[string]int
	phones   map[string]int // country → rows
	consents map[string]*Consent
	order    []string // consent names as first seen
	clean    int
	rows     int
}

func newCounter() *counter {
	return &counter{kinds: map[string]int{}, phones: map[string]int{}, consents: map[string]*Consent{}}
}

// problems lists the kinds found, in kindOrder, then any the panel does
// not know by name.
func (k *counter) problems() []Problem {
	var out []Problem
	seen := map[string]bool{}
	add := func(kind string) {
		seen[kind] = true
		n := k.kinds[kind]
		if n == 0 {
			return
		}
		p := Problem{Kind: kind, Label: KindLabel(kind), Rejected: rejectKinds[kind], Rows: n}
		if kind == "invalid_phone" {
			countries := make([]string, 0, len(k.phones))
			for c := range k.phones {
				countries = append(countries, c)
			}
			slices.SortFunc(countries, func(a, b string) int {
				if k.phones[a] != k.phones[b] {
					return k.phones[b] - k.phones[a]
				}
				return strings.Compare(a, b)
			})
			for _, c := range countries {
				p.ByCountry = append(p.ByCountry, CountryRows{Country: c, Rows: k.phones[c], Tag: phoneTag(c)})
				p.Tags = append(p.Tags, phoneTag(c))
			}
		} else {
			p.Tags = []string{kindTag(kind)}
		}
		out = append(out, p)
	}
	for _, ko := range kindOrder {
		add(ko.kind)
	}
	var rest []string
	for kind := range k.kinds {
		if !seen[kind] {
			rest = append(rest, kind)
		}
	}
	slices.Sort(rest)
	for _, kind := range rest {
		add(kind)
	}
	return out
}

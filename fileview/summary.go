package fileview

import (
	"slices"
	"strings"

	"rolo/filter"
	"rolo/importer"
)

// Summary is what the audit panel shows: the audit report, and for each
// count the tags or consents that open exactly its rows.
type Summary struct {
	File string // the file's name
	// Report is the audit of the file (nil when the load was cancelled).
	Report *importer.AuditReport
	// Rows is how many rows were read, Clean how many of them have no
	// problem at all (the report's rows and rows_ok).
	Rows, Clean int
	// Problems are the kinds of problem found, most serious first; each
	// counts rows.
	Problems []Problem
	// Consents are the consents the file's columns record.
	Consents []Consent
	// Duplicates are the clusters of rows that share an e-mail, a phone
	// or a tax ID (the audit's: an import would merge them, or warn of a
	// shared phone); DuplicateRows how many rows they hold, each tagged
	// DuplicateTag.
	Duplicates    []importer.Cluster
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
	Kind  string // the audit's kind (problems in the report)
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
// shows them, with their names in words; the first six make an import
// refuse the row.
var kindOrder = []struct{ kind, label string }{
	{"unbalanced_quote", "unbalanced quote"},
	{"invalid_json", "not a JSON object"},
	{"ragged_row", "ragged row"},
	{"formula_without_value", "formula without a saved value"},
	{"no_key", "no e-mail or phone"},
	{"invalid_channel", "channel row without a valid value"},
	{"invalid_phone", "invalid phone"},
	{"invalid_email", "invalid e-mail"},
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
	{"ambiguous_date", "date read in an order no value decided"},
	{"formula_text", "cell a spreadsheet would run as a formula"},
}

// rejectKinds are the kinds an import refuses a row for.
var rejectKinds = map[string]bool{"unbalanced_quote": true, "invalid_json": true, "ragged_row": true, "formula_without_value": true, "no_key": true, "invalid_channel": true}

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

// summarize takes every count from the audit's report, so the panel and
// `rolo audit` can never disagree: rows per kind of problem, invalid
// phones per country, consents, duplicate clusters.
func summarize(file string, rep *importer.AuditReport) *Summary {
	sum := &Summary{File: file, Report: rep, Rows: rep.Rows, Clean: rep.RowsOK, Columns: columnsOf(rep)}
	seen := map[string]bool{}
	add := func(kind string) {
		seen[kind] = true
		n := rep.Problems[kind]
		if n == 0 {
			return
		}
		p := Problem{Kind: kind, Label: KindLabel(kind), Rejected: rejectKinds[kind], Rows: n}
		if kind == "invalid_phone" {
			countries := make([]string, 0, len(rep.PhoneRows))
			for c := range rep.PhoneRows {
				countries = append(countries, c)
			}
			slices.SortFunc(countries, func(a, b string) int {
				if rep.PhoneRows[a] != rep.PhoneRows[b] {
					return rep.PhoneRows[b] - rep.PhoneRows[a]
				}
				return strings.Compare(a, b)
			})
			for _, c := range countries {
				p.ByCountry = append(p.ByCountry, CountryRows{Country: c, Rows: rep.PhoneRows[c], Tag: phoneTag(c)})
				p.Tags = append(p.Tags, phoneTag(c))
			}
		} else {
			p.Tags = []string{kindTag(kind)}
		}
		sum.Problems = append(sum.Problems, p)
	}
	for _, ko := range kindOrder {
		add(ko.kind)
	}
	var rest []string
	for kind := range rep.Problems {
		if !seen[kind] {
			rest = append(rest, kind)
		}
	}
	slices.Sort(rest)
	for _, kind := range rest {
		add(kind)
	}
	for _, cv := range rep.Consents {
		sum.Consents = append(sum.Consents, Consent{Name: cv.Name, Columns: []string{cv.Column},
			Granted: cv.Granted, Withdrawn: cv.Withdrawn, None: rep.Rows - cv.Granted - cv.Withdrawn})
	}
	sum.Duplicates = rep.AllDuplicates()
	return sum
}

// columnsOf lists the fields the file's columns fill, in the file's order,
// with the name parts left to the table's name column.
func columnsOf(rep *importer.AuditReport) []string {
	var out []string
	for _, t := range rep.Tables {
		for _, col := range t.Columns {
			f := col.Field
			switch f {
			case "", importer.TargetIgnore, "first_name", "middle_name", "last_name", "full_name", "record_type":
				continue
			}
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

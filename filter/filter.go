package filter

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"rolo/contact"
)

// Op is a comparison operator. Its value is its text form in --where.
type Op string

// Operators.
const (
	Eq         Op = "="
	Ne         Op = "!="
	Gt         Op = ">"
	Lt         Op = "<"
	Ge         Op = ">="
	Le         Op = "<="
	Contains   Op = "contains"
	StartsWith Op = "starts with"
	Exists     Op = "exists"
	NotExists  Op = "not exists"
	In         Op = "in"     // groups and tags (also accepted as "=" elsewhere)
	NotIn      Op = "not in" // groups and tags (also accepted as "!=" elsewhere)
)

// negative reports whether op is the negation of a positive operator: such a
// condition holds when the positive one does not, so "city != A, B" means
// "neither A nor B" and an absent value satisfies it.
func (op Op) negative() bool { return op == Ne || op == NotIn || op == NotExists }

// positive is the operator op negates (op itself when it is positive).
func (op Op) positive() Op {
	switch op {
	case Ne:
		return Eq
	case NotIn:
		return In
	case NotExists:
		return Exists
	}
	return op
}

// takesValues reports whether op is followed by values.
func (op Op) takesValues() bool { return op != Exists && op != NotExists }

// ordering reports whether op compares by order (numbers, dates, times).
func (op Op) ordering() bool { return op == Gt || op == Lt || op == Ge || op == Le }

// Condition is one test: a field, an operator, and values joined by OR.
// Field is a canonical name as contact.LookupField gives it (Parse
// canonicalises aliases such as "group" → "groups"), or custom:<name> or
// consent:<name>.
type Condition struct {
	Field  string
	Op     Op
	Values []string
}

// Filter is a list of conditions joined by AND, and groups of
// alternatives: a contact passes when every condition holds and, in every
// group, at least one alternative passes. The zero Filter matches every
// contact.
type Filter struct {
	Conds  []Condition
	Groups []Group
}

// Group is alternatives joined by OR: it holds when any of them does.
type Group struct {
	Any []Filter
}

// IsEmpty reports whether the filter has no conditions (it matches all).
func (f Filter) IsEmpty() bool { return len(f.Conds) == 0 && len(f.Groups) == 0 }

// parts is how many conditions and groups the filter joins by AND.
func (f Filter) parts() int { return len(f.Conds) + len(f.Groups) }

// Options tune evaluation.
type Options struct {
	// Country is the default country (ISO alpha-2) for phone values given in
	// national form ("601 234 567" → +48601234567 with PL).
	Country string
	// Now is the clock for relative dates such as -30d (default time.Now).
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// String writes the filter in the --where syntax; Parse(f.String()) gives
// f back. Values are quoted only where they must be.
func (f Filter) String() string {
	parts := make([]string, 0, f.parts())
	for _, c := range f.Conds {
		parts = append(parts, c.String())
	}
	for _, g := range f.Groups {
		s := g.String()
		if f.parts() > 1 {
			s = "(" + s + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " and ")
}

// String writes the group's alternatives joined by "or", each in
// parentheses when it joins several parts by "and" (which binds first,
// so they are there for the reader).
func (g Group) String() string {
	parts := make([]string, len(g.Any))
	for i, alt := range g.Any {
		parts[i] = alt.String()
		if alt.parts() > 1 {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " or ")
}

// String writes one condition in the --where syntax.
func (c Condition) String() string {
	var b strings.Builder
	b.WriteString(quoteField(c.Field))
	b.WriteByte(' ')
	b.WriteString(string(c.Op))
	if !c.Op.takesValues() {
		return b.String()
	}
	for i, v := range c.Values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(' ')
		b.WriteString(quoteValue(v))
	}
	return b.String()
}

// quoteField quotes the part of a field name that a bare word cannot hold
// (custom:"loyalty card").
func quoteField(name string) string {
	if bareField(name) {
		return name
	}
	for _, p := range []string{contact.CustomPrefix, contact.ConsentPrefix} {
		if sub, ok := strings.CutPrefix(name, p); ok {
			return p + quote(sub)
		}
	}
	return quote(name)
}

func bareField(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || isOpRune(r) || r == ',' || r == '"' || r == '\'' || r == '\\' || r == '(' || r == ')' {
			return false
		}
	}
	return true
}

// quoteValue writes a value bare when Parse would read it back unchanged,
// else in double quotes.
func quoteValue(v string) string {
	if bareValue(v) {
		return v
	}
	return quote(v)
}

func bareValue(v string) bool {
	if contact.IsDigits(v) {
		return true // IDs, numbers: the common long lists, checked at once
	}
	if v == "" || v != strings.TrimSpace(v) || strings.ContainsAny(v, ",\t\n\r\v\f") {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(v); r == '"' || r == '\'' {
		return false
	}
	if strings.Contains(v, "  ") {
		return false // the parser keeps inner spacing, but a reader may not see it
	}
	if !balanced(v) {
		return false // a stray ")" would close a group
	}
	for _, w := range strings.Fields(v) {
		if strings.EqualFold(w, "and") || strings.EqualFold(w, "or") {
			return false
		}
	}
	for _, r := range v {
		if unicode.IsControl(r) || unicode.IsSpace(r) && r != ' ' {
			return false
		}
	}
	return true
}

// quote writes s in double quotes with \" and \\ escaped.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ { // bytes: text that is not UTF-8 stays as it is
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// Describe writes the filter in words for a table header:
// "city is Kraków or Łódź, and points ≥ 100". The empty filter is
// "all contacts".
func (f Filter) Describe() string {
	if f.IsEmpty() {
		return "all contacts"
	}
	parts := make([]string, 0, f.parts())
	for _, c := range f.Conds {
		parts = append(parts, c.Describe())
	}
	for _, g := range f.Groups {
		s := g.Describe()
		if f.parts() > 1 {
			s = "(" + s + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", and ")
}

// Describe writes the group's alternatives in words, joined by "or".
func (g Group) Describe() string {
	parts := make([]string, len(g.Any))
	for i, alt := range g.Any {
		parts[i] = alt.Describe()
		if alt.parts() > 1 {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, ", or ")
}

// describeMax is how many values a condition in words lists.
const describeMax = 6

// Describe writes one condition in words.
func (c Condition) Describe() string {
	label := fieldLabel(c.Field)
	vals := c.Values
	or := func(sep string) string {
		if len(vals) > describeMax {
			// A header line has no room for hundreds of IDs.
			return strings.Join(vals[:describeMax-1], sep) + sep + "… (" + contact.FormatCount(len(vals)) + " values)"
		}
		return strings.Join(vals, sep)
	}
	switch c.Field {
	case "groups", "tags":
		noun := "group"
		if c.Field == "tags" {
			noun = "tag"
		}
		switch c.Op {
		case In, Eq:
			return "in " + noun + " " + or(" or ")
		case NotIn, Ne:
			return "not in " + noun + " " + or(" or ")
		case Exists:
			return "in any " + noun
		case NotExists:
			return "in no " + noun
		}
	case "changed_by":
		switch c.Op {
		case In, Eq:
			return "changed by " + or(" or ")
		case NotIn, Ne:
			return "not changed by " + or(" or ")
		case Exists:
			return "changed by a named user"
		case NotExists:
			return "changed by no named user"
		}
	}
	switch c.Op {
	case Eq, In:
		return label + " is " + or(" or ")
	case Ne, NotIn:
		if len(vals) > 1 {
			return label + " is neither " + or(" nor ")
		}
		return label + " is not " + or("")
	case Gt:
		return label + " > " + or(" or ")
	case Lt:
		return label + " < " + or(" or ")
	case Ge:
		return label + " ≥ " + or(" or ")
	case Le:
		return label + " ≤ " + or(" or ")
	case Contains:
		return label + " contains " + or(" or ")
	case StartsWith:
		return label + " starts with " + or(" or ")
	case Exists:
		return label + " is set"
	case NotExists:
		return label + " is empty"
	}
	return c.String()
}

// fieldLabel is a field's label in running text: "city", "e-mails",
// "CRM ID", "consent sms", "loyalty_card".
func fieldLabel(name string) string {
	f, ok := contact.LookupField(name)
	if !ok {
		return name
	}
	l := f.Label
	switch f.Section {
	case "custom":
		return l
	case "consents":
		return "consent " + strings.TrimPrefix(f.Name, contact.ConsentPrefix)
	}
	r, n := utf8.DecodeRuneInString(l)
	if r2, _ := utf8.DecodeRuneInString(l[n:]); unicode.IsUpper(r) && !unicode.IsUpper(r2) {
		l = string(unicode.ToLower(r)) + l[n:]
	}
	return l
}

// OpsFor lists the operators that fit a field's type, in the order a filter
// builder should offer them. An unknown field gets nil.
func OpsFor(field string) []Op {
	f, ok := contact.LookupField(field)
	if !ok {
		return nil
	}
	switch f.Kind {
	case contact.KindList, contact.KindAddresses:
		return []Op{In, NotIn, Contains, StartsWith, Exists, NotExists}
	case contact.KindNumber, contact.KindDate, contact.KindTime:
		return []Op{Eq, Ne, Gt, Lt, Ge, Le, Exists, NotExists}
	case contact.KindConsent:
		return []Op{Eq, Ne, Gt, Lt, Ge, Le, Exists, NotExists}
	case contact.KindEnum, contact.KindCountry:
		return []Op{Eq, Ne, Exists, NotExists}
	case contact.KindID:
		if f.Name == "id" {
			return []Op{Eq, Ne, Gt, Lt, Ge, Le}
		}
	}
	return []Op{Eq, Ne, Contains, StartsWith, Exists, NotExists}
}

// allows reports whether op may be used with the field: OpsFor, plus "in"
// and "not in" wherever "=" fits and "=" and "!=" for lists.
func allows(field string, op Op) bool {
	ops := OpsFor(field)
	has := func(o Op) bool {
		for _, x := range ops {
			if x == o {
				return true
			}
		}
		return false
	}
	switch op {
	case In, NotIn:
		return has(Eq) || has(In)
	case Eq, Ne:
		return has(Eq) || has(In)
	}
	return has(op)
}

// balanced reports whether every ")" in s closes a "(" before it and
// every "(" is closed.
func balanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return false
			}
			depth--
		}
	}
	return depth == 0
}

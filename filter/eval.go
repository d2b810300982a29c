package filter

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"rolo/contact"
)

// fold is how text is compared: lower case, no accents, Cyrillic in Latin
// letters, so "lodz" finds "Łódź", "wisniewski" finds "Wiśniewski" and
// "ivanov" finds "Иванов".
func fold(s string) string { return contact.Translit(s) }

// folder folds a column's text the way its conditions compare it: fold
// for text, fold of the normalised ID for tax IDs, nothing for text folded
// already (the full-name arena). appendFold is fold without allocating for
// ASCII, which is most of what a million contacts hold.
type folder struct{ kind uint8 }

// Folder kinds.
const (
	foldText uint8 = iota
	foldTaxID
	foldNone
)

func (f folder) fold(s string) string {
	switch f.kind {
	case foldTaxID:
		return fold(contact.NormalizeTaxID(s))
	case foldNone:
		return s
	}
	return fold(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// same reports whether s folds to itself.
func (f folder) same(s string) bool {
	if f.kind == foldNone {
		return true
	}
	if !isASCII(s) {
		return f.fold(s) == s
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || f.kind == foldTaxID && !isAlnum(c) {
			return false
		}
	}
	return true
}

// appendFold appends the folded s to dst.
func (f folder) appendFold(dst []byte, s string) []byte {
	if f.kind == foldNone || !isASCII(s) {
		return append(dst, f.fold(s)...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if f.kind == foldTaxID && !isAlnum(c) {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// Matcher reports whether one contact passes a filter.
type Matcher func(*contact.Contact) bool

// Compile prepares f for testing contacts one at a time, for passes that
// stream the store (an export with --where, a count without an Index). Its
// results are those of Index.Match. An error says which condition is wrong
// and why. A Matcher remembers the folded form of text it has seen (cities,
// names repeat), so it is for one goroutine at a time.
func (f Filter) Compile(opt Options) (Matcher, error) {
	pl, err := f.prepare(opt)
	if err != nil {
		return nil, err
	}
	pl.each(func(p *pred) { p.memo = map[string]string{} })
	return pl.matchContact, nil
}

// plan is a filter made ready to evaluate: its conditions as preds, its
// groups as alternatives.
type plan struct {
	preds  []*pred
	groups [][]*plan // each holds when any of its plans does
}

func (f Filter) prepare(opt Options) (*plan, error) {
	pl := &plan{preds: make([]*pred, len(f.Conds)), groups: make([][]*plan, len(f.Groups))}
	for i, c := range f.Conds {
		p, err := prepare(c, opt)
		if err != nil {
			return nil, err
		}
		pl.preds[i] = p
	}
	for i, g := range f.Groups {
		for _, alt := range g.Any {
			ap, err := alt.prepare(opt)
			if err != nil {
				return nil, err
			}
			pl.groups[i] = append(pl.groups[i], ap)
		}
	}
	return pl, nil
}

// each calls fn on every pred of the plan and its groups.
func (pl *plan) each(fn func(*pred)) {
	for _, p := range pl.preds {
		fn(p)
	}
	for _, g := range pl.groups {
		for _, alt := range g {
			alt.each(fn)
		}
	}
}

// matchContact reports whether c passes the plan: every pred, and in
// every group one alternative.
func (pl *plan) matchContact(c *contact.Contact) bool {
	for _, p := range pl.preds {
		if !p.matchContact(c) {
			return false
		}
	}
	for _, g := range pl.groups {
		if !slices.ContainsFunc(g, func(alt *plan) bool { return alt.matchContact(c) }) {
			return false
		}
	}
	return true
}

// pred is a condition made ready to evaluate: the field resolved, the
// operator split into a positive test and a negation, the values parsed
// and folded once.
type pred struct {
	field contact.Field
	op    Op   // the positive operator
	neg   bool // the condition holds when the positive test fails
	// Prepared values, by the field's kind.
	texts  []string  // folded text; tax IDs normalised; countries as codes
	empty  bool      // "= \"\"": an absent value matches
	nums   []float64 // numbers, ids
	spans  []span    // dates and times; consents given within
	days   []string  // birthdays of any year: "-07-22" (--07-22) or "-07-" (--07)
	bools  []bool    // consent values
	phones []string  // phones: exact E.164 values
	digits []string  // phones: digit strings for contains / starts with / loose equality
	// memo keeps folded cells that are not ASCII (nil: no memo), up to
	// memoMax of them.
	memo map[string]string
}

// memoMax bounds a Matcher's memory of folded text.
const memoMax = 1 << 14

// prepare checks a condition and prepares its values.
func prepare(c Condition, opt Options) (*pred, error) {
	fd, ok := contact.LookupField(c.Field)
	if !ok {
		return nil, fmt.Errorf("filter: unknown field %q", c.Field)
	}
	if !allows(fd.Name, c.Op) {
		return nil, fmt.Errorf("filter: %s does not work with %s (use one of %s)", c.Op, fd.Name, opList(fd.Name))
	}
	if c.Op.takesValues() && len(c.Values) == 0 {
		return nil, fmt.Errorf("filter: %s %s needs a value", fd.Name, c.Op)
	}
	p := &pred{field: fd, op: c.Op.positive(), neg: c.Op.negative()}
	if p.op == In {
		p.op = Eq
	}
	if !c.Op.takesValues() {
		return p, nil
	}
	for _, v := range c.Values {
		if msg := checkValue(fd, c.Op, v); msg != "" {
			return nil, fmt.Errorf("filter: %s: %q: %s", fd.Name, v, msg)
		}
		if err := p.addValue(v, opt); err != nil {
			return nil, err
		}
	}
	if p.op == Eq && len(p.nums) > manyNums {
		slices.Sort(p.nums) // testNumber then searches them
	}
	return p, nil
}

// manyNums is how many numbers an equality condition compares one by one;
// a longer list (the contacts an import touched, by ID) is searched.
const manyNums = 8

func (p *pred) addValue(v string, opt Options) error {
	v = contact.CleanText(v)
	if v == "" && p.op == Eq {
		p.empty = true
		return nil
	}
	switch p.field.Kind {
	case contact.KindNumber:
		n, _ := contact.ParseNumber(v)
		p.nums = append(p.nums, n)
	case contact.KindDate, contact.KindTime:
		if d, ok := birthday(v); ok && p.field.Kind == contact.KindDate {
			p.days = append(p.days, d)
			return nil
		}
		sp, _ := parseWhen(v, p.field.Kind == contact.KindTime, opt.now, contact.DateOrderFor(opt.Country))
		p.spans = append(p.spans, sp)
	case contact.KindConsent:
		if b, ok := contact.ParseBool(v); ok && !p.op.ordering() {
			p.bools = append(p.bools, b)
			return nil
		}
		sp, _ := parseWhen(v, true, opt.now, contact.DateOrderFor(opt.Country))
		p.spans = append(p.spans, sp)
	case contact.KindCountry:
		if cc, ok := contact.CountryCode(v); ok && p.op == Eq {
			p.texts = append(p.texts, fold(cc))
		} else {
			p.texts = append(p.texts, fold(v))
		}
	case contact.KindPhones, contact.KindPhone:
		p.addPhone(v, opt.Country)
	case contact.KindID:
		switch p.field.Name {
		case "id":
			n, _ := parseID(v)
			p.nums = append(p.nums, float64(n))
		case "tax_id":
			p.texts = append(p.texts, fold(contact.NormalizeTaxID(v)))
		default:
			p.texts = append(p.texts, fold(v))
		}
	default:
		p.texts = append(p.texts, fold(v))
	}
	return nil
}

// addPhone prepares a phone value. For equality a number that normalises
// (with the default country when written in national form) is compared as
// E.164; anything else by its digits. For contains the digits are searched
// in the E.164 digits; for starts with a national prefix gets the default
// country's calling code (and loses its trunk prefix: 0151… → 49151…).
func (p *pred) addPhone(v, country string) {
	d := phonenumbers.NormalizeDigitsOnly(v)
	intl := strings.HasPrefix(v, "+") || strings.HasPrefix(v, "00")
	if strings.HasPrefix(v, "00") {
		d = d[2:]
	}
	switch p.op {
	case Eq:
		if ph, err := contact.NormalizePhone(v, country); err == nil {
			p.phones = append(p.phones, ph.Number)
			return
		}
		p.digits = append(p.digits, d)
	case StartsWith:
		if !intl && country != "" {
			cc := phonenumbers.GetCountryCodeForRegion(strings.ToUpper(country))
			if cc != 0 {
				if ndd := phonenumbers.GetNddPrefixForRegion(strings.ToUpper(country), true); ndd != "" {
					d = strings.TrimPrefix(d, ndd)
				}
				d = strconv.Itoa(cc) + d
			}
		}
		p.digits = append(p.digits, d)
	default: // contains
		if ph, err := contact.NormalizePhone(v, country); err == nil && !intl && country != "" {
			d = strings.TrimPrefix(ph.Number, "+")
		}
		p.digits = append(p.digits, d)
	}
}

// matchContact is the condition's test on one contact: the reference
// semantics that the Index's column evaluation reproduces.
func (p *pred) matchContact(c *contact.Contact) bool {
	return p.test(c) != p.neg
}

func (p *pred) test(c *contact.Contact) bool {
	name := p.field.Name
	switch p.field.Kind {
	case contact.KindNumber:
		n := c.Points
		if name == "paid_total" {
			n = c.PaidTotal
		}
		return p.testNumber(n.Value, n.Valid)
	case contact.KindDate:
		return p.testDate(c.BirthDate)
	case contact.KindTime:
		t := c.CreatedAt
		if name == "updated_at" {
			t = c.UpdatedAt
		}
		return p.testTime(t.Unix(), !t.IsZero())
	case contact.KindConsent:
		k, ok := c.Consent(strings.TrimPrefix(name, contact.ConsentPrefix))
		return p.testConsent(ok, k.Granted, k.At.Unix())
	case contact.KindPhones, contact.KindPhone:
		return p.testPhones(c.Values(name))
	}
	if name == "id" {
		return p.testNumber(float64(c.ID), c.ID != 0)
	}
	return p.testTexts(c.Values(name))
}

func (p *pred) testNumber(x float64, ok bool) bool {
	if p.op == Exists {
		return ok
	}
	if !ok {
		return p.empty
	}
	if p.op == Eq && len(p.nums) > manyNums {
		_, found := slices.BinarySearch(p.nums, x)
		return found
	}
	for _, v := range p.nums {
		if cmpOp(x, v, p.op) {
			return true
		}
	}
	return false
}

func cmpOp(x, v float64, op Op) bool {
	switch op {
	case Eq:
		return x == v
	case Gt:
		return x > v
	case Lt:
		return x < v
	case Ge:
		return x >= v
	case Le:
		return x <= v
	}
	return false
}

// testDate tests a stored date: YYYY-MM-DD, or --MM-DD without a year
// (which only exists and a birthday of any year match).
func (p *pred) testDate(v string) bool {
	if p.op == Exists {
		return v != ""
	}
	if v != "" {
		for _, d := range p.days {
			if strings.HasSuffix(v, d) || (len(d) == 4 && len(v) >= 6 && v[len(v)-6:len(v)-2] == d) {
				return true
			}
		}
	}
	if len(p.spans) == 0 && v != "" {
		return false
	}
	x, ok := dateSeconds(v)
	return p.testTime(x, ok)
}

// birthday reads a date of any year: --MM-DD (or --MMDD) or a month --MM.
func birthday(v string) (string, bool) {
	rest, ok := strings.CutPrefix(contact.CleanText(v), "--")
	if !ok {
		return "", false
	}
	if len(rest) == 2 && contact.IsDigits(rest) && rest >= "01" && rest <= "12" {
		return "-" + rest + "-", true
	}
	d, err := contact.ParseDate(v)
	if err != nil {
		return "", false
	}
	return d[1:], true
}

func (p *pred) testTime(x int64, ok bool) bool {
	if p.op == Exists {
		return ok
	}
	if !ok {
		return p.empty
	}
	for _, sp := range p.spans {
		if inSpan(x, sp, p.op) {
			return true
		}
	}
	return false
}

func (p *pred) testConsent(recorded, granted bool, at int64) bool {
	if p.op == Exists {
		return recorded
	}
	if !recorded {
		return p.empty
	}
	for _, b := range p.bools {
		if granted == b {
			return true
		}
	}
	if !granted {
		return false
	}
	for _, sp := range p.spans {
		if inSpan(at, sp, p.op) {
			return true
		}
	}
	return false
}

func (p *pred) testPhones(nums []string) bool {
	if p.op == Exists {
		return len(nums) > 0
	}
	if len(nums) == 0 {
		return p.empty
	}
	for _, n := range nums {
		if p.testPhone(n) {
			return true
		}
	}
	return false
}

func (p *pred) testPhone(e164 string) bool {
	digits := strings.TrimPrefix(e164, "+")
	for _, v := range p.phones {
		if e164 == v {
			return true
		}
	}
	for _, d := range p.digits {
		switch p.op {
		case Eq:
			if digits == d {
				return true
			}
		case StartsWith:
			if strings.HasPrefix(digits, d) {
				return true
			}
		case Contains:
			if strings.Contains(digits, d) {
				return true
			}
		}
	}
	return false
}

func (p *pred) testTexts(vals []string) bool {
	if p.op == Exists {
		return len(vals) > 0
	}
	if len(vals) == 0 {
		return p.empty
	}
	for _, v := range vals {
		if p.testText(p.foldCell(v)) {
			return true
		}
	}
	return false
}

// foldCell folds a stored value the way the field's values were folded.
func (p *pred) foldCell(v string) string {
	if p.field.Name == "tax_id" {
		return fold(contact.NormalizeTaxID(v))
	}
	if p.memo == nil || isASCII(v) {
		return fold(v)
	}
	if f, ok := p.memo[v]; ok {
		return f
	}
	f := fold(v)
	if len(p.memo) < memoMax {
		p.memo[strings.Clone(v)] = f
	}
	return f
}

func (p *pred) testText(f string) bool {
	for _, v := range p.texts {
		switch p.op {
		case Eq:
			if f == v {
				return true
			}
		case Contains:
			if strings.Contains(f, v) {
				return true
			}
		case StartsWith:
			if strings.HasPrefix(f, v) {
				return true
			}
		}
	}
	return false
}

// testCell is the positive test on one stored cell, in its Get form (lists
// joined with contact.ListSep): how column dictionaries and arenas reuse the
// reference semantics.
func (p *pred) testCell(v string) bool {
	switch p.field.Kind {
	case contact.KindPhones, contact.KindPhone:
		return p.testPhones(splitCell(v))
	case contact.KindEmails, contact.KindList, contact.KindAddresses:
		return p.testTexts(splitCell(v))
	case contact.KindDate:
		return p.testDate(v)
	}
	switch {
	case p.op == Exists:
		return v != ""
	case v == "":
		return p.empty
	}
	return p.testText(p.foldCell(v))
}

func splitCell(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, contact.ListSep)
}

package filter

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"rolo/contact"
)

// SyntaxError is a malformed --where expression. Pos is the byte offset of
// the offending word in the expression, Word the word itself ("" at the
// end of the text).
type SyntaxError struct {
	Pos  int
	Word string
	Msg  string
	// Column is the 1-based position of the word in characters, for
	// messages; Parse fills it in.
	Column int
}

// Error names the word and its column: `"pionts" at column 1: unknown
// field; did you mean points?`.
func (e *SyntaxError) Error() string {
	col := e.Column
	if col == 0 {
		col = e.Pos + 1
	}
	if e.Word == "" {
		return fmt.Sprintf("at the end (column %d): %s", col, e.Msg)
	}
	return fmt.Sprintf("%q at column %d: %s", e.Word, col, e.Msg)
}

// Parse reads a --where expression:
//
//	city = Kraków, Łódź and consent:sms = yes and points >= 100 and email exists and group not in Churned
//	(city = Kraków and points > 100) or group in VIP
//
// Conditions are joined by "and" and "or" ("and" binds first, as in SQL;
// parentheses group); a condition is a field, an operator and,
// unless the operator is exists/not exists, values separated by commas (any
// of them may match). A value is a bare run of words up to a comma or the
// word "and", or a quoted string ("…" or '…', with \" and \\ escapes) for
// values holding commas, quotes, "and", or leading and trailing spaces.
// Field names are canonicalised (group → groups). Values are checked against
// the field's type (a number for points, a date or -30d for created_at, one
// of the statuses for status…) so a typo is caught here, pointing at it.
// The empty expression is the empty filter.
func Parse(expr string) (Filter, error) {
	p := &parser{s: expr}
	f, err := p.parse()
	if err != nil {
		if se, ok := err.(*SyntaxError); ok {
			se.Column = utf8.RuneCountInString(expr[:min(se.Pos, len(expr))]) + 1
		}
		return Filter{}, err
	}
	return f, nil
}

type parser struct {
	s     string
	pos   int
	depth int // open parentheses
}

func (p *parser) errAt(pos int, word, format string, a ...any) error {
	return &SyntaxError{Pos: pos, Word: word, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += n
	}
}

func (p *parser) atEnd() bool { p.skipSpace(); return p.pos >= len(p.s) }

// word returns the next whitespace-delimited word (without consuming it).
// Inside parentheses a ")" ends a word, or is one.
func (p *parser) word() (string, int) {
	p.skipSpace()
	start := p.pos
	end := start
	for end < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[end:])
		if unicode.IsSpace(r) {
			break
		}
		if r == ')' && p.depth > 0 {
			if end == start {
				end += n
			}
			break
		}
		end += n
	}
	return p.s[start:end], start
}

// keyword consumes the next word if it equals kw (case-insensitively).
func (p *parser) keyword(kw string) bool {
	w, start := p.word()
	if strings.EqualFold(w, kw) {
		p.pos = start + len(w)
		return true
	}
	return false
}

func (p *parser) parse() (Filter, error) {
	if p.atEnd() {
		return Filter{}, nil
	}
	f, err := p.alternatives()
	if err != nil {
		return Filter{}, err
	}
	if !p.atEnd() {
		w, at := p.word()
		if strings.HasPrefix(w, ")") {
			return Filter{}, p.errAt(at, w, "this parenthesis closes none that was opened")
		}
		return Filter{}, p.errAt(at, w, "expected \"and\" or \"or\" between conditions (or a comma between values)")
	}
	return f, nil
}

// alternatives reads conditions joined by "or" (each a run joined by
// "and"), up to the end or a closing parenthesis.
func (p *parser) alternatives() (Filter, error) {
	var alts []Filter
	for {
		f, err := p.conjunction()
		if err != nil {
			return Filter{}, err
		}
		// (a or b) or c is a or b or c: one group.
		if len(f.Conds) == 0 && len(f.Groups) == 1 {
			alts = append(alts, f.Groups[0].Any...)
		} else {
			alts = append(alts, f)
		}
		if !p.keyword("or") {
			break
		}
		if p.atEnd() {
			return Filter{}, p.errAt(len(p.s), "", "a condition must follow \"or\"")
		}
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return Filter{Groups: []Group{{Any: alts}}}, nil
}

// conjunction reads conditions and parenthesised groups joined by "and".
func (p *parser) conjunction() (Filter, error) {
	var f Filter
	for {
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == '(' {
			open := p.pos
			p.pos++
			p.depth++
			if p.atEnd() {
				return Filter{}, p.errAt(open, "(", "the parenthesis is not closed")
			}
			sub, err := p.alternatives()
			if err != nil {
				return Filter{}, err
			}
			p.skipSpace()
			if p.pos >= len(p.s) || p.s[p.pos] != ')' {
				if p.pos >= len(p.s) {
					return Filter{}, p.errAt(open, "(", "the parenthesis is not closed")
				}
				w, at := p.word()
				return Filter{}, p.errAt(at, w, "expected \"and\", \"or\" or \")\"")
			}
			p.pos++
			p.depth--
			// (a and b) and c is a and b and c.
			f.Conds = append(f.Conds, sub.Conds...)
			f.Groups = append(f.Groups, sub.Groups...)
		} else {
			c, err := p.condition()
			if err != nil {
				return Filter{}, err
			}
			f.Conds = append(f.Conds, c)
		}
		if !p.keyword("and") {
			return f, nil
		}
		if p.atEnd() {
			return Filter{}, p.errAt(len(p.s), "", "a condition must follow \"and\"")
		}
	}
}

// afterOr reports whether the word at pos follows the word "or".
func (p *parser) afterOr(pos int) bool {
	before := strings.TrimRightFunc(p.s[:pos], unicode.IsSpace)
	return len(before) >= 2 && strings.EqualFold(before[len(before)-2:], "or") &&
		(len(before) == 2 || unicode.IsSpace(rune(before[len(before)-3])))
}

// joins reports whether the next word ends a condition: "and", "or", or
// a parenthesis closing a group.
func (p *parser) joins() bool {
	w, _ := p.word()
	return strings.EqualFold(w, "and") || strings.EqualFold(w, "or") || p.depth > 0 && strings.HasPrefix(w, ")")
}

func (p *parser) condition() (Condition, error) {
	name, at, err := p.field()
	if err != nil {
		return Condition{}, err
	}
	fd, ok := contact.LookupField(name)
	if !ok && p.afterOr(at) {
		return Condition{}, p.errAt(at, name, "unknown field; \"or\" joins conditions (city = A or group in VIP), a comma joins the values of one (city = A, B)")
	}
	if !ok {
		msg := "unknown field"
		if s := suggest(name); s != "" {
			msg += "; did you mean " + s + "?"
		} else {
			msg += " (use a field name such as city, points, custom:<name> or consent:<name>)"
		}
		return Condition{}, p.errAt(at, name, "%s", msg)
	}
	c := Condition{Field: fd.Name}
	if p.atEnd() {
		return Condition{}, p.errAt(len(p.s), "", "an operator must follow %s (one of %s)", fd.Name, opList(fd.Name))
	}
	opAt := p.pos
	op, opText, ok := p.operator()
	if !ok {
		w, at := p.word()
		return Condition{}, p.errAt(at, w, "expected an operator after %s (one of %s)", fd.Name, opList(fd.Name))
	}
	if !allows(fd.Name, op) {
		return Condition{}, p.errAt(opAt, opText, "%s does not work with %s (use one of %s)", op, fd.Name, opList(fd.Name))
	}
	c.Op = op
	if !op.takesValues() {
		if !p.atEnd() && !p.joins() {
			w, at := p.word()
			return Condition{}, p.errAt(at, w, "%s takes no value", op)
		}
		return c, nil
	}
	for {
		if p.atEnd() {
			return Condition{}, p.errAt(len(p.s), "", "a value must follow %s", opText)
		}
		vAt := p.pos
		v, raw, err := p.value(fd.Kind == contact.KindNumber)
		if err != nil {
			return Condition{}, err
		}
		if raw == "" {
			w, _ := p.word()
			return Condition{}, p.errAt(vAt, w, "a value must follow %s", opText)
		}
		if msg := checkValue(fd, op, v); msg != "" {
			return Condition{}, p.errAt(vAt, raw, "%s", msg)
		}
		c.Values = append(c.Values, v)
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.atEnd() || p.joins() {
			return c, nil
		}
		w, at := p.word()
		return Condition{}, p.errAt(at, w, "expected a comma, \"and\" or \"or\" after the value")
	}
}

// decimalComma reports whether the comma at s[i] sits between two digits.
func decimalComma(s string, i int) bool {
	return i > 0 && i+1 < len(s) && s[i-1] >= '0' && s[i-1] <= '9' && s[i+1] >= '0' && s[i+1] <= '9'
}

func isOpRune(r rune) bool {
	switch r {
	case '=', '!', '<', '>', '≠', '≥', '≤':
		return true
	}
	return false
}

// field reads a field name: a bare word ending at a space or an operator
// sign, a quoted string, or a prefix with a quoted name (custom:"a b").
func (p *parser) field() (string, int, error) {
	p.skipSpace()
	start := p.pos
	if p.pos < len(p.s) && (p.s[p.pos] == '"' || p.s[p.pos] == '\'') {
		s, err := p.quoted()
		return s, start, err
	}
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if unicode.IsSpace(r) || isOpRune(r) || r == ',' || r == ')' && p.depth > 0 {
			break
		}
		if (r == '"' || r == '\'') && strings.HasSuffix(p.s[start:p.pos], ":") {
			prefix := p.s[start:p.pos]
			sub, err := p.quoted()
			return prefix + sub, start, err
		}
		p.pos += n
	}
	name := p.s[start:p.pos]
	if name == "" {
		w, at := p.word()
		return "", at, p.errAt(at, w, "expected a field name")
	}
	return name, start, nil
}

// operator reads a sign (=, ==, !=, <>, >, <, >=, <=, ≠, ≥, ≤) or an
// operator word (contains, starts with, exists, not exists, in, not in,
// is, is not).
func (p *parser) operator() (Op, string, bool) {
	p.skipSpace()
	start := p.pos
	rest := p.s[p.pos:]
	for _, s := range []struct {
		text string
		op   Op
	}{{"==", Eq}, {"!=", Ne}, {"<>", Ne}, {">=", Ge}, {"<=", Le}, {"=", Eq}, {">", Gt}, {"<", Lt}, {"≠", Ne}, {"≥", Ge}, {"≤", Le}} {
		if strings.HasPrefix(rest, s.text) {
			p.pos += len(s.text)
			return s.op, s.text, true
		}
	}
	w, _ := p.word()
	switch strings.ToLower(w) {
	case "contains":
		p.pos = start + len(w)
		return Contains, w, true
	case "exists":
		p.pos = start + len(w)
		return Exists, w, true
	case "in":
		p.pos = start + len(w)
		return In, w, true
	case "starts", "not", "is", "does":
		p.pos = start + len(w)
		next, nAt := p.word()
		two := strings.ToLower(w + " " + next)
		ops := map[string]Op{"starts with": StartsWith, "not exists": NotExists, "not in": NotIn, "is not": Ne, "does not": NotExists}
		if op, ok := ops[two]; ok {
			p.pos = nAt + len(next)
			if op == NotExists && strings.EqualFold(w, "does") && !p.keyword("exist") {
				break
			}
			return op, p.s[start:p.pos], true
		}
		if strings.EqualFold(w, "is") {
			return Eq, w, true
		}
	case "startswith":
		p.pos = start + len(w)
		return StartsWith, w, true
	}
	p.pos = start
	return "", "", false
}

// value reads one value: quoted, or bare words up to a comma or "and". It
// returns the value and its text as written (for error messages). For a
// number, a comma between two digits is part of it (paid_total > 20,5);
// numbers are listed with a space after the comma (points = 5, 10).
func (p *parser) value(number bool) (string, string, error) {
	p.skipSpace()
	start := p.pos
	if p.pos < len(p.s) && (p.s[p.pos] == '"' || p.s[p.pos] == '\'') {
		v, err := p.quoted()
		return v, p.s[start:p.pos], err
	}
	end := start
	open := 0 // parentheses the value opened: its own ")" are its own
	for {
		p.skipSpace()
		ws := p.pos
		we := ws
		for we < len(p.s) {
			r, n := utf8.DecodeRuneInString(p.s[we:])
			if unicode.IsSpace(r) || r == ',' && !(number && decimalComma(p.s, we)) {
				break
			}
			if r == '(' {
				open++
			}
			if r == ')' {
				if open == 0 && p.depth > 0 {
					break // closes the group the condition is in
				}
				open = max(open-1, 0)
			}
			we += n
		}
		w := p.s[ws:we]
		if w == "" || strings.EqualFold(w, "and") || strings.EqualFold(w, "or") {
			break
		}
		end = we
		p.pos = we
		if we < len(p.s) && p.s[we] == ')' {
			break
		}
	}
	p.pos = end
	v := p.s[start:end]
	return v, v, nil
}

// quoted reads a string in double or single quotes; a backslash escapes
// the next character.
func (p *parser) quoted() (string, error) {
	start := p.pos
	q := p.s[p.pos]
	p.pos++
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.s):
			_, n := utf8.DecodeRuneInString(p.s[p.pos+1:])
			b.WriteString(p.s[p.pos+1 : p.pos+1+n])
			p.pos += 1 + n
		case c == q:
			p.pos++
			return b.String(), nil
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", p.errAt(start, p.s[start:], "the quote is not closed")
}

func opList(field string) string {
	ops := OpsFor(field)
	parts := make([]string, len(ops))
	for i, o := range ops {
		parts[i] = string(o)
	}
	return strings.Join(parts, ", ")
}

// checkValue says what is wrong with a value for the field and operator,
// or "" when it is fine. It checks what can be checked without options
// (phones in national form need the default country, checked at Match).
func checkValue(f contact.Field, op Op, v string) string {
	switch f.Kind {
	case contact.KindNumber:
		if _, err := contact.ParseNumber(v); err != nil {
			return f.Name + " needs a number"
		}
	case contact.KindDate, contact.KindTime:
		if _, ok := birthday(v); ok && f.Kind == contact.KindDate {
			if op != Eq && op != In && op != Ne && op != NotIn {
				return f.Name + " compares a birthday of any year (--07-22, --07) only with = or in"
			}
			return ""
		}
		if _, ok := parseWhen(v, f.Kind == contact.KindTime, zeroNow, contact.DayFirst); !ok {
			return f.Name + " needs a date (2026-11-02, 2026-11, 2026, or relative: -30d, -2w, -6m, -1y, today)"
		}
	case contact.KindEnum:
		for _, x := range f.Values {
			if strings.EqualFold(strings.TrimSpace(v), x) {
				return ""
			}
		}
		if op == Eq || op == Ne || op == In || op == NotIn {
			return f.Name + " is one of " + strings.Join(f.Values, ", ")
		}
	case contact.KindCountry:
		if op == Eq || op == Ne || op == In || op == NotIn {
			if _, ok := contact.CountryCode(v); !ok {
				return "not a country (use an ISO code such as PL, or a country name)"
			}
		}
	case contact.KindConsent:
		if op.ordering() {
			if _, ok := parseWhen(v, true, zeroNow, contact.DayFirst); !ok {
				return "comparing " + f.Name + " needs the date it was given (2026-11-02, -30d…)"
			}
			return ""
		}
		if _, ok := contact.ParseBool(v); ok {
			return ""
		}
		if _, ok := parseWhen(v, true, zeroNow, contact.DayFirst); !ok {
			return f.Name + " is yes or no (or the date it was given)"
		}
	case contact.KindID:
		if f.Name == "id" {
			if _, err := parseID(v); err != nil {
				return "id needs a whole number"
			}
		}
	}
	return ""
}

// suggest returns the known field name closest to a mistyped one, or "".
func suggest(name string) string {
	low := strings.ToLower(name)
	best, bestD := "", 3
	for _, f := range contact.Fields() {
		if d := editDistance(low, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	}
	for _, pre := range []string{"custom:", "consent:"} {
		if i := strings.IndexByte(name, ':'); i > 0 && editDistance(strings.ToLower(name[:i+1]), pre) <= 2 {
			return pre + name[i+1:]
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1) // a transposition
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

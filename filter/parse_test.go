package filter

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func cond(field string, op Op, vals ...string) Condition {
	return Condition{Field: field, Op: op, Values: vals}
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		expr string
		want []Condition
	}{
		{"", nil},
		{"   ", nil},
		{"city = Kraków", []Condition{cond("city", Eq, "Kraków")}},
		{"city = Kraków, Łódź and consent:sms = yes and points >= 100 and email exists and group not in Churned", []Condition{
			cond("city", Eq, "Kraków", "Łódź"), cond("consent:sms", Eq, "yes"), cond("points", Ge, "100"),
			cond("emails", Exists), cond("groups", NotIn, "Churned"),
		}},
		{"points>=100", []Condition{cond("points", Ge, "100")}},
		{"points>100 AND points<200", []Condition{cond("points", Gt, "100"), cond("points", Lt, "200")}},
		{"points <= 5 and points != 3", []Condition{cond("points", Le, "5"), cond("points", Ne, "3")}},
		{"points == 5 and points <> 3", []Condition{cond("points", Eq, "5"), cond("points", Ne, "3")}},
		{"points ≥ 5 and points ≤ 9 and points ≠ 7", []Condition{cond("points", Ge, "5"), cond("points", Le, "9"), cond("points", Ne, "7")}},
		{"last_name contains wisn", []Condition{cond("last_name", Contains, "wisn")}},
		{"last_name STARTS WITH Kow", []Condition{cond("last_name", StartsWith, "Kow")}},
		{"email not exists", []Condition{cond("emails", NotExists)}},
		{"email does not exist", []Condition{cond("emails", NotExists)}},
		{"tag in VIP, Gold and tag not in Lost", []Condition{cond("tags", In, "VIP", "Gold"), cond("tags", NotIn, "Lost")}},
		{"city is Berlin and city is not Köln", []Condition{cond("city", Eq, "Berlin"), cond("city", Ne, "Köln")}},
		// Bare multi-word values end at a comma or "and".
		{"city = Frankfurt am Main, Rio de Janeiro and points > 1", []Condition{
			cond("city", Eq, "Frankfurt am Main", "Rio de Janeiro"), cond("points", Gt, "1")}},
		// Quoting: commas, "and", quotes, spaces at the ends, escapes.
		{`company = "Smith and Sons", 'Kowalski, Nowak' and last_name = "O\"Brien\\x"`, []Condition{
			cond("company", Eq, "Smith and Sons", "Kowalski, Nowak"), cond("last_name", Eq, `O"Brien\x`)}},
		{`last_name = O'Brien`, []Condition{cond("last_name", Eq, "O'Brien")}},
		{`description = " padded "`, []Condition{cond("description", Eq, " padded ")}},
		{`city = ""`, []Condition{cond("city", Eq, "")}},
		{`custom:"loyalty card" = x and "custom:Shoe size" contains 3`, []Condition{
			cond("custom:loyalty card", Eq, "x"), cond("custom:Shoe size", Contains, "3")}},
		{"created_at >= -30d and birth_date < 1990 and updated_at = today", []Condition{
			cond("created_at", Ge, "-30d"), cond("birth_date", Lt, "1990"), cond("updated_at", Eq, "today")}},
		{"consent:sms = yes and consent:email >= 2026-01-01", []Condition{cond("consent:sms", Eq, "yes"), cond("consent:email", Ge, "2026-01-01")}},
		{"status = Subscriber and priority != low", []Condition{cond("status", Eq, "Subscriber"), cond("priority", Ne, "low")}},
		{"country = Polska, DE", []Condition{cond("country", Eq, "Polska", "DE")}},
		{"phone = 601 234 567", []Condition{cond("phones", Eq, "601 234 567")}},
		{"id > 10", []Condition{cond("id", Gt, "10")}},
	} {
		f, err := Parse(tt.expr)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.expr, err)
			continue
		}
		if !reflect.DeepEqual(f.Conds, tt.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.expr, f.Conds, tt.want)
		}
		// The text form round-trips.
		g, err := Parse(f.String())
		if err != nil || !reflect.DeepEqual(g, f) {
			t.Errorf("round trip of %q via %q: %#v, %v", tt.expr, f.String(), g, err)
		}
	}
}

func TestParseOr(t *testing.T) {
	kr, pts, vip := cond("city", Eq, "Kraków"), cond("points", Gt, "100"), cond("groups", In, "VIP")
	all := func(cs ...Condition) Filter { return Filter{Conds: cs} }
	anyOf := func(fs ...Filter) Group { return Group{Any: fs} }
	for _, tt := range []struct {
		expr, text string // text: how String writes it back
		want       Filter
	}{
		{"(city = Kraków and points > 100) or group in VIP", "(city = Kraków and points > 100) or groups in VIP",
			Filter{Groups: []Group{anyOf(all(kr, pts), all(vip))}}},
		// "and" binds first: the same without parentheses.
		{"city = Kraków and points > 100 or group in VIP", "(city = Kraków and points > 100) or groups in VIP",
			Filter{Groups: []Group{anyOf(all(kr, pts), all(vip))}}},
		{"city = Kraków and (points > 100 or group in VIP)", "city = Kraków and (points > 100 or groups in VIP)",
			Filter{Conds: []Condition{kr}, Groups: []Group{anyOf(all(pts), all(vip))}}},
		{"(city = Kraków or points > 100) and (group in VIP or email exists)",
			"(city = Kraków or points > 100) and (groups in VIP or emails exists)",
			Filter{Groups: []Group{anyOf(all(kr), all(pts)), anyOf(all(vip), all(cond("emails", Exists)))}}},
		// Parentheses that group nothing are dropped; nested ors are one group.
		{"((city = Kraków)) and points > 100", "city = Kraków and points > 100", all(kr, pts)},
		{"city = Kraków or (points > 100 or group in VIP)", "city = Kraków or points > 100 or groups in VIP",
			Filter{Groups: []Group{anyOf(all(kr), all(pts), all(vip))}}},
		// A value's own parentheses stay in it, inside a group or not.
		{"(company = ACME (Poland) or email exists)", "company = ACME (Poland) or emails exists",
			Filter{Groups: []Group{anyOf(all(cond("company", Eq, "ACME (Poland)")), all(cond("emails", Exists)))}}},
		{"last_name = :)", "last_name = \":)\"", all(cond("last_name", Eq, ":)"))},
		{"(city = Łódź)", "city = Łódź", all(cond("city", Eq, "Łódź"))},
		{"email exists or phone exists", "emails exists or phones exists",
			Filter{Groups: []Group{anyOf(all(cond("emails", Exists)), all(cond("phones", Exists)))}}},
		{"city = \"Pay or Die\", x OR city = y", "city = \"Pay or Die\", x or city = y",
			Filter{Groups: []Group{anyOf(all(cond("city", Eq, "Pay or Die", "x")), all(cond("city", Eq, "y")))}}},
	} {
		f, err := Parse(tt.expr)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.expr, err)
			continue
		}
		if !reflect.DeepEqual(f, tt.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.expr, f, tt.want)
		}
		if got := f.String(); got != tt.text {
			t.Errorf("String() of %q = %q, want %q", tt.expr, got, tt.text)
		}
		if g, err := Parse(f.String()); err != nil || !reflect.DeepEqual(g, f) {
			t.Errorf("round trip of %q via %q: %#v, %v", tt.expr, f.String(), g, err)
		}
	}
}

func TestDescribeOr(t *testing.T) {
	f, _ := Parse("(city = Kraków and points > 100) or group in VIP")
	if got, want := f.Describe(), "(city is Kraków, and points > 100), or in group VIP"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	f, _ = Parse("email exists and (city = A or city = B)")
	if got, want := f.Describe(), "e-mails is set, and (city is A, or city is B)"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		expr string
		pos  int
		word string
		msg  string
	}{
		{"pionts > 5", 0, "pionts", "did you mean points"},
		{"city = Kraków and pionts > 5", 19, "pionts", "unknown field"},
		{"city Kraków", 5, "Kraków", "expected an operator"},
		{"city", 4, "", "an operator must follow"},
		{"city =", 6, "", "a value must follow"},
		{"city = Kraków and", 18, "", "a condition must follow"},
		{"points > abc", 9, "abc", "needs a number"},
		{"points contains 5", 7, "contains", "does not work with points"},
		{"city > 5", 5, ">", "does not work with city"},
		{"created_at > soon", 13, "soon", "needs a date"},
		{"status = gone", 9, "gone", "one of contact, subscriber"},
		{"country = Atlantis", 10, "Atlantis", "not a country"},
		{"consent:sms = maybe", 14, "maybe", "yes or no"},
		{`city = "Kraków`, 7, `"Kraków`, "quote is not closed"},
		{`city = "Kraków" Łódź`, 17, "Łódź", "expected a comma"},
		{"email exists now", 13, "now", "takes no value"},
		{"city = a or Kraków", 12, "Kraków", "\"or\" joins conditions"},
		{"city = a or", 11, "", "a condition must follow \"or\""},
		{"(city = a or city = b", 0, "(", "parenthesis is not closed"},
		{"(city = a", 0, "(", "parenthesis is not closed"},
		{"(city = a)) or city = b", 10, ")", "closes none"},
		{"(city = a) city = b", 11, "city", "expected \"and\" or \"or\""},
		{"(email exists x)", 14, "x", "takes no value"},
		{"()", 1, ")", "expected a field name"},
		{"city = a,", 9, "", "a value must follow"},
		{"custom:shoe > 3", 12, ">", "does not work with custom:shoe"},
		{"custom: = 3", 0, "custom:", "unknown field"},
		{"id = x", 5, "x", "whole number"},
	} {
		_, err := Parse(tt.expr)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError", tt.expr, err)
			continue
		}
		if se.Pos != tt.pos || se.Word != tt.word || !strings.Contains(se.Error(), tt.msg) {
			t.Errorf("Parse(%q): pos %d word %q %q; want pos %d word %q containing %q", tt.expr, se.Pos, se.Word, se.Error(), tt.pos, tt.word, tt.msg)
		}
	}
}

func TestSyntaxErrorColumnCountsCharacters(t *testing.T) {
	_, err := Parse("city = Łódź and pionts > 1")
	var se *SyntaxError
	if !errors.As(err, &se) || se.Column != 17 || !strings.Contains(se.Error(), `"pionts" at column 17`) {
		t.Fatalf("got %v", err)
	}
}

func TestStringQuotesOnlyWhatItMust(t *testing.T) {
	f := Filter{Conds: []Condition{
		cond("city", Eq, "Frankfurt am Main", "Smith and Sons", "Pay or Die", "a,b", `"q"`, " x", ""),
		cond("custom:loyalty card", Exists),
		cond("last_name", Eq, "O'Brien", `back\slash`),
	}}
	want := `city = Frankfurt am Main, "Smith and Sons", "Pay or Die", "a,b", "\"q\"", " x", "" and custom:"loyalty card" exists and last_name = O'Brien, back\slash`
	if got := f.String(); got != want {
		t.Fatalf("String()\n got %s\nwant %s", got, want)
	}
	g, err := Parse(want)
	if err != nil || !reflect.DeepEqual(g, f) {
		t.Fatalf("round trip: %#v %v", g, err)
	}
}

func TestDescribe(t *testing.T) {
	f, err := Parse("city = Kraków, Łódź and points >= 100 and group not in Churned and email not exists and city != A, B")
	if err != nil {
		t.Fatal(err)
	}
	want := "city is Kraków or Łódź, and points ≥ 100, and not in group Churned, and e-mails is empty, and city is neither A nor B"
	if got := f.Describe(); got != want {
		t.Errorf("Describe()\n got %s\nwant %s", got, want)
	}
	if (Filter{}).Describe() != "all contacts" || !(Filter{}).IsEmpty() {
		t.Error("the empty filter")
	}
	// A long list is cut for the header line, saying how long it is.
	var many []string
	for i := 1; i <= 1200; i++ {
		many = append(many, strconv.Itoa(i))
	}
	long := Filter{Conds: []Condition{{Field: "id", Op: Eq, Values: many}}}
	if got, want := long.Describe(), "ID is 1 or 2 or 3 or 4 or 5 or … (1 200 values)"; got != want {
		t.Errorf("Describe() of 1 200 IDs\n got %s\nwant %s", got, want)
	}
}

func TestOpsFor(t *testing.T) {
	for field, want := range map[string][]Op{
		"city":        {Eq, Ne, Contains, StartsWith, Exists, NotExists},
		"group":       {In, NotIn, Contains, StartsWith, Exists, NotExists},
		"points":      {Eq, Ne, Gt, Lt, Ge, Le, Exists, NotExists},
		"created_at":  {Eq, Ne, Gt, Lt, Ge, Le, Exists, NotExists},
		"consent:sms": {Eq, Ne, Gt, Lt, Ge, Le, Exists, NotExists},
		"status":      {Eq, Ne, Exists, NotExists},
		"nope":        nil,
	} {
		if got := OpsFor(field); !reflect.DeepEqual(got, want) {
			t.Errorf("OpsFor(%s) = %v, want %v", field, got, want)
		}
	}
}

func TestDescribeOpenFields(t *testing.T) {
	f, _ := Parse(`consent:sms = yes and custom:"loyalty card" exists and tag in b2b`)
	if got, want := f.Describe(), "consent sms is yes, and loyalty card is set, and in tag b2b"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}

// FuzzParse: no input makes Parse panic, and whatever it accepts comes
// back unchanged through String.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"city = Kraków, Łódź and consent:sms = yes and points >= 100 and email exists and group not in Churned",
		`company = "Smith and Sons", 'a, b' and last_name = O'Brien`, `custom:"x y" = "\"q\""`, "points>=1,5",
		"created_at >= -30d", "a", "=", `"`, "city = ,", "phone starts with +48", "tag not in a, b and tag exists",
		"(city = Kraków and points > 100) or group in VIP", "(a = (b) or c = d)) and (e exists", "last_name = :) or (x = y)", "city = a) or city = b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(p.String())
		if err != nil {
			t.Fatalf("Parse(%q) gave %q, which does not parse: %v", s, p.String(), err)
		}
		if !reflect.DeepEqual(back, p) {
			t.Fatalf("Parse(%q) = %#v; through %q it became %#v", s, p, p.String(), back)
		}
		_ = p.Describe()
	})
}

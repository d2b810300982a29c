package ui

import (
	"testing"

	"rolo/filter"
)

// Builder → --where text → parser → builder: every shape the builder makes
// comes back the same, and the --where texts of the issue open in it.
func TestFilterShapeRoundTrip(t *testing.T) {
	city := filter.Condition{Field: "city", Op: filter.Eq, Values: []string{"Kraków"}}
	points := filter.Condition{Field: "points", Op: filter.Gt, Values: []string{"100"}}
	vip := filter.Condition{Field: "groups", Op: filter.In, Values: []string{"VIP"}}
	pl := filter.Condition{Field: "country", Op: filter.Eq, Values: []string{"PL", "DE"}}
	shapes := []struct {
		name  string
		shape fbShape
		where string
	}{
		{"one group, all of", fbShape{conds: []filter.Condition{city, points}, group: []int{0, 0}, anyOf: []bool{false}},
			"city = Kraków and points > 100"},
		{"one group, any of", fbShape{conds: []filter.Condition{city, points}, group: []int{0, 0}, anyOf: []bool{true}},
			"city = Kraków or points > 100"},
		{"the issue's example", fbShape{conds: []filter.Condition{city, points, vip}, group: []int{0, 0, 1}, anyOf: []bool{false, false}, topAny: true},
			"(city = Kraków and points > 100) or groups in VIP"},
		{"all of, then any of", fbShape{conds: []filter.Condition{pl, city, vip}, group: []int{0, 1, 1}, anyOf: []bool{false, true}},
			"country = PL, DE and (city = Kraków or groups in VIP)"},
		{"any of groups of any of", fbShape{conds: []filter.Condition{city, points, vip, pl}, group: []int{0, 0, 1, 1}, anyOf: []bool{false, true}, topAny: true},
			""},
	}
	for _, c := range shapes {
		t.Run(c.name, func(t *testing.T) {
			text := c.shape.filter().String()
			if c.where != "" && text != c.where {
				t.Fatalf("--where %q, want %q", text, c.where)
			}
			f, err := filter.Parse(text)
			if err != nil {
				t.Fatalf("%q does not parse: %v", text, err)
			}
			back, ok := shapeOf(f)
			if !ok {
				t.Fatalf("%q does not open in the builder", text)
			}
			if got := back.filter().String(); got != text {
				t.Fatalf("round trip gives %q, want %q", got, text)
			}
			if c.where != "" && (len(back.conds) != len(c.shape.conds) || back.groups() != c.shape.groups() || back.topAny != c.shape.topAny) {
				t.Fatalf("%q opens as %+v, was %+v", text, back, c.shape)
			}
		})
	}
	// Deeper than two levels: not opened as a shape (kept as it came).
	f, err := filter.Parse("(city = Kraków and (points > 100 or groups in VIP)) or country = PL")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := shapeOf(f); ok {
		t.Fatal("a three-level filter opened as two levels")
	}
}

func TestFilterShapeInsertAndRemove(t *testing.T) {
	a := filter.Condition{Field: "city", Op: filter.Eq, Values: []string{"A"}}
	b := filter.Condition{Field: "city", Op: filter.Eq, Values: []string{"B"}}
	c := filter.Condition{Field: "city", Op: filter.Eq, Values: []string{"C"}}
	var s fbShape
	s.insert(a, 0)
	s.insert(c, 1) // a new group
	if at := s.insert(b, 0); at != 1 {
		t.Fatalf("b went to %d", at)
	}
	if s.group[0] != 0 || s.group[1] != 0 || s.group[2] != 1 || s.groups() != 2 {
		t.Fatalf("%+v", s)
	}
	s.remove(2) // the second group empties and goes
	if s.groups() != 1 || len(s.conds) != 2 {
		t.Fatalf("%+v", s)
	}
	s.insert(c, 5)
	s.remove(0)
	s.remove(0) // the first group goes: c's group moves up
	if s.groups() != 1 || s.group[0] != 0 {
		t.Fatalf("%+v", s)
	}
}

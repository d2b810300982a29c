package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The builder makes OR: a second group (A), the groups joined by any of
// (O), a group's conditions joined by any of (o); the count and the
// --where text follow, and a segment saved so opens in groups again.
func TestFilterBuilderGroups(t *testing.T) {
	m := newTestModel(t, testStore(t, 300), 120, 40)
	press(t, m, "f", "a", "city", "enter", "enter", "Kraków", "enter")
	b := m.active().(*filterBuilder)
	press(t, m, "a", "country", "enter", "enter", "PL", "enter")
	press(t, m, "A", "city", "enter", "enter", "Łódź", "enter")
	if b.groups() != 2 || b.topAny {
		t.Fatalf("after A: %d groups, any %v", b.groups(), b.topAny)
	}
	if got := b.filter().String(); got != "city = Kraków and country = PL and city = Łódź" {
		t.Fatalf("two groups joined by all of: %q", got)
	}
	press(t, m, "O")
	want := "(city = Kraków and country = PL) or city = Łódź"
	if got := b.filter().String(); got != want {
		t.Fatalf("O: %q, want %q", got, want)
	}
	n, err := m.ix.Count(mustParse(t, want))
	if err != nil || b.count != n || n == 0 {
		t.Fatalf("count %d, want %d (%v)", b.count, n, err)
	}
	frame := screenText(m)
	mustContain(t, frame, "group 1 · all of:", "group 2 · all of:", "--where  "+want)

	// o on the first condition: its group joins by any of.
	press(t, m, "g", "o")
	if got := b.filter().String(); got != "city = Kraków or country = PL or city = Łódź" {
		t.Fatalf("o: %q", got)
	}
	press(t, m, "o")

	// Saved as a segment and loaded back: the same groups.
	press(t, m, "s", "krakow-or-lodz", "enter")
	press(t, m, "x")
	if len(b.conds) != 0 {
		t.Fatal("x did not clear")
	}
	press(t, m, "l")
	for i, s := range b.segments {
		if s.Name == "krakow-or-lodz" {
			b.optCur = i
		}
	}
	press(t, m, "enter")
	if got := b.filter().String(); got != want || b.groups() != 2 || !b.topAny || len(b.kept) != 0 {
		t.Fatalf("the segment opens as %q (%d groups, any %v, kept %d)", got, b.groups(), b.topAny, len(b.kept))
	}
	// Edited and saved again without loss: a condition added to group 2.
	press(t, m, "G", "k", "k", "a", "country", "enter", "enter", "PL", "enter")
	want2 := "(city = Kraków and country = PL) or (city = Łódź and country = PL)"
	if got := b.filter().String(); got != want2 {
		t.Fatalf("edited: %q, want %q", got, want2)
	}
	press(t, m, "enter") // apply
	if got := m.table.q.filter.String(); got != want2 {
		t.Fatalf("applied %q", got)
	}
}

// A filter nested deeper than the builder's two levels still opens: its
// or-groups are kept as they came and nothing is dropped.
func TestFilterBuilderKeepsDeeperFilters(t *testing.T) {
	m := newTestModel(t, testStore(t, 50), 80, 24)
	f := mustParse(t, "country = PL and ((city = Kraków and points > 100) or groups in VIP)")
	b := newFilterBuilder(m.sh, m.ix, f, "")
	if got := b.filter().String(); got != f.String() {
		t.Fatalf("opened as %q, was %q", got, f.String())
	}
	mustContain(t, ansi.Strip(b.View()), "and any of:")
}

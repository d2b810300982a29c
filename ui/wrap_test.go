package ui

import (
	"strings"
	"testing"

	"rolo/contact"
	"rolo/filter"
)

// readsWhole fails unless text can be read in the frame: its words in
// order, however the lines wrap it.
func readsWhole(t *testing.T, frame, text string) {
	t.Helper()
	// Lines are joined with a space, or none after a hyphen the wrap
	// broke at.
	flat := ""
	for _, l := range strings.Split(frame, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if flat != "" && !strings.HasSuffix(flat, "-") {
			flat += " "
		}
		flat += l
	}
	want := strings.Join(strings.Fields(text), " ")
	if !strings.Contains(flat, want) {
		t.Fatalf("the frame does not show whole:\n%s\n---\n%s", want, frame)
	}
	for _, l := range strings.Split(frame, "\n") {
		if strings.HasSuffix(strings.TrimRight(l, " "), "…") && strings.Contains(want, strings.TrimSuffix(strings.TrimSpace(l), "…")) {
			t.Fatalf("a line of it is cut: %q", l)
		}
	}
}

// At 80×24 the new-contact form shows the allowed statuses whole.
func TestNarrowCreateFormShowsTheWholeReason(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	press(t, m, "+")
	f := m.active().(*createForm)
	for createFields[f.focus] != "status" {
		press(t, m, "tab")
	}
	press(t, m, "nobody", "tab")
	err := (&contact.Contact{}).Set("status", "nobody", contact.SetOptions{})
	if err == nil {
		t.Fatal("nobody is a status")
	}
	readsWhole(t, screenText(m), "✗ "+err.Error())
}

// The card's long values and the history's diffs wrap whole under the
// cursor.
func TestNarrowCardWrapsTheLineUnderTheCursor(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	long := "Met at the Poznań fair in 2019; prefers calls after 16:00, never on Fridays; the invoice address differs from the delivery address, see the notes of the last order"
	card := openCard(t, m)
	focusField(t, m, card, "description", 0)
	press(t, m, "e", "ctrl+u", long, "enter")
	focusField(t, m, card, "description", 0)
	readsWhole(t, screenText(m), long)
	for i, it := range card.items {
		if it.kind == itemText && strings.HasPrefix(strings.TrimSpace(it.value), "description:") {
			card.cursor = i
			card.clamp()
			readsWhole(t, screenText(m), "description: — → "+long)
			return
		}
	}
	t.Fatal("the history has no diff of the description")
}

// The filter builder's --where line wraps whole.
func TestNarrowFilterBuilderShowsTheWholeWhere(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	f := filter.Filter{Conds: []filter.Condition{
		{Field: "city", Op: filter.Eq, Values: []string{"Kraków", "Warszawa", "Gdańsk", "Wrocław"}},
		{Field: "groups", Op: filter.In, Values: []string{"VIP", "wholesale", "newsletter"}},
		{Field: "company", Op: filter.Contains, Values: []string{"Przedsiębiorstwo Handlowo-Usługowe"}},
	}}
	press(t, m, "f")
	b := m.active().(*filterBuilder)
	b.load(f)
	readsWhole(t, screenText(m), "--where "+f.String())
}

// A search's suppression notice goes under the search, wrapped, when the
// two do not fit one line; the rows above make room for it.
func TestNarrowSuppressionNoticeWraps(t *testing.T) {
	m := newTestModel(t, testStore(t, 30), 80, 24)
	press(t, m, "/", "ann@example.com", "enter")
	rows := m.table.dataRows()
	note := "ann@example.com is on the suppression list (erasure request RQ-2026-0142 2026-10-30): imports keep it out"
	drain(t, m, suppressionMsg{Query: m.table.q.search, Note: note})
	readsWhole(t, screenText(m), note)
	if m.table.dataRows() >= rows {
		t.Fatalf("the table kept %d rows under a notice of two lines", m.table.dataRows())
	}
	if got := strings.Count(screenText(m), "\n") + 1; got != 24 {
		t.Fatalf("the frame has %d lines", got)
	}
}

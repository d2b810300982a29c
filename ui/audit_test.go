package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/fileview"
)

// auditFile writes a CSV with problems on known rows and returns its path
// and the rows of each problem ("phone:PL" for invalid phones read as PL,
// "duplicate" for rows of duplicate clusters, "yes" and "no" for the
// consent).
func auditFile(t testing.TB, n int) (string, map[string][]uint64) {
	t.Helper()
	want := map[string][]uint64{}
	var b strings.Builder
	b.WriteString("Imię;Nazwisko;E-mail;Telefon;Kraj;Miasto;Zgoda SMS\n")
	cities := []string{"Kraków", "Łódź", "Gdańsk"}
	for i := 1; i <= n; i++ {
		row := uint64(i)
		first, last := "Anna", fmt.Sprintf("Nowak%c%c", 'a'+i%26, 'a'+i/26)
		email, phone, country, city := fmt.Sprintf("p%d@example.pl", i), fmt.Sprintf("601 000 %03d", i), "PL", cities[i%3]
		consent := []string{"", "tak", "nie"}[i%3]
		switch {
		case i == 9:
			first, last, email, phone = "Anna", fmt.Sprintf("Nowak%c%c", 'a'+2%26, 'a'+0), "p2@example.pl", "601 000 002"
			city = cities[2]
			want["duplicate"] = append(want["duplicate"], 2, 9)
		case i%10 == 3:
			phone = "601 23"
			want["invalid_phone"] = append(want["invalid_phone"], row)
			want["phone:PL"] = append(want["phone:PL"], row)
		case i%10 == 6:
			phone, country = "0151 1", "DE"
			want["invalid_phone"] = append(want["invalid_phone"], row)
			want["phone:DE"] = append(want["phone:DE"], row)
		case i%10 == 4:
			email = "p@"
			want["invalid_email"] = append(want["invalid_email"], row)
		case i%10 == 7:
			fmt.Fprintf(&b, "%s;%s;%s;;;;;a cell past the header\n", first, last, email)
			want["ragged_row"] = append(want["ragged_row"], row)
			continue
		case i%10 == 8:
			email, phone = "", ""
			want["no_key"] = append(want["no_key"], row)
		}
		switch consent {
		case "tak":
			want["yes"] = append(want["yes"], row)
		case "nie":
			want["no"] = append(want["no"], row)
		}
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s;%s\n", first, last, email, phone, country, city, consent)
	}
	path := filepath.Join(t.TempDir(), "kontakty.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for k := range want {
		slices.Sort(want[k])
	}
	return path, want
}

// newFileModel opens path as rolo open does (no store), reads it whole
// and opens the audit panel.
func newFileModel(t testing.TB, path string, w, h int) *Model {
	t.Helper()
	m := New(Deps{Now: fixedNow, NoColor: true, Open: &fileview.Options{Path: path, Country: "PL"}})
	m.sh.after = testAfter
	t.Cleanup(m.Shutdown)
	drain(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	drain(t, m, m.Init())
	press(t, m, "A")
	return m
}

// shownIDs are the rows the table shows, in ID order.
func shownIDs(m *Model) []uint64 {
	ids := slices.Clone(m.table.rows.ids)
	slices.Sort(ids)
	return ids
}

// focusAudit puts the panel's cursor on the item whose text is text.
func focusAudit(t *testing.T, p *auditPanel, text string, nth int) auditItem {
	t.Helper()
	for i, it := range p.items {
		if it.text == text && it.selectable() {
			if nth == 0 {
				p.cursor = i
				p.clamp()
				return it
			}
			nth--
		}
	}
	t.Fatalf("no %q in the panel", text)
	return auditItem{}
}

func TestAuditPanelCountsOpenTheirRows(t *testing.T) {
	path, want := auditFile(t, 60)
	m := newFileModel(t, path, 120, 40)
	p, ok := m.active().(*auditPanel)
	if !ok || !p.loaded || m.ix == nil {
		t.Fatalf("active %T, the file loaded %v", m.active(), ok && p.loaded)
	}
	frame := screenText(m)
	mustContain(t, frame, "kontakty.csv", "read-only file, not the store", "60 rows", "CSV · utf-8 · delimiter ; · a header row · 60 rows",
		"Problems · rows", "ragged row", "no e-mail or phone", "invalid phone", "read as PL", "read as DE", "invalid e-mail",
		"Duplicates inside the file", "Consents", "consent sms", "Columns")
	checks := []struct {
		text string
		nth  int
		want []uint64
	}{
		{"ragged row", 0, want["ragged_row"]},
		{"no e-mail or phone", 0, want["no_key"]},
		{"invalid phone", 0, want["invalid_phone"]},
		{"read as PL", 0, want["phone:PL"]},
		{"read as DE", 0, want["phone:DE"]},
		{"invalid e-mail", 0, want["invalid_email"]},
		{"rows in 2 clusters", 0, want["duplicate"]}, // rows 2 and 9 share an e-mail and a phone
		{"given", 0, want["yes"]},
		{"refused or withdrawn", 0, want["no"]},
	}
	for _, c := range checks {
		p := m.file.panel
		it := focusAudit(t, p, c.text, c.nth)
		if it.count != len(c.want) {
			t.Errorf("%s counts %d rows, want %d", c.text, it.count, len(c.want))
		}
		press(t, m, "enter")
		if m.active() != m.table {
			t.Fatalf("enter on %s left %T", c.text, m.active())
		}
		if got := shownIDs(m); !slices.Equal(got, c.want) {
			t.Errorf("%s opens rows %v, want %v", c.text, got, c.want)
		}
		mustContain(t, screenText(m), fmt.Sprintf("%d of 60 rows", len(c.want)))
		press(t, m, "A")
		if m.active() != screen(p) {
			t.Fatalf("A opened %T", m.active())
		}
		if p.focused().text != c.text {
			t.Errorf("the panel lost its place: on %q, was on %q", p.focused().text, c.text)
		}
	}
	// The audit's own counts agree with the panel's.
	for _, pr := range m.file.sum.Problems {
		if n, ok := m.file.sum.Report.Problems[pr.Kind]; ok && n != pr.Rows {
			t.Errorf("%s: the panel counts %d rows, the audit %d", pr.Kind, pr.Rows, n)
		}
	}
}

func TestAuditPanelColumnValues(t *testing.T) {
	path, _ := auditFile(t, 30)
	m := newFileModel(t, path, 80, 24)
	p := m.file.panel
	if p.freq == nil {
		t.Fatal("the values were not counted")
	}
	var col int = -1
	for i, it := range p.items {
		if it.kind == aiColumn && it.field == "city" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no city column among %+v", p.items)
	}
	p.cursor = col
	p.clamp()
	press(t, m, "enter")
	it := focusAudit(t, p, "Kraków", 0)
	if it.kind != aiValue || it.count != 8 { // 10 rows in Kraków, less a ragged row and the repeat of row 2
		t.Fatalf("Kraków: %+v", it)
	}
	press(t, m, "enter")
	for _, id := range m.table.rows.ids {
		if v := m.ix.Value(id, "city"); v != "Kraków" {
			t.Errorf("row %d in Kraków's rows has city %q", id, v)
		}
	}
	if len(m.table.rows.ids) != it.count {
		t.Errorf("Kraków opens %d rows, want %d", len(m.table.rows.ids), it.count)
	}
}

func TestOpenedFileIsReadOnly(t *testing.T) {
	path, want := auditFile(t, 20)
	m := newFileModel(t, path, 80, 24)
	press(t, m, "esc")
	if m.active() != m.table {
		t.Fatalf("esc left %T", m.active())
	}
	mustContain(t, screenText(m), "kontakty.csv", "read-only file, not the store", "20 rows", "Every row of the file")
	// The table is in the file's order and offers no editing.
	if m.table.q.sortField != "id" || m.table.rows.ids[0] != 1 || m.table.keys.New.Enabled() {
		t.Errorf("table: sorted by %q, first row %d, new enabled %v", m.table.q.sortField, m.table.rows.ids[0], m.table.keys.New.Enabled())
	}
	// A ragged row's card shows its raw cells and why.
	id := want["ragged_row"][0]
	for i, x := range m.table.rows.ids {
		if x == id {
			m.table.cursor = i
		}
	}
	card := openCard(t, m)
	text := cardText(card.items)
	mustContain(t, text, fileview.FieldCells, fileview.FieldProblems, "ragged row", fmt.Sprintf("kontakty.csv, row %d, line %d", id, id+1))
	press(t, m, "e", "E", "U")
	if card.editing || m.active() != card {
		t.Error("the card of a file's row can be edited")
	}
	press(t, m, "q")
	// Duplicates side by side: compare only.
	press(t, m, "D")
	d, ok := m.active().(*dupesScreen)
	if !ok || d.canWrite || len(d.current()) != 1 {
		t.Fatalf("D: %T (%+v)", m.active(), d)
	}
	press(t, m, "enter")
	mustContain(t, screenText(m), "read-only: compare only")
}

func TestOpenFileThatCannotBeRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nothing.csv")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	m := newFileModel(t, path, 80, 24)
	p := m.file.panel
	if !p.loaded || p.err == nil {
		t.Fatalf("an empty file: loaded %v, err %v", p.loaded, p.err)
	}
	mustContain(t, screenText(m), "Cannot read nothing.csv")
}

func TestOpenedFileHasNoImportsList(t *testing.T) {
	path, _ := auditFile(t, 10)
	m := newFileModel(t, path, 80, 24)
	press(t, m, "esc", "/", "anna", "esc")
	press(t, m, "I")
	if m.active() != m.table || m.table.keys.Imports.Enabled() {
		t.Errorf("I in an opened file opened %T (enabled %v)", m.active(), m.table.keys.Imports.Enabled())
	}
}

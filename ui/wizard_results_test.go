package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
	"rolo/store"
)

// importPolish runs the wizard on the Polish CSV with Uwagi as a custom
// field, country PL and group Newsletter 2026, and returns the wizard on
// its results.
func importPolish(t *testing.T, m *Model, path string) *importWizard {
	t.Helper()
	w := toMapping(t, m, path)
	press(t, m, "j", "j", "j", "j", "j", "j", "j", "enter", "custom:uwagi", "enter", "tab")
	press(t, m, "j", "j", "j", "j", "enter", "ctrl+u", "PL", "enter", "j", "enter", "Newsletter 2026", "enter", "ctrl+s")
	if w.step != wzResults {
		t.Fatalf("after the import the wizard is on step %d:\n%s", w.step, screenText(m))
	}
	return w
}

// byEmail reads the contact with an e-mail.
func byEmail(t *testing.T, st *store.Store, email string) *contact.Contact {
	t.Helper()
	ids, err := st.Find(contact.KeyEmail, email)
	if err != nil || len(ids) != 1 {
		t.Fatalf("finding %s: %v %v", email, ids, err)
	}
	return reload(t, st, ids[0])
}

func TestWizardImportsAndShowsTheResults(t *testing.T) {
	st := testStore(t, 20)
	dir := t.TempDir()
	path := writeCP1250(t, dir, "kontakty.csv", polishCSV)
	m := newTestModel(t, st, 120, 30)
	w := importPolish(t, m, path)

	frame := screenText(m)
	mustContain(t, frame, "[6 Results]", "Import job 1: kontakty.csv", "rows 5", "created 3", "rejected 2",
		"[Rejected 2]", "no usable key: no valid e-mail or phone", "ragged row", "Łucja · Gołąb · – · –")
	if n, _ := st.Count(); n != 23 {
		t.Fatalf("%d contacts after the import, want 23", n)
	}
	z := byEmail(t, st, "zofia.wisniewska@example.pl")
	if z.FirstName != "Zofia" || z.LastName != "Wiśniewska" || z.Address.City != "Łódź" || z.Source != "import:1" ||
		len(z.Phones) != 1 || z.Phones[0].Number != "+48601234567" || strings.Join(z.Groups, ",") != "Newsletter 2026" {
		t.Errorf("Zofia as imported: %+v", z)
	}
	if v, _ := z.CustomValue("uwagi"); v != "stała klientka" {
		t.Errorf("Zofia's uwagi: %q", v)
	}
	if c, ok := z.Consent("newsletter"); !ok || !c.Granted {
		t.Errorf("Zofia's newsletter consent: %+v", c)
	}
	if c, ok := z.Consent("sms"); !ok || c.Granted {
		t.Errorf("Zofia's sms consent: %+v", c)
	}
	// The root asked for a new index: the table knows the new contacts.
	if m.ix == nil || m.total != 23 {
		t.Fatalf("index %v, total %d", m.ix != nil, m.total)
	}

	// Filter by reason: each reason in turn, then all again.
	press(t, m, "f")
	if items := w.items(); len(items) != 1 || w.res.reason == "" {
		t.Fatalf("f shows %d rows for %q", len(items), w.res.reason)
	}
	press(t, m, "f", "f")
	if len(w.items()) != 2 || w.res.reason != "" {
		t.Fatalf("f cycles back to every reason: %d, %q", len(w.items()), w.res.reason)
	}

	// Save the rejects file beside the file; again: it asks before replacing.
	press(t, m, "s")
	want := filepath.Join(dir, "kontakty-rejects.csv")
	if w.input.Value() != want {
		t.Fatalf("the rejects file is offered as %q", w.input.Value())
	}
	press(t, m, "enter")
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(want); fi.Mode().Perm() != 0o600 {
		t.Errorf("the rejects file is %v; it holds personal data, want 0600", fi.Mode().Perm())
	}
	// The file was Windows-1250, as Excel saves: its rejects open in
	// Excel, so they start with a byte-order mark and end lines in CRLF.
	if !strings.HasPrefix(string(data), "\uFEFF") {
		t.Errorf("no byte-order mark: %q", data[:min(len(data), 12)])
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(data), "\uFEFF")), "\r\n")
	if len(lines) != 3 || lines[0] != "Imię;Nazwisko;E-mail;Telefon;Miasto;Zgoda newsletter;Zgoda SMS;Uwagi;rolo_reject_reason" ||
		!strings.HasPrefix(lines[1], "Łucja;Gołąb;;;Gdańsk;1;1;brak kontaktu;no usable key") ||
		!strings.HasPrefix(lines[2], "Anna;Nowak;anna.nowak@example.pl;604 567 890;Wrocław;1;0;;a cell past the header;ragged row") {
		t.Errorf("rejects file:\n%s", data)
	}
	// The save asks about the mark: tab says no.
	press(t, m, "s")
	mustContain(t, screenText(m), "byte-order mark for Excel: yes · tab changes")
	press(t, m, "tab")
	mustContain(t, screenText(m), "byte-order mark for Excel: no")
	press(t, m, "enter")
	mustContain(t, screenText(m), "exists: enter again replaces it")
	press(t, m, "enter")
	if m.active().Typing() {
		t.Fatal("enter again did not replace the file")
	}
	if data, _ := os.ReadFile(want); !strings.HasPrefix(string(data), "Imię;") {
		t.Errorf("the rejects file saved without a byte-order mark starts %q", data[:min(len(data), 12)])
	}

	// Fix both rows in place and import them.
	press(t, m, "e")
	if !w.res.fixing {
		t.Fatal("e does not open the fix view")
	}
	mustContain(t, screenText(m), "Fix row 3 (line 4)", "Miasto", "Gdańsk")
	press(t, m, "j", "j", "enter", "lucja.golab@example.pl", "enter")
	mustContain(t, screenText(m), "lucja.golab@example.pl", "(was empty)")
	press(t, m, "esc", "j", "e")
	press(t, m, "j", "j", "j", "j", "j", "j", "j", "j", "enter", "ctrl+u", "enter", "esc") // empty the cell past the header
	mustContain(t, screenText(m), "2 rows fixed: r imports them")
	press(t, m, "r")
	mustContain(t, screenText(m), "Fixed rows (import job 2): 2 created, 0 updated, 0 unchanged, 0 still rejected",
		"nothing here: every row was imported")
	l := byEmail(t, st, "lucja.golab@example.pl")
	if l.Address.City != "Gdańsk" || strings.Join(l.Groups, ",") != "Newsletter 2026" || l.Source != "import:2" {
		t.Errorf("Łucja, fixed: %+v", l)
	}
	if a := byEmail(t, st, "anna.nowak@example.pl"); a.Phones[0].Number != "+48604567890" {
		t.Errorf("Anna, fixed: %+v", a)
	}

	// View: the contacts job 1 wrote, in the table.
	press(t, m, "v")
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("v shows %T", m.active())
	}
	f := m.table.q.filter
	if len(f.Conds) != 1 || f.Conds[0].Field != "id" || len(f.Conds[0].Values) != 3 || len(m.table.rows.ids) != 3 {
		t.Fatalf("the filter on job 1: %+v, %d rows", f, len(m.table.rows.ids))
	}
	// The filter is named after the job, not its list of IDs; a new
	// filter drops the name.
	mustContain(t, screenText(m), "Zofia Wiśniewska", "3 of 25 contacts", "Filter: imported by job 1")
	if strings.Contains(screenText(m), "ID is") {
		t.Errorf("the table names the job's filter by its IDs:\n%s", screenText(m))
	}
	m.Update(applyFilterMsg{F: mustParse(t, "city = Gdańsk")})
	if m.table.q.label != "" {
		t.Errorf("another filter kept the label %q", m.table.q.label)
	}
}

func TestWizardUndoesTheImport(t *testing.T) {
	st := testStore(t, 20)
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := newTestModel(t, st, 120, 30)
	w := importPolish(t, m, path)
	press(t, m, "u")
	mustContain(t, screenText(m), "Undo import job 1: remove the 3 contacts it created?")
	press(t, m, "n")
	if n, _ := st.Count(); n != 23 {
		t.Fatal("n undid the import")
	}
	press(t, m, "u", "y")
	if n, _ := st.Count(); n != 20 {
		t.Fatalf("%d contacts after the undo", n)
	}
	mustContain(t, screenText(m), "Undid import job 1: 3 removed, 0 restored")
	if w.keys.Undo.Enabled() || w.keys.View.Enabled() {
		t.Error("undo and view are still offered after the undo")
	}
	if m.total != 20 {
		t.Errorf("the header counts %d contacts", m.total)
	}
}

func TestWizardLeftWhileImportingSaysHowItWent(t *testing.T) {
	st := testStore(t, 20)
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := newTestModel(t, st, 120, 30)
	w := toMapping(t, m, path)
	press(t, m, "tab")
	// Start the import without running it yet, leave the wizard, then
	// let the job run.
	_, start := m.Update(keyMsg("ctrl+s"))
	if w.step != wzRun {
		t.Fatalf("ctrl+s: step %d", w.step)
	}
	mustContain(t, screenText(m), "Importing kontakty.csv", "x cancels")
	press(t, m, "esc")
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("esc while importing shows %T", m.active())
	}
	msgs := drain(t, m, start)
	if _, ok := findMsg[importDoneMsg](msgs); !ok {
		t.Fatal("the import never finished")
	}
	mustContain(t, screenText(m), "import job 1 (kontakty.csv): 3 created, 0 updated, 0 unchanged, 2 rejected · I lists imports")
	if n, _ := st.Count(); n != 23 || m.total != 23 {
		t.Fatalf("store %d, header %d", n, m.total)
	}
}

func TestWizardRunView(t *testing.T) {
	w := newImportWizard(&shared{styles: newStyles(true, true), now: fixedNow, width: 100, bodyH: 20, noColor: true}, "")
	w.run = wizRun{name: "big.csv", bar: newBar(w.sh), cancel: func() {}}
	w.run.last.Bytes, w.run.last.Total, w.run.last.Written, w.run.last.Rate = 42, 100, 12345, 8210.4
	w.run.last.ETA = 3400 * 1e6
	w.run.last.Counts.Created, w.run.last.Counts.Updated, w.run.last.Counts.Merged = 10000, 2000, 5
	w.run.last.Counts.Unchanged, w.run.last.Counts.Rejected = 300, 40
	w.step = wzRun
	got := ansi.Strip(w.runView(20))
	for _, want := range []string{"Importing big.csv", "42% · 12 345 rows · 8 210 rows/s · 3s left",
		"created 10 000 · updated 2 005 · unchanged 300 · rejected 40", "x cancels"} {
		if !strings.Contains(got, want) {
			t.Errorf("the run view lacks %q:\n%s", want, got)
		}
	}
}

// rolo import FILE on a terminal with an empty store: the wizard opens on
// the file, and after the import the table replaces the empty screen.
func TestWizardImportIntoAnEmptyStore(t *testing.T) {
	st := testStore(t, 0)
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := New(Deps{Store: st, Now: fixedNow, NoColor: true, ImportFile: path})
	m.sh.after = testAfter
	t.Cleanup(m.Shutdown)
	drain(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	drain(t, m, m.Init())
	w := wizardOf(t, m)
	if w.step != wzRead {
		t.Fatalf("step %d", w.step)
	}
	press(t, m, "enter", "tab", "ctrl+s")
	mustContain(t, screenText(m), "Import job 1: kontakty.csv", "created 3")
	press(t, m, "esc")
	if _, ok := m.active().(*tableModel); !ok || m.empty != nil {
		t.Fatalf("after importing into an empty store: %T, empty screen %v", m.active(), m.empty != nil)
	}
	mustContain(t, screenText(m), "3 contacts", "Zofia Wiśniewska")
}

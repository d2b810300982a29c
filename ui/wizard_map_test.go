package ui

import (
	"strings"
	"testing"

	"rolo/importer"
)

// toMapping opens the Polish CSV and goes to the mapping step.
func toMapping(t *testing.T, m *Model, path string) *importWizard {
	t.Helper()
	drain(t, m, openImportMsg{Path: path})
	press(t, m, "enter")
	w := wizardOf(t, m)
	if w.step != wzMap {
		t.Fatalf("not on the mapping step: %d\n%s", w.step, screenText(m))
	}
	return w
}

// mappedColumn is the mapping of the column named name.
func mappedColumn(t *testing.T, w *importWizard, name string) importer.Column {
	t.Helper()
	for _, c := range w.mapping().Columns {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no column %q in %+v", name, w.mapping().Columns)
	return importer.Column{}
}

func TestWizardMappingStep(t *testing.T) {
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := newTestModel(t, testStore(t, 3), 120, 30)
	w := toMapping(t, m, path)
	mustContain(t, screenText(m), "[3 Mapping]", "Imię", "Zofia · Paweł · Łucja", "first_name", "consent:newsletter",
		"consent:sms", "Imię → first_name: header",
		"Check on 5 sample rows: 3 would be imported, 2 rejected (no usable key: no valid e-mail or phone 1; ragged row 1)")

	// Uwagi to a new custom field, by typeahead.
	press(t, m, "j", "j", "j", "j", "j", "j", "j", "enter")
	if !m.active().Typing() {
		t.Fatal("enter on a column does not open the field typeahead")
	}
	press(t, m, "uwagi")
	mustContain(t, screenText(m), "field for Uwagi: uwagi", "new: custom:uwagi", "new: consent:uwagi")
	press(t, m, "enter")
	if c := mappedColumn(t, w, "Uwagi"); c.Field != "custom:uwagi" || !c.Sure || c.Reason != "chosen here" {
		t.Fatalf("Uwagi maps to %+v", c)
	}
	mustContain(t, screenText(m), "New custom fields: uwagi")

	// A field by part of its label; esc cancels a pick.
	press(t, m, "k", "enter", "zip", "esc")
	if c := mappedColumn(t, w, "Zgoda SMS"); c.Field != "consent:sms" {
		t.Fatalf("esc in the typeahead changed the field: %+v", c)
	}
	press(t, m, "enter", "consent:vip", "enter")
	if c := mappedColumn(t, w, "Zgoda SMS"); c.Field != "consent:vip" {
		t.Fatalf("Zgoda SMS maps to %+v", c)
	}
	mustContain(t, screenText(m), "New consents this import creates:", "vip")
	press(t, m, "a") // back to the automatic choice
	if c := mappedColumn(t, w, "Zgoda SMS"); c.Field != "consent:sms" || c.Reason == "chosen here" {
		t.Fatalf("a does not restore the automatic field: %+v", c)
	}

	// Ignoring both channels leaves no key: the check says so and the
	// wizard does not go on.
	press(t, m, "k", "k", "k", "k", "i", "j", "i")
	if mappedColumn(t, w, "E-mail").Field != "ignore" || mappedColumn(t, w, "Telefon").Field != "ignore" {
		t.Fatalf("i did not ignore: %+v", w.mapping().Columns)
	}
	mustContain(t, screenText(m), "no column holds e-mails or phones")
	press(t, m, "tab")
	if w.step != wzMap {
		t.Fatal("tab went on with a mapping that gives no row a key")
	}
	press(t, m, "i", "k", "i") // i again: back to automatic
	if mappedColumn(t, w, "E-mail").Field != "emails" || mappedColumn(t, w, "Telefon").Field != "phones" {
		t.Fatalf("i again does not restore: %+v", w.mapping().Columns)
	}

	// Back to the read step and a change there: the choice made by hand
	// survives, the detection is redone.
	press(t, m, "esc")
	press(t, m, "j", "l", "h") // another delimiter and back
	press(t, m, "enter")
	if c := mappedColumn(t, w, "Uwagi"); c.Field != "custom:uwagi" {
		t.Fatalf("after a re-read Uwagi maps to %+v", c)
	}
	press(t, m, "tab")
	if w.step != wzOptions {
		t.Fatalf("tab on the mapping goes to step %d", w.step)
	}

	// A stale check is dropped.
	before := w.mapg.check
	drain(t, m, wizCheckMsg{w: w, seq: w.mapg.checkSeq - 1, res: importer.SampleCheck{Rows: 99}})
	if w.mapg.check.res.Rows != before.res.Rows {
		t.Fatal("a stale check replaced the current one")
	}
}

func TestWizardTargetChoices(t *testing.T) {
	w := newImportWizard(&shared{styles: newStyles(true, true), now: fixedNow}, "")
	w.info.consents = []string{"sms"}
	w.info.customs = []string{"loyalty"}
	all := strings.Join(w.targetChoices(), " ")
	for _, want := range []string{"first_name", "emails", "phones", "full_name", "record_type", "ignore", "consent:sms", "custom:loyalty"} {
		if !strings.Contains(all, want) {
			t.Errorf("choices lack %s: %s", want, all)
		}
	}
	for _, no := range []string{"created_at", "updated_at", "source", " id "} {
		if strings.Contains(" "+all+" ", no) {
			t.Errorf("choices offer %s, which rolo maintains", no)
		}
	}
	for typed, first := range map[string]string{"mail": "emails", "Phones": "phones", "city": "city", "consent:": "consent:sms", "Newsy": newPrefix + "custom:Newsy"} {
		w.input.SetValue(typed)
		w.mapg.optCur = 0
		w.matchTargets()
		if len(w.mapg.options) == 0 || w.mapg.options[0] != first {
			t.Errorf("typing %q offers %q first, want %q", typed, w.mapg.options, first)
		}
	}
}

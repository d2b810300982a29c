package ui

import (
	"testing"

	"rolo/contact"
	"rolo/importer"
)

func TestImportSummary(t *testing.T) {
	tests := []struct {
		opt  importer.Options
		want string
	}{
		{importer.Options{Key: importer.KeyList{contact.KeyEmail}, Mode: importer.ModeUpsert, Country: "PL", Groups: []string{"Newsletter 2026"}},
			"Add new contacts and update existing ones matched by e-mail; phones without a country code are Polish; add all to group 'Newsletter 2026'."},
		{importer.Options{Mode: importer.ModeCreate, Country: "BR", Tags: []string{"fair", "2026"}},
			"Add new contacts and leave existing ones (matched by e-mail (or phone when a row has no e-mail)) untouched; phones without a country code are Brazilian; tag all 'fair' and '2026'."},
		{importer.Options{Key: importer.KeyList{contact.KeyCRMID}, Mode: importer.ModeUpdate, Country: "JP", ClearEmpty: true, Groups: []string{"A", "B", "C"}},
			"Update existing contacts matched by CRM ID and add no one new; phones without a country code are from Japan; empty cells clear the stored value; add all to groups 'A', 'B' and 'C'."},
		{importer.Options{Key: importer.KeyList{contact.KeyPhone}, UnsubscribeAll: true, DryRun: true, Suppressed: importer.SuppressResubscribe},
			"Dry run, nothing is written: add new contacts and update existing ones matched by phone; phones without a country code need the row's own country (no default); mark everyone as unsubscribed and put them on the suppression list; import people on the suppression list and grant them the file's consents again."},
		{importer.Options{Key: importer.KeyList{contact.KeyTaxID}, Country: "DE", Suppressed: importer.SuppressInclude},
			"Add new contacts and update existing ones matched by tax ID; phones without a country code are German; import people on the suppression list without granting them any consent."},
	}
	for _, tt := range tests {
		if got := importSummary(tt.opt); got != tt.want {
			t.Errorf("importSummary(%+v)\n got %s\nwant %s", tt.opt, got, tt.want)
		}
	}
}

func TestWizardOptionsStep(t *testing.T) {
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := newTestModel(t, testStore(t, 3), 120, 30)
	w := toMapping(t, m, path)
	press(t, m, "tab")
	if w.step != wzOptions {
		t.Fatalf("step %d", w.step)
	}
	mustContain(t, screenText(m), "[4 Options]", "Match by           ‹ e-mail, else phone ›", "▶ Start the import",
		"In words: Add new contacts and update existing ones")

	press(t, m, "l")                         // key: e-mail only
	press(t, m, "j", "j", "j", "j", "enter") // default country
	if !m.active().Typing() {
		t.Fatal("enter on the country does not open its input")
	}
	press(t, m, "ctrl+u", "Atlantis", "enter")
	mustContain(t, screenText(m), `"Atlantis" is not a country`)
	press(t, m, "ctrl+u", "Polska", "enter")
	if w.opts.country != "PL" || m.active().Typing() {
		t.Fatalf("country %q, typing %v", w.opts.country, m.active().Typing())
	}
	press(t, m, "j", "enter", "Newsletter 2026, VIP , ,Newsletter 2026", "enter")
	if got := w.opts.groups; len(got) != 2 || got[0] != "Newsletter 2026" || got[1] != "VIP" {
		t.Fatalf("groups %q", got)
	}
	if got, want := w.summary(), "Add new contacts and update existing ones matched by e-mail; phones without a country code are Polish; add all to groups 'Newsletter 2026' and 'VIP'; reject the 1 row with a name but no key."; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	mustContain(t, screenText(m), "In words: Add new contacts", "New consents this import creates: newsletter")
	press(t, m, "j", "j", "j", "j", "space") // dry run
	if !w.importOptions().DryRun {
		t.Fatal("space on dry run did not set it")
	}
	mustContain(t, screenText(m), "Dry run, nothing is written", "▶ Start the dry run")

	// Back to the mapping and on again: nothing is lost.
	press(t, m, "esc")
	if w.step != wzMap {
		t.Fatalf("esc on the options goes to step %d", w.step)
	}
	press(t, m, "tab")
	o := w.importOptions()
	if o.Key.String() != "email" || o.Country != "PL" || len(o.Groups) != 2 || !o.DryRun {
		t.Fatalf("options after going back: %+v", o)
	}
	// shift+tab is back too.
	press(t, m, "shift+tab")
	if w.step != wzMap {
		t.Fatalf("shift+tab on the options goes to step %d", w.step)
	}
}

func TestWizardReadOnlyStoreOnlyDryRuns(t *testing.T) {
	st := testStore(t, 3)
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	st.Close()
	ro, err := storeOpenReadOnly(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 120, 30)
	w := toMapping(t, m, path)
	press(t, m, "tab")
	mustContain(t, screenText(m), "(the store is open read-only)", "▶ Start the dry run")
	press(t, m, "j", "j", "j", "j", "j", "j", "j", "j", "space")
	if !w.importOptions().DryRun {
		t.Fatal("a read-only store allowed a real import")
	}
	press(t, m, "ctrl+s")
	mustContain(t, screenText(m), "Dry run of kontakty.csv", "created 3")
	if n, _ := ro.Count(); n != 3 {
		t.Fatalf("a dry run on a read-only store wrote: %d contacts", n)
	}
}

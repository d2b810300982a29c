package ui

import (
	"path/filepath"
	"slices"
	"testing"

	"rolo/book"
	"rolo/contact"
	"rolo/store"
)

// countryStore is a store of two contacts whose default country is DE: a
// German mobile is written 0151 12345678 there.
func countryStore(t *testing.T) (st *store.Store, german, polish uint64) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "rolo.db"), store.Options{Now: fixedNow, NoSync: true, User: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	err = st.Update(func(tx *store.Tx) error {
		if german, err = tx.Create(&contact.Contact{FirstName: "Jonas", LastName: "Becker",
			Phones: []contact.Phone{{Number: "+4915112345678"}}}); err != nil {
			return err
		}
		polish, err = tx.Create(&contact.Contact{FirstName: "Anna", LastName: "Nowak",
			Phones: []contact.Phone{{Number: "+48601234567"}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := book.SetCountry(st, "DE"); err != nil {
		t.Fatal(err)
	}
	return st, german, polish
}

// The interface reads phones written in national form with the store's
// default country: a quick search and a phone filter find the German
// mobile written the German way.
func TestInterfaceUsesTheStoresDefaultCountry(t *testing.T) {
	st, german, _ := countryStore(t)
	m := newTestModel(t, st, 120, 40)
	press(t, m, "/", "0151 12345678", "enter")
	if !slices.Equal(m.table.rows.ids, []uint64{german}) {
		t.Fatalf("searching 0151 12345678 found %v, want [%d]", m.table.rows.ids, german)
	}
	press(t, m, "esc")
	drain(t, m, applyFilterMsg{F: mustParse(t, "phones = 0151 12345678")})
	if !slices.Equal(m.table.rows.ids, []uint64{german}) {
		t.Fatalf("the filter phones = 0151 12345678 found %v, want [%d]", m.table.rows.ids, german)
	}
	if m.sh.country() != "DE" || m.sh.book.Country().From != book.FromStore {
		t.Fatalf("the interface's default country is %+v, want DE from the store", m.sh.book.Country())
	}
}

// , opens the settings: a wrong country is refused in the dialog, a good
// one is saved in the store and phones are read with it at once.
func TestSettingsDialogChangesTheDefaultCountry(t *testing.T) {
	st, _, polish := countryStore(t)
	m := newTestModel(t, st, 80, 24)
	press(t, m, "?")
	mustContain(t, screenText(m), ", country: DE")
	press(t, m, "?", ",")
	mustContain(t, screenText(m), "Settings", "Now: DE Germany, this store's setting")
	press(t, m, "backspace", "backspace", "XX", "enter")
	mustContain(t, screenText(m), `"XX" is not a country`)
	if cc, _ := book.Country(st, "", nil); cc.Value != "DE" {
		t.Fatalf("a refused country changed the store's: %+v", cc)
	}
	press(t, m, "backspace", "backspace", "Poland", "enter")
	if m.sh.country() != "PL" || m.sh.book.Country().From != book.FromStore {
		t.Fatalf("after saving Poland the interface reads phones as %+v", m.sh.book.Country())
	}
	if cc, _ := book.Country(st, "", nil); cc.Value != "PL" {
		t.Fatalf("the store's country is %+v, want PL", cc)
	}
	drain(t, m, applyFilterMsg{F: mustParse(t, "phones = 601 234 567")})
	if !slices.Equal(m.table.rows.ids, []uint64{polish}) {
		t.Fatalf("with PL, phones = 601 234 567 found %v, want [%d]", m.table.rows.ids, polish)
	}
	// Empty clears the store's setting: the locale (none here) applies.
	press(t, m, ",", "backspace", "backspace", "enter")
	if m.sh.country() != "" || m.sh.book.Country().From != book.FromNone {
		t.Fatalf("after clearing, the interface reads phones as %+v", m.sh.book.Country())
	}
}

// A read-only store shows the setting and says why it cannot change.
func TestSettingsDialogOnAReadOnlyStore(t *testing.T) {
	st, _, _ := countryStore(t)
	ro, err := store.Open(st.Path(), store.Options{ReadOnly: true, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 80, 24)
	press(t, m, ",")
	mustContain(t, screenText(m), "Now: DE Germany", "open read-only", "rolo config set default_country")
	press(t, m, "P", "L", "enter")
	if cc, _ := book.Country(st, "", nil); cc.Value != "DE" {
		t.Fatalf("a read-only interface changed the store's country: %+v", cc)
	}
	press(t, m, "esc")
	if len(m.stack) != 0 {
		t.Fatal("esc should close the settings")
	}
}

package ui

import (
	"os"
	"path/filepath"
	"testing"

	"rolo/importer"
)

func TestWizardCountsKeylessRowsAndOffersBothChoices(t *testing.T) {
	dir := t.TempDir()
	path := writeCP1250(t, dir, "kontakty.csv", polishCSV)
	m := newTestModel(t, testStore(t, 3), 80, 24)
	w := toMapping(t, m, path)
	press(t, m, "tab")
	if w.step != wzOptions {
		t.Fatalf("step %d", w.step)
	}
	// The count ran over the whole file: one row has a name and no key.
	if k := w.opts.keylessCount; !k.done || k.n != (importer.KeylessCount{Keyless: 1, Rows: 5}) {
		t.Fatalf("count %+v", k)
	}
	mustContain(t, screenText(m), "Rows without key   ‹ reject them ›  1 of 5 rows", "reject the 1 row with a name but no key.",
		"Same person: same e-mail, CRM ID or tax ID") // all of it at 80×24
	if o := w.importOptions(); o.Keyless != "" {
		t.Errorf("the default is the format's: %q", o.Keyless)
	}

	// A count made for other choices is dropped when it comes late.
	drain(t, m, wizKeylessMsg{w: w, seq: w.opts.keylessCount.seq - 1, n: importer.KeylessCount{Keyless: 9, Rows: 9}})
	if w.opts.keylessCount.n.Keyless != 1 {
		t.Fatalf("a stale count was taken: %+v", w.opts.keylessCount)
	}

	// Keep them: the option, the sentence, and the import's options.
	press(t, m, "j", "j", "j", "space")
	if o := w.importOptions(); o.Keyless != importer.KeylessKeep {
		t.Fatalf("keyless %q after choosing keep", o.Keyless)
	}
	mustContain(t, screenText(m), "‹ keep them ›", "keep the 1 row with a name but no key.", "Same person: same e-mail")
	press(t, m, "space")
	if o := w.importOptions(); o.Keyless != "" {
		t.Fatalf("keyless %q after choosing reject again", o.Keyless)
	}

	// The choice is saved in the mapping file, and read back.
	press(t, m, "space", "s")
	mf := filepath.Join(dir, "kontakty.mapping.json")
	press(t, m, "ctrl+u", mf, "enter")
	got, err := importer.ReadMappingFile(mf)
	if err != nil || got.Keyless != "keep" {
		t.Fatalf("mapping file: %+v, %v", got, err)
	}

	// Going back stops a count; the import takes the choice.
	press(t, m, "esc")
	if w.opts.keylessCount.cancel != nil {
		t.Error("the count still runs after leaving the options")
	}
}

func TestWizardKeylessDefaultOfAVCardIsKeep(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "book.vcf")
	cards := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Piekarnia\r\nORG:Piekarnia\r\nADR;TYPE=WORK:;;ul. Lipowa 3;Kraków;;30-001;Polska\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nowak;Ola;;;\r\nEMAIL:ola@example.pl\r\nEND:VCARD\r\n"
	if err := os.WriteFile(path, []byte(cards), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, testStore(t, 3), 80, 24)
	w := toMapping(t, m, path)
	press(t, m, "tab")
	mustContain(t, screenText(m), "Rows without key   ‹ keep them ›  1 of 2 rows")
	press(t, m, "j", "j", "j", "space")
	if o := w.importOptions(); o.Keyless != importer.KeylessReject {
		t.Fatalf("keyless %q after choosing reject on a vCard", o.Keyless)
	}
}

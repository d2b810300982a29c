package ui

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"rolo/importer"
)

func TestWizardReadStepChangesAndPreview(t *testing.T) {
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := newTestModel(t, testStore(t, 3), 120, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	if w.step != wzRead {
		t.Fatalf("a file given opens step %d", w.step)
	}
	mustContain(t, screenText(m), "[2 Read]", "CSV / text", "Encoding   ‹ windows-1250 ›  detected",
		"Delimiter  ‹ ; (semicolon) ›  detected", "Header row ‹ yes", "Wiśniewska", "Łódź", "Kościuszko")

	// Another encoding: the preview is read again at once, mojibake and all.
	press(t, m, "l")
	if got := w.table().Encoding; got == "windows-1250" || w.read.goodRO.Encoding != got {
		t.Fatalf("the next encoding is %q (asked %q)", got, w.read.goodRO.Encoding)
	}
	frame := screenText(m)
	mustContain(t, frame, "chosen")
	if strings.Contains(frame, "Wiśniewska") {
		t.Errorf("read as %s the preview still shows Wiśniewska:\n%s", w.table().Encoding, frame)
	}
	press(t, m, "h")
	mustContain(t, screenText(m), "‹ windows-1250 ›", "Wiśniewska")

	// Tab as the delimiter: one column.
	press(t, m, "j", "l")
	if w.table().Delimiter != '\t' || len(w.table().Columns) != 1 {
		t.Fatalf("delimiter %q, %d columns", w.table().Delimiter, len(w.table().Columns))
	}
	press(t, m, "h")
	if len(w.table().Columns) != 8 {
		t.Fatalf("back to ; gives %d columns", len(w.table().Columns))
	}

	// No header: columns are numbered and the header row is data.
	press(t, m, "j", "space")
	if w.table().Header || w.table().Columns[0] != "1" {
		t.Fatalf("header %v, columns %q", w.table().Header, w.table().Columns)
	}
	mustContain(t, screenText(m), "Header row ‹ no: columns are numbered ›  chosen", "column 1", "Imię")
	press(t, m, "space")
	if !w.table().Header {
		t.Fatal("space again does not bring the header back")
	}

	// A stale answer (an older read) is dropped.
	old := w.read.src
	drain(t, m, wizSourceMsg{w: w, seq: w.read.seq - 1, src: &importer.Source{Name: "stale"}})
	if w.read.src != old {
		t.Fatal("a stale read replaced the current one")
	}

	press(t, m, "enter")
	if w.step != wzMap {
		t.Fatalf("enter on the read step goes to step %d", w.step)
	}
	press(t, m, "esc")
	if w.step != wzRead || w.table().Encoding != "windows-1250" || !w.table().Header {
		t.Fatalf("esc from the mapping: step %d, %s, header %v", w.step, w.table().Encoding, w.table().Header)
	}
}

func TestWizardReadStepChoosesTheSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Klienci"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Partnerzy"); err != nil {
		t.Fatal(err)
	}
	sheets := map[string][][]any{
		"Klienci":   {{"Imię", "E-mail"}, {"Zofia", "zofia@example.pl"}},
		"Partnerzy": {{"Firma", "E-mail", "Telefon"}, {"Acme", "biuro@acme.pl", "+48 22 123 45 67"}},
	}
	for sheet, rows := range sheets {
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "klienci.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, testStore(t, 3), 100, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	mustContain(t, screenText(m), "Excel workbook (XLSX)", "Sheet      ‹ Klienci ›  1 of 2 sheets", "zofia@example.pl")
	if len(w.readSettings()) != 2 { // header and sheet: no encoding or delimiter in a workbook
		t.Errorf("settings of a workbook: %v", w.readSettings())
	}
	press(t, m, "j", "l")
	mustContain(t, screenText(m), "‹ Partnerzy ›", "biuro@acme.pl", "Firma")
	if got := w.table().Columns; len(got) != 3 {
		t.Errorf("columns of Partnerzy: %q", got)
	}
}

func TestWizardRefusedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "binary.csv")
	writeFile(t, path, "PK\x03\x04\x00\x00garbage\x00\x00\x00")
	m := newTestModel(t, testStore(t, 3), 100, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	mustContain(t, screenText(m), "This file cannot be imported:", "binary.csv")
	press(t, m, "enter")
	if w.step != wzRead {
		t.Fatal("enter went on from a file that cannot be read")
	}
	press(t, m, "esc")
	if w.step != wzFile {
		t.Fatalf("esc from a refused file: step %d", w.step)
	}
}

// demo.tape imports testdata/wizard/kontakty.csv: it is the Polish CSV the
// tests write, in Windows-1250.
func TestWizardSampleFileIsThePolishCSV(t *testing.T) {
	want, err := os.ReadFile(writeCP1250(t, t.TempDir(), "k.csv", polishCSV))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("testdata/wizard/kontakty.csv")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("testdata/wizard/kontakty.csv is not polishCSV in Windows-1250 (%v)", err)
	}
}

// An archive of two files with their own columns: the read step offers
// the file, the mapping step maps each, and the import reads both.
func TestWizardImportsAZipOfTwoFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "eksport.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, m := range [][2]string{
		{"klienci.csv", "Imię;E-mail\nZofia;zofia@example.pl\nPaweł;pawel@example.pl\n"},
		{"partnerzy.csv", "Firma,Telefon,Miasto\nAcme,+48 22 123 45 67,Warszawa\nBeta,+48 12 765 43 21,Kraków\n"},
	} {
		zf, err := zw.Create(m[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := zf.Write([]byte(m[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	st := testStore(t, 3)
	m := newTestModel(t, st, 120, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	mustContain(t, screenText(m), "ZIP archive", "of 2 files", "File       ‹ klienci.csv ›")
	press(t, m, "j", "j", "j", "l") // the file setting
	mustContain(t, screenText(m), "‹ partnerzy.csv ›", "Acme")
	press(t, m, "enter")
	mustContain(t, screenText(m), "file 2 of 2: partnerzy.csv", "company")
	press(t, m, "t")
	mustContain(t, screenText(m), "file 1 of 2: klienci.csv", "first_name")
	press(t, m, "tab", "ctrl+s")
	if w.step != wzResults || w.res.rep.Created != 4 {
		t.Fatalf("the archive's import: step %d, %+v\n%s", w.step, w.res.rep, screenText(m))
	}
	if w.keys.Fix.Enabled() {
		t.Error("fixing in place is offered for an archive's rows")
	}
}

// A vCard file: no delimiter or header to choose; its properties map
// themselves.
func TestWizardImportsAVCard(t *testing.T) {
	path := filepath.Join(t.TempDir(), "karty.vcf")
	writeFile(t, path, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nowak;Anna;;;\r\nFN:Anna Nowak\r\nEMAIL:anna@example.pl\r\nTEL:+48 601 234 567\r\nEND:VCARD\r\n")
	m := newTestModel(t, testStore(t, 3), 120, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	mustContain(t, screenText(m), "vCard")
	for _, s := range w.readSettings() {
		if s == rsDelimiter || s == rsHeader {
			t.Errorf("a vCard offers setting %d", s)
		}
	}
	press(t, m, "enter", "tab", "ctrl+s")
	if w.step != wzResults || w.res.rep.Created != 1 {
		t.Fatalf("the vCard's import: step %d, %+v\n%s", w.step, w.res.rep, screenText(m))
	}
}

// TestWizardClosedWhileReadingReleasesTheFile: a read that finishes after
// the wizard was closed must not keep the file open.
func TestWizardClosedWhileReadingReleasesTheFile(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("kontakty.csv")
	f.Write([]byte("Imię;E-mail\nZofia;zofia@example.pl\n"))
	zw.Close()
	path := filepath.Join(dir, "kontakty.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, testStore(t, 3), 120, 30)
	drain(t, m, openImportMsg{Path: path})
	w := wizardOf(t, m)
	press(t, m, "esc", "esc") // back to the file step, then out of the wizard
	if m.onStack(w) {
		t.Fatalf("the wizard is still open:\n%s", screenText(m))
	}
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(wizSourceMsg{w: w, seq: w.read.seq + 1, src: src})
	if cmd == nil {
		t.Fatal("a read answering a closed wizard was dropped without closing its file")
	}
	cmd()
	if err := src.Close(); err == nil {
		t.Error("the file was still open")
	}
}

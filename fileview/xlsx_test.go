package fileview

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// workbook is the smallest XLSX with one sheet of inline strings and
// formula cells, as Excel saves them (with their computed values, or
// without one).
func workbook(t *testing.T, rows string) string {
	t.Helper()
	files := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":                `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Kontakty" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kontakty.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFormulasOpenTheirRows opens a workbook with a formula whose value
// Excel saved (used, with a warning) and one without (an import refuses
// the row): both are counted and open exactly their rows; the refused one
// keeps its cells.
func TestFormulasOpenTheirRows(t *testing.T) {
	is := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	rows := `<row r="1">` + is("A1", "E-mail") + is("B1", "Telefon") + `</row>` +
		`<row r="2">` + is("A2", "a@example.pl") + is("B2", "601234567") + `</row>` +
		`<row r="3">` + is("A3", "b@example.pl") + `<c r="B3"><f>48600000000+1234568</f><v>48601234568</v></c></row>` +
		`<row r="4">` + is("A4", "c@example.pl") + `<c r="B4"><f>B3+1</f></c></row>`
	f, ix, sum := load(t, Options{Path: workbook(t, rows), Country: "PL"}, nil)
	got := map[string]Problem{}
	for _, p := range sum.Problems {
		got[p.Kind] = p
	}
	for kind, want := range map[string][]int{"formula": {2}, "formula_without_value": {3}} {
		p := got[kind]
		if p.Rows != len(want) || sum.Report.Problems[kind] != p.Rows || !slices.Equal(match(t, ix, p.Filter()), want) {
			t.Errorf("%s: %d rows (audit %d) opening %v, want %v", kind, p.Rows, sum.Report.Problems[kind], match(t, ix, p.Filter()), want)
		}
	}
	if !got["formula_without_value"].Rejected {
		t.Error("a formula without a value should be marked as refused by an import")
	}
	c, _ := f.Get(2)
	if c.PrimaryPhone() != "+48601234568" {
		t.Errorf("the saved value of the formula: %v", c.Phones)
	}
	c, _ = f.Get(3)
	if cells, _ := c.CustomValue(FieldCells); cells == "" {
		t.Errorf("the refused row keeps no cells: %+v", c)
	}
}

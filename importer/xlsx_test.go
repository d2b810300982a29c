package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Minimal hand-built workbooks, for what spreadsheet programs write but
// excelize does not (cached formula values, inline strings, odd styles).

func xlsxFile(t testing.TB, sheets map[string]string, styles []string) []byte {
	t.Helper()
	names := make([]string, 0, len(sheets))
	for n := range sheets {
		names = append(names, n)
	}
	sort.Strings(names)
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	files := map[string]string{}
	for i, n := range names {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, n, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		files[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = sheets[n]
	}
	if styles != nil {
		// A style is a custom format code, or "builtin:N" for Excel's own.
		var st, xfs strings.Builder
		st.WriteString(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>`)
		xfs.WriteString(`<cellXfs><xf numFmtId="0"/>`)
		for i, code := range styles {
			id := 164 + i
			if _, err := fmt.Sscanf(code, "builtin:%d", &id); err != nil {
				fmt.Fprintf(&st, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, strings.ReplaceAll(code, `"`, "&quot;"))
			}
			fmt.Fprintf(&xfs, `<xf numFmtId="%d" applyNumberFormat="1"/>`, id)
		}
		st.WriteString(`</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>`)
		st.WriteString(xfs.String() + `</cellXfs></styleSheet>`)
		files["xl/styles.xml"] = st.String()
		fmt.Fprintf(&rels, `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	files["xl/workbook.xml"] = wb.String()
	files["xl/_rels/workbook.xml.rels"] = rels.String()
	files["[Content_Types].xml"] = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`
	files["_rels/.rels"] = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	keys := make([]string, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w, _ := zw.Create(k)
		w.Write([]byte(files[k]))
	}
	zw.Close()
	return buf.Bytes()
}

func sheetXML(rows ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		strings.Join(rows, "") + `</sheetData></worksheet>`
}

func row(n int, cells ...string) string {
	return fmt.Sprintf(`<row r="%d">%s</row>`, n, strings.Join(cells, ""))
}

func inline(ref, text string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, text)
}

func num(ref, v string, style int) string {
	return fmt.Sprintf(`<c r="%s" s="%d"><v>%s</v></c>`, ref, style, v)
}

func TestXLSXValuesAsShown(t *testing.T) {
	styles := []string{"000000", "builtin:14", "yyyy-mm-dd hh:mm", "#,##0.00", "0%", "builtin:49", "0.00E+00", `[$-415]d\ mmmm\ yyyy`}
	sheet := sheetXML(
		row(1, inline("A1", "CRM ID"), inline("B1", "Telefon"), inline("C1", "Urodziny"), inline("D1", "Kiedy"),
			inline("E1", "Obroty"), inline("F1", "Rabat"), inline("G1", "Tekst"), inline("H1", "Duża"), inline("I1", "Data PL"), inline("J1", "Tak")),
		row(2, num("A2", "123", 1), num("B2", "48601234567", 0), num("C2", "31113", 2), num("D2", "45000.75", 3),
			num("E2", "1234567.5", 4), num("F2", "0.15", 5), num("G2", "412345678", 6), num("H2", "4.8601234567E10", 7),
			num("I2", "31113", 8), `<c r="J2" t="b"><v>1</v></c>`),
		// A row that skips columns: the gaps are empty cells.
		row(4, inline("A4", "x &amp; y"), `<c r="C4" t="str"><v>  spaced_x000D_</v></c>`),
	)
	data := xlsxFile(t, map[string]string{"Kontakty": sheet}, styles)
	src, err := Open(writeFile(t, "a.xlsx", data), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	if src.Format != FormatXLSX || !tb.Header || tb.Sheet != "Kontakty" {
		t.Fatalf("format %s header %v sheet %q", src.Format, tb.Header, tb.Sheet)
	}
	recs := readTable(t, tb)
	want := []string{"000123", "48601234567", "1985-03-07", "2023-03-15 18:00:00", "1,234,567.50", "15%", "412345678", "48601234567", "1985-03-07", "TRUE"}
	if got := recs[0].Cells; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("row 2:\n got %q\nwant %q", got, want)
	}
	if recs[0].Line != 2 || recs[1].Line != 4 {
		t.Errorf("sheet rows %d, %d", recs[0].Line, recs[1].Line)
	}
	if got := recs[1].Cells; len(got) != 3 || got[0] != "x & y" || got[1] != "" || got[2] != "  spaced\r" {
		t.Errorf("row 4: %q", got)
	}
}

func TestXLSXFormulas(t *testing.T) {
	sheet := sheetXML(
		row(1, inline("A1", "E-mail"), inline("B1", "Telefon")),
		row(2, inline("A2", "a@x.pl"), `<c r="B2"><f>48600000000+1234567</f><v>48601234567</v></c>`),
		row(3, inline("A3", "b@x.pl"), `<c r="B3"><f>A1*2</f></c>`),
		row(4, `<c r="A4" t="str"><f>LOWER("C@X.PL")</f><v>c@x.pl</v></c>`, `<c r="B4"><f t="shared" si="0"/><v>48602345678</v></c>`),
	)
	src, err := Open(writeFile(t, "f.xlsx", xlsxFile(t, map[string]string{"S": sheet}, nil)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	m := AutoMap(tb)
	p, err := compile(tb, 0, m, &Options{Country: "PL"}, true)
	if err != nil {
		t.Fatal(err)
	}
	recs := readTable(t, tb)
	r2, r3, r4 := p.normalize(recs[0], 1), p.normalize(recs[1], 2), p.normalize(recs[2], 3)
	if r2.reject != "" || len(r2.warnings) != 1 || r2.warnings[0].kind != "formula" || r2.c.PrimaryPhone() != "+48601234567" {
		t.Errorf("cached formula: reject %q warnings %+v phones %v", r2.reject, r2.warnings, r2.c.Phones)
	}
	if !strings.Contains(r3.reject, `column "Telefon" holds a formula with no saved value`) {
		t.Errorf("formula without a value: %q", r3.reject)
	}
	if r4.reject != "" || len(r4.warnings) != 2 || r4.c.PrimaryEmail() != "c@x.pl" {
		t.Errorf("string and shared formulas: %q %+v", r4.reject, r4.warnings)
	}
}

// A workbook written by excelize (as a real program writes it: shared
// strings, styles, several sheets) reads back as written.
func TestXLSXWrittenByExcelize(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Notes")
	f.SetCellValue("Notes", "A1", "ignore me")
	f.NewSheet("Klienci")
	rows := [][]any{
		{"Imię", "Nazwisko", "E-mail", "Telefon", "Data urodzenia", "Kod klienta", "Zgoda e-mail"},
		{"Łucja", "Brzęczyszczykiewicz", "lucja@example.pl", 601234567, time.Date(1985, 3, 7, 0, 0, 0, 0, time.UTC), "000123", 1},
		{"Paweł", "Wiśniewski", "pawel@example.pl", "+48 602 345 678", time.Date(1990, 12, 31, 0, 0, 0, 0, time.UTC), "000124", 0},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Klienci", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "klienci.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	src, err := Open(path, ReadOptions{Sheet: "klienci"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	if strings.Join(tb.Sheets, ",") != "Notes,Klienci" || tb.Sheet != "Klienci" {
		t.Errorf("sheets %q, read %q", tb.Sheets, tb.Sheet)
	}
	recs := readTable(t, tb)
	want := [][]string{
		{"Łucja", "Brzęczyszczykiewicz", "lucja@example.pl", "601234567", "1985-03-07", "000123", "1"},
		{"Paweł", "Wiśniewski", "pawel@example.pl", "+48 602 345 678", "1990-12-31", "000124", "0"},
	}
	for i, w := range want {
		if strings.Join(recs[i].Cells, "|") != strings.Join(w, "|") {
			t.Errorf("row %d: %q, want %q", i+1, recs[i].Cells, w)
		}
	}
	m := AutoMap(tb)
	for i, wantField := range []string{"first_name", "last_name", "emails", "phones", "birth_date", "crm_id", "consent:email"} {
		if m.Columns[i].Field != wantField {
			t.Errorf("column %s → %s, want %s", m.Columns[i].Name, m.Columns[i].Field, wantField)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	for _, tt := range []struct {
		code, raw, want string
	}{
		{"General", "0.30000000000000004", "0.3"},
		{"General", "1E+20", "100000000000000000000"},
		{"0", "12.6", "13"},
		{"00000", "7", "00007"},
		{"#,##0", "-1234567", "-1,234,567"},
		{"0.0%", "0.1234", "12.3%"},
		{`"PLN "#,##0.00`, "12.5", "12.50"},
		{"dd/mm/yyyy", "31113", "1985-03-07"},
		{"h:mm", "0.5", "12:00:00"},
		{"[h]:mm:ss", "1.25", "30:00:00"},
		{"@", "123", "123"},
	} {
		if got := parseNumFormat(tt.code).show(tt.raw, false); got != tt.want {
			t.Errorf("format %q of %s = %q, want %q", tt.code, tt.raw, got, tt.want)
		}
	}
}

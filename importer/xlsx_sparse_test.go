package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// sparseSheet is a sheet whose rows each hold one cell in column XFD, the
// last of the grid (far: the data rows lie past row 1,000,000): a header
// "Email" and rows-1 e-mails.
func sparseSheet(rows int, far bool) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i := 1; i <= rows; i++ {
		r, v := i, "Email"
		if i > 1 {
			v = fmt.Sprintf("user%d@example.com", i)
			if far {
				r = 1_000_000 + i
			}
		}
		fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>%s</t></is></c></row>`, r, r, v)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// readAllCells opens a workbook and reads every record of its table as an
// import does, returning the records and how many cells were made.
func readAllCells(t testing.TB, sheet string) (*Table, []Record, int) {
	t.Helper()
	src, err := Open(writeFile(t, "sheet.xlsx", xlsxFile(t, map[string]string{"S": sheet}, nil)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	tab := src.Tables[0]
	cells := 0
	for _, r := range tab.Sample {
		cells += len(r.Cells)
	}
	tr, err := tab.open()
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var recs []Record
	for {
		rec, err := tr.Next()
		if err != nil {
			break
		}
		cells += len(rec.Cells)
		recs = append(recs, rec)
	}
	return tab, recs, cells
}

// A sheet whose cells lie far right or far down is read in cells
// proportional to the cells it holds: padding each row to the grid made
// 16,384 cells a row.
func TestSparseSheetCostsItsCells(t *testing.T) {
	for _, far := range []bool{false, true} {
		tab, recs, cells := readAllCells(t, sparseSheet(200, far))
		if len(tab.Columns) != 1 || tab.Columns[0] != "Email" || !tab.Header {
			t.Fatalf("far %v: %d columns", far, len(tab.Columns))
		}
		if len(recs) != 199 || recs[0].Cells[0] != "user2@example.com" {
			t.Fatalf("far %v: %d records, first %+v", far, len(recs), recs[0])
		}
		if far && recs[0].Line != 1_000_002 {
			t.Errorf("far: first data row at line %d", recs[0].Line)
		}
		// Sample and run: 199 data cells each, at most.
		if cells > 2*200 {
			t.Errorf("far %v: %d cells made for 399 read", far, cells)
		}
		if m := AutoMap(tab); m.Columns[0].Field != "emails" {
			t.Errorf("far %v: %+v", far, m.Columns)
		}
	}
}

// Ordinary sheets keep every column, empty ones included; a cell past the
// header is left out with a warning, as before, but no longer costs the
// columns up to it.
func TestSheetLayoutKeepsOrdinaryShapes(t *testing.T) {
	sheet := `<worksheet><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="C1" t="inlineStr"><is><t>Email</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c><c r="C2" t="inlineStr"><is><t>ann@example.com</t></is></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>Bo</t></is></c><c r="C3" t="inlineStr"><is><t>bo@example.com</t></is></c><c r="XFD3" t="inlineStr"><is><t>stray</t></is></c></row>` +
		`</sheetData></worksheet>`
	tab, recs, cells := readAllCells(t, sheet)
	if strings.Join(tab.Columns, "|") != "Name||Email" {
		t.Fatalf("columns %q", tab.Columns)
	}
	if len(recs) != 2 || strings.Join(recs[1].Cells, "|") != "Bo||bo@example.com|stray" || cells > 2*(3+4) {
		t.Fatalf("records %+v (%d cells)", recs, cells)
	}
	rows := auditText(t, "stray.xlsx", string(xlsxFile(t, map[string]string{"S": sheet}, nil)), "PL")
	if len(rows) != 2 || rows[1].Reject != "" || len(rows[1].Warnings) != 1 || rows[1].Warnings[0].kind != "extra_cells" {
		t.Fatalf("%+v", rows[1])
	}
}

// A compacted sheet keeps the columns its header or sample fills, in
// order; a later value in a column it left out is reported, not lost
// silently.
func TestSparseSheetKeepsFilledColumns(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<worksheet><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="XFD1" t="inlineStr"><is><t>Email</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c><c r="ZZ2" t="inlineStr"><is><t>ann@example.com</t></is></c></row>`)
	last := sampleWithHeader(ReadOptions{}) + 3
	for r := 3; r <= last; r++ {
		col := "XFD"
		if r == last {
			col = "M" // empty in the header and the sample
		}
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Bo%d</t></is></c><c r="%s%d" t="inlineStr"><is><t>bo%d@example.com</t></is></c></row>`, r, r, r, col, r, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	tab, recs, _ := readAllCells(t, b.String())
	if strings.Join(tab.Columns, "|") != "Name||Email" {
		t.Fatalf("columns %q", tab.Columns)
	}
	if strings.Join(recs[0].Cells, "|") != "Ann|ann@example.com" || strings.Join(recs[1].Cells, "|") != "Bo3||bo3@example.com" {
		t.Fatalf("records %q %q", recs[0].Cells, recs[1].Cells)
	}
	rows := auditText(t, "sparse.xlsx", string(xlsxFile(t, map[string]string{"S": b.String()}, nil)), "PL")
	end := rows[len(rows)-1]
	if len(rows) != last-1 || len(end.Warnings) != 1 || end.Warnings[0].kind != "extra_cells" {
		t.Fatalf("%d rows, last %+v", len(rows), end)
	}
}

// BenchmarkSparseXLSX imports the hostile shape end to end: 40,000 rows,
// each one cell in column XFD (a 330 KB file, as the report that found it).
func BenchmarkSparseXLSX(b *testing.B) {
	for _, far := range []bool{false, true} {
		name := "right"
		if far {
			name = "down"
		}
		b.Run(name, func(b *testing.B) {
			path := writeFile(b, "sparse.xlsx", xlsxFile(b, map[string]string{"S": sparseSheet(40_000, far)}, nil))
			for b.Loop() {
				src, err := Open(path, ReadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				r, err := Start(context.Background(), src, Options{Country: "PL"}, newMemorySink())
				if err != nil {
					b.Fatal(err)
				}
				for range r.Progress() {
				}
				rep, err := r.Wait()
				if err != nil || rep.Created != 39_999 {
					b.Fatalf("%v: %+v", err, rep)
				}
				src.Close()
			}
			b.ReportMetric(39_999*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

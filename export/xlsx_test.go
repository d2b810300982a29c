package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"rolo/contact"
)

// readSheet opens an exported workbook with another implementation than
// rolo's own and returns its rows.
func readSheet(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetName, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Text that XML makes awkward comes back exactly, less the characters XML
// cannot hold; a cell is cut at Excel's limit.
func TestXLSXAwkwardText(t *testing.T) {
	long := strings.Repeat("ż", maxCellChars+10)
	cs := []*contact.Contact{
		{ID: 1, FirstName: "  padded ", LastName: "a\r\nb\rc", Company: "<b>&amp;</b> \"q\" 'a'", Description: "bell\x07 nul\x00 ok\uFFFE"},
		{ID: 2, FirstName: "x", Description: long, Manager: "😀 emoji", Address: contact.Address{City: "\tKraków\n"}},
	}
	var buf bytes.Buffer
	opt := Options{Format: XLSX, Columns: []string{"first_name", "last_name", "company", "description", "manager", "city"}}
	if _, err := Run(context.Background(), &buf, each(cs), nil, opt, nil); err != nil {
		t.Fatal(err)
	}
	rows := readSheet(t, buf.Bytes())
	want := [][]string{
		opt.Columns,
		{"  padded ", "a\r\nb\rc", "<b>&amp;</b> \"q\" 'a'", "bell nul ok"},
		{"x", "", "", strings.Repeat("ż", maxCellChars), "😀 emoji", "\tKraków\n"},
	}
	if fmt.Sprintf("%q", rows) != fmt.Sprintf("%q", want) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}

// Many rows: repeated values go to the shared strings, unique ones stay
// inline, gaps keep every value in its column, and the table stays small.
func TestXLSXManyRows(t *testing.T) {
	const n = 5000
	src := func(fn func(*contact.Contact) error) error {
		for i := range n {
			c := &contact.Contact{ID: uint64(i + 1), FirstName: fmt.Sprintf("Name%d", i), Address: contact.Address{City: []string{"Kraków", "Łódź", "Gdańsk"}[i%3]}}
			if i%7 != 0 {
				c.Emails = []string{fmt.Sprintf("p%d@example.com", i)}
			}
			if i%5 == 0 {
				c.Points = contact.Num(float64(i) / 4)
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	}
	var buf bytes.Buffer
	opt := Options{Format: XLSX, Columns: []string{"first_name", "emails", "points", "city"}}
	w, err := NewWriter(&buf, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := src(w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if sst := w.(*xlsx).sst; len(sst.list) > 2*sstWindow+3 {
		t.Errorf("%d shared strings for 3 repeated values", len(sst.list))
	}
	rows := readSheet(t, buf.Bytes())
	if len(rows) != n+1 {
		t.Fatalf("%d rows", len(rows))
	}
	for i := range n {
		r := rows[i+1]
		for len(r) < 4 {
			r = append(r, "")
		}
		email, points := "", ""
		if i%7 != 0 {
			email = fmt.Sprintf("p%d@example.com", i)
		}
		if i%5 == 0 {
			points = fmt.Sprint(float64(i) / 4)
		}
		want := []string{fmt.Sprintf("Name%d", i), email, points, []string{"Kraków", "Łódź", "Gdańsk"}[i%3]}
		if fmt.Sprint(r) != fmt.Sprint(want) {
			t.Fatalf("row %d = %q, want %q", i+2, r, want)
		}
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// A full disk ends the export with its error, and a cancelled export
// stops the compressing goroutine (the race detector and the test's end
// would catch one left behind).
func TestXLSXErrors(t *testing.T) {
	many := func(fn func(*contact.Contact) error) error {
		for i := range 200000 {
			if err := fn(&contact.Contact{ID: uint64(i + 1), FirstName: fmt.Sprint("n", i), Description: strings.Repeat("x", 100+i%50)}); err != nil {
				return err
			}
		}
		return nil
	}
	opt := Options{Format: XLSX, Columns: []string{"first_name", "description"}}
	_, err := Run(context.Background(), &failWriter{n: 1 << 20}, many, nil, opt, nil)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("full disk: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Run(ctx, io.Discard, many, nil, opt, func(done int) {
		if done == 50000 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d) = %q, want %q", i, got, want)
		}
	}
}

// A workbook without contacts names no shared strings: only the header.
func TestXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	opt := Options{Format: XLSX, Columns: []string{"first_name", "emails"}}
	if _, err := Run(context.Background(), &buf, each(nil), nil, opt, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("sharedStrings")) {
		t.Error("an empty shared strings table was written")
	}
	if rows := readSheet(t, buf.Bytes()); fmt.Sprint(rows) != "[[first_name emails]]" {
		t.Errorf("rows %q", rows)
	}
}

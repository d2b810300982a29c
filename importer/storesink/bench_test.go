package storesink

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"rolo/contact"
	"rolo/demo"
	"rolo/export"
	"rolo/importer"
	"rolo/store"
)

// Benchmark files are generated from demo contacts, written the way real
// exports are messy: phones in each country's national format (trunk
// prefixes, brackets, a lost leading zero, 00 prefixes, digits that lost
// their +), e-mails in mixed case with stray spaces, dates in three
// styles, a country column as a code or a name, consent columns, and about
// one row in a hundred with an invalid phone or e-mail.

var benchHeader = []string{"First Name", "Last Name", "E-mail", "Phone", "Country", "City", "Birth Date", "Newsletter", "SMS"}

// nationalPhone writes an E.164 number the way people of its country do.
func nationalPhone(r *rand.Rand, c *contact.Contact) string {
	p := c.PrimaryPhone()
	cc := c.Address.Country
	switch r.IntN(20) {
	case 0:
		return "00" + p[1:] // international prefix
	case 1:
		return p[1:] // lost its +
	case 2:
		return p // as stored
	}
	switch cc {
	case "PL":
		n := p[3:]
		return n[:3] + " " + n[3:6] + " " + n[6:]
	case "DE":
		return "0" + p[3:6] + " " + p[6:]
	case "RU":
		n := p[2:]
		return "8 (" + n[:3] + ") " + n[3:6] + "-" + n[6:8] + "-" + n[8:]
	case "BR":
		n := p[3:]
		return "(" + n[:2] + ") " + n[2:len(n)-4] + "-" + n[len(n)-4:]
	case "GB":
		return "0" + p[3:7] + " " + p[7:]
	case "US":
		n := p[2:]
		return "(" + n[:3] + ") " + n[3:6] + "-" + n[6:]
	}
	return p
}

var countryNames = map[string][]string{
	"PL": {"PL", "Polska", "Poland"}, "DE": {"DE", "Deutschland", "Germany"}, "RU": {"RU", "Россия", "Russia"},
	"BR": {"BR", "Brasil", "Brazil"}, "GB": {"GB", "United Kingdom", "UK"}, "US": {"US", "USA", "United States"},
}

func benchRow(r *rand.Rand, c *contact.Contact) []string {
	email := c.PrimaryEmail()
	if email != "" && r.IntN(3) == 0 {
		email = strings.ToUpper(email[:1]) + email[1:]
	}
	if email != "" && r.IntN(10) == 0 {
		email = " " + email + "\u00a0"
	}
	phone := nationalPhone(r, c)
	switch r.IntN(100) {
	case 0:
		phone = phone[:len(phone)-4] // too short
	case 1:
		email = strings.Replace(email, "@", "", 1)
	}
	birth := c.BirthDate
	if birth != "" {
		t, _ := time.Parse(time.DateOnly, birth)
		switch r.IntN(3) {
		case 0:
			birth = t.Format("02.01.2006")
		case 1:
			birth = t.Format("2/1/2006")
		}
	}
	names := countryNames[c.Address.Country]
	consent := func(name string) string {
		k, ok := c.Consent(name)
		switch {
		case !ok:
			return ""
		case k.Granted:
			return "1"
		}
		return "0"
	}
	return []string{c.FirstName, c.LastName, email, phone, names[r.IntN(len(names))], c.Address.City, birth, consent("email"), consent("sms")}
}

// writeBenchCSV writes n rows and returns the file's path.
func writeBenchCSV(tb testing.TB, dir string, n int) string {
	path := filepath.Join(dir, fmt.Sprintf("contacts-%d.csv", n))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(strings.Join(benchHeader, ",") + "\n")
	g := demo.New(7, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	r := rand.New(rand.NewPCG(7, 8))
	for range n {
		row := benchRow(r, g.Next())
		for i, cell := range row {
			if i > 0 {
				w.WriteByte(',')
			}
			if strings.ContainsAny(cell, ",\"\n") {
				cell = `"` + strings.ReplaceAll(cell, `"`, `""`) + `"`
			}
			w.WriteString(cell)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return path
}

// writeBenchXLSX writes n rows with excelize's stream writer (phones as
// numbers where they have no formatting, dates as dates).
func writeBenchXLSX(tb testing.TB, dir string, n int) string {
	path := filepath.Join(dir, fmt.Sprintf("contacts-%d.xlsx", n))
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	head := make([]any, len(benchHeader))
	for i, h := range benchHeader {
		head[i] = h
	}
	sw.SetRow("A1", head)
	g := demo.New(7, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	r := rand.New(rand.NewPCG(7, 8))
	for i := range n {
		row := benchRow(r, g.Next())
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = v
		}
		if n, err := strconv.ParseInt(row[3], 10, 64); err == nil {
			cells[3] = n // a spreadsheet keeps digits as a number: 0048… loses its zeros
		}
		if t, err := time.Parse(time.DateOnly, row[6]); err == nil {
			cells[6] = excelize.Cell{StyleID: dateStyle, Value: t}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// writeBenchJSONL writes n demo contacts as rolo export --format jsonl
// writes them (every field, custom fields and consents as objects).
func writeBenchJSONL(tb testing.TB, dir string, n int) string {
	path := filepath.Join(dir, fmt.Sprintf("contacts-%d.jsonl", n))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	cols := export.DefaultColumns(export.JSONL, []string{"language", "loyalty_card"}, []string{"email", "phone", "sms"})
	w, err := export.NewWriter(bw, export.Options{Format: export.JSONL, Columns: cols})
	if err != nil {
		tb.Fatal(err)
	}
	g := demo.New(7, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	for range n {
		if err := w.Write(g.Next()); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestWriteBenchFiles writes the benchmark files into $ROLO_BENCH_DIR, to
// time the rolo binary on them (see docs/speed.md).
func TestWriteBenchFiles(t *testing.T) {
	dir := os.Getenv("ROLO_BENCH_DIR")
	if dir == "" {
		t.Skip("set ROLO_BENCH_DIR to write the benchmark files")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{100_000, 1_000_000} {
		fmt.Println(writeBenchCSV(t, dir, n))
	}
	fmt.Println(writeBenchXLSX(t, dir, 100_000))
	fmt.Println(writeBenchJSONL(t, dir, 100_000))
}

// BenchmarkImport imports generated files end to end into an empty store:
// open, detect, map, normalise every phone and e-mail, write in a bulk
// session, merge the indexes. CSV of 100k rows (and 1M with
// ROLO_BENCH_1M=1: about 85 MB, several seconds a run), XLSX of 100k, and
// JSONL of 100k demo contacts as rolo exports them (every field).
func BenchmarkImport(b *testing.B) {
	dir := b.TempDir()
	cases := []struct {
		name string
		path func() string
		rows int
	}{
		{"csv-100k", func() string { return writeBenchCSV(b, dir, 100_000) }, 100_000},
		{"xlsx-100k", func() string { return writeBenchXLSX(b, dir, 100_000) }, 100_000},
		{"jsonl-100k", func() string { return writeBenchJSONL(b, dir, 100_000) }, 100_000},
	}
	if os.Getenv("ROLO_BENCH_1M") != "" {
		cases = append(cases, struct {
			name string
			path func() string
			rows int
		}{"csv-1M", func() string { return writeBenchCSV(b, dir, 1_000_000) }, 1_000_000})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := c.path()
			fi, _ := os.Stat(path)
			b.SetBytes(fi.Size())
			for b.Loop() {
				rep := importIntoEmptyStore(b, path)
				if rep.Rows != c.rows || rep.Created < c.rows*95/100 {
					b.Fatalf("%d rows, %d created, %d rejected", rep.Rows, rep.Created, len(rep.Rejected))
				}
			}
			b.ReportMetric(float64(c.rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// importIntoEmptyStore imports path into a new, empty store, timing the
// import alone (opening and closing the store are left out).
func importIntoEmptyStore(b *testing.B, path string) *importer.Report {
	b.StopTimer()
	s, err := store.Open(filepath.Join(b.TempDir(), "rolo.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer b.StartTimer()
	defer s.Close()
	b.StartTimer()
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	r, err := importer.Start(context.Background(), src, importer.Options{Country: "PL"}, New(s, true))
	if err != nil {
		b.Fatal(err)
	}
	for range r.Progress() {
	}
	rep, err := r.Wait()
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	return rep
}

package fileview

import (
	"bufio"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
	"rolo/filter"
)

// benchRows is the size of the generated file (ROLO_BENCH_N overrides it).
func benchRows(b *testing.B) int {
	if s := os.Getenv("ROLO_BENCH_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 100_000
}

// writeDemoCSV writes n demo contacts as another system would export them,
// with one row in fifty spoiled (a short phone, a broken e-mail, no key).
func writeDemoCSV(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	_ = w.Write([]string{"First name", "Last name", "E-mail", "Phone", "City", "Country", "Birth date", "Company", "SMS consent"})
	gen := demo.New(1, 0, time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	for i := 1; i <= n; i++ {
		c := gen.Next()
		email, phone := c.PrimaryEmail(), contact.FormatPhone(c.PrimaryPhone())
		switch i % 50 {
		case 7:
			phone = "601 23"
		case 17:
			email = "broken@"
		case 27:
			email, phone = "", ""
		}
		consent := ""
		if k, ok := c.Consent("sms"); ok {
			consent = contact.FormatBool(k.Granted)
		}
		_ = w.Write([]string{c.FirstName, c.LastName, email, phone, c.Address.City, c.Address.Country, c.BirthDate, c.Company, consent})
	}
	w.Flush()
	if err := errorsJoin(w.Error(), bw.Flush(), f.Close()); err != nil {
		b.Fatal(err)
	}
}

func errorsJoin(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// BenchmarkLoad opens a generated file of 100k rows (ROLO_BENCH_N for
// another size) the way rolo open does: the audit on every core, every row
// into the index, duplicate clusters marked. It reports the index's and
// the kept records' size next to the Go heap's peak.
func BenchmarkLoad(b *testing.B) {
	n := benchRows(b)
	path := os.Getenv("ROLO_BENCH_FILE") // a file of n rows made elsewhere
	if path == "" {
		path = filepath.Join(b.TempDir(), "contacts.csv")
		writeDemoCSV(b, path, n)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := New(Options{Path: path, Country: "PL"})
		ix := filter.NewIndex(filter.Options{Country: "PL"})
		sum, err := f.Load(context.Background(), ix, nil)
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.Sys)/1e6, "sys-MB")
		b.ReportMetric(float64(ix.Memory())/1e6, "index-MB")
		b.ReportMetric(float64(f.Memory())/1e6, "kept-MB")
		if sum.Rows != n {
			b.Fatalf("%d rows loaded of %d", sum.Rows, n)
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(i+1), "rows/s")
		b.ReportMetric(float64(len(sum.Duplicates)), "clusters")
	}
}

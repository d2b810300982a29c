package indexfile

import (
	"context"
	"os"
	"testing"

	"rolo/filter"
	"rolo/store"
)

// benchStore opens ROLO_BENCH_DB (a store made with rolo demo), or skips.
func benchStore(b *testing.B) *store.Store {
	path := os.Getenv("ROLO_BENCH_DB")
	if path == "" {
		b.Skip("set ROLO_BENCH_DB to a store made with rolo demo --count 1000000")
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := Open(context.Background(), st, opts(), Options{}); err != nil { // stored once
		b.Fatal(err)
	}
	return st
}

// BenchmarkOpenAndCount is what rolo count --where 'city = Kraków' does
// after the process starts: open the stored index, catch it up, count.
func BenchmarkOpenAndCount(b *testing.B) {
	st := benchStore(b)
	f, _ := filter.Parse("city = Kraków")
	for b.Loop() {
		o, err := Open(context.Background(), st, opts(), Options{NoSave: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := o.Index.Count(f); err != nil {
			b.Fatal(err)
		}
		o.Close()
	}
}

// BenchmarkOpenAll is what the interface does: open the stored index and
// read every column (sort, filter and search work from then on).
func BenchmarkOpenAll(b *testing.B) {
	st := benchStore(b)
	for b.Loop() {
		o, err := Open(context.Background(), st, opts(), Options{NoSave: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := o.Index.LoadAll(); err != nil {
			b.Fatal(err)
		}
		o.Close()
		b.ReportMetric(float64(o.Index.Memory())/1e6, "index-MB")
	}
}

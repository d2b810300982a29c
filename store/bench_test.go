package store

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
)

// Benchmarks run on generated, realistic contacts (package demo). To measure
// a million, build the store once with `rolo demo --count 1000000 --db F`
// and point ROLO_BENCH_DB at F; otherwise they build 100k in a temp dir.

const benchBatch = 5000

func generate(n int) []*contact.Contact {
	g := demo.New(42, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	out := make([]*contact.Contact, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func insertAll(tb testing.TB, s *Store, cs []*contact.Contact) {
	for i := 0; i < len(cs); i += benchBatch {
		end := min(i+benchBatch, len(cs))
		err := s.Update(func(tx *Tx) error {
			for _, c := range cs[i:end] {
				if _, err := tx.Create(c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkStoreInsert writes 100k contacts in batches of 5,000, with every
// index, into a new store (fsync on, as in real use): with direct index
// inserts, and in a bulk session (sorted runs, merged at the end; the
// importer's way).
func BenchmarkStoreInsert(b *testing.B) {
	const n = 100_000
	src := generate(n)
	for _, bulk := range []bool{false, true} {
		name := "direct"
		if bulk {
			name = "bulk"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				cs := make([]*contact.Contact, n)
				for i, c := range src {
					cs[i] = c.Clone()
				}
				s, err := Open(filepath.Join(b.TempDir(), "rolo.db"), Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if bulk {
					s.BeginBulk()
				}
				insertAll(b, s, cs)
				if bulk {
					if err := s.EndBulk(); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "contacts/s")
		})
	}
}

func benchStore(b *testing.B) *Store {
	if path := os.Getenv("ROLO_BENCH_DB"); path != "" {
		s, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	s, err := Open(filepath.Join(b.TempDir(), "rolo.db"), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	insertAll(b, s, generate(100_000))
	return s
}

// BenchmarkStoreScan decodes every contact of the store.
func BenchmarkStoreScan(b *testing.B) {
	s := benchStore(b)
	n, _ := s.Count()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		seen := 0
		if err := s.Scan(func(*contact.Contact) error { seen++; return nil }); err != nil {
			b.Fatal(err)
		}
		if seen != n {
			b.Fatalf("scanned %d of %d", seen, n)
		}
	}
	b.ReportMetric(float64(n), "contacts")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/contact")
}

// BenchmarkStoreScanBorrowed decodes every contact without allocating.
func BenchmarkStoreScanBorrowed(b *testing.B) {
	s := benchStore(b)
	n, _ := s.Count()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		seen := 0
		if err := s.ScanBorrowed(func(*contact.Contact) error { seen++; return nil }); err != nil {
			b.Fatal(err)
		}
		if seen != n {
			b.Fatalf("scanned %d of %d", seen, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/contact")
}

// BenchmarkDecode compares one record's decoding in rolo's binary layout
// with the same contact as JSON: the reason for the layout.
func BenchmarkDecode(b *testing.B) {
	cs := generate(1000)
	bin := make([][]byte, len(cs))
	js := make([][]byte, len(cs))
	for i, c := range cs {
		bin[i] = encodeContact(nil, c)
		js[i], _ = json.Marshal(c)
	}
	b.Run("binary", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := decodeContact(1, bin[i%len(bin)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var c contact.Contact
			if err := json.Unmarshal(js[i%len(js)], &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

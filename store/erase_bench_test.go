package store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkErase erases contacts and scrubs the file, with fsync, as a
// support agent's request does: one person, and a bulk of 1,000. The store
// is 100k generated contacts written as an import writes them (bulk
// session), or a copy of ROLO_BENCH_DB (e.g. the 1M demo store).
func BenchmarkErase(b *testing.B) {
	path := filepath.Join(b.TempDir(), "rolo.db")
	if src := os.Getenv("ROLO_BENCH_DB"); src != "" {
		copyFile(b, src, path)
	} else {
		s, err := Open(path, Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.BeginBulk(); err != nil {
			b.Fatal(err)
		}
		insertAll(b, s, generate(100_000))
		if err := s.EndBulk(); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	n, _ := s.Count()
	next := uint64(1)
	// The first scrub overwrites the garbage the import left in free pages;
	// measure the steady state after it.
	if _, err := s.Erase(context.Background(), []uint64{next}, EraseOptions{}); err != nil {
		b.Fatal(err)
	}
	next += 7
	for _, size := range []int{1, 1000} {
		b.Run(map[int]string{1: "one", 1000: "bulk1000"}[size], func(b *testing.B) {
			var zeroed int64
			for b.Loop() {
				ids := make([]uint64, size)
				for i := range ids {
					ids[i] = next
					next = next%uint64(n) + 7
				}
				res, err := s.Erase(context.Background(), ids, EraseOptions{})
				if err != nil || res.ScrubPostponed {
					b.Fatal(err, res)
				}
				zeroed += res.Scrub.Bytes
			}
			b.ReportMetric(float64(zeroed)/float64(b.N)/(1<<20), "MB-scrubbed/op")
		})
	}
}

func copyFile(tb testing.TB, src, dst string) {
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

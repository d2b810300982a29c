package filter_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
	"rolo/filter"
	"rolo/store"
)

// Benchmarks run on the demo store. For the figures in docs/speed.md build
// the million once and point ROLO_BENCH_DB at it:
//
//	go run . demo --count 1000000 --db /tmp/filter/big.db
//	ROLO_BENCH_DB=/tmp/filter/big.db go test ./filter -run '^$' -bench . -benchtime 20x
//
// Without it they build a 100k store in a temporary folder.

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

func benchStorePath(b *testing.B) string {
	if p := os.Getenv("ROLO_BENCH_DB"); p != "" {
		return p
	}
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rolo-filter-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchPath = filepath.Join(dir, "rolo.db")
		s, err := store.Open(benchPath, store.Options{NoSync: true})
		if err != nil {
			benchErr = err
			return
		}
		defer s.Close()
		g := demo.New(1, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		s.BeginBulk()
		for i := 0; i < 100_000; i += 5000 {
			benchErr = s.Update(func(tx *store.Tx) error {
				for range 5000 {
					if _, err := tx.Create(g.Next()); err != nil {
						return err
					}
				}
				return nil
			})
			if benchErr != nil {
				return
			}
		}
		benchErr = s.EndBulk()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

var benchOpt = filter.Options{Country: "PL", Now: func() time.Time { return time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) }}

func benchIndex(b *testing.B) (*filter.Index, *store.Store) {
	s, err := store.Open(benchStorePath(b), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ix := filter.NewIndex(benchOpt)
	if err := ix.Build(s.ScanBorrowed); err != nil {
		b.Fatal(err)
	}
	return ix, s
}

// BenchmarkFilter evaluates typical filters on the whole store, once open.
func BenchmarkFilter(b *testing.B) {
	ix, _ := benchIndex(b)
	for _, expr := range []string{
		"city = Kraków",
		"city = lodz, krakow",
		"last_name contains wisn",
		"points >= 1000 and points < 2000",
		"paid_total > 10000",
		"group in VIP",
		"group in VIP and group not in Churned",
		"consent:sms = yes",
		"created_at >= -30d",
		"email contains @gmail",
		"phone starts with 601",
		"full_name contains anna",
		"city = Kraków, Łódź and consent:sms = yes and points >= 100 and email exists and group not in Churned",
		"addresses contains kraków",
		"addresses starts with work:",
	} {
		f, err := filter.Parse(expr)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(expr, func(b *testing.B) {
			n := 0
			for b.Loop() {
				ids, err := ix.Match(f)
				if err != nil {
					b.Fatal(err)
				}
				n = len(ids)
			}
			b.ReportMetric(float64(n), "matches")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/filter")
		})
	}
	// The wizard's "view in table" after an import: up to 100 000 IDs.
	ids := make([]string, 0, 100_000)
	for id := 1; len(ids) < cap(ids); id += 7 {
		ids = append(ids, strconv.Itoa(id))
	}
	f := filter.Filter{Conds: []filter.Condition{{Field: "id", Op: filter.Eq, Values: ids}}}
	b.Run("id = 100k IDs", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Match(f); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/filter")
	})
}

// BenchmarkSort sorts every contact by a field; "cold" includes ranking
// the column's distinct values (the first sort by it), "warm" reuses them.
func BenchmarkSort(b *testing.B) {
	for _, field := range []string{"last_name", "full_name", "city", "points", "created_at", "emails"} {
		for _, warm := range []bool{false, true} {
			name := field + "/cold"
			if warm {
				name = field + "/warm"
			}
			b.Run(name, func(b *testing.B) {
				ix, _ := benchIndex(b)
				f, _ := filter.Parse("")
				all, _ := ix.Match(f)
				if warm {
					ix.Sort(slices.Clone(all), field, false)
				}
				b.ResetTimer()
				for b.Loop() {
					b.StopTimer()
					ids := slices.Clone(all)
					if !warm {
						ix, _ = benchIndexReuse(b, ix)
					}
					b.StartTimer()
					ix.Sort(ids, field, false)
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/sort")
			})
		}
	}
}

// benchIndexReuse drops the sort caches by rebuilding the index from the
// same store (outside the timer).
func benchIndexReuse(b *testing.B, _ *filter.Index) (*filter.Index, *store.Store) {
	return benchIndexCached(b)
}

var (
	cachedStore *store.Store
	cacheMu     sync.Mutex
)

func benchIndexCached(b *testing.B) (*filter.Index, *store.Store) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if cachedStore == nil {
		s, err := store.Open(benchStorePath(b), store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		cachedStore = s
	}
	ix := filter.NewIndex(benchOpt)
	if err := ix.Build(cachedStore.ScanBorrowed); err != nil {
		b.Fatal(err)
	}
	return ix, cachedStore
}

// BenchmarkSearch is the quick search.
func BenchmarkSearch(b *testing.B) {
	ix, _ := benchIndex(b)
	for _, q := range []string{"wiśniewska", "kowalski jan", "ivanov", "601 234", "gmail"} {
		b.Run(q, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(ix.Search(q, 100))
			}
			b.ReportMetric(float64(n), "results")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/search")
		})
	}
}

// BenchmarkBuild reads the whole store into an Index and reports its size
// and the process's resident memory with it open.
func BenchmarkBuild(b *testing.B) {
	path := benchStorePath(b)
	var ix *filter.Index
	var s *store.Store
	for b.Loop() {
		if s != nil {
			s.Close()
		}
		var err error
		if s, err = store.Open(path, store.Options{ReadOnly: true}); err != nil {
			b.Fatal(err)
		}
		ix = filter.NewIndex(benchOpt)
		if n, err := s.Count(); err == nil {
			ix.Reserve(n)
		}
		if err := ix.Build(s.ScanLean); err != nil {
			b.Fatal(err)
		}
	}
	defer s.Close() // open, as in the TUI
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ix.Len()), "contacts")
	b.ReportMetric(float64(ix.Memory())/(1<<20), "index-MB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric(procMB("VmRSS"), "rss-MB")
	b.ReportMetric(procMB("RssAnon"), "rss-anon-MB")
	b.ReportMetric(procMB("RssFile"), "rss-file-MB")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/build")
	runtime.KeepAlive(ix)
}

// procMB reads a memory figure of the process from /proc (0 elsewhere):
// VmRSS is all it has resident, RssAnon without the pages of the store
// file that the read mapped.
func procMB(key string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkFirstScreen opens the store the way the TUI does and reads what
// its first screen shows before the Index exists: the total and the first
// 40 contacts in name order, from the saved order.
func BenchmarkFirstScreen(b *testing.B) {
	path := benchStorePath(b)
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Skipf("needs the store writable to save the order once: %v", err)
	}
	if _, ok, _ := filter.LoadOrder(s, "full_name"); !ok {
		ix := filter.NewIndex(benchOpt)
		if err := ix.Build(s.ScanBorrowed); err != nil {
			b.Fatal(err)
		}
		if err := filter.SaveOrder(s, ix, "full_name"); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	b.ResetTimer()
	for b.Loop() {
		s, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		total, err := s.Count()
		if err != nil {
			b.Fatal(err)
		}
		order, ok, err := filter.LoadOrder(s, "full_name")
		if err != nil || !ok || len(order) != total {
			b.Fatalf("order: %v %v %d of %d", ok, err, len(order), total)
		}
		page, err := s.GetMany(order[:40])
		if err != nil || page[0] == nil {
			b.Fatal(err)
		}
		_ = fmt.Sprint(page[0].FullName())
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/open")
}

var _ = contact.ListSep

// BenchmarkValue reads the cells of one screen: 40 rows of 8 columns.
func BenchmarkValue(b *testing.B) {
	ix, _ := benchIndex(b)
	all, _ := ix.Match(filter.Filter{})
	cols := []string{"full_name", "emails", "phones", "city", "country", "status", "groups", "consent:sms"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := (i * 40) % (len(all) - 40)
		for _, id := range all[start : start+40] {
			for _, c := range cols {
				_ = ix.Value(id, c)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/screen")
}

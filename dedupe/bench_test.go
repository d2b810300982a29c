package dedupe

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// BenchmarkDedupe finds the duplicates among n generated contacts with 10%
// known duplicates (ROLO_BENCH_N sets n; default 100k; the figure in
// docs/duplicates.md is for 1M) and reports precision and recall at the default and
// the merge threshold.
func BenchmarkDedupe(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("ROLO_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	l := generateLabelled(n, 0.1, 11)
	b.Run(fmt.Sprintf("n=%d", len(l.contacts)), func(b *testing.B) {
		b.ReportAllocs()
		var clusters []Cluster
		for b.Loop() {
			f := NewFinder(Options{})
			for _, c := range l.contacts {
				f.Add(c)
			}
			var err error
			if clusters, err = f.Find(context.Background(), nil); err != nil {
				b.Fatal(err)
			}
		}
		p, r, _, _ := l.evaluate(only(clusters, DefaultMinScore))
		b.ReportMetric(p, "precision")
		b.ReportMetric(r, "recall")
		p, r, _, _ = l.evaluate(only(clusters, DefaultMergeScore))
		b.ReportMetric(p, "precision@0.8")
		b.ReportMetric(r, "recall@0.8")
	})
}

package ui

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/demo"
)

// demoCSV writes n demo contacts as a CSV another system exported, one
// row in fifty spoiled (a short phone, a broken e-mail, no key).
func demoCSV(b *testing.B, n int) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("rolo-bench-%d-%d.csv", os.Getpid(), n))
	b.Cleanup(func() { os.Remove(path) })
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	w := csv.NewWriter(bw)
	_ = w.Write([]string{"First name", "Last name", "E-mail", "Phone", "City", "Country", "SMS consent"})
	gen := demo.New(1, 0, testNow)
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
		_ = w.Write([]string{c.FirstName, c.LastName, email, phone, c.Address.City, c.Address.Country, consent})
	}
	w.Flush()
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkAuditPanelFrame is moving down the audit panel of a 100 000-row
// file of demo contacts at 120×40, keystroke to new frame (the file is
// read outside the timing: go test ./fileview -bench Load measures that).
func BenchmarkAuditPanelFrame(b *testing.B) {
	m := newFileModel(b, demoCSV(b, 100_000), 120, 40)
	if _, ok := m.active().(*auditPanel); !ok {
		b.Fatalf("active %T", m.active())
	}
	down, up := keyMsg("j"), keyMsg("k")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := down
		if i/20%2 == 1 {
			k = up
		}
		frame(b, m, k)
	}
}

// BenchmarkDupesListFrame is moving down a list of 50 000 clusters at
// 120×40.
func BenchmarkDupesListFrame(b *testing.B) {
	m := newTestModel(b, testStore(b, 200), 120, 40)
	s := newDupesScreen(m.sh, syntheticClusters(50_000))
	for id := uint64(1); id <= 200; id++ {
		s.names[id] = fmt.Sprintf("Person %d Kowalska-Wiśniewska", id)
	}
	m.push(s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		frame(b, m, keyMsg("j"))
	}
}

// BenchmarkDupesCompareFrame is picking another value in a cluster of
// five shown side by side at 120×40.
func BenchmarkDupesCompareFrame(b *testing.B) {
	m := newTestModel(b, testStore(b, 200), 120, 40)
	s := newDupesScreen(m.sh, []dedupe.Cluster{{IDs: []uint64{1, 2, 3, 4, 5}, Score: 0.9, Pairs: []dedupe.Pair{{A: 1, B: 2, Score: 0.9, Reason: "same phone"}}}})
	m.push(s)
	drain(b, m, s.openCluster(s.current()[0]))
	if s.cmp == nil || !s.cmp.loaded {
		b.Fatal("the cluster did not load")
	}
	s.cmp.row = 1
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		frame(b, m, keyMsg("l"))
	}
}

func syntheticClusters(n int) []dedupe.Cluster {
	out := make([]dedupe.Cluster, n)
	for i := range out {
		a, c := uint64(i%199+1), uint64((i+7)%199+1)
		out[i] = dedupe.Cluster{IDs: []uint64{a, c}, Score: 0.6 + float64(i%40)/100,
			Pairs: []dedupe.Pair{{A: a, B: c, Score: 0.9, Reason: "same phone +48601234567; names differ only in accents"}}}
	}
	return out
}

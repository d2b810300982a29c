package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/demo"
	"rolo/importer"
	"rolo/store"
)

// writeDemoCSV writes n realistic contacts (the demo generator's, six
// countries) as a semicolon CSV with a newsletter consent column, phones
// as people write them.
func writeDemoCSV(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("demo-%d.csv", n))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("Imię;Nazwisko;E-mail;Telefon;Miasto;Kraj;Zgoda newsletter\n")
	gen := demo.New(7, 0, testNow)
	for i := range n {
		c := gen.Next()
		email, phone := "", ""
		if len(c.Emails) > 0 {
			email = c.Emails[0]
		}
		if len(c.Phones) > 0 {
			phone = c.Phones[0].Number
		}
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s;%d\n", c.FirstName, c.LastName, email, phone, c.Address.City, c.Address.Country, i%2)
		if b.Len() > 1<<20 {
			if _, err := f.WriteString(b.String()); err != nil {
				tb.Fatal(err)
			}
			b.Reset()
		}
	}
	if _, err := f.WriteString(b.String()); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkWizardImport imports 100 000 realistic rows through the
// wizard's job (the engine's run, its progress handed to the interface)
// into an empty store: the wizard must cost nothing over rolo import.
func BenchmarkWizardImport(b *testing.B) {
	dir := b.TempDir()
	path := writeDemoCSV(b, dir, 100_000)
	for i := 0; b.Loop(); i++ {
		st, err := store.Open(filepath.Join(dir, fmt.Sprintf("s%d.db", i)), store.Options{}) // synced, as rolo runs
		if err != nil {
			b.Fatal(err)
		}
		src, err := importer.Open(path, importer.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		opt := importer.Options{Country: "PL", Mappings: []importer.Mapping{importer.AutoMap(src.Tables[0])}}
		ch := make(chan importer.Progress, 1)
		events := 0
		go func() {
			for range ch {
				events++
			}
		}()
		msg, _ := importJob(st, src, opt, context.Background(), ch, importDoneMsg{})(context.Background(), func(int, int) {})
		done := msg.(importDoneMsg)
		if done.rep == nil || done.rep.Created < 90_000 {
			b.Fatalf("import: %+v %v %v", done.rep, done.err, done.startErr)
		}
		b.ReportMetric(float64(done.rep.Rows)/done.rep.Elapsed.Seconds(), "rows/s")
		st.Close()
	}
}

// BenchmarkWizardCheck is the mapping step's live check: the sample (500
// rows) normalised with the mapping, after every change.
func BenchmarkWizardCheck(b *testing.B) {
	src, err := importer.Open(writeDemoCSV(b, b.TempDir(), 5_000), importer.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	t := src.Tables[0]
	m := importer.AutoMap(t)
	for b.Loop() {
		if _, err := importer.Check(t, m, importer.Options{Country: "PL"}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWizardResultsFrame is a key and a frame of the results of an
// import that rejected 100 000 rows (a wrong mapping: none has a key): the
// filtered list is kept, only the rows on screen are built.
func BenchmarkWizardResultsFrame(b *testing.B) {
	var rows [][]string
	for i := range 200_000 {
		email := fmt.Sprintf("p%d@example.pl", i)
		if i%2 == 0 {
			email = "not an e-mail"
		}
		rows = append(rows, []string{fmt.Sprintf("Name %d", i), email})
	}
	src := importer.NewSource("big.csv", []string{"Imię", "E-mail"}, rows)
	st := testStore(b, 0)
	opt := importer.Options{DryRun: true, Mappings: []importer.Mapping{importer.AutoMap(src.Tables[0])}, Now: time.Now}
	ch := make(chan importer.Progress, 1)
	go func() {
		for range ch {
		}
	}()
	msg, _ := importJob(st, src, opt, context.Background(), ch, importDoneMsg{})(context.Background(), func(int, int) {})
	rep := msg.(importDoneMsg).rep
	if rep == nil || len(rep.Rejected) != 100_000 {
		b.Fatalf("dry run: %+v", rep)
	}
	sh := &shared{st: st, styles: newStyles(true, false), now: fixedNow, width: 120, height: 40, bodyH: 37, jobs: newJobRunner(), after: testAfter}
	w := newImportWizard(sh, "")
	w.step, w.res = wzResults, newWizResults(rep, opt)
	down, up := keyMsg("j"), keyMsg("k")
	for i := 0; b.Loop(); i++ {
		k := down
		if i%200 >= 100 {
			k = up
		}
		w.Update(k)
		_ = w.View()
		_ = w.Keys()
	}
}

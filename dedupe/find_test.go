package dedupe

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"rolo/contact"
)

func find(t testing.TB, cs *labelled, opt Options) []Cluster {
	t.Helper()
	f := NewFinder(opt)
	for _, c := range cs.contacts {
		f.Add(c)
	}
	out, err := f.Find(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// small is a hand-made set: who is one person is written beside each.
func small() *labelled {
	ph := func(n string) []contact.Phone { return []contact.Phone{{Number: n}} }
	cs := []*contact.Contact{
		{FirstName: "Łucja", LastName: "Wiśniewska", Phones: ph("+48601234567"), Address: contact.Address{City: "Łódź"}}, // 1 ┐
		{FirstName: "Lucja", LastName: "Wisniewska", Phones: ph("+48601234567")},                                         // 2 ┘
		{FirstName: "Сергей", LastName: "Иванов", BirthDate: "1980-05-01", Address: contact.Address{City: "Москва"}},     // 3 ┐
		{FirstName: "Sergei", LastName: "Ivanov", BirthDate: "1980-05-01"},                                               // 4 ┤
		{FirstName: "Sergey", LastName: "Ivanov", Emails: []string{"s.ivanov@mail.ru"}, BirthDate: "1980-05-01"},         // 5 ┘
		{FirstName: "Anna", LastName: "Kowalska", Phones: ph("+48221234567")},                                            // 6 household
		{FirstName: "Jan", LastName: "Kowalski", Phones: ph("+48221234567")},                                             // 7 household
		{FirstName: "Ana", LastName: "Souza", TaxID: "123.456.789-09"},                                                   // 8 ┐
		{FirstName: "ANA", LastName: "SOUZA", TaxID: "12345678909"},                                                      // 9 ┘
		{FirstName: "Kate", LastName: "Green", Emails: []string{"kate.green@gmail.com"}},                                 // 10 ┐
		{FirstName: "Kate", LastName: "Green", Emails: []string{"kategreen+shop@gmail.com"}},                             // 11 ┘
		{FirstName: "Erased", Status: contact.StatusErased, Phones: ph("+48601234567")},                                  // 12 tombstone
	}
	l := &labelled{contacts: cs, truth: map[[2]uint64]bool{}}
	for i, c := range cs {
		c.ID = uint64(i + 1)
	}
	for _, p := range [][2]uint64{{1, 2}, {3, 4}, {3, 5}, {4, 5}, {8, 9}, {10, 11}} {
		l.truth[p] = true
	}
	return l
}

func TestFindSmall(t *testing.T) {
	l := small()
	got := find(t, l, Options{})
	want := "[1.00 [8 9] 1.00 [10 11] 0.95 [1 2] 0.70 [3 4 5]]"
	if fmt.Sprint(got) != want {
		t.Errorf("clusters %v\nwant %s", got, want)
	}
	for _, c := range got {
		if len(c.Pairs) != len(c.IDs)-1 {
			t.Errorf("cluster %v has links %+v", c, c.Pairs)
		}
	}
	if got[2].Pairs[0].Reason != "same phone +48601234567; names differ only in accents" {
		t.Errorf("reason %q", got[2].Pairs[0].Reason)
	}
	// Keys restrict what proposes pairs.
	for key, want := range map[Key]string{
		KeyEmail: "[1.00 [10 11]]",
		KeyPhone: "[0.95 [1 2]]",
		KeyTaxID: "[1.00 [8 9]]",
		KeyName:  "[0.70 [3 4 5]]",
	} {
		if got := find(t, l, Options{Keys: []Key{key}}); fmt.Sprint(got) != want {
			t.Errorf("--key %s: %v, want %s", key, got, want)
		}
	}
	// A pair marked "not a duplicate" is not proposed again.
	not := func(a, b uint64) bool { return a == 1 && b == 2 || a == 3 && b == 4 }
	got = find(t, l, Options{NotDuplicate: not})
	if fmt.Sprint(got) != "[1.00 [8 9] 1.00 [10 11] 0.70 [3 4 5]]" {
		t.Errorf("with pairs marked: %v", got)
	}
	for _, c := range got {
		for _, p := range c.Pairs {
			if not(p.A, p.B) {
				t.Errorf("a marked pair came back: %+v", p)
			}
		}
	}
}

// A number many contacts share (a switchboard) proposes no pairs.
func TestSharedNumbersAreNoEvidence(t *testing.T) {
	l := &labelled{truth: map[[2]uint64]bool{}}
	for i := range 20 {
		l.contacts = append(l.contacts, &contact.Contact{ID: uint64(i + 1), FirstName: fmt.Sprint("Worker", i), LastName: "Acme",
			Phones: []contact.Phone{{Number: "+48221000000"}}})
	}
	if got := find(t, l, Options{}); len(got) != 0 {
		t.Errorf("a switchboard made clusters: %v", got)
	}
}

func TestFindCancelled(t *testing.T) {
	f := NewFinder(Options{})
	for _, c := range small().contacts {
		f.Add(c)
	}
	if f.Len() != 11 {
		t.Errorf("Len = %d, want 11 (the tombstone is skipped)", f.Len())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Find(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled find: %v", err)
	}
}

func TestSplit(t *testing.T) {
	c := Cluster{IDs: []uint64{1, 2, 3, 4}, Score: 0.6, Pairs: []Pair{
		{A: 1, B: 2, Score: 0.9}, {A: 3, B: 4, Score: 0.85}, {A: 2, B: 3, Score: 0.6},
	}}
	if got := fmt.Sprint(c.Split(0.8)); got != "[0.90 [1 2] 0.85 [3 4]]" {
		t.Errorf("split at 0.8: %s", got)
	}
	if got := c.Split(0.5); len(got) != 1 || len(got[0].IDs) != 4 {
		t.Errorf("split at 0.5: %v", got)
	}
}

// TestPrecisionRecall measures the finder on 20,000 demo contacts with 10%
// known duplicates (see gen_test.go), at the reporting and the merging
// threshold. BenchmarkDedupe gives the figures for a million.
func TestPrecisionRecall(t *testing.T) {
	l := generateLabelled(20000, 0.1, 3)
	clusters := find(t, l, Options{})
	for _, tt := range []struct {
		min               float64
		precision, recall float64
	}{
		{DefaultMinScore, 0.97, 0.99},
		{DefaultMergeScore, 0.995, 0.95},
	} {
		p, r, tp, fp := l.evaluate(only(clusters, tt.min))
		t.Logf("score >= %.2f: precision %.4f, recall %.4f (%d pairs right, %d wrong, %d true pairs)", tt.min, p, r, tp, fp, len(l.truth))
		if p < tt.precision || r < tt.recall {
			t.Errorf("score >= %.2f: precision %.4f (want >= %.3f), recall %.4f (want >= %.3f)", tt.min, p, tt.precision, r, tt.recall)
		}
	}
	t.Logf("copies by name variation: %v", l.variants)
}

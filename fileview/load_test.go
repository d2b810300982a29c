package fileview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/filter"
)

var testNow = time.Date(2026, 11, 2, 14, 3, 0, 0, time.UTC)

// knownFile is a generated CSV with problems planted on known rows.
type knownFile struct {
	path string
	rows int
	// want lists the rows of each kind of problem (and "duplicate" for the
	// rows of duplicate clusters, "phone:XX" for invalid phones by the
	// country they are read with).
	want map[string][]int
	// consent rows: granted, refused.
	yes, no []int
}

// writeKnownFile writes n rows: most are clean; every so often a row has
// an invalid phone (read as PL, or as DE by its row's country), an invalid
// e-mail, too few cells, no e-mail or phone, or mojibake; row 50 repeats
// row 7 (the same e-mail: an import would merge them) and row 60 has row
// 8's phone and name.
func writeKnownFile(t testing.TB, dir string, n int) knownFile {
	t.Helper()
	k := knownFile{path: filepath.Join(dir, "kontakty.csv"), rows: n, want: map[string][]int{}}
	var b strings.Builder
	b.WriteString("Imię;Nazwisko;E-mail;Telefon;Kraj;Zgoda SMS\n")
	for i := 1; i <= n; i++ {
		first, last := "Anna", "Nowak"+word(i)
		email := fmt.Sprintf("person%d@example.pl", i)
		phone := fmt.Sprintf("601 %03d %03d", i/1000, i%1000)
		country := "PL"
		consent := []string{"", "1", "0"}[i%3]
		switch {
		case i == 50:
			first, last, email, phone = "Anna", "Nowak"+word(7), "person7@example.pl", "601 000 007"
			k.want["duplicate"] = append(k.want["duplicate"], 7, 50)
		case i == 60:
			first, last, phone = "Anna", "Nowak"+word(8), "601 000 008"
			k.want["duplicate"] = append(k.want["duplicate"], 8, 60)
		case i%20 == 1:
			phone = "602 345"
			k.want["invalid_phone"] = append(k.want["invalid_phone"], i)
			k.want["phone:PL"] = append(k.want["phone:PL"], i)
		case i%20 == 11:
			phone, country = "0151 2", "DE"
			k.want["invalid_phone"] = append(k.want["invalid_phone"], i)
			k.want["phone:DE"] = append(k.want["phone:DE"], i)
		case i%15 == 3:
			email = "person@"
			k.want["invalid_email"] = append(k.want["invalid_email"], i)
		case i%25 == 4:
			fmt.Fprintf(&b, "%s;%s;%s;%s;PL;1;a cell past the header\n", first, last, email, phone)
			k.want["ragged_row"] = append(k.want["ragged_row"], i)
			continue
		case i%30 == 5:
			email, phone = "", ""
			k.want["no_key"] = append(k.want["no_key"], i)
		case i%40 == 6:
			last = "WiÅ›niewska" + word(i) // Wiśniewska as UTF-8 read as Windows-1252
			k.want["mojibake"] = append(k.want["mojibake"], i)
		}
		switch consent {
		case "1":
			k.yes = append(k.yes, i)
		case "0":
			k.no = append(k.no, i)
		}
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s\n", first, last, email, phone, country, consent)
	}
	if err := os.WriteFile(k.path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for key := range k.want {
		slices.Sort(k.want[key])
	}
	return k
}

// word spells i in letters, so names differ in more than a digit.
func word(i int) string {
	var s []byte
	for i++; i > 0; i /= 26 {
		s = append(s, byte('a'+i%26))
	}
	return string(s)
}

// load reads a file as rolo open does: into a File and an index.
func load(t testing.TB, opt Options, progress Progress) (*File, *filter.Index, *Summary) {
	t.Helper()
	if opt.Now == nil {
		opt.Now = func() time.Time { return testNow }
	}
	f := New(opt)
	ix := filter.NewIndex(filter.Options{Country: "PL", Now: func() time.Time { return testNow }})
	sum, err := f.Load(context.Background(), ix, progress)
	if err != nil {
		t.Fatal(err)
	}
	return f, ix, sum
}

func match(t testing.TB, ix *filter.Index, f filter.Filter) []int {
	t.Helper()
	ids, err := ix.Match(f)
	if err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = int(id)
	}
	slices.Sort(out)
	return out
}

// TestEveryCountOpensItsRows loads a file with known problems and checks
// that each count of the summary is the audit's and that its filter shows
// exactly the rows that have the problem.
func TestEveryCountOpensItsRows(t *testing.T) {
	k := writeKnownFile(t, t.TempDir(), 240)
	var stages []string
	f, ix, sum := load(t, Options{Path: k.path, Country: "PL"}, func(stage string, _, _ int) {
		if !slices.Contains(stages, stage) {
			stages = append(stages, stage)
		}
	})
	if n := f.Rows(); n != k.rows || ix.Len() != k.rows || sum.Rows != k.rows || sum.Report.Rows != k.rows {
		t.Fatalf("%d rows kept, %d indexed, %d in the summary, %d read; the file has %d", n, ix.Len(), sum.Rows, sum.Report.Rows, k.rows)
	}
	byKind := map[string]Problem{}
	for _, p := range sum.Problems {
		byKind[p.Kind] = p
	}
	for _, kind := range []string{"invalid_phone", "invalid_email", "ragged_row", "no_key", "mojibake"} {
		p, ok := byKind[kind]
		want := k.want[kind]
		if !ok {
			t.Errorf("no %s among the problems: %+v", kind, sum.Problems)
			continue
		}
		if p.Rows != len(want) {
			t.Errorf("%s: %d rows counted, want %d", kind, p.Rows, len(want))
		}
		if sum.Report.Problems[kind] != p.Rows {
			t.Errorf("%s: %d rows counted, the audit says %d", kind, p.Rows, sum.Report.Problems[kind])
		}
		if got := match(t, ix, p.Filter()); !slices.Equal(got, want) {
			t.Errorf("%s opens rows %v, want %v", kind, got, want)
		}
	}
	for kind, n := range sum.Report.Problems {
		if byKind[kind].Rows != n {
			t.Errorf("the audit counts %d rows of %s, the summary %d", n, kind, byKind[kind].Rows)
		}
	}
	countries := map[string]CountryRows{}
	for _, c := range byKind["invalid_phone"].ByCountry {
		countries[c.Country] = c
	}
	for _, cc := range []string{"PL", "DE"} {
		want := k.want["phone:"+cc]
		if c := countries[cc]; c.Rows != len(want) || !slices.Equal(match(t, ix, c.Filter()), want) {
			t.Errorf("invalid phones read as %s: %+v opens %v, want %v", cc, c, match(t, ix, c.Filter()), want)
		}
	}
	clean := k.rows
	seen := map[int]bool{}
	for kind, rows := range k.want {
		if kind == "duplicate" || strings.HasPrefix(kind, "phone:") {
			continue
		}
		for _, r := range rows {
			if !seen[r] {
				seen[r] = true
				clean--
			}
		}
	}
	if sum.Clean != clean {
		t.Errorf("%d clean rows, want %d", sum.Clean, clean)
	}
	if got := match(t, ix, TagFilter(DuplicateTag)); sum.DuplicateRows != len(k.want["duplicate"]) || !slices.Equal(got, k.want["duplicate"]) {
		t.Errorf("duplicates: %d rows in %d clusters, opening %v; want %v", sum.DuplicateRows, len(sum.Duplicates), got, k.want["duplicate"])
	}
	if len(sum.Consents) != 1 || sum.Consents[0].Name != "sms" {
		t.Fatalf("consents: %+v", sum.Consents)
	}
	c := sum.Consents[0]
	yes, no := withoutRows(k.yes, k.want["ragged_row"]), withoutRows(k.no, k.want["ragged_row"])
	if got := match(t, ix, c.GrantedFilter()); c.Granted != len(yes) || !slices.Equal(got, yes) {
		t.Errorf("sms granted: %d, opens %v; want %v", c.Granted, got, yes)
	}
	if got := match(t, ix, c.WithdrawnFilter()); c.Withdrawn != len(no) || !slices.Equal(got, no) {
		t.Errorf("sms refused: %d, opens %v; want %v", c.Withdrawn, got, no)
	}
	if got := match(t, ix, c.NoneFilter()); c.None != k.rows-len(yes)-len(no) || len(got) != c.None {
		t.Errorf("sms neither: %d, opens %d rows", c.None, len(got))
	}
	if want := []string{StageReading, StageMarking}; !slices.Equal(stages, want) {
		t.Errorf("progress stages %v, want %v", stages, want)
	}
	if !slices.Contains(sum.Columns, "emails") || !slices.Contains(sum.Columns, "consent:sms") || slices.Contains(sum.Columns, "first_name") {
		t.Errorf("columns %v", sum.Columns)
	}
}

func withoutRows(rows, drop []int) []int {
	return slices.DeleteFunc(slices.Clone(rows), func(r int) bool { return slices.Contains(drop, r) })
}

// TestRowsAnImportRefusesAreThere checks what the refused rows look like:
// a row without a key with its values, a ragged row with its raw cells, a
// row whose e-mail an earlier row has keeps it, and both are duplicates;
// each says where in the file it is, and reads as the index holds it.
func TestRowsAnImportRefusesAreThere(t *testing.T) {
	k := writeKnownFile(t, t.TempDir(), 60)
	f, ix, _ := load(t, Options{Path: k.path, Country: "PL"}, nil)
	get := func(id int) *contact.Contact {
		c, err := f.Get(uint64(id))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	noKey := get(k.want["no_key"][0])
	if noKey.FirstName != "Anna" || len(noKey.Emails)+len(noKey.Phones) != 0 || !slices.Contains(noKey.Tags, "problem: no e-mail or phone") {
		t.Errorf("row without a key: %+v", noKey)
	}
	if p, _ := noKey.CustomValue(FieldProblems); !strings.Contains(p, "an import refuses this row") {
		t.Errorf("its problems: %q", p)
	}
	ragged := get(k.want["ragged_row"][0])
	if cells, _ := ragged.CustomValue(FieldCells); !strings.Contains(cells, "person4@example.pl | 601 000 004") {
		t.Errorf("the ragged row's cells: %q (%+v)", cells, ragged)
	}
	if !strings.HasPrefix(ragged.Source, "kontakty.csv, row 4, line 5") {
		t.Errorf("source %q", ragged.Source)
	}
	for _, id := range []int{7, 50} {
		c := get(id)
		if !slices.Equal(c.Emails, []string{"person7@example.pl"}) || !slices.Contains(c.Tags, DuplicateTag) {
			t.Errorf("row %d: e-mails %v, tags %v", id, c.Emails, c.Tags)
		}
	}
	for id := 1; id <= k.rows; id++ {
		c := get(id)
		for _, field := range []string{"full_name", "emails", "phones", "tags", "source", "custom:" + FieldProblems, "consent:sms"} {
			if got, want := ix.Value(uint64(id), field), c.Get(field); got != want && !strings.HasPrefix(field, "consent:") {
				t.Errorf("row %d %s: the index holds %q, the row reads %q", id, field, got, want)
			}
		}
	}
	if _, err := f.Get(uint64(k.rows + 1)); err == nil {
		t.Error("a row past the end was read")
	}
}

// TestLoadCancelled stops a load at once: it says so and what was read
// stays browsable.
func TestLoadCancelled(t *testing.T) {
	k := writeKnownFile(t, t.TempDir(), 20000)
	ctx, cancel := context.WithCancel(context.Background())
	f := New(Options{Path: k.path, Country: "PL"})
	ix := filter.NewIndex(filter.Options{})
	sum, err := f.Load(ctx, ix, func(stage string, done, _ int) {
		if stage == StageReading && done > 0 {
			cancel()
		}
	})
	if err == nil || sum == nil || !sum.Cancelled {
		t.Fatalf("a cancelled load: %v %+v", err, sum)
	}
	if n := f.Rows(); n != sum.Rows || n != ix.Len() || n == 0 || n >= k.rows {
		t.Errorf("%d rows kept, %d indexed, %d in the summary, of %d", n, ix.Len(), sum.Rows, k.rows)
	}
}

// TestVCardsWithoutKeyAreShown opens the khard vCards: cards with neither
// phone nor e-mail are there, with their names.
func TestVCardsWithoutKeyAreShown(t *testing.T) {
	dir := "../../shared/conformance/vcard-khard"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("conformance files: %v", err)
	}
	shown := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".vcf") || e.Name() == "unparsable.vcf" {
			continue
		}
		f := New(Options{Path: filepath.Join(dir, e.Name())})
		sum, err := f.Load(context.Background(), filter.NewIndex(filter.Options{}), nil)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		n := f.Rows()
		if n != sum.Report.Rows {
			t.Errorf("%s: %d cards read, %d shown", e.Name(), sum.Report.Rows, n)
		}
		// A card with a name but neither phone nor e-mail is an address
		// book's contact, kept as any other: shown, and not listed as a
		// row an import would reject.
		for _, nk := range sum.Report.NoKey {
			if nk.Name != "" {
				t.Errorf("%s: the card %q is listed as one an import would reject", e.Name(), nk.Name)
			}
		}
		for id := 1; id <= n; id++ {
			c, err := f.Get(uint64(id))
			if err != nil {
				t.Errorf("%s: contact %d: %v", e.Name(), id, err)
				continue
			}
			if len(c.Emails) == 0 && len(c.Phones) == 0 && (c.FullName() != "" || c.Company != "") {
				shown++
			}
		}
	}
	if shown == 0 {
		t.Error("no card without a key among the conformance vCards")
	}
}

// TestRowsReadWhileLoading reads rows while the file is still being read,
// as the table does to show them as they come: each row read is whole and
// is the one asked for.
func TestRowsReadWhileLoading(t *testing.T) {
	k := writeKnownFile(t, t.TempDir(), 20000)
	f := New(Options{Path: k.path, Country: "PL"})
	done := make(chan error, 1)
	go func() {
		_, err := f.Load(context.Background(), filter.NewIndex(filter.Options{}), nil)
		done <- err
	}()
	read := 0
	for loading := true; loading; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			loading = false
		default:
		}
		n := f.Rows()
		if n == 0 {
			continue
		}
		ids := []uint64{1, uint64(n/2 + 1), uint64(n)}
		cs, err := f.GetMany(ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cs {
			if c == nil || c.ID != ids[i] || !strings.Contains(c.Source, fmt.Sprintf("row %d,", ids[i])) {
				t.Fatalf("row %d read while loading: %+v", ids[i], c)
			}
		}
		read++
	}
	if read == 0 || f.Rows() != k.rows {
		t.Errorf("%d reads while loading; %d rows of %d", read, f.Rows(), k.rows)
	}
}

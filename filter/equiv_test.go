package filter

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
)

// demoContacts makes n realistic contacts with IDs 1..n.
func demoContacts(n int) []*contact.Contact {
	g := demo.New(7, 0, testNow)
	out := make([]*contact.Contact, n)
	for i := range out {
		out[i] = g.Next()
		out[i].ID = uint64(i + 1)
		// Who changed it, as the store records it: one user, two, or
		// none (a contact written before users were recorded).
		out[i].NoteChangedBy([][]string{{"ana"}, {"jan", "ana"}, nil, {"Łucja"}}[i%4]...)
		if i%7 == 3 { // a work address besides the preferred one
			w := out[i-1].Address
			w.Kind = contact.AddressWork
			out[i].AddAddress(w)
		}
	}
	return out
}

// randomConditions makes conditions of every field and operator, with
// values taken from the data (whole, cut, upper-cased, folded) and some
// that match nothing.
func randomConditions(r *rand.Rand, cs []*contact.Contact, n int) []Condition {
	fields := []string{"first_name", "last_name", "full_name", "company", "city", "country", "emails", "phones",
		"whatsapp", "points", "paid_total", "created_at", "updated_at", "birth_date", "status", "priority",
		"groups", "tags", "consent:sms", "consent:email", "custom:language", "custom:loyalty_card", "crm_id",
		"tax_id", "postal_code", "street", "house", "addresses", "manager", "telegram", "description", "id", "custom:none", "consent:none",
		"changed_by"}
	var out []Condition
	for len(out) < n {
		field := fields[r.IntN(len(fields))]
		fd, _ := contact.LookupField(field)
		ops := OpsFor(field)
		op := ops[r.IntN(len(ops))]
		c := Condition{Field: field, Op: op}
		if op.takesValues() {
			for range 1 + r.IntN(2) {
				c.Values = append(c.Values, randomValue(r, cs, fd, op))
			}
		}
		if _, err := c.pred(); err != nil {
			continue // a value the field refuses (checked elsewhere)
		}
		out = append(out, c)
	}
	return out
}

func (c Condition) pred() (*pred, error) { return prepare(c, testOptions()) }

func randomValue(r *rand.Rand, cs []*contact.Contact, fd contact.Field, op Op) string {
	src := cs[r.IntN(len(cs))]
	vals := src.Values(fd.Name)
	v := ""
	if len(vals) > 0 {
		v = vals[r.IntN(len(vals))]
	}
	switch fd.Kind {
	case contact.KindNumber:
		return fmt.Sprint(r.IntN(5000))
	case contact.KindTime, contact.KindDate:
		return []string{"-30d", "-1y", "2026", "2025-06", "today", "1980", "2026-10-20", "-6m"}[r.IntN(8)]
	case contact.KindConsent:
		if op.ordering() {
			return []string{"-30d", "-1y", "2025"}[r.IntN(3)]
		}
		return []string{"yes", "no", "tak", "2025-03-01"}[r.IntN(4)]
	case contact.KindEnum:
		return fd.Values[r.IntN(len(fd.Values))]
	case contact.KindCountry:
		return []string{"PL", "Germany", "Россия", "br", "GB", "US"}[r.IntN(6)]
	}
	if fd.Name == "id" {
		return fmt.Sprint(r.IntN(len(cs) + 5))
	}
	switch r.IntN(6) {
	case 0:
		return "zzqx" // nothing
	case 1:
		return strings.ToUpper(v)
	case 2:
		return contact.Translit(v)
	}
	if len(v) > 3 && op != Eq && op != In && op != Ne && op != NotIn {
		runes := []rune(v)
		i := r.IntN(len(runes) / 2)
		j := i + 1 + r.IntN(len(runes)-i-1)
		if op == StartsWith {
			i = 0
		}
		return string(runes[i:j])
	}
	if v == "" {
		return "x"
	}
	return v
}

// reference evaluates f contact by contact.
func reference(t *testing.T, f Filter, live map[uint64]*contact.Contact) []uint64 {
	m, err := f.Compile(testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var out []uint64
	for id, c := range live {
		if m(c) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func TestIndexAgreesWithReferenceOnDemoData(t *testing.T) {
	// How the index under test is made: built from the contacts; stored
	// after the edits and loaded; loaded and then edited (the edits go to
	// columns not read yet, some read halfway); stored and loaded twice.
	modes := []string{"built", "stored", "edited after load", "stored twice"}
	for _, dictMax := range []int{defaultDictMax, 50} { // 50: most text columns become arenas
		for _, mode := range modes {
			t.Run(fmt.Sprint("dictMax=", dictMax, "/", mode), func(t *testing.T) { indexAgreesWithReference(t, dictMax, mode) })
		}
	}
}

// storeAndLoad writes ix as Encode does and opens it again with Load.
func storeAndLoad(t *testing.T, ix *Index) *Index {
	t.Helper()
	var buf bytes.Buffer
	if err := ix.Encode(&buf, Stamp{Origin: 7, Seq: 42}); err != nil {
		t.Fatal(err)
	}
	got, stamp, err := Load(bytes.NewReader(buf.Bytes()), int64(buf.Len()), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if stamp != (Stamp{Origin: 7, Seq: 42}) {
		t.Fatalf("stamp %+v", stamp)
	}
	got.dictMax = ix.dictMax
	return got
}

func indexAgreesWithReference(t *testing.T, dictMax int, mode string) {
	{
		{
			r := rand.New(rand.NewPCG(1, uint64(dictMax)))
			n := 3000
			if dictMax == 50 {
				n = sizeRows + 1000 // and sized up front, as the TUI does
			}
			cs := demoContacts(n)
			ix := NewIndex(testOptions())
			ix.dictMax = dictMax
			if dictMax == 50 {
				ix.Reserve(n)
			}
			if err := ix.Build(scanOf(cs)); err != nil {
				t.Fatal(err)
			}
			if mode == "edited after load" {
				ix = storeAndLoad(t, ix)
			}
			live := map[uint64]*contact.Contact{}
			for _, c := range cs {
				live[c.ID] = c
			}
			// Edits, deletes and new contacts, as the TUI makes them.
			extra := demo.New(99, 5000, testNow)
			for i := range 400 {
				if i == 200 && mode == "edited after load" {
					// Some columns are read halfway, the rest at the end.
					if _, err := ix.Count(Filter{Conds: []Condition{cond("city", Eq, "lodz"), cond("consent:sms", Eq, "yes"), cond("full_name", Contains, "an")}}); err != nil {
						t.Fatal(err)
					}
				}
				switch i % 4 {
				case 0:
					id := uint64(1 + r.IntN(len(cs)))
					delete(live, id)
					ix.Delete(id)
				case 1:
					c := extra.Next()
					c.ID = uint64(len(cs) + 1 + i)
					live[c.ID] = c
					ix.Upsert(c)
				default:
					id := uint64(1 + r.IntN(len(cs)))
					if live[id] == nil {
						continue
					}
					c := live[id].Clone()
					c.Address.City, c.LastName = "Łódź", "Wiśniewski-"+fmt.Sprint(i)
					c.Groups = []string{"Zupełnie nowa"}
					c.Emails = []string{fmt.Sprintf("edit%d@wp.pl", i)}
					c.Points = contact.Num(float64(i))
					c.SetConsent(contact.Consent{Name: "new_one", Granted: true, At: testNow})
					c.SetCustom("language", "")
					c.SetCustom("extra", "value "+fmt.Sprint(i))
					c.NoteChangedBy("zofia")
					live[id] = c
					ix.Upsert(c)
				}
			}
			switch mode {
			case "stored":
				ix = storeAndLoad(t, ix)
			case "stored twice":
				ix = storeAndLoad(t, ix)
				if err := ix.LoadAll(); err != nil {
					t.Fatal(err)
				}
				ix = storeAndLoad(t, ix)
			}
			if ix.Len() != len(live) {
				t.Fatalf("Len = %d, want %d", ix.Len(), len(live))
			}
			conds := randomConditions(r, cs, map[bool]int{true: 600, false: 200}[mode == "built"])
			conds = append(conds, cond("city", Eq, "lodz"), cond("groups", In, "zupelnie nowa"),
				cond("consent:new_one", Eq, "yes"), cond("custom:extra", Contains, "value 1"), cond("emails", StartsWith, "edit"),
				cond("changed_by", Eq, "zofia"), cond("changed_by", In, "ana", "jan"), cond("changed_by", NotIn, "ana"),
				cond("changed_by", NotExists), cond("changed_by", Eq, "lucja"))
			for i, c := range conds {
				f := Filter{Conds: []Condition{c}}
				if i%3 == 0 && i > 0 { // and pairs
					f.Conds = append(f.Conds, conds[i-1])
				}
				got, err := ix.Match(f)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				want := reference(t, f, live)
				if !slices.Equal(got, want) {
					t.Errorf("%s: index %d matches, reference %d (first index %v, reference %v)", f, len(got), len(want), head(got), head(want))
				}
			}
			// Or: groups of alternatives, against sets made condition by
			// condition (so neither side relies on how groups evaluate).
			singles := map[string][]uint64{}
			one := func(c Condition) []uint64 {
				k := c.String()
				if _, ok := singles[k]; !ok {
					singles[k] = reference(t, Filter{Conds: []Condition{c}}, live)
				}
				return singles[k]
			}
			for i := 3; i < len(conds); i += 6 {
				a, b, c, d := conds[i], conds[i-1], conds[i-2], conds[i-3]
				var f Filter
				var want []uint64
				switch (i / 6) % 3 {
				case 0: // (a and b) or c
					f = Filter{Groups: []Group{{Any: []Filter{{Conds: []Condition{a, b}}, {Conds: []Condition{c}}}}}}
					want = union(intersect(one(a), one(b)), one(c))
				case 1: // d and (a or b or c)
					f = Filter{Conds: []Condition{d}, Groups: []Group{{Any: []Filter{{Conds: []Condition{a}}, {Conds: []Condition{b}}, {Conds: []Condition{c}}}}}}
					want = intersect(one(d), union(union(one(a), one(b)), one(c)))
				default: // (a or b) and (c or d)
					f = Filter{Groups: []Group{{Any: []Filter{{Conds: []Condition{a}}, {Conds: []Condition{b}}}},
						{Any: []Filter{{Conds: []Condition{c}}, {Conds: []Condition{d}}}}}}
					want = intersect(union(one(a), one(b)), union(one(c), one(d)))
				}
				got, err := ix.Match(f)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: index %d matches, sets %d (first index %v, sets %v)", f, len(got), len(want), head(got), head(want))
				}
				if ref := reference(t, f, live); !slices.Equal(ref, want) {
					t.Errorf("%s: Compile %d matches, sets %d", f, len(ref), len(want))
				}
				if n, _ := ix.Count(f); n != len(want) {
					t.Errorf("%s: Count %d, want %d", f, n, len(want))
				}
			}
			// Cells are what Get gives.
			for id, c := range live {
				for _, fd := range contact.Fields() {
					if got, want := ix.Value(id, fd.Name), c.Get(fd.Name); got != want {
						t.Fatalf("Value(%d, %s) = %q, want %q", id, fd.Name, got, want)
					}
				}
				for _, f := range []string{"consent:sms", "consent:new_one", "custom:language", "custom:extra"} {
					if got, want := ix.Value(id, f), c.Get(f); got != want {
						t.Fatalf("Value(%d, %s) = %q, want %q", id, f, got, want)
					}
				}
			}
			// Distinct counts what the contacts hold.
			for _, field := range []string{"city", "groups", "emails", "last_name", "custom:extra", "consent:sms"} {
				want := map[string]int{}
				for _, c := range live {
					for _, v := range c.Values(field) {
						want[v]++
					}
				}
				if got := ix.Distinct(field); !slices.Equal(got, sortCounts(want)) {
					t.Errorf("Distinct(%s): %d values, want %d", field, len(got), len(want))
				}
			}
		}
	}
}

func TestSearchAgreesWithReference(t *testing.T) {
	cs := demoContacts(3000)
	ix := NewIndex(testOptions())
	ix.searchSlice = 128 // many slices
	if err := ix.Build(scanOf(cs)); err != nil {
		t.Fatal(err)
	}
	live := map[uint64]*contact.Contact{}
	for _, c := range cs {
		live[c.ID] = c
	}
	for id := uint64(1); id <= 3000; id += 7 {
		ix.Delete(id)
		delete(live, id)
	}
	// hit is the reference: every word in the folded name, company or an
	// e-mail, or the digits in a phone.
	hit := func(c *contact.Contact, words []string, digits string) bool {
		all := true
		for _, w := range words {
			in := strings.Contains(fold(c.FullName()), w) || strings.Contains(fold(c.Company), w) ||
				slices.ContainsFunc(c.Emails, func(e string) bool { return strings.Contains(fold(e), w) })
			all = all && in
		}
		if all {
			return true
		}
		return digits != "" && slices.ContainsFunc(c.Phones, func(p contact.Phone) bool { return strings.Contains(p.Number, digits) })
	}
	for _, q := range []string{"anna", "kowalsk", "wiśniewska", "ivan", "Иван", "gmail", "jan kowal", "sergeevna ivanov", "601", "+48 601", "zzzz", "o'brien", "budimex"} {
		words := strings.Fields(fold(q))
		digits := searchDigits(q, testOptions().Country)
		if digits != "" {
			words = []string{onlyDigits(q)}
		}
		var want []uint64
		for id, c := range live {
			if hit(c, words, digits) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		if got := ix.Search(q, 0); !slices.Equal(got, want) {
			t.Errorf("Search(%q): %d results, reference %d (%v vs %v)", q, len(got), len(want), head(got), head(want))
		}
		if len(want) > 5 {
			if got := ix.Search(q, 5); !slices.Equal(got, want[:5]) {
				t.Errorf("Search(%q, 5) = %v, want %v", q, got, want[:5])
			}
		}
	}
}

func head(ids []uint64) []uint64 { return ids[:min(5, len(ids))] }

func TestIndexSortAgreesWithCollation(t *testing.T) {
	cs := demoContacts(2000)
	for _, dictMax := range []int{defaultDictMax, 50} {
		ix := NewIndex(testOptions())
		ix.dictMax = dictMax
		if err := ix.Build(scanOf(cs)); err != nil {
			t.Fatal(err)
		}
		col := ix.collator()
		byID := map[uint64]*contact.Contact{}
		ids := make([]uint64, len(cs))
		for i, c := range cs {
			ids[i], byID[c.ID] = c.ID, c
		}
		for _, field := range []string{"last_name", "full_name", "emails", "city", "points", "created_at", "birth_date", "groups", "consent:sms"} {
			for _, desc := range []bool{false, true} {
				got := slices.Clone(ids)
				ix.Sort(got, field, desc)
				for i := 1; i < len(got); i++ {
					a, b := byID[got[i-1]].Get(field), byID[got[i]].Get(field)
					switch {
					case a == "" && b != "":
						t.Fatalf("%s: empty %d before %q", field, got[i-1], b)
					case a == "" || b == "":
						continue
					}
					var c int
					switch field {
					case "points":
						c = cmpNum(byID[got[i-1]].Points.Value, byID[got[i]].Points.Value)
					case "created_at":
						c = byID[got[i-1]].CreatedAt.Compare(byID[got[i]].CreatedAt)
					default:
						c = col.CompareString(a, b)
					}
					if desc {
						c = -c
					}
					if c > 0 || c == 0 && got[i-1] > got[i] && a == b {
						t.Fatalf("sort by %s desc=%v: %q (id %d) before %q (id %d)", field, desc, a, got[i-1], b, got[i])
					}
				}
			}
		}
	}
}

func TestSorterAgreesWithIndexSort(t *testing.T) {
	cs := demoContacts(1500)
	ix := NewIndex(testOptions())
	if err := ix.Build(scanOf(cs)); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"last_name", "full_name", "emails", "points", "paid_total", "created_at", "birth_date", "groups", "consent:sms", "id", "custom:loyalty_card"} {
		for _, desc := range []bool{false, true} {
			s, err := NewSorter(field, desc, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]uint64, len(cs))
			for i, c := range cs {
				s.Add(c)
				ids[i] = c.ID
			}
			ix.Sort(ids, field, desc)
			if got := s.IDs(); !slices.Equal(got, ids) {
				t.Errorf("Sorter by %s desc=%v differs from Index.Sort: %v vs %v", field, desc, head(got), head(ids))
			}
		}
	}
	if _, err := NewSorter("nope", false, Options{}); err == nil {
		t.Error("unknown field accepted")
	}
}

func cmpNum(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var _ = time.Now

// union and intersect of sorted ID lists.
func union(a, b []uint64) []uint64 {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

func intersect(a, b []uint64) []uint64 {
	var out []uint64
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			out = append(out, x)
		}
	}
	return out
}

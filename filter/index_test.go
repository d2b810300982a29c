package filter

import (
	"reflect"
	"slices"
	"testing"

	"rolo/contact"
)

func scanOf(cs []*contact.Contact) func(func(*contact.Contact) error) error {
	return func(fn func(*contact.Contact) error) error {
		for _, c := range cs {
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	}
}

func testIndex(t *testing.T) *Index {
	t.Helper()
	ix := NewIndex(testOptions())
	if err := ix.Build(scanOf(people())); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestIndexMatchAgreesWithCompile(t *testing.T) {
	ix := testIndex(t)
	for _, tt := range evalCases {
		f, err := Parse(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.Match(f)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Match = %v, want %v", tt.expr, got, tt.want)
		}
		if n, _ := ix.Count(f); n != len(tt.want) {
			t.Errorf("%s: Count = %d, want %d", tt.expr, n, len(tt.want))
		}
	}
}

func TestIndexUpsertDelete(t *testing.T) {
	ix := testIndex(t)
	if ix.Len() != 5 {
		t.Fatalf("Len = %d", ix.Len())
	}
	c := people()[4]
	c.Address.City = "Łódź"
	ix.Upsert(c)
	ix.Upsert(&contact.Contact{ID: 9, LastName: "Nowak", Address: contact.Address{City: "Lodz"}})
	ix.Delete(1)
	ix.Delete(77) // unknown: nothing happens
	f, _ := Parse("city = lodz")
	got, _ := ix.Match(f)
	if !slices.Equal(got, []uint64{5, 9}) || ix.Len() != 5 {
		t.Errorf("after edits: %v, len %d", got, ix.Len())
	}
	if v := ix.Value(1, "city"); v != "" {
		t.Errorf("deleted contact still has a value: %q", v)
	}
}

func TestIndexKeepsCopies(t *testing.T) {
	// Build may be fed one reused, borrowed contact: it must copy.
	ix := NewIndex(testOptions())
	src := people()
	var shared contact.Contact
	err := ix.Build(func(fn func(*contact.Contact) error) error {
		for _, c := range src {
			shared = *c
			if err := fn(&shared); err != nil {
				return err
			}
			shared.Address.City = "garbage"
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := ix.Value(1, "city"); v != "Łódź" {
		t.Errorf("Value(1, city) = %q", v)
	}
}

func TestIndexSort(t *testing.T) {
	ix := testIndex(t)
	all := []uint64{1, 2, 3, 4, 5}
	for _, tt := range []struct {
		field string
		desc  bool
		want  []uint64
	}{
		// Locale-aware: Groß, São Paulo, Wiśniewska, then Cyrillic; no last name last.
		{"last_name", false, ids(2, 3, 1, 4, 5)},
		{"last_name", true, ids(4, 1, 3, 2, 5)},
		{"points", false, ids(2, 4, 1, 3, 5)},
		{"points", true, ids(1, 4, 2, 3, 5)},
		{"created_at", false, ids(5, 2, 4, 1, 3)},
		{"city", false, ids(2, 5, 1, 3, 4)},
		{"id", true, ids(5, 4, 3, 2, 1)},
	} {
		got := slices.Clone(all)
		ix.Sort(got, tt.field, tt.desc)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Sort by %s desc=%v = %v, want %v", tt.field, tt.desc, got, tt.want)
		}
	}
}

func TestIndexSearch(t *testing.T) {
	ix := testIndex(t)
	for q, want := range map[string][]uint64{
		"wisniew":     {1},
		"ŁUCJA":       {1},
		"ivanov":      {4},
		"Иван":        {4},
		"gmx":         {2},
		"601 234 567": {1},
		"601234":      {1},
		"budimex":     {5},
		"zzz":         nil,
		"":            nil,
	} {
		if got := ix.Search(q, 0); !reflect.DeepEqual(got, want) {
			t.Errorf("Search(%q) = %v, want %v", q, got, want)
		}
	}
	if got := ix.Search("a", 2); len(got) != 2 {
		t.Errorf("limit: %v", got)
	}
}

func TestIndexValueDistinctFields(t *testing.T) {
	ix := testIndex(t)
	for _, c := range people() {
		for _, f := range []string{"full_name", "phones", "emails", "points", "created_at", "consent:sms", "custom:loyalty card", "groups"} {
			if got, want := ix.Value(c.ID, f), c.Get(f); got != want {
				t.Errorf("Value(%d, %s) = %q, want %q", c.ID, f, got, want)
			}
		}
	}
	if got := ix.Value(1, "group"); got != "VIP" {
		t.Errorf("alias: %q", got)
	}
	want := []ValueCount{{"VIP", 2}, {"Churned", 1}}
	if got := ix.Distinct("groups"); !reflect.DeepEqual(got, want) {
		t.Errorf("Distinct(groups) = %v", got)
	}
	if got := ix.Distinct("status"); !reflect.DeepEqual(got[0], ValueCount{"contact", 2}) || len(got) != 3 {
		t.Errorf("Distinct(status) = %v", got)
	}
	fields := ix.Fields()
	if !slices.Contains(fields, "city") || !slices.Contains(fields, "custom:loyalty card") ||
		!slices.Contains(fields, "consent:sms") || !slices.Contains(fields, "consent:email") {
		t.Errorf("Fields() = %v", fields)
	}
}

// memCache is a Cache in memory.
type memCache struct {
	gen  uint64
	data map[string][]byte
	at   map[string]uint64
}

func (m *memCache) Cache(name string) ([]byte, uint64, error) { return m.data[name], m.at[name], nil }
func (m *memCache) SetCache(name string, gen uint64, data []byte) error {
	if m.data == nil {
		m.data, m.at = map[string][]byte{}, map[string]uint64{}
	}
	m.data[name], m.at[name] = data, gen
	return nil
}
func (m *memCache) Generation() (uint64, error) { return m.gen, nil }

func TestSaveAndLoadOrder(t *testing.T) {
	ix := testIndex(t)
	c := &memCache{gen: 7}
	if _, ok, err := LoadOrder(c, "last_name"); ok || err != nil {
		t.Fatalf("nothing saved: %v %v", ok, err)
	}
	if err := SaveOrder(c, ix, "last_name"); err != nil {
		t.Fatal(err)
	}
	got, ok, err := LoadOrder(c, "last_name")
	if err != nil || !ok || !slices.Equal(got, []uint64{2, 3, 1, 4, 5}) {
		t.Fatalf("LoadOrder = %v %v %v", got, ok, err)
	}
	c.gen++ // the contacts changed
	if _, ok, _ := LoadOrder(c, "last_name"); ok {
		t.Error("a stale order was returned")
	}
	c.data["order:city"], c.at["order:city"] = []byte{3, 1, 2}, c.gen
	if _, _, err := LoadOrder(c, "city"); err == nil {
		t.Error("a malformed order was accepted")
	}
	big := []uint64{1 << 40, 3, 2}
	if d, err := decodeOrder(encodeOrder(big)); err != nil || !slices.Equal(d, big) {
		t.Errorf("8-byte ids: %v %v", d, err)
	}
}

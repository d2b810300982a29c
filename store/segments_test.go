package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"rolo/contact"
)

func TestSegments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	now := t0
	s, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if segs, err := s.Segments(); err != nil || len(segs) != 0 {
		t.Fatalf("new store: %v %v", segs, err)
	}
	if err := s.SaveSegment("VIP Kraków", "city = Kraków and group in VIP", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSegment("Łódź", "city = Łódź", false); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(time.Hour)
	// A name in use is refused unless replace; the refusal changes nothing.
	if err := s.SaveSegment("VIP Kraków", "city = Kraków", false); !errors.Is(err, ErrExists) {
		t.Fatalf("saving over a segment without replace: %v", err)
	}
	if seg, _ := s.Segment("VIP Kraków"); seg.Expr != "city = Kraków and group in VIP" {
		t.Fatalf("a refused save changed the segment: %+v", seg)
	}
	if err := s.SaveSegment("VIP Kraków", "city = Kraków", true); err != nil {
		t.Fatal(err)
	}
	seg, err := s.Segment("VIP Kraków")
	if err != nil || seg.Expr != "city = Kraków" || !seg.CreatedAt.Equal(t0) || !seg.UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Segment = %+v, %v", seg, err)
	}
	if _, err := s.Segment("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown segment: %v", err)
	}
	for _, bad := range []string{"", " x", "x ", "a\nb"} {
		if err := s.SaveSegment(bad, "city = x", false); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
	// Contacts changing never touch segments; they survive reopening.
	if _, err := s.Create(&contact.Contact{FirstName: "A", Emails: []string{"a@b.pl"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	segs, err := s.Segments()
	if err != nil || len(segs) != 2 || segs[0].Name != "VIP Kraków" || segs[1].Name != "Łódź" {
		t.Fatalf("Segments = %+v, %v", segs, err)
	}
	if err := s.SaveSegment("x", "city = x", false); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only save: %v", err)
	}
	s.Close()
	s, _ = Open(path, Options{})
	if err := s.DeleteSegment("Łódź"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSegment("Łódź"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if segs, _ := s.Segments(); len(segs) != 1 {
		t.Errorf("after delete: %+v", segs)
	}
}

func TestCache(t *testing.T) {
	s := openTemp(t)
	if data, _, err := s.Cache("order:x"); data != nil || err != nil {
		t.Fatalf("empty cache: %v %v", data, err)
	}
	g0, _ := s.Generation()
	if err := s.SetCache("order:x", g0, []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Generation(); g != g0 {
		t.Errorf("SetCache moved the generation %d → %d", g0, g)
	}
	data, gen, err := s.Cache("order:x")
	if err != nil || gen != g0 || string(data) != "\x01\x02\x03" {
		t.Fatalf("Cache = %v %d %v", data, gen, err)
	}
	if _, err := s.Create(&contact.Contact{FirstName: "A"}); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Generation(); g == gen {
		t.Error("a new contact did not move the generation past the cache's")
	}
	if err := s.SetCache("", 0, nil); err == nil {
		t.Error("empty name accepted")
	}
}

func TestReleasePagesKeepsData(t *testing.T) {
	s := openTemp(t)
	id, err := s.Create(&contact.Contact{FirstName: "Łucja", Emails: []string{"l@wp.pl"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReleasePages(); err != nil {
		t.Fatal(err)
	}
	c, err := s.Get(id)
	if err != nil || c.FirstName != "Łucja" {
		t.Fatalf("after ReleasePages: %+v %v", c, err)
	}
}

func TestScanLeanSeesEveryContact(t *testing.T) {
	s := openTemp(t)
	want := map[uint64]string{}
	for i := range 300 {
		c := &contact.Contact{FirstName: "N" + string(rune('a'+i%26)), Emails: []string{"x" + strconv.Itoa(i) + "@wp.pl"}}
		id, err := s.Create(c)
		if err != nil {
			t.Fatal(err)
		}
		want[id] = c.FirstName
	}
	got := map[uint64]string{}
	if err := s.ScanLean(func(c *contact.Contact) error { got[c.ID] = strings.Clone(c.FirstName); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ScanLean saw %d contacts, want %d", len(got), len(want))
	}
	stop := errors.New("stop")
	if err := s.ScanLean(func(*contact.Contact) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("the callback's error: %v", err)
	}
}

package filter

import (
	"slices"
	"testing"
)

// changed_by finds the contacts a user created or changed, in the index
// and on a scan alike, folding case and accents as other text does.
func TestChangedBy(t *testing.T) {
	cs := demoContacts(8) // users by i%4: ana; ana, jan; none; Łucja
	ix := NewIndex(testOptions())
	if err := ix.Build(scanOf(cs)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		where string
		want  []uint64
		words string
	}{
		{"changed_by = ana", []uint64{1, 2, 5, 6}, "changed by ana"},
		{"changed_by in jan, lucja", []uint64{2, 4, 6, 8}, "changed by jan or lucja"},
		{"changed_by != ana", []uint64{3, 4, 7, 8}, "not changed by ana"},
		{"changed_by not exists", []uint64{3, 7}, "changed by no named user"},
	} {
		f, err := Parse(tt.where)
		if err != nil {
			t.Fatalf("%s: %v", tt.where, err)
		}
		got, err := ix.Match(f)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("index %s = %v, %v; want %v", tt.where, got, err, tt.want)
		}
		m, err := f.Compile(testOptions())
		if err != nil {
			t.Fatal(err)
		}
		var scan []uint64
		for _, c := range cs {
			if m(c) {
				scan = append(scan, c.ID)
			}
		}
		if !slices.Equal(scan, tt.want) {
			t.Errorf("scan %s = %v, want %v", tt.where, scan, tt.want)
		}
		if d := f.Describe(); d != tt.words {
			t.Errorf("%s in words: %q, want %q", tt.where, d, tt.words)
		}
	}
}

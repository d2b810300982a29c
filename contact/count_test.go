package contact

import "testing"

func TestCountOf(t *testing.T) {
	for _, tt := range []struct {
		n    int
		noun string
		want string
	}{
		{1, "selected contact", "1 selected contact"},
		{0, "value", "0 values"},
		{2451, "contact", "2 451 contacts"},
		{1, "entry|entries", "1 entry"},
		{3, "entry|entries", "3 entries"},
	} {
		if got := CountOf(tt.n, tt.noun); got != tt.want {
			t.Errorf("CountOf(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

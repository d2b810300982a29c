package ui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestCell(t *testing.T) {
	tests := []struct {
		in    string
		w     int
		right bool
		want  string
	}{
		{"abc", 5, false, "abc  "},
		{"abc", 5, true, "  abc"},
		{"abcdef", 4, false, "abc…"},
		{"Łódź", 4, false, "Łódź"},
		{"Łódźkowo", 5, false, "Łódź…"},
		{"李小龍", 4, false, "李… "},
		{"李小龍", 6, false, "李小龍"},
		{"a\nb\tc", 5, false, "a b c"},
		{"", 3, false, "   "},
		{"x", 1, false, "x"},
		{"xy", 1, false, "…"},
	}
	for _, tc := range tests {
		var b strings.Builder
		cell(&b, tc.in, tc.w, tc.right)
		got := b.String()
		if got != tc.want {
			t.Errorf("cell(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
		if w := ansi.StringWidth(got); w != tc.w {
			t.Errorf("cell(%q, %d) is %d cells wide", tc.in, tc.w, w)
		}
	}
}

func TestLayoutColumns(t *testing.T) {
	fields := []string{"full_name", "emails", "phones", "city", "country", "status", "groups"}
	cols := make([]column, len(fields))
	for i, f := range fields {
		cols[i] = newColumn(f)
	}
	width := func(l layout) int {
		w := gutterWidth
		for i, c := range l.cols {
			if i > 0 {
				w += colGap
			}
			w += c.Width
		}
		return w
	}
	tests := []struct {
		width, offset int
		all           bool // every column shown
	}{
		{200, 1, true},
		{140, 1, true},
		{120, 1, true},
		{80, 1, false},
		{80, 4, false},
		{40, 1, false},
		{24, 1, false},
	}
	for _, tc := range tests {
		l := layoutColumns(cols, tc.width, tc.offset)
		if got := width(l); got > tc.width {
			t.Errorf("width %d: the row takes %d cells", tc.width, got)
		}
		if (len(l.cols) == len(cols)) != tc.all {
			t.Errorf("width %d: %d of %d columns shown", tc.width, len(l.cols), len(cols))
		}
		if l.cols[0].Field != "full_name" {
			t.Errorf("width %d: first column %s, want the frozen name", tc.width, l.cols[0].Field)
		}
		for _, c := range l.cols {
			if c.Width < 1 {
				t.Errorf("width %d: column %s has width %d", tc.width, c.Field, c.Width)
			}
			if (c.Field == "phones") && c.Width < 15 && tc.width >= 80 {
				t.Errorf("width %d: phones cut to %d", tc.width, c.Width)
			}
		}
		if !tc.all && !l.moreRight && tc.offset == 1 {
			t.Errorf("width %d: columns hidden on the right but no › mark", tc.width)
		}
		if tc.offset > 1 && (!l.moreLeft || l.first != tc.offset) {
			t.Errorf("width %d offset %d: first %d moreLeft %v", tc.width, tc.offset, l.first, l.moreLeft)
		}
	}
}

func TestGridFrameIsExact(t *testing.T) {
	st := newStyles(true, false)
	fields := []string{"full_name", "emails", "points", "created_at"}
	cols := make([]column, len(fields))
	for i, f := range fields {
		cols[i] = newColumn(f)
	}
	ids := []uint64{1, 2, 3}
	vals := map[string]string{
		"full_name": "Zażółć Gęślą Jaźń 李小龍 🙂", "emails": "a@b.c", "points": "1250", "created_at": "2026-11-02T14:03:00Z",
	}
	for _, w := range []int{30, 80, 120} {
		f := gridFrame{
			styles: &st, lay: layoutColumns(cols, w, 1), width: w, rows: 5, ids: ids, cursor: 1, focus: 2,
			value:    func(id uint64, field string) string { return vals[field] },
			selected: func(id uint64) bool { return id == 3 },
		}
		var b strings.Builder
		f.render(&b)
		lines := strings.Split(b.String(), "\n")
		if len(lines) != 6 {
			t.Fatalf("width %d: %d lines, want 6", w, len(lines))
		}
		for i, l := range lines {
			if got := ansi.StringWidth(l); got != w {
				t.Errorf("width %d line %d: %d cells: %q", w, i, got, ansi.Strip(l))
			}
		}
		plain := ansi.Strip(b.String())
		if !strings.Contains(plain, "> ") || !strings.Contains(plain, " ✓") {
			t.Errorf("width %d: cursor or selection mark missing:\n%s", w, plain)
		}
		if w >= 80 && !strings.Contains(plain, "2026-11-02 14:03") {
			t.Errorf("width %d: times should be shown short:\n%s", w, plain)
		}
	}
}

func TestIDSet(t *testing.T) {
	var s idSet
	for _, id := range []uint64{5, 64, 1000, 5} {
		s.add(id)
	}
	if s.len() != 3 || !s.has(64) || s.has(63) || s.has(99999) {
		t.Fatalf("set %v len %d", s.ids(), s.len())
	}
	s.toggle(64)
	s.toggle(7)
	if got := s.ids(); len(got) != 3 || got[0] != 5 || got[1] != 7 || got[2] != 1000 {
		t.Fatalf("ids %v", got)
	}
	s.remove(12345)
	s.clear()
	if s.len() != 0 || len(s.ids()) != 0 {
		t.Fatal("clear")
	}
}

func TestWrapIsRender(t *testing.T) {
	for _, st := range []Styles{newStyles(true, false), newStyles(false, false), newStyles(true, true)} {
		pairs := []struct {
			w wrap
			s lipgloss.Style
		}{{st.row, st.Row}, {st.cursorRow, st.CursorRow}, {st.cursorCell, st.CursorCell}, {st.selMark, st.SelMark}, {st.colHeader, st.ColHeader}}
		for _, p := range pairs {
			if p.s.GetUnderline() {
				continue // lipgloss underlines word by word; the wrap underlines the whole cell, spaces too
			}
			for _, text := range []string{"Anna Kowalska   ", "Łódź 李小龍 🙂", "  "} {
				var b strings.Builder
				p.w.write(&b, text)
				if got, want := b.String(), p.s.Render(text); got != want {
					t.Errorf("wrap %q, Render %q", got, want)
				}
			}
		}
	}
}

package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestEveryScreenFitsAnySize opens each screen and resizes the terminal
// under it: every frame is exactly the terminal's height, no line wider.
func TestEveryScreenFitsAnySize(t *testing.T) {
	screens := []struct {
		name string
		n    int
		keys []string
	}{
		{"table", 60, nil},
		{"search", 60, []string{"/", "an"}},
		{"card", 60, []string{"enter"}},
		{"card-edit", 60, []string{"enter", "j", "j", "j", "e"}},
		{"filter", 60, []string{"f", "a", "city", "enter", "enter", "Kra"}},
		{"columns", 60, []string{"c"}},
		{"bulk", 60, []string{"space", "b"}},
		{"create", 60, []string{"+"}},
		{"help", 60, []string{"?"}},
		{"empty", 0, nil},
	}
	sizes := [][2]int{{80, 24}, {120, 40}, {60, 20}, {40, 12}, {200, 60}, {80, 24}}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			m := newTestModel(t, testStore(t, sc.n), 80, 24)
			press(t, m, sc.keys...)
			for _, sz := range sizes {
				drain(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				frame := screenText(m)
				lines := strings.Split(frame, "\n")
				if len(lines) != sz[1] {
					t.Fatalf("%dx%d: %d lines:\n%s", sz[0], sz[1], len(lines), frame)
				}
				for i, l := range lines {
					if w := lipglossWidth(l); w > sz[0] {
						t.Fatalf("%dx%d: line %d is %d wide:\n%s", sz[0], sz[1], i, w, frame)
					}
				}
			}
		})
	}
}

package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestPrivacyScreensFitAnySize resizes the terminal under each screen of
// the privacy screens: every frame is exactly the terminal's height, no line wider.
func TestPrivacyScreensFitAnySize(t *testing.T) {
	screens := []struct {
		name string
		mk   func(t *testing.T) *Model
		keys []string
	}{
		{"consents", demoModel, []string{"C"}},
		{"consents-form", demoModel, []string{"C", "a", "a very long consent name that goes on and on"}},
		{"consents-in-use", demoModel, []string{"C", "d", "f"}},
		{"dupes", dupesModel, []string{"D"}},
		{"dupes-compare", dupesModel, []string{"D", "enter", "a"}},
		{"dupes-merge", dupesModel, []string{"D", "enter", "m"}},
		{"card-erase", demoModel, []string{"enter", "E", "reason", "enter"}},
		{"card-unsubscribe", demoModel, []string{"enter", "U"}},
		{"open", demoModel, []string{"o", "nope.csv", "enter"}},
		{"audit", fileModel, nil},
		{"audit-values", fileModel, []string{"G", "enter"}},
	}
	sizes := [][2]int{{80, 24}, {120, 40}, {60, 20}, {40, 12}, {200, 60}, {80, 24}}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			m := sc.mk(t)
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

func demoModel(t *testing.T) *Model { return newTestModel(t, testStore(t, 60), 80, 24) }

func dupesModel(t *testing.T) *Model {
	st, _ := dupeStore(t, 40)
	return newTestModel(t, st, 80, 24)
}

func fileModel(t *testing.T) *Model {
	path, _ := auditFile(t, 40)
	m := newFileModel(t, path, 80, 24)
	return m
}

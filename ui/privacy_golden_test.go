package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"rolo/fileview"
)

// privacySettled is settled with the privacy screens (duplicates, consents, an opened file) done loading.
func privacySettled(m *Model) bool {
	if !settled(m) || m.file != nil && (m.file.job != 0 || m.file.panel.sum != nil && m.file.panel.freq == nil) {
		return false
	}
	for _, s := range m.stack {
		switch s := s.(type) {
		case *consentsScreen:
			if !s.loaded || s.usage == nil {
				return false
			}
		case *dupesScreen:
			if _, ok := s.found[s.kind]; !ok || s.cmp != nil && !s.cmp.loaded {
				return false
			}
		case *auditPanel:
			if !s.loaded || s.sum != nil && s.sum.Report != nil && s.freq == nil {
				return false
			}
		case *openDialog:
			if s.busy {
				return false
			}
		}
	}
	return true
}

// privacyGoldenRun is goldenRun on any Deps, waiting for privacySettled.
func privacyGoldenRun(t *testing.T, d Deps, w, h int, steps ...any) string {
	t.Helper()
	return goldenRunWith(t, d, privacySettled, w, h, steps...)
}

// TestPrivacyGolden frames the privacy screens at 80×24 and 120×40:
// consents, duplicates (list, side by side, merge question), the card's
// erase and unsubscribe questions, the audit panel of an opened file and
// the open dialog.
func TestPrivacyGolden(t *testing.T) {
	screens := []struct {
		name  string
		store string // demo, dupes, file
		steps []any
	}{
		{"consents", "demo", []any{"C"}},
		{"consents_form", "demo", []any{"C", "a", "newsletter", "tab"}},
		{"consents_in_use", "demo", []any{"C", "d"}},
		{"dupes", "dupes", []any{"D"}},
		{"dupes_compare", "dupes", []any{"D", "enter"}},
		{"dupes_merge", "dupes", []any{"D", "enter", "m"}},
		{"card_erase", "demo", []any{"enter", "E"}},
		{"card_unsubscribe", "demo", []any{"enter", "U"}},
		{"audit", "file", []any{"A"}},
		{"audit_rows", "file", []any{"A", "j", "j", "j", "enter"}},
		{"open_dialog", "demo", []any{"o", "nope.csv", "enter"}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				var d Deps
				switch sc.store {
				case "demo":
					d.Store = testStore(t, 120)
				case "dupes":
					d.Store, _ = dupeStore(t, 60)
				case "file":
					path, _ := auditFile(t, 60)
					d.Open = &fileview.Options{Path: path, Country: "PL"}
				}
				frame := privacyGoldenRun(t, d, size[0], size[1], sc.steps...)
				if d.Store != nil {
					frame = hidePath(frame, d.Store.Path())
				}
				golden.RequireEqual(t, frame)
			})
		}
	}
}

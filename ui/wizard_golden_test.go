package ui

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// hideDir replaces a temporary folder (whose name changes in length from
// run to run) with DIR, padding the line at its end so that it keeps its
// width and what follows the folder keeps its place.
func hideDir(frame, dir string) string {
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		if n := strings.Count(l, dir); n > 0 {
			lines[i] = strings.ReplaceAll(l, dir, "DIR") + strings.Repeat(" ", n*(len(dir)-len("DIR")))
		}
	}
	return strings.Join(lines, "\n")
}

// TestWizardGolden keeps a frame of every step of the import wizard, and of
// the jobs list, at 80×24 and 120×40.
func TestWizardGolden(t *testing.T) {
	scenes := []struct {
		name   string
		picker bool // start in the picker's folder
		steps  func(path string) []any
	}{
		{"file", true, func(string) []any { return []any{openImportMsg{}} }},
		{"read", false, func(p string) []any { return []any{openImportMsg{Path: p}} }},
		{"mapping", false, func(p string) []any {
			return []any{openImportMsg{Path: p}, "enter", "j", "j", "j", "j", "j", "j", "j", "enter", "uw"}
		}},
		{"options", false, func(p string) []any {
			return []any{openImportMsg{Path: p}, "enter", "tab", "j", "j", "j", "j", "enter", "PL", "enter", "j", "enter", "Newsletter 2026", "enter"}
		}},
		{"results", false, func(p string) []any {
			return []any{openImportMsg{Path: p}, "enter", "tab", "j", "j", "j", "j", "enter", "PL", "enter", "ctrl+s"}
		}},
		{"fix", false, func(p string) []any {
			return []any{openImportMsg{Path: p}, "enter", "tab", "ctrl+s", "e", "j", "j", "enter", "lucja@example.pl", "enter"}
		}},
		{"jobs", false, func(p string) []any {
			return []any{openImportMsg{Path: p}, "enter", "tab", "ctrl+s", "esc", "I"}
		}},
	}
	for _, sc := range scenes {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				t.Setenv("LC_ALL", "C") // no country from the locale: frames do not depend on the machine
				dir := t.TempDir()
				path := writeCP1250(t, dir, "kontakty.csv", polishCSV)
				wd, err := os.Getwd()
				if err != nil {
					t.Fatal(err)
				}
				if sc.picker {
					dir = pickerDir(t)
				}
				st := testStore(t, 400)
				frame := goldenRun(t, st, size[0], size[1], sc.steps(path)...)
				frame = hideDir(hidePath(frame, st.Path()), dir)
				if err := os.Chdir(wd); err != nil { // golden files are in the package's folder
					t.Fatal(err)
				}
				golden.RequireEqual(t, frame)
			})
		}
	}
}

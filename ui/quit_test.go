package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// ctrl+c over unsaved input asks once, in every form and dialog: any other
// key goes back to what was typed, a second ctrl+c quits. With nothing
// typed it quits at once.
func TestCtrlCAsksOverUnsavedInput(t *testing.T) {
	forms := []struct {
		name string
		keys []string
	}{
		{"new contact", []string{"+", "Ann"}},
		{"card edit", []string{"enter", "e", "x"}},
		{"filter value", []string{"f", "a", "cit"}},
		{"filter conditions", []string{"f", "a", "city", "enter", "enter", "Kraków", "enter"}},
		{"columns", []string{"c", "j", "space"}},
		{"open dialog", []string{"o", "x.csv"}},
		{"consent form", []string{"C", "a", "news"}},
		{"bulk action", []string{"space", "b", "enter", "vip"}},
		{"wizard path", []string{"I", "n", "/", "x.csv"}},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			m := newTestModel(t, testStore(t, 30), 80, 24)
			press(t, m, f.keys...)
			top := m.active()
			if m.unsavedInput() == "" {
				t.Fatalf("%v on %T: nothing unsaved\n%s", f.keys, top, screenText(m))
			}
			if _, quit := findMsg[tea.QuitMsg](press(t, m, "ctrl+c")); quit {
				t.Fatal("the first ctrl+c quit over unsaved input")
			}
			frame := screenText(m)
			mustContain(t, frame, "ctrl+c again quits and loses", "any other key goes back")
			for _, line := range strings.Split(frame, "\n") {
				if strings.Contains(line, "ctrl+c again") && strings.Contains(line, "…") {
					t.Fatalf("the question is cut: %q", line)
				}
			}
			// Any other key goes back; what was typed is still there.
			before := m.unsavedInput()
			if _, quit := findMsg[tea.QuitMsg](press(t, m, "left")); quit {
				t.Fatal("another key quit")
			}
			if m.active() != top || m.unsavedInput() != before {
				t.Fatalf("going back changed the screen: %T %q", m.active(), m.unsavedInput())
			}
			if strings.Contains(screenText(m), "ctrl+c again") {
				t.Fatal("the question stays after another key")
			}
			press(t, m, "ctrl+c")
			if _, quit := findMsg[tea.QuitMsg](press(t, m, "ctrl+c")); !quit {
				t.Fatal("the second ctrl+c did not quit")
			}
		})
	}
}

func TestCtrlCQuitsAtOnceWithNothingTyped(t *testing.T) {
	for _, keys := range [][]string{nil, {"+"}, {"f"}, {"c"}, {"o"}, {"enter", "e"}} {
		m := newTestModel(t, testStore(t, 30), 80, 24)
		press(t, m, keys...)
		if _, quit := findMsg[tea.QuitMsg](press(t, m, "ctrl+c")); !quit {
			t.Fatalf("after %v ctrl+c asks: %q", keys, m.unsavedInput())
		}
	}
}

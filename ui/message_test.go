package ui

import (
	"strings"
	"testing"
)

// A status message longer than the line says so, and ! shows it whole.
func TestLongStatusReadWhole(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	long := "undone: add tag 'vip' to 2 451 contacts: 2 448 contacts put back; 3 contacts changed again since, left as they are: #12, #45, #78"
	drain(t, m, statusMsg{Text: long})
	mustContain(t, screenText(m), "… ! shows it whole")
	press(t, m, "!")
	if _, ok := m.active().(*messageScreen); !ok {
		t.Fatalf("! opened %T", m.active())
	}
	frame := screenText(m)
	for _, w := range strings.Fields(long) {
		mustContain(t, frame, w)
	}
	press(t, m, "esc")
	if m.active() != screen(m.table) {
		t.Fatalf("esc left %T", m.active())
	}
}

package ui

import (
	"strings"
	"testing"
)

// A job whose progress the screen draws is not said again in the header;
// other jobs are.
func TestHeaderDoesNotRepeatTheScreensJob(t *testing.T) {
	m := newTestModel(t, testStore(t, 3), 80, 24)
	p := newAuditPanel(m.sh, "big.csv")
	m.push(p)
	m.jobs[7] = jobMsg{ID: 7, Label: "reading big.csv", Done: 10, Total: 100}
	m.jobs[8] = jobMsg{ID: 8, Label: "exporting 3 contacts", Done: 1, Total: 3}
	frame := screenText(m)
	head := strings.SplitN(frame, "\n", 2)[0]
	if strings.Contains(head, "reading big.csv") || !strings.Contains(head, "exporting 3 contacts") {
		t.Fatalf("header %q", head)
	}
	mustContain(t, frame, "Reading big.csv")
	p.loaded = true
	if head := strings.SplitN(screenText(m), "\n", 2)[0]; !strings.Contains(head, "reading big.csv") {
		t.Fatalf("once the panel is loaded the header keeps the job: %q", head)
	}
}

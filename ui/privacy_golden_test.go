package ui

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"rolo/fileview"
	"rolo/store"
)

// privacySettled is settled with the screens of issue 8 done loading.
func privacySettled(m *Model) bool {
	if !settled(m) {
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
	d.Now, d.NoColor = fixedNow, true
	m := New(d)
	m.sh.after = testAfter
	p := &probe{m: m, got: make(chan string, 1)}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		m.Shutdown()
	})
	wait := func(what string) string {
		select {
		case f := <-p.got:
			return f
		case <-time.After(10 * time.Second):
			t.Fatalf("the interface did not settle after %s", what)
			return ""
		}
	}
	tm.Send(probeMsg{until: func(m *Model) bool { return m.sh.width == w && privacySettled(m) }})
	frame := wait("starting")
	for i, s := range steps {
		var msgs []tea.Msg
		text := s.(string)
		if isKeyName(text) || len([]rune(text)) == 1 {
			msgs = append(msgs, keyMsg(text))
		} else {
			for _, r := range text {
				msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
		for j, msg := range msgs {
			pm := probeMsg{msg: msg}
			if j == len(msgs)-1 {
				pm.until = privacySettled
			}
			tm.Send(pm)
		}
		frame = wait(fmt.Sprintf("step %d (%v)", i, s))
	}
	return frame
}

// TestPrivacyGolden frames the screens of issue 8 at 80×24 and 120×40:
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
		{"audit", "file", nil},
		{"audit_rows", "file", []any{"j", "j", "j", "enter"}},
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
					st, err := store.Open(filepath.Join(t.TempDir(), "file.db"), store.Options{Now: fixedNow, NoSync: true})
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { st.Close() })
					d.Store, d.Open = st, &fileview.Options{Path: path, Country: "PL"}
				}
				frame := privacyGoldenRun(t, d, size[0], size[1], sc.steps...)
				golden.RequireEqual(t, hidePath(frame, d.Store.Path()))
			})
		}
	}
}

package ui

import (
	"fmt"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/filter"
	"rolo/importer"
	"rolo/store"
)

// Every list takes the same moves: g/G and home/end go to either end,
// pgdn/pgup a page at a time, j/k a line, and none goes past an end.
func TestEveryListTakesTheListKeys(t *testing.T) {
	const n = 60
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("item%02d", i)
	}
	lists := []struct {
		name string
		// open builds the screen with a list of n items and returns a
		// reader of its cursor.
		open func(sh *shared) (screen, func() int)
	}{
		{"columns", func(sh *shared) (screen, func() int) {
			d := newColumnsDialog(sh, nil)
			d.setChoices(names, nil)
			return d, func() int { return d.cursor }
		}},
		{"jobs", func(sh *shared) (screen, func() int) {
			l := newJobsList(sh)
			l.loaded = true
			for i := range n {
				l.jobs = append(l.jobs, store.Job{ID: uint64(i + 1), Status: contact.JobDone})
			}
			l.setKeys()
			return l, func() int { return l.cursor }
		}},
		{"duplicates", func(sh *shared) (screen, func() int) {
			var cs []dedupe.Cluster
			for i := range n {
				cs = append(cs, dedupe.Cluster{IDs: []uint64{uint64(2*i + 1), uint64(2*i + 2)}})
			}
			s := newDupesScreen(sh, cs)
			return s, func() int { return s.cursor }
		}},
		{"consents", func(sh *shared) (screen, func() int) {
			s := newConsentsScreen(sh)
			for _, nm := range names {
				s.defs = append(s.defs, store.ConsentDef{Name: nm})
			}
			s.keys.set(csList, false, true)
			return s, func() int { return s.cursor }
		}},
		{"bulk menu", func(sh *shared) (screen, func() int) {
			d := newBulkDialog(sh, nil, []uint64{1}, nil)
			return d, func() int { return d.cursor }
		}},
		{"bulk checklist", func(sh *shared) (screen, func() int) {
			d := newBulkDialog(sh, nil, []uint64{1}, nil)
			d.options, d.checked = names, map[string]bool{}
			d.setStep(bkChecklist)
			return d, func() int { return d.optCur }
		}},
		{"filter conditions", func(sh *shared) (screen, func() int) {
			var f filter.Filter
			for _, nm := range names[:n-2] {
				f.Conds = append(f.Conds, filter.Condition{Field: "city", Op: filter.Eq, Values: []string{nm}})
			}
			b := newFilterBuilder(sh, nil, f, "")
			return b, func() int { return b.cursor }
		}},
		{"segments", func(sh *shared) (screen, func() int) {
			b := newFilterBuilder(sh, nil, filter.Filter{}, "")
			for _, nm := range names {
				b.segments = append(b.segments, store.Segment{Name: nm, Expr: "city = " + nm})
			}
			b.options = names
			b.setMode(fbSegments)
			return b, func() int { return b.optCur }
		}},
		{"filter checklist", func(sh *shared) (screen, func() int) {
			b := newFilterBuilder(sh, nil, filter.Filter{}, "")
			b.draft = filter.Condition{Field: "groups", Op: filter.In}
			b.options, b.checked = names, map[string]bool{}
			b.setMode(fbChecklist)
			return b, func() int { return b.optCur }
		}},
		{"file picker", func(sh *shared) (screen, func() int) {
			w := newImportWizard(sh, "")
			w.step, w.file.dir = wzFile, "/tmp"
			for _, nm := range names {
				w.file.entries = append(w.file.entries, fileEntry{name: nm + ".csv"})
			}
			w.setKeys()
			return w, func() int { return w.file.cursor }
		}},
		{"mapping", func(sh *shared) (screen, func() int) {
			w := newImportWizard(sh, "")
			w.step = wzMap
			var m importer.Mapping
			for _, nm := range names {
				m.Columns = append(m.Columns, importer.Column{Name: nm, Field: importer.TargetIgnore})
			}
			w.mapg.maps = []importer.Mapping{m}
			w.setKeys()
			return w, func() int { return w.mapg.cursor }
		}},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			sh := &shared{styles: newStyles(true, true), now: fixedNow, width: 80, height: 24, bodyH: 21, jobs: newJobRunner(), after: testAfter}
			s, cursor := l.open(sh)
			last := -1
			send := func(k string) int {
				t.Helper()
				var cmd tea.Cmd
				s, cmd = s.Update(keyMsg(k))
				_ = cmd
				asked(sh)
				return cursor()
			}
			// The bulk menu is short: its last item is its length less one.
			last = send("G")
			if last < 4 {
				t.Fatalf("G went to %d, not to the end of a long list", last)
			}
			if c := send("g"); c != 0 {
				t.Fatalf("g went to %d", c)
			}
			if c := send("end"); c != last {
				t.Fatalf("end went to %d, G to %d", c, last)
			}
			if c := send("home"); c != 0 {
				t.Fatalf("home went to %d", c)
			}
			if c := send("j"); c != 1 {
				t.Fatalf("j went to %d", c)
			}
			if c := send("k"); c != 0 {
				t.Fatalf("k went to %d", c)
			}
			if c := send("k"); c != 0 {
				t.Fatalf("k above the first went to %d", c)
			}
			page := send("pgdown")
			if page < 2 && last > 2 {
				t.Fatalf("pgdn moved to %d", page)
			}
			if c := send("pgup"); c != 0 {
				t.Fatalf("pgup went to %d", c)
			}
			send("end")
			if c := send("pgdown"); c != last {
				t.Fatalf("pgdn past the end went to %d", c)
			}
			// The full help lists the moves.
			found := 0
			for _, col := range s.Keys().FullHelp() {
				for _, b := range col {
					if b.Enabled() && (b.Help().Key == "g/home" || b.Help().Key == "G/end") {
						found++
					}
				}
			}
			if found != 2 {
				t.Fatalf("the full help lists %d of g/home and G/end", found)
			}
		})
	}
}

// While a text input has focus the letters are typed: g and G do not move.
func TestListKeysWhileTyping(t *testing.T) {
	k := defaultListKeys()
	k.setTyping(true)
	for _, s := range []string{"g", "G", "j", "k", "home", "end", "ctrl+u"} {
		if _, ok := k.move(keyMsg(s), 3, 10, 5); ok {
			t.Errorf("%s moves the list while typing", s)
		}
	}
	for s, want := range map[string]int{"up": 2, "down": 4, "pgup": 0, "pgdown": 8} {
		if c, ok := k.move(keyMsg(s), 3, 10, 5); !ok || c != want {
			t.Errorf("%s while typing: %d %v, want %d", s, c, ok, want)
		}
	}
	k.setTyping(false)
	if !key.Matches(keyMsg("g"), k.Top) {
		t.Fatal("g is not back after typing")
	}
}

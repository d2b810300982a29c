package ui

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"rolo/store"
)

// probe wraps the root model in a real Bubble Tea program (teatest) so a
// test can wait for a state and take the frame of that state. It counts the
// commands still running (so "settled" means nothing is on its way), and
// renders the frame in the program's goroutine the moment the state is
// reached. Frames are compared without styling: golden files hold text,
// never control sequences.
type probe struct {
	m           *Model
	mu          sync.Mutex
	want        func(*Model) bool
	got         chan string
	outstanding int
}

// probeMsg delivers msg and, when until is set, asks for the frame once
// until holds and no command is running.
type probeMsg struct {
	msg   tea.Msg
	until func(*Model) bool
}

// cmdDoneMsg is the message of a command the probe followed.
type cmdDoneMsg struct{ msg tea.Msg }

func (p *probe) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	p.outstanding++
	return func() tea.Msg { return cmdDoneMsg{msg: cmd()} }
}

func (p *probe) Init() tea.Cmd { return p.wrap(p.m.Init()) }

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m := msg.(type) {
	case probeMsg:
		if m.until != nil {
			p.mu.Lock()
			p.want = m.until
			p.mu.Unlock()
		}
		if m.msg != nil {
			_, c := p.m.Update(m.msg)
			cmd = p.wrap(c)
		}
	case cmdDoneMsg:
		p.outstanding--
		inner := m.msg
		v := reflect.ValueOf(inner)
		switch {
		case inner == nil:
		case v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)):
			var subs []tea.Cmd
			for i := range v.Len() {
				subs = append(subs, p.wrap(v.Index(i).Interface().(tea.Cmd)))
			}
			if _, ok := inner.(tea.BatchMsg); ok {
				cmd = tea.Batch(subs...)
			} else {
				cmd = tea.Sequence(subs...)
			}
		case strings.HasPrefix(reflect.TypeOf(inner).PkgPath(), "charm.land/bubbletea"):
			// Bubble Tea's own messages (quit, clipboard, queries) are for
			// the program.
			cmd = func() tea.Msg { return inner }
		default:
			_, c := p.m.Update(inner)
			cmd = p.wrap(c)
		}
	default:
		_, c := p.m.Update(msg)
		cmd = p.wrap(c)
	}
	p.mu.Lock()
	if p.want != nil && p.outstanding == 0 && p.want(p.m) {
		p.want = nil
		p.got <- ansi.Strip(p.m.render())
	}
	p.mu.Unlock()
	return p, cmd
}

func (p *probe) View() tea.View { return p.m.View() }

// settled holds when nothing is loading or running: the frame is final.
func settled(m *Model) bool {
	if !m.started || len(m.jobs) > 0 {
		return false
	}
	if m.empty == nil && (m.ix == nil || !m.table.rows.complete) {
		return false
	}
	for _, s := range m.stack {
		if isLoading(s) {
			return false
		}
		switch s := s.(type) {
		case *cardModel:
			if !s.loaded || s.saving {
				return false
			}
		case *filterBuilder:
			if s.counting {
				return false
			}
		case *bulkDialog:
			if s.step == bkName && len(s.names) == 0 {
				return false
			}
		}
	}
	return true
}

// goldenRun starts the interface on st at w×h, sends each step (a key name,
// text to type, or a message) and returns the settled frame.
func goldenRun(t *testing.T, st *store.Store, w, h int, steps ...any) string {
	t.Helper()
	return goldenRunWith(t, Deps{Store: st}, settled, w, h, steps...)
}

// goldenRunWith is goldenRun on any Deps, waiting after each step until
// done says the interface has settled.
func goldenRunWith(t *testing.T, d Deps, done func(*Model) bool, w, h int, steps ...any) string {
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
	tm.Send(probeMsg{until: func(m *Model) bool { return m.sh.width == w && done(m) }})
	frame := wait("starting")
	for i, s := range steps {
		var msgs []tea.Msg
		switch s := s.(type) {
		case string:
			if isKeyName(s) || len([]rune(s)) == 1 {
				msgs = append(msgs, keyMsg(s))
			} else {
				for _, r := range s {
					msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
				}
			}
		case tea.Msg:
			msgs = append(msgs, s)
		}
		for j, msg := range msgs {
			pm := probeMsg{msg: msg}
			if j == len(msgs)-1 {
				pm.until = done
			}
			tm.Send(pm)
		}
		frame = wait(fmt.Sprintf("step %d (%v)", i, s))
	}
	return frame
}

// hidePath replaces the temporary store path, keeping the layout.
func hidePath(frame, path string) string {
	ph := "STORE"
	return strings.ReplaceAll(frame, path, ph+strings.Repeat(" ", max(len(path)-len(ph), 0)))
}

func TestGolden(t *testing.T) {
	screens := []struct {
		name  string
		empty bool
		steps []any
	}{
		{"table", false, []any{"j", "j", "space", "space"}},
		{"help", false, []any{"?"}},
		{"search", false, []any{"/", "kowal"}},
		{"card", false, []any{"j", "enter"}},
		{"card_edit", false, []any{"enter", "j", "j", "j", "j", "j", "j", "j", "a", "anna@", "enter"}},
		{"columns", false, []any{"c", "j", "space"}},
		{"filter", false, []any{"f", "a", "city", "enter", "enter", "Kraków", "+", "Łódź"}},
		{"filter_applied", false, []any{"f", "a", "country", "enter", "enter", "PL", "enter", "enter"}},
		{"filter_groups", false, []any{"f", "a", "city", "enter", "enter", "Kraków", "enter", "a", "country", "enter", "enter", "PL", "enter",
			"A", "city", "enter", "enter", "Łódź", "enter", "O"}},
		{"bulk", false, []any{"space", "space", "space", "b", "down", "enter", "Trio", "enter"}},
		{"create", false, []any{"+", "Zofia", "tab", "tab", "tab", "tab", "Poland", "tab", "zofia@", "tab"}},
		{"undo", false, []any{"space", "space", "b", "down", "down", "down", "enter", "vip", "enter", "y", "u"}},
		{"empty", true, nil},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				n := 400
				if sc.empty {
					n = 0
				}
				st := testStore(t, n) // each its own: no screen sees another's edits
				frame := goldenRun(t, st, size[0], size[1], sc.steps...)
				golden.RequireEqual(t, hidePath(frame, st.Path()))
			})
		}
	}
}

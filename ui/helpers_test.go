package ui

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
	"rolo/demo"
	"rolo/store"
)

// testNow is the fixed clock of every test: history times, ages and golden
// files do not move.
var testNow = time.Date(2026, 11, 2, 14, 3, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// testStore makes a store of n demo contacts (seed 1) in a temporary folder.
func testStore(t testing.TB, n int) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "rolo.db"), store.Options{Now: fixedNow, NoSync: true, User: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	gen := demo.New(1, 0, testNow)
	err = st.Update(func(tx *store.Tx) error {
		for range n {
			if _, err := tx.Create(gen.Next()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// newTestModel is the root model at a fixed size with every command run
// synchronously (see drain): the first screen is loaded and the index
// built when it returns.
func newTestModel(t testing.TB, st *store.Store, w, h int) *Model {
	t.Helper()
	m := New(Deps{Store: st, Now: fixedNow, NoColor: true})
	m.sh.after = testAfter
	t.Cleanup(m.Shutdown)
	drain(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	drain(t, m, m.Init())
	return m
}

// testAfter delivers timed messages at once, except the expiry of the status
// line (tests read it).
func testAfter(_ time.Duration, msg tea.Msg) tea.Cmd {
	if _, ok := msg.(statusExpiredMsg); ok {
		return nil
	}
	return msgCmd(msg)
}

// drain feeds msg to the model and runs every command it returns, and the
// commands those messages return, until none is left: a synchronous
// Bubble Tea loop for tests. It returns the messages seen, in order.
func drain(t testing.TB, m tea.Model, first any) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	var queue []tea.Cmd
	switch f := first.(type) {
	case tea.Cmd:
		queue = append(queue, f)
	case nil:
	default:
		_, cmd := m.Update(f)
		seen = append(seen, f)
		queue = append(queue, cmd)
	}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("drain: commands never settle")
		}
		cmd := queue[0]
		queue = queue[1:]
		if cmd == nil {
			continue
		}
		msg := cmd()
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := range v.Len() {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		seen = append(seen, msg)
		if _, ok := msg.(tea.QuitMsg); ok {
			continue
		}
		_, next := m.Update(msg)
		queue = append(queue, next)
	}
	return seen
}

// asked returns what screens asked the root for since the last call, and
// forgets it: for tests that drive a screen without the root.
func asked(sh *shared) []tea.Msg {
	out := sh.intents
	sh.intents = nil
	return out
}

// keyMsg makes a key press as a terminal sends it.
func keyMsg(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+w":
		return tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("keyMsg: unknown key " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// press sends keys one by one (a string of several characters is typed).
func press(t testing.TB, m tea.Model, keys ...string) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	for _, k := range keys {
		if len([]rune(k)) > 1 && !isKeyName(k) {
			for _, r := range k {
				seen = append(seen, drain(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})...)
			}
			continue
		}
		seen = append(seen, drain(t, m, keyMsg(k))...)
	}
	return seen
}

func isKeyName(s string) bool {
	switch s {
	case "enter", "esc", "space", "tab", "up", "down", "left", "right", "pgdown", "pgup", "home", "end",
		"backspace", "ctrl+c", "ctrl+s", "ctrl+u", "ctrl+w", "shift+tab":
		return true
	}
	return false
}

// screenText is the model's frame without styling.
func screenText(m *Model) string { return ansi.Strip(m.View().Content) }

// findMsg returns the first message of type T among msgs.
func findMsg[T any](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if x, ok := m.(T); ok {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// mustContain fails when the frame lacks any of the texts.
func mustContain(t testing.TB, frame string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(frame, s) {
			t.Fatalf("frame lacks %q:\n%s", s, frame)
		}
	}
}

// reload reads a contact back from the store.
func reload(t testing.TB, st *store.Store, id uint64) *contact.Contact {
	t.Helper()
	c, err := st.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func storeOpenReadOnly(path string) (*store.Store, error) {
	return store.Open(path, store.Options{ReadOnly: true, Now: fixedNow})
}

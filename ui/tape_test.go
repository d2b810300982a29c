package ui

import (
	"bufio"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// tapeStep is one thing demo.tape does once rolo runs: a key, text typed
// into an input, or a check of the screen.
type tapeStep struct {
	line   int
	key    string // a key as key.Binding spells it
	text   string // typed into an input
	expect string
}

var (
	tapeLaunch = regexp.MustCompile(`^Type "(\S*rolo\S*)" Enter$`)
	tapeType   = regexp.MustCompile(`^Type "((?:[^"\\]|\\.)*)"$`)
)

// vhsKeys maps VHS key commands to key names.
var vhsKeys = map[string]string{
	"Enter": "enter", "Escape": "esc", "Space": "space", "Backspace": "backspace", "Tab": "tab",
	"Up": "up", "Down": "down", "Left": "left", "Right": "right", "PageUp": "pgup", "PageDown": "pgdown",
	"Home": "home", "End": "end", "Delete": "delete",
}

// readTape reads the steps of demo.tape after the line that starts rolo.
func readTape(t *testing.T) []tapeStep {
	t.Helper()
	f, err := os.Open("../demo.tape")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var steps []tapeStep
	running := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if !running {
			running = tapeLaunch.MatchString(line)
			continue
		}
		if e, ok := strings.CutPrefix(line, "# expect:"); ok {
			steps = append(steps, tapeStep{line: n, expect: strings.TrimSpace(e)})
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		switch {
		case word == "Sleep" || word == "Hide" || word == "Show" || word == "Set" || word == "Output" || word == "Screenshot":
		case word == "Type":
			m := tapeType.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("demo.tape:%d: cannot read %q", n, line)
			}
			text, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Fatalf("demo.tape:%d: %v", n, err)
			}
			if r := []rune(text); len(r) == 1 {
				k := text
				if k == " " {
					k = "space"
				}
				steps = append(steps, tapeStep{line: n, key: k})
			} else {
				steps = append(steps, tapeStep{line: n, text: text})
			}
		case strings.HasPrefix(word, "Ctrl+"):
			steps = append(steps, tapeStep{line: n, key: "ctrl+" + strings.ToLower(strings.TrimPrefix(word, "Ctrl+"))})
		case vhsKeys[word] != "":
			count := 1
			if rest != "" {
				if c, err := strconv.Atoi(strings.Fields(rest)[0]); err == nil {
					count = c
				}
			}
			for range count {
				steps = append(steps, tapeStep{line: n, key: vhsKeys[word]})
			}
		default:
			t.Fatalf("demo.tape:%d: %q is not a command this test knows; teach it", n, line)
		}
	}
	if !running {
		t.Fatal("demo.tape never starts rolo (a line like Type \"rolo\" Enter)")
	}
	return steps
}

// allKeys is every key some key map of the interface binds.
func allKeys(t *testing.T) map[string]bool {
	sh := &shared{styles: newStyles(true, true), now: fixedNow, after: testAfter, jobs: newJobRunner()}
	maps := []any{
		defaultTableKeys(), defaultCardKeys(), defaultColumnsKeys(), defaultFilterKeys(), defaultGlobalKeys(),
		newBulkDialog(sh, nil, nil, nil).keys, newCreateForm(sh).keys, newEmpty(sh).keys,
		newProgressScreen(sh, 0, "").keys, newImportEntry(sh, "").keys, defaultJobsKeys(),
		defaultDupesKeys(), defaultConsentsKeys(), newAuditPanel(sh, "").keys, newOpenDialog(sh).keys, newUndoDialog(sh).keys,
		textinput.DefaultKeyMap(),
	}
	out := map[string]bool{}
	for _, km := range maps {
		v := reflect.ValueOf(km)
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if b, ok := v.Field(i).Interface().(key.Binding); ok {
				for _, k := range b.Keys() {
					out[k] = true
				}
			}
		}
	}
	return out
}

// TestTapeKeysExist checks that every key demo.tape presses is bound in a
// key map (text typed into inputs aside).
func TestTapeKeysExist(t *testing.T) {
	known := allKeys(t)
	for _, s := range readTape(t) {
		if s.key != "" && !known[s.key] {
			t.Errorf("demo.tape:%d presses %q, which no key map binds", s.line, s.key)
		}
	}
}

// TestTapeReplays runs demo.tape's keys on the real model, from an empty
// store, and checks each "# expect:" against the screen.
func TestTapeReplays(t *testing.T) {
	steps := readTape(t)
	t.Chdir("..") // where vhs runs it: paths typed in the tape are from the project's root
	m := newTestModel(t, testStore(t, 0), 120, 36)
	for _, s := range steps {
		switch {
		case s.expect != "":
			if frame := screenText(m); !strings.Contains(frame, s.expect) {
				t.Fatalf("demo.tape:%d expects %q on the screen:\n%s", s.line, s.expect, frame)
			}
		case s.key != "":
			drain(t, m, keyMsg(s.key))
		default:
			for _, r := range s.text {
				drain(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
	}
}

package docs_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	// The test builds and runs the binary, which go test cannot see: these
	// imports put every package the screens come from into the test's
	// cache key, so a change to a screen runs the test again instead of
	// reusing a stale pass.
	_ "rolo/cli"
	_ "rolo/ui"
)

// The pictures in docs/pictures are screens of the real rolo, captured in
// tmux with their colours (NAME.ansi) and rendered to SVG by freeze
// (NAME.svg). This test drives the built binary the same way and fails when
// a screen's text no longer matches its picture's source, so the pictures
// cannot go stale. docs/pictures.sh runs it with -update to take them anew.
var update = flag.Bool("update", false, "capture the screens anew and render them to SVG with freeze")

// freeze renders an ANSI capture to SVG; pinned so the pictures do not
// change with a release of it.
const freeze = "github.com/charmbracelet/freeze@v0.2.2"

// clock fixes the time rolo sees, so demo data and dates are the same on
// every run.
const clock = "2026-11-02T10:00:00Z"

const width, height = 100, 30

// scene is one picture: how to start rolo, a text its first screen shows,
// the keys that reach the pictured screen (one tmux send-keys call each)
// and a text that says it is there.
type scene struct {
	name  string
	args  []string
	start string
	keys  [][]string
	ready string
}

var scenes = []scene{
	{name: "table", args: []string{"--db", "rolo.db"}, start: "1 000 contacts", ready: "1 000 contacts"},
	{name: "card", args: []string{"--db", "rolo.db"}, start: "1 000 contacts", keys: [][]string{{"j", "j"}, {"Enter"}}, ready: "── Channels"},
	{name: "wizard", args: []string{"--db", "new.db", "import", "contacts.csv"}, start: "contacts.csv", ready: "contacts.csv"},
}

func TestPictures(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the pictures cannot be checked")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "rolo")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = work, append(os.Environ(), "ROLO_NOW="+clock)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("rolo %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("--db", "rolo.db", "demo", "--count", "1000", "--seed", "1")
	// Fixed columns, so the wizard picture does not change whenever a field
	// is added to the export.
	run("--db", "rolo.db", "export", "--format", "csv", "--where", "country = PL",
		"--columns", "first_name,last_name,company,emails,phones,city,birth_date,consent:email,consent:sms", "-o", "contacts.csv")

	for _, sc := range scenes {
		t.Run(sc.name, func(t *testing.T) {
			got := capture(t, work, bin, sc)
			path := filepath.Join("pictures", sc.name+".ansi")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				render(t, path)
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (take the pictures with docs/pictures.sh)", err)
			}
			if g, w := plain(got), plain(string(want)); g != w {
				t.Errorf("the %s screen no longer matches %s; take the pictures again with docs/pictures.sh\n--- now:\n%s\n--- picture:\n%s", sc.name, path, g, w)
			}
		})
	}
}

// capture starts rolo in a detached tmux session of its own, sends the
// scene's keys and returns the screen with its colours once it is steady.
func capture(t *testing.T, dir, bin string, sc scene) string {
	t.Helper()
	sock := fmt.Sprintf("rolo-pictures-%d-%s", os.Getpid(), sc.name)
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	cmd := fmt.Sprintf("cd %s && ROLO_NOW=%s exec %s %s", dir, clock, bin, strings.Join(sc.args, " "))
	tmux("new-session", "-d", "-s", sc.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "sh", "-c", cmd)
	defer exec.Command("tmux", "-L", sock, "kill-server").Run()

	screen := func() string { return tmux("capture-pane", "-p", "-e", "-t", sc.name) }
	steady := func(want string) string {
		t.Helper()
		var last string
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			s := screen()
			if s == last && strings.Contains(ansi.Strip(s), want) {
				return s
			}
			last = s
			time.Sleep(150 * time.Millisecond)
		}
		t.Fatalf("the %s screen never showed %q; it shows:\n%s", sc.name, want, ansi.Strip(last))
		return ""
	}
	steady(sc.start)
	for _, keys := range sc.keys {
		tmux(append([]string{"send-keys", "-t", sc.name}, keys...)...)
		time.Sleep(300 * time.Millisecond)
	}
	return steady(sc.ready)
}

// plain is a screen's text without colours or trailing blanks.
func plain(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// render draws an ANSI capture as an SVG beside it.
func render(t *testing.T, path string) {
	t.Helper()
	svg := strings.TrimSuffix(path, ".ansi") + ".svg"
	cmd := exec.Command("go", "run", freeze, path, "--language", "ansi", "--window", "--output", svg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("freeze %s: %v\n%s", path, err, out.String())
	}
}

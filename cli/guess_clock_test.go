package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rolo's clock (ROLO_NOW, env.Now) decides which dates are too recent to
// be birth dates, for the audit as for an import: the same file is read
// the same way on any day.
func TestGuessesReadRolosClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dates.csv")
	text := "Email;Datum\na@example.com;2019-03-04\nb@example.com;2018-07-01\nc@example.com;2017-11-12\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	for year, unsure := range map[int]bool{2021: false, 2040: true} {
		var out, errb bytes.Buffer
		env := &Env{
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
			Getenv:     func(string) string { return "" },
			Now:        func() time.Time { return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC) },
			IsTerminal: func(any) bool { return false },
		}
		if code := Main(env, []string{"audit", path, "--country", "PL"}); code == ExitUsage {
			t.Fatalf("at %d: exit %d %s", year, code, errb.String())
		}
		if got := strings.Contains(out.String(), "unsure guesses to check: 1"); got != unsure {
			t.Errorf("at %d: an unsure birth-date guess %v, want %v:\n%s", year, got, unsure, out.String())
		}
	}
}

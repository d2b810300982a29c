package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/store"
)

// run runs rolo in-process and returns its exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:     func(string) string { return "" },
		Now:        func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) },
		IsTerminal: func(any) bool { return false },
	}
	code := Main(env, args)
	return code, out.String(), errb.String()
}

func TestDemoThenCount(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	code, out, errs := run(t, "--db", db, "demo", "--count", "250")
	if code != ExitOK || !strings.Contains(out, "added 250 demo contacts") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	if !strings.Contains(errs, "demo: 250 of 250 (100%)") {
		t.Errorf("no final progress line on stderr: %q", errs)
	}
	code, out, _ = run(t, "count", "--db", db)
	if code != ExitOK || out != "250\n" {
		t.Errorf("count: %d %q", code, out)
	}
	// Demo refuses to mix into a store that has contacts, unless asked.
	code, _, errs = run(t, "--db", db, "demo", "--count", "10")
	if code != ExitError || !strings.Contains(errs, "--append") {
		t.Errorf("demo on a full store: %d %q", code, errs)
	}
	if code, _, errs := run(t, "--db", db, "demo", "--count", "10", "--append"); code != ExitOK {
		t.Fatalf("demo --append: %q", errs)
	}
	if _, out, _ := run(t, "--db", db, "count"); out != "260\n" {
		t.Errorf("count after append = %q", out)
	}
}

func TestErrorsAreOneLineWithExitCodes(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bogus"}, ExitUsage, `unknown command "bogus"`},
		{[]string{"count", "--nope"}, ExitUsage, "unknown flag: --nope"},
		{[]string{"demo", "--count", "0", "--db", filepath.Join(dir, "a.db")}, ExitUsage, "--count must be at least 1"},
		{[]string{"count", "--db", filepath.Join(dir, "missing.db")}, ExitError, "no store at"},
		{[]string{"--db", filepath.Join(dir, "a.db")}, ExitUsage, "needs a terminal"},
	} {
		code, _, errs := run(t, tt.args...)
		first, _, _ := strings.Cut(errs, "\n")
		if code != tt.code || !strings.HasPrefix(first, "rolo: ") || !strings.Contains(first, tt.want) {
			t.Errorf("rolo %v: exit %d, stderr %q; want exit %d and one line with %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != ExitOK || !strings.HasPrefix(out, "rolo ") || !strings.Contains(out, fmt.Sprintf("schema %d", store.SchemaVersion())) {
		t.Errorf("version: %d %q", code, out)
	}
}

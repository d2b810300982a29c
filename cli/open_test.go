package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/store"
)

// runOpenWith runs rolo on a terminal with tui standing in for the
// interface.
func runOpenWith(t *testing.T, tui func(*store.Store, TUIOptions) error, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:     func(string) string { return "" },
		Now:        func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) },
		IsTerminal: func(any) bool { return true },
		RunTUI:     tui,
	}
	return Main(env, args), errb.String()
}

// leftovers lists the throw-away folders in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "rolo-open-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestOpenWritesNothing opens a file: the interface gets the file and no
// store, nothing is written to the temporary folder, and the store of
// --db is not touched.
func TestOpenWritesNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	file := writeTemp(t, "kontakty.csv", "Imię;E-mail;Telefon\nAnna;anna@example.pl;601 234 567\nJan;;\n")
	db := filepath.Join(t.TempDir(), "never.db")
	var seen TUIOptions
	code, errs := runOpenWith(t, func(s *store.Store, opt TUIOptions) error {
		seen = opt
		if s != nil {
			t.Errorf("the interface gets a store: %s", s.Path())
		}
		if got, _ := os.ReadDir(tmp); len(got) != 0 {
			t.Errorf("written to the temporary folder: %v", got)
		}
		return nil
	}, "--db", db, "open", file, "--country", "pl")
	if code != ExitOK {
		t.Fatalf("rolo open: %d %s", code, errs)
	}
	if seen.Open == nil || seen.Open.Path != file || seen.Open.Country != "PL" || seen.Context == nil {
		t.Errorf("the interface was given %+v", seen.Open)
	}
	if got := leftovers(t, tmp); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the store of --db was touched: %v", err)
	}
}

func TestOpenLeavesNothingWhenTheInterfaceFails(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	file := writeTemp(t, "kontakty.csv", "E-mail\nanna@example.pl\n")
	code, errs := runOpenWith(t, func(*store.Store, TUIOptions) error { return errors.New("the terminal went away") }, "open", file)
	if code != ExitError || !strings.Contains(errs, "rolo: the terminal went away") {
		t.Errorf("exit %d, %q", code, errs)
	}
	if got := leftovers(t, tmp); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
}

func TestOpenErrors(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	never := func(*store.Store, TUIOptions) error { t.Error("the interface started"); return nil }
	empty := writeTemp(t, "empty.csv", "")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"open"}, ExitUsage, "accepts 1 arg"},
		{[]string{"open", "a.csv", "b.csv"}, ExitUsage, "accepts 1 arg"},
		{[]string{"open", filepath.Join(tmp, "missing.csv")}, ExitError, "missing.csv"},
		{[]string{"open", empty}, ExitError, "empty.csv"},
		{[]string{"open", empty, "--country", "Atlantis"}, ExitUsage, "--country"},
		{[]string{"open", empty, "--header", "--no-header"}, ExitUsage, "none of the others"},
	}
	for _, c := range cases {
		code, errs := runOpenWith(t, never, c.args...)
		if code != c.code || !strings.HasPrefix(errs, "rolo: ") || !strings.Contains(errs, c.msg) {
			t.Errorf("rolo %v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
	// Not on a terminal: rolo audit is the way (a file that cannot be read
	// is said so first).
	good := writeTemp(t, "good.csv", "E-mail\nanna@example.pl\n")
	code, _, errs := run(t, "open", good)
	if code != ExitUsage || !strings.Contains(errs, "needs a terminal") || !strings.Contains(errs, "rolo audit") {
		t.Errorf("not a terminal: exit %d, %q", code, errs)
	}
	if got := leftovers(t, tmp); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
}

func TestOpenMissingFileWithoutTerminal(t *testing.T) {
	code, _, errs := run(t, "open", filepath.Join(t.TempDir(), "missing.csv"))
	if code != ExitError || !strings.HasPrefix(errs, "rolo: ") || !strings.Contains(errs, "missing.csv") {
		t.Errorf("exit %d, %q", code, errs)
	}
}

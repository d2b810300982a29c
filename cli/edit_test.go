package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// runTicking is run with a clock that moves on, as the real one does
// (each save stamps the contact's version with it).
func runTicking(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:     func(string) string { return "" },
		Now:        time.Now,
		IsTerminal: func(any) bool { return false },
	}
	code := Main(env, args)
	return code, out.String(), errb.String()
}

// versionIn is the version rolo edit ID printed.
func versionIn(t *testing.T, out string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(l, "version: "); ok {
			return v
		}
	}
	t.Fatalf("no version in %q", out)
	return ""
}

func TestEditShowsAndChangesAContact(t *testing.T) {
	db, ids := privacyStore(t, person("Anna", "Nowak", "anna@example.com", "+48221234567"))
	id := "1"
	if ids[0] != 1 {
		t.Fatalf("ids %v", ids)
	}
	code, out, errs := runTicking(t, "--db", db, "edit", id)
	if code != ExitOK || !strings.Contains(out, "first_name: Anna\n") || !strings.Contains(out, "emails: anna@example.com\n") {
		t.Fatalf("show: %d %q %q", code, out, errs)
	}
	v1 := versionIn(t, out)

	code, out, errs = runTicking(t, "--db", db, "edit", id, "city=Kraków", "tags=vip; newsletter")
	if code != ExitOK || !strings.HasPrefix(out, "saved contact 1 (version ") {
		t.Fatalf("edit: %d %q %q", code, out, errs)
	}
	_, out, _ = runTicking(t, "--db", db, "edit", id)
	if !strings.Contains(out, "city: Kraków\n") || !strings.Contains(out, "tags: vip; newsletter\n") {
		t.Errorf("after the edit: %q", out)
	}
	v2 := versionIn(t, out)
	if v2 == v1 {
		t.Errorf("the version did not change: %s", v1)
	}

	// A save from the older version is refused and changes nothing.
	code, _, errs = runTicking(t, "--db", db, "edit", id, "--version", v1, "city=Gdańsk")
	if code != ExitError || !strings.Contains(errs, "contact 1 changed since version "+v1) ||
		!strings.Contains(errs, "nothing was saved") || !strings.Contains(errs, "version "+v2) || strings.Count(errs, "\n") != 1 {
		t.Errorf("a stale version: %d %q", code, errs)
	}
	if _, out, _ = runTicking(t, "--db", db, "edit", id); !strings.Contains(out, "city: Kraków\n") {
		t.Errorf("the refused edit changed the contact: %q", out)
	}
	if code, out, errs = runTicking(t, "--db", db, "edit", id, "--version", v2, "city=Gdańsk"); code != ExitOK {
		t.Errorf("the current version: %d %q %q", code, out, errs)
	}
	if code, out, _ = runTicking(t, "--db", db, "edit", id, "city=Gdańsk"); code != ExitOK || !strings.Contains(out, "nothing changed") {
		t.Errorf("the same value again: %d %q", code, out)
	}

	// rolo undo takes the last edit back.
	if code, out, errs = runTicking(t, "--db", db, "undo", "--yes"); code != ExitOK || !strings.Contains(out, "edit city of Anna Nowak") {
		t.Errorf("undo: %d %q %q", code, out, errs)
	}
	if _, out, _ = runTicking(t, "--db", db, "edit", id); !strings.Contains(out, "city: Kraków\n") {
		t.Errorf("after undo: %q", out)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"edit", "x"}, ExitUsage, `"x" is not a contact ID`},
		{[]string{"edit", id, "city"}, ExitUsage, `"city" is not FIELD=VALUE`},
		{[]string{"edit", id, "nope=1"}, ExitUsage, `unknown field "nope"`},
		{[]string{"edit", id, "id=4"}, ExitUsage, "maintained by rolo"},
		{[]string{"edit", id, "emails=bad"}, ExitError, "emails: invalid e-mail"},
		{[]string{"edit", "99", "city=X"}, ExitError, "no contact 99"},
		{[]string{"edit", id, "--version", "abc", "city=X"}, ExitUsage, "is not a version"},
		{[]string{"edit", id, "--version", v2}, ExitUsage, "give FIELD=VALUE too"},
		{[]string{"--read-only", "edit", id, "city=X"}, ExitUsage, "drop --read-only"},
	} {
		code, _, errs := runTicking(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("rolo %v: %d %q, want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

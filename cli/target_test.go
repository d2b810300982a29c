package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/store"
)

// runIO runs rolo in-process with stdin and, when tty is set, a terminal on
// every stream (so a confirmation can be asked).
func runIO(t *testing.T, stdin string, tty bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv:     func(string) string { return "" },
		Now:        func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) },
		IsTerminal: func(any) bool { return tty },
	}
	code := Main(env, args)
	return code, out.String(), errb.String()
}

// privacyStore makes a store holding cs and returns its path and the IDs.
func privacyStore(t *testing.T, cs ...*contact.Contact) (string, []uint64) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rolo.db")
	// A day before the commands' clock.
	s, err := store.Open(db, store.Options{Now: func() time.Time { return time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []uint64
	for _, c := range cs {
		id, err := s.Create(c)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return db, ids
}

// withStore opens the store after a command ran, for checks.
func withStore(t *testing.T, db string, fn func(s *store.Store)) {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fn(s)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func person(first, last, email, phone string) *contact.Contact {
	c := &contact.Contact{FirstName: first, LastName: last, Status: contact.StatusSubscriber,
		Consents: []contact.Consent{{Name: "newsletter", Granted: true, Source: "import:1"}}}
	if email != "" {
		c.Emails = []string{email}
	}
	if phone != "" {
		c.Phones = []contact.Phone{{Number: phone}}
	}
	return c
}

// oneLine checks a failed command: its exit code and a single "rolo: …"
// line holding want.
func oneLine(t *testing.T, args []string, code int, errs string, wantCode int, want string) {
	t.Helper()
	first, _, _ := strings.Cut(errs, "\n")
	if code != wantCode || !strings.HasPrefix(first, "rolo: ") || !strings.Contains(first, want) {
		t.Errorf("rolo %v: exit %d, stderr %q; want exit %d and one line with %q", args, code, errs, wantCode, want)
	}
}

package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// count, list and export --where use the store's stored index: made by
// the first of them, then opened and caught up with what other processes
// wrote since, with the same results as reading every contact.
// plainCount counts by reading every contact, as count did before the index.
func plainCount(t *testing.T, db, where string) int {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f, _ := filter.Parse(where)
	m, err := f.Compile(filter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = s.Scan(func(c *contact.Contact) error {
		if m(c) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIndexedCommandsFollowOtherWriters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, _, errs := run(t, "--db", db, "demo", "--count", "400"); code != ExitOK {
		t.Fatal(errs)
	}
	where := "city = Kraków and consent:sms = yes"
	count := func() string {
		t.Helper()
		code, out, errs := run(t, "--db", db, "count", "--where", where)
		if code != ExitOK {
			t.Fatal(errs)
		}
		return strings.TrimSpace(out)
	}
	before := count()
	if _, err := os.Stat(db + ".index"); err != nil {
		t.Fatalf("no stored index after a count: %v", err)
	}
	// Another process moves ten contacts to Kraków with an SMS consent.
	other, err := store.Open(db, store.Options{User: "bartek"})
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	err = other.Update(func(tx *store.Tx) error {
		return tx.ForEach(func(c *contact.Contact) error {
			if moved == 10 || c.Address.City == "Kraków" {
				return nil
			}
			c = c.Clone()
			c.Address.City = "Kraków"
			c.SetConsent(contact.Consent{Name: "sms", Granted: true})
			moved++
			_, err := tx.Save(c, contact.Event{})
			return err
		})
	})
	other.Close()
	if err != nil {
		t.Fatal(err)
	}
	after := count()
	if after == before {
		t.Fatalf("count did not follow the other process: %s before and after", before)
	}
	if want := plainCount(t, db, where); after != strconv.Itoa(want) {
		t.Fatalf("count --where says %s, reading every contact %d", after, want)
	}
	_, list, _ := run(t, "--db", db, "list", "--where", where, "--columns", "id", "--sort", "last_name")
	_, csv, _ := run(t, "--db", db, "export", "--where", where, "--columns", "id", "--format", "csv")
	if n := len(tsv(list)) - 1; n != atoi(t, after) {
		t.Errorf("list --where shows %d, count says %s", n, after)
	}
	if n := strings.Count(strings.TrimSpace(csv), "\n"); n != atoi(t, after) {
		t.Errorf("export --where writes %d, count says %s", n, after)
	}
}

// Where the store's folder cannot be written to, and no index is stored,
// the commands read every contact, as before there was a stored index.
func TestIndexedCommandsInAFolderTheyCannotWrite(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to any folder")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	if code, _, errs := run(t, "--db", db, "demo", "--count", "200"); code != ExitOK {
		t.Fatal(errs)
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	where := "city = Kraków"
	code, out, errs := run(t, "--db", db, "count", "--where", where)
	if code != ExitOK || strings.TrimSpace(out) != strconv.Itoa(plainCount(t, db, where)) {
		t.Fatalf("count --where in a read-only folder: %d %q %s", code, out, errs)
	}
	if _, err := os.Stat(db + ".index"); err == nil {
		t.Error("an index was stored in a read-only folder")
	}
}

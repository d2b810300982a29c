package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"rolo/contact"
)

// bulkChildEnv makes the test binary, run again, the other process of
// TestTwoBulkSessionsAtOnceKeepKeysUnique: it starts a bulk session on the
// store, creates ana's contact, says so, and ends its session when told.
const bulkChildEnv = "ROLO_TEST_BULK_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(bulkChildEnv); dir != "" {
		if err := bulkChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func bulkChild(dir string) error {
	s, err := Open(filepath.Join(dir, "rolo.db"), Options{NoSync: true, User: "ana"})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.BeginBulk(); err != nil {
		return err
	}
	if s.bulk == nil {
		return errors.New("the first session did not write runs")
	}
	err = s.Update(func(tx *Tx) error {
		_, err := tx.Create(&contact.Contact{FirstName: "Ana", Emails: []string{"same@example.com"}, CRMID: "C1"})
		return err
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "ready"), nil, 0o600); err != nil {
		return err
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "end")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return errors.New("never told to end")
		}
	}
	return s.EndBulk()
}

// Two imports at once in two processes: the second one's lookups cannot
// see the first one's pending index entries, so it must not write runs of
// its own beside them; it writes its entries directly, and a key the first
// wrote is refused to it as to anyone else, though no run is merged yet.
func TestTwoBulkSessionsAtOnceKeepKeysUnique(t *testing.T) {
	dir := t.TempDir()
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), bulkChildEnv+"="+dir)
	out := &bytes.Buffer{}
	child.Stdout, child.Stderr = out, out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	for {
		if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the other process ended early: %v %s", err, out)
		case <-time.After(20 * time.Millisecond):
		}
	}
	s, err := Open(filepath.Join(dir, "rolo.db"), Options{NoSync: true, User: "bartek"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.BeginBulk(); err != nil {
		t.Fatal(err)
	}
	if s.bulk != nil || !s.aside {
		t.Fatal("a second process's bulk session writes runs beside the first's")
	}
	create := func(c *contact.Contact) error {
		return s.Update(func(tx *Tx) error { _, err := tx.Create(c); return err })
	}
	var ce *contact.ConflictError
	if err := create(&contact.Contact{FirstName: "Bartek", Emails: []string{"same@example.com"}}); !errors.As(err, &ce) {
		t.Errorf("the second import created a second contact with the first's e-mail: %v", err)
	}
	if err := create(&contact.Contact{FirstName: "Bartek", Emails: []string{"bartek@example.com"}, CRMID: "C2"}); err != nil {
		t.Fatal(err)
	}
	if err := s.EndBulk(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "end"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the other process: %v %s", err, out)
	}
	if n, _ := s.Count(); n != 2 {
		t.Errorf("count %d, want 2", n)
	}
	if problems, err := s.Verify(); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", err, problems)
	}
	if err := s.BeginBulk(); err != nil || s.bulk == nil {
		t.Fatalf("a session after the other ended writes runs: %v", err)
	}
	if err := s.EndBulk(); err != nil {
		t.Fatal(err)
	}
}

package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// TestHelperProcess is not a test: the tests below run the test binary again
// as a second process that holds or writes a store.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("ROLO_STORE_HELPER")
	if mode == "" {
		t.Skip("helper process only")
	}
	path := os.Getenv("ROLO_STORE_PATH")
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	switch mode {
	case "hold": // hold the file in one long transaction until killed
		s.SetActivity("an import by test, 45%")
		s.Update(func(*Tx) error {
			fmt.Println("ready")
			time.Sleep(time.Minute)
			return nil
		})
	case "write", "bulk": // write batches of 500 forever; report each commit
		if mode == "bulk" {
			s.BeginBulk()
		}
		for batch := 0; ; batch++ {
			err := s.Update(func(tx *Tx) error {
				for i := range 500 {
					n := batch*500 + i
					c := &contact.Contact{
						FirstName: "Writer", LastName: strconv.Itoa(n), Description: "complete",
						Emails: []string{fmt.Sprintf("w%d@example.com", n)}, CRMID: fmt.Sprintf("W%d", n),
						Phones: []contact.Phone{{Number: fmt.Sprintf("+4860%07d", n%1000)}},
					}
					if _, err := tx.Create(c); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				fmt.Println("write:", err)
				os.Exit(1)
			}
			fmt.Println("committed", batch)
		}
	}
}

// startHelper runs the helper in mode on path and waits for its first line.
func startHelper(t *testing.T, mode, path string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "ROLO_STORE_HELPER="+mode, "ROLO_STORE_PATH="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	if !sc.Scan() {
		t.Fatal("helper said nothing")
	}
	if line := sc.Text(); line != "ready" && !strings.HasPrefix(line, "committed") {
		t.Fatalf("helper: %s", line)
	}
	return cmd, sc
}

func TestAWaitNamesTheHolderAndGivesUpClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, _ := Open(path, Options{})
	s.Create(&contact.Contact{FirstName: "Anna"})
	s.Close()
	startHelper(t, "hold", path)

	for _, ro := range []bool{false, true} {
		var waits []string
		start := time.Now()
		_, err := Open(path, Options{ReadOnly: ro, Timeout: 700 * time.Millisecond, OnWait: func(m string) { waits = append(waits, m) }})
		took := time.Since(start)
		if !errors.Is(err, ErrInUse) {
			t.Fatalf("open (ro=%v) while another process holds a transaction: %v", ro, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, path) || !strings.Contains(msg, "an import by test, 45%") || strings.Contains(msg, "\n") {
			t.Errorf("message %q should be one line naming the file and what holds it", msg)
		}
		if len(waits) != 1 || waits[0] != "waiting for an import by test, 45%…" {
			t.Errorf("wait reports %q", waits)
		}
		if took > 3*time.Second {
			t.Errorf("took %v to give up after a 0.7 s timeout", took)
		}
	}
}

// TestProcessesTakeTurns: while another process writes batches, this one
// opens the store for reading and for writing, reads only whole batches
// with the indexes in step, writes its own contacts, and leaves no copy of
// the store anywhere.
func TestProcessesTakeTurns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	_, sc := startHelper(t, "write", path)
	go func() {
		for sc.Scan() {
		}
	}()
	rw, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("a second writer: %v", err)
	}
	defer rw.Close()
	for i := range 3 {
		ro, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("reader %d: %v", i, err)
		}
		problems, err := ro.Verify()
		if err != nil || len(problems) > 0 {
			t.Errorf("reader %d: inconsistent: %v %v", i, problems, err)
		}
		n, _ := ro.Count()
		if n%500 != i {
			t.Errorf("reader %d sees %d contacts, not whole batches (plus its %d own)", i, n, i)
		}
		if _, err := ro.Create(&contact.Contact{FirstName: "x"}); !errors.Is(err, ErrReadOnly) {
			t.Errorf("a read-only store wrote: %v", err)
		}
		ro.Close()
		if _, err := rw.Create(&contact.Contact{FirstName: "Own", Emails: []string{fmt.Sprintf("own%d@example.com", i)}}); err != nil {
			t.Fatalf("writing beside another writer: %v", err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "rolo-snapshot-*")); len(left) > 0 {
		t.Errorf("copies of a store left in %s: %v", os.TempDir(), left)
	}
}

// TestCrashSafety kills a writer in the middle of its batches, with direct
// index writes and in a bulk session: on reopen there is no half-written
// contact, and indexes agree with records.
func TestCrashSafety(t *testing.T) {
	for _, mode := range []string{"write", "bulk"} {
		t.Run(mode, func(t *testing.T) { crashWriter(t, mode) })
	}
}

func crashWriter(t *testing.T, mode string) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	cmd, sc := startHelper(t, mode, path)
	for i := 0; i < 3 && sc.Scan(); i++ {
	}
	time.Sleep(15 * time.Millisecond) // into the middle of a batch
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("reopen after a crash: %v", err)
	}
	defer s.Close()
	n, _ := s.Count()
	if n < 4*500 || n%500 != 0 {
		t.Errorf("%d contacts after the crash: want whole batches of 500, at least 4", n)
	}
	seen := 0
	s.Scan(func(c *contact.Contact) error {
		seen++
		if c.Description != "complete" || len(c.Emails) != 1 || len(c.Phones) != 1 {
			t.Errorf("half-written contact %+v", c)
		}
		return nil
	})
	if seen != n {
		t.Errorf("count says %d, scan found %d", n, seen)
	}
	if problems, err := s.Verify(); err != nil || len(problems) > 0 {
		t.Errorf("after the crash: %v %v", problems, err)
	}
	// The store keeps working: the next write continues the sequence.
	if _, err := s.Create(&contact.Contact{Emails: []string{"after@example.com"}}); err != nil {
		t.Error(err)
	}
}

func fileState(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	return fmt.Sprintf("%x %d %v %v", sha256.Sum256(b), st.Size(), st.ModTime(), st.Mode())
}

func TestForeignFilesAreRefusedAndLeftUntouched(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "contacts.csv")
	os.WriteFile(csv, []byte("name;email\nAnna;anna@example.pl\n"), 0o644)
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 4096), 0o644)
	foreign := filepath.Join(dir, "other.db")
	db, _ := bolt.Open(foreign, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("someone-else"))
		return b.Put([]byte("k"), []byte("v"))
	})
	db.Close()

	for _, path := range []string{csv, junk, foreign} {
		for _, ro := range []bool{false, true} {
			before := fileState(t, path)
			_, err := Open(path, Options{ReadOnly: ro})
			if !errors.Is(err, ErrNotStore) {
				t.Errorf("Open(%s, ro=%v) = %v, want ErrNotStore", filepath.Base(path), ro, err)
			}
			if err != nil && (!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "left untouched")) {
				t.Errorf("message %q should name the file and say it was left alone", err)
			}
			if after := fileState(t, path); after != before {
				t.Errorf("%s changed by a refused open", filepath.Base(path))
			}
		}
	}
}

// A 0-byte file is not among them: that is what a store emptied by a full
// disk or a failed restore looks like, and it is reported as damaged (see
// TestDamagedFilesAreReportedNotCrashedOn) rather than silently made a new,
// empty store.
func TestEmptyFilesAreMigratedToTheCurrentSchema(t *testing.T) {
	dir := t.TempDir()
	bare := filepath.Join(dir, "bare.db") // a bbolt file with no buckets yet
	db, _ := bolt.Open(bare, 0o600, nil)
	db.Close()
	for _, path := range []string{bare} {
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var v int
		s.view(func(tx *bolt.Tx) error { v = schemaOf(tx); return nil })
		if v != SchemaVersion() {
			t.Errorf("%s: schema %d, want %d", path, v, SchemaVersion())
		}
		if sec, _ := s.Secret(); len(sec) != 32 {
			t.Errorf("%s: secret of %d bytes", path, len(sec))
		}
		if _, err := s.Create(&contact.Contact{FirstName: "A"}); err != nil {
			t.Error(err)
		}
		s.Close()
		// Opening again migrates nothing and keeps the secret.
		s2, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := s2.Count(); n != 1 {
			t.Errorf("count after reopen = %d", n)
		}
		s2.Close()
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, _ := Open(path, Options{})
	s.update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(metaSchema, key64(99)) })
	s.Close()
	before := fileState(t, path)
	if _, err := Open(path, Options{}); !errors.Is(err, ErrTooNew) {
		t.Errorf("newer schema: %v", err)
	}
	if fileState(t, path) != before {
		t.Error("a refused newer store was changed")
	}
}

func TestAStoreInAGroupFolderIsSharedWithTheGroup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "team")
	if err := os.Mkdir(dir, 0o770); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o770|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, c := range []struct {
		dir  string
		want os.FileMode
	}{{dir, 0o660}, {t.TempDir(), 0o600}} {
		path := filepath.Join(c.dir, "rolo.db")
		s, err := Open(path, Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		st, _ := os.Stat(path)
		if st.Mode().Perm() != c.want {
			t.Errorf("%s: created %v, want %v", c.dir, st.Mode().Perm(), c.want)
		}
	}
}

package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// healthyStore writes a small store and returns its path.
func healthyStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		c := &contact.Contact{FirstName: "Ann", LastName: fmt.Sprint(i), Emails: []string{fmt.Sprintf("a%d@example.com", i)}}
		if _, err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// metaPages reads the store's page size and its two meta pages.
func metaPages(t *testing.T, path string) (int, []byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := make([]byte, 32)
	f.ReadAt(head, 0)
	ps := int(binary.LittleEndian.Uint32(head[24:28]))
	b := make([]byte, 2*ps)
	if _, err := f.ReadAt(b, 0); err != nil {
		t.Fatal(err)
	}
	return ps, b
}

func writeAt(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, 0); err != nil {
		t.Fatal(err)
	}
}

// growMeta rewrites both meta pages to claim more pages than the file has
// (with a valid checksum, so only the size check can catch it).
func growMeta(t *testing.T, path string) {
	ps, b := metaPages(t, path)
	st, _ := os.Stat(path)
	for _, off := range []int{0, ps} {
		page := b[off : off+ps]
		binary.LittleEndian.PutUint64(page[56:64], uint64(st.Size()/int64(ps))*4)
		h := fnv.New64a()
		h.Write(page[16:72])
		binary.LittleEndian.PutUint64(page[72:80], h.Sum64())
	}
	writeAt(t, path, b)
}

func TestDamagedFilesAreReportedNotCrashedOn(t *testing.T) {
	cases := map[string]func(t *testing.T, path string){
		"empty":       func(t *testing.T, path string) { os.Truncate(path, 0) },
		"header only": func(t *testing.T, path string) { os.Truncate(path, 100) },
		"truncated": func(t *testing.T, path string) {
			ps, b := metaPages(t, path)
			high := max(binary.LittleEndian.Uint64(b[56:64]), binary.LittleEndian.Uint64(b[ps+56:ps+64]))
			os.Truncate(path, int64(high)*int64(ps)/2)
		},
		"meta claims more pages": growMeta,
		"both metas broken": func(t *testing.T, path string) {
			ps, b := metaPages(t, path)
			b[70], b[ps+70] = b[70]^0xff, b[ps+70]^0xff
			writeAt(t, path, b)
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			path := healthyStore(t)
			damage(t, path)
			for _, ro := range []bool{true, false} {
				before := statState(t, path)
				s, err := Open(path, Options{ReadOnly: ro})
				if err == nil {
					s.Close()
					t.Fatalf("Open(ro=%v) of a damaged store succeeded", ro)
				}
				checkDamage(t, err, path)
				if after := statState(t, path); after != before {
					t.Errorf("Open(ro=%v) changed a damaged file", ro)
				}
			}
		})
	}
}

func checkDamage(t *testing.T, err error, path string) {
	t.Helper()
	var de *DamageError
	if !errors.As(err, &de) || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want a DamageError", err)
	}
	msg := de.Error()
	if !strings.HasPrefix(msg, "the store file is damaged: "+path+": ") || !strings.HasSuffix(msg, "; restore it from a backup") || strings.Contains(msg, "\n") {
		t.Errorf("message %q is not the one-line damage report", msg)
	}
}

func TestMalformedRecordIsDamageAndNothingIsWritten(t *testing.T) {
	path := healthyStore(t)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bContacts).Put(key64(7), []byte{recordVersion, 0x0a, 0xff}) })
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Get(7)
	checkDamage(t, err, path)
	gen, _ := s.Generation()
	err = s.Update(func(tx *Tx) error {
		if _, err := tx.Create(&contact.Contact{FirstName: "New"}); err != nil {
			return err
		}
		return tx.ForEach(func(*contact.Contact) error { return nil })
	})
	checkDamage(t, err, path)
	if after, _ := s.Generation(); after != gen {
		t.Error("a transaction that met a damaged record was committed")
	}
}

// statState is a file's size, modification time (to the nanosecond) and
// mode: any write changes it, and it costs no read of a 64 MB file.
func statState(t *testing.T, path string) string {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d %d %v", st.Size(), st.ModTime().UnixNano(), st.Mode())
}

package store

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DamageError says the store file is damaged: bbolt's own checks would
// otherwise end rolo with a fault (a meta page that claims more pages than
// the file holds makes bbolt read past the end of its mapping) or a puzzling
// error. It matches ErrCorrupt. Nothing is written to a damaged store.
type DamageError struct {
	Path string
	What string // what is wrong, in a few words
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("the store file is damaged: %s: %s; restore it from a backup", e.Path, e.What)
}

// Is makes errors.Is(err, ErrCorrupt) true for a DamageError.
func (e *DamageError) Is(target error) bool { return target == ErrCorrupt }

func damaged(path, format string, a ...any) error {
	return &DamageError{Path: path, What: fmt.Sprintf(format, a...)}
}

// asDamage turns the errors that mean a damaged file (a malformed record, a
// recovered fault) into a DamageError naming the file; others pass as they
// are.
func asDamage(path string, err error) error {
	var de *DamageError
	if err == nil || errors.As(err, &de) {
		return err
	}
	if errors.Is(err, errRecord) || errors.Is(err, errChange) || errors.Is(err, ErrCorrupt) {
		return &DamageError{Path: path, What: err.Error()}
	}
	return err
}

// recoverCorrupt turns a panic or a memory fault inside bbolt (a page that
// points outside the file) into a DamageError rather than a crash. The
// caller has set debug.SetPanicOnFault(true) (see guard).
func recoverCorrupt(path string, err *error) {
	if r := recover(); r != nil {
		*err = damaged(path, "reading it failed (%v)", r)
	}
}

// boltOpen is bolt.Open with a fault or panic on a damaged page reported
// as damage.
func boltOpen(path string, mode os.FileMode, opt *bolt.Options) (db *bolt.DB, err error) {
	defer guard()()
	defer recoverCorrupt(path, &err)
	return bolt.Open(path, mode, opt)
}

// guard makes a memory fault in the calling goroutine a panic that
// recoverCorrupt can catch, and returns the function that puts the old
// setting back.
func guard() func() {
	old := debug.SetPanicOnFault(true)
	return func() { debug.SetPanicOnFault(old) }
}

// checkFile looks at a store file before bbolt does. It returns
// ErrNotStore for a file that is not a bbolt database at all (a CSV passed as
// --db by mistake: refused and left untouched), a DamageError for one that
// is but cannot be read whole, and nil for a healthy file or none.
func checkFile(path string, timeout time.Duration) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("opening %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if st.Size() == 0 {
		// Another rolo may be creating the store right now: it holds the
		// file's lock while it writes the first pages.
		waitShared(f, timeout)
		if st, err = f.Stat(); err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		if st.Size() == 0 {
			return damaged(path, "the file is empty")
		}
	}
	head := make([]byte, 32)
	n, _ := f.ReadAt(head, 0)
	if n < 20 || !hasBoltMagic(head) {
		return fmt.Errorf("%s: %w (not a bbolt database); the file was left untouched", path, ErrNotStore)
	}
	_, m, err := readMetas(f)
	if err != nil {
		return damaged(path, "%v", err)
	}
	if claimed := int64(m.pgid) * int64(m.pageSize); claimed > st.Size() {
		return damaged(path, "its header claims %d pages (%d bytes) but the file holds %d bytes", m.pgid, claimed, st.Size())
	}
	return nil
}

func hasBoltMagic(head []byte) bool {
	// bbolt's first page: a 16-byte page header, then the meta's magic.
	const bboltMagic = 0xED0CDAED
	return len(head) >= 20 && uint32(head[16])|uint32(head[17])<<8|uint32(head[18])<<16|uint32(head[19])<<24 == bboltMagic
}

// Package store keeps rolo's contacts in one bbolt file: records in a compact
// binary encoding, the e-mail/phone/CRM ID/tax ID indexes updated in the same
// transaction as the records, history, jobs, segments, suppression and
// preferences. It imports contact/ and nothing else of rolo.
package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Sentinel errors; everything else is wrapped with context.
var (
	ErrNotFound = errors.New("not found")
	ErrInUse    = errors.New("in use by another rolo")
	ErrNotStore = errors.New("not a rolo store")
	ErrReadOnly = errors.New("store is open read-only")
	ErrCorrupt  = errors.New("the store file is damaged")
	ErrTooNew   = errors.New("store was written by a newer rolo")
	// ErrErased refuses a write to an erased contact (a tombstone).
	ErrErased = errors.New("erased: the record is kept empty and cannot be edited")
	// ErrEraseOnly refuses to set the status erased by an edit: only an
	// erasure (rolo erase, E on the card) removes the data and sets it.
	ErrEraseOnly = errors.New("only an erasure sets it (rolo erase)")
	ErrNoStore   = errors.New("no store at this path")
)

// Bucket names. Every bucket is created when a store is opened for writing.
var (
	bMeta        = []byte("meta")
	bContacts    = []byte("contacts")
	bIdxEmail    = []byte("idx_email")   // e-mail → id
	bIdxPhone    = []byte("idx_phone")   // E.164 + 0x00 + id → nil (a phone may be shared)
	bIdxCRM      = []byte("idx_crm")     // crm_id → id
	bIdxTax      = []byte("idx_tax")     // normalised tax_id → id
	bIdxUID      = []byte("idx_uid")     // vCard UID → id
	bHistory     = []byte("history")     // id + seq → event (JSON)
	bGroups      = []byte("groups")      // name → definition (JSON)
	bConsents    = []byte("consents")    // name → definition (JSON)
	bFields      = []byte("fields")      // custom field name → definition (JSON)
	bSegments    = []byte("segments")    // name → saved filter (JSON)
	bJobs        = []byte("jobs")        // id → import job (JSON)
	bJobUndo     = []byte("job_undo")    // job id + contact id → record before the job (empty: created)
	bSuppression = []byte("suppression") // HMAC of e-mail/phone → entry (JSON)
	bPrefs       = []byte("prefs")       // key → value (JSON)
	bCache       = []byte("cache")       // persisted indexes derived from the records
	bNotDupes    = []byte("not_dupes")   // id pair → nil: pairs marked "not a duplicate"
	allBuckets   = [][]byte{bMeta, bContacts, bIdxEmail, bIdxPhone, bIdxCRM, bIdxTax, bIdxUID, bHistory, bGroups, bConsents, bFields, bSegments, bJobs, bJobUndo, bSuppression, bPrefs, bCache, bNotDupes}
	metaMagic    = []byte("magic")
	metaSchema   = []byte("schema")
	metaSecret   = []byte("secret")
	metaCount    = []byte("count")
	metaErased   = []byte("erased") // how many of the count are tombstones
	metaGen      = []byte("generation")
	magicValue   = []byte("rolo contact store")
	openTimeout  = time.Minute
	initialMmap  = 1 << 30  // address space reserved for the file
	allocStep    = 64 << 20 // how much the file grows at a time (bulk imports, big stores)
	smallAlloc   = 1 << 20  // how much a small store's file grows at a time
)

// Options tune Open.
type Options struct {
	// ReadOnly is a promise not to write: the file is only ever opened
	// read-only, and writes get ErrReadOnly.
	ReadOnly bool
	// Timeout bounds a transaction's wait for another process to let go of
	// the file (default one minute): then ErrInUse.
	Timeout time.Duration
	// OnWait, if set, is told when a transaction has waited for another
	// process longer than a quarter of a second ("waiting for an import by
	// ana, 45%…"), and told "" when the wait is over.
	OnWait func(string)
	// Now is the clock used for timestamps (default time.Now).
	Now func() time.Time
	// NoSync skips fsync on commit: for benchmarks and throw-away stores only.
	NoSync bool
	// User is recorded as who made this process's changes (default: the
	// operating-system user, see CurrentUser).
	User string
	// Source is what this process's changes are recorded as coming from
	// when a transaction names none ("rolo import", "interface"…).
	Source string
}

// Store is an open rolo store.
type Store struct {
	h        *handle // the file, while transactions run
	path     string
	readOnly bool
	now      func() time.Time
	timeout  time.Duration
	noSync   bool
	mode     os.FileMode // of a file bbolt creates
	onWait   func(string)
	closed   atomic.Bool
	creating bool   // Open is creating the file
	user     string // recorded in the journal and history (see Options.User)
	source   string // the default source of changes (see Options.Source)

	wmu  sync.Mutex // serialises writers (a bulk transaction moves the overlay, and puts it back if it fails)
	bulk *overlay   // set during a bulk session (see runs.go)
	// aside is set when BeginBulk found another process's bulk session
	// live: this one writes its indexes directly instead (see BeginBulk).
	aside bool

	// dbmu is held shared by every transaction and alone by the scrub that
	// overwrites free pages after an erasure (see scrub.go): a page may be
	// zeroed only while no transaction can still read it. scrubGate, while
	// a scrub waits, holds new transactions back briefly so the open ones
	// can drain.
	dbmu      sync.RWMutex
	scrubGate atomic.Pointer[chan struct{}]
}

// DefaultPath is $ROLO_DB, else $XDG_DATA_HOME/rolo/rolo.db, else
// ~/.local/share/rolo/rolo.db.
func DefaultPath() (string, error) {
	if p := os.Getenv("ROLO_DB"); p != "" {
		return p, nil
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the default store: %w (set ROLO_DB or use --db)", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "rolo", "rolo.db"), nil
}

// Open opens (creating if needed, unless read-only) the store at path. A
// file that is not a rolo store is refused and left untouched; a damaged one
// gets a DamageError. The file itself is held only while a transaction runs
// (see handle.go), so any number of rolo processes can have a store open.
func Open(path string, opt Options) (*Store, error) {
	if opt.Timeout == 0 {
		opt.Timeout = openTimeout
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.User == "" {
		opt.User = CurrentUser()
	}
	if opt.Source == "" {
		opt.Source = "rolo"
	}
	if err := checkFile(path, opt.Timeout); err != nil {
		return nil, err
	}
	s := &Store{h: &handle{}, path: path, readOnly: opt.ReadOnly, now: opt.Now, user: opt.User, source: opt.Source,
		timeout: opt.Timeout, noSync: opt.NoSync, onWait: opt.OnWait, mode: sharedMode(path)}
	_, statErr := os.Stat(path)
	if errors.Is(statErr, os.ErrNotExist) {
		if opt.ReadOnly {
			return nil, fmt.Errorf("%s: %w", path, ErrNoStore)
		}
		if err := s.create(); err != nil {
			return nil, err
		}
	}
	if err := s.checkMagic(); err != nil {
		return nil, err
	}
	removeStaleActivity(path)
	if opt.ReadOnly {
		if err := s.checkSchema(); err != nil {
			return nil, err
		}
		return s, nil
	}
	if err := s.migrate(); err != nil {
		return nil, err
	}
	// Runs left by an import that was killed: fold them in now.
	if err := s.mergeOrphanRuns(); err != nil {
		return nil, err
	}
	// An erasure whose scrub was put off or cut short by a crash.
	if err := s.scrubIfPending(); err != nil {
		return nil, err
	}
	return s, nil
}

// sharedMode is the mode of the store's files: 0660 in a folder with the
// setgid bit (a folder shared by a group), else 0600. It is the rule
// private.ForStore applies to exports, reports and rejects.
func sharedMode(path string) os.FileMode {
	if fi, err := os.Stat(filepath.Dir(path)); err == nil && fi.Mode()&os.ModeSetgid != 0 {
		return 0o660
	}
	return 0o600
}

// create makes a new store file: mode 0600, or 0660 in a folder shared by
// a group (setgid), so the group's members can all use it.
func (s *Store) create() error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("creating the folder for %s: %w", s.path, err)
	}
	s.creating = true
	err := s.update(func(*bolt.Tx) error { return nil })
	s.creating = false
	if err != nil {
		return err
	}
	// bbolt's create honours the umask; a shared store must not.
	if err := os.Chmod(s.path, s.mode); err != nil {
		return fmt.Errorf("setting the mode of %s: %w", s.path, err)
	}
	return nil
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("%s: %w (%v); the file was left untouched", path, ErrNotStore, err)
	}
	return fmt.Errorf("opening %s: %w", path, err)
}

// checkMagic refuses a bbolt file that holds someone else's buckets.
func (s *Store) checkMagic() error {
	return s.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta != nil && bytes.Equal(meta.Get(metaMagic), magicValue) {
			return nil
		}
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if empty && !s.readOnly {
			return nil // a fresh bbolt file: migrate makes it a store
		}
		return fmt.Errorf("%s: %w (a bbolt file with other contents); the file was left untouched", s.path, ErrNotStore)
	})
}

// Close runs a scrub an erasure had to put off (the store was busy). The
// file itself is already closed: it is open only during transactions.
func (s *Store) Close() error {
	if s.readOnly || s.closed.Swap(true) {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return errors.Join(s.scrubIfPending(), s.SetActivity(""))
}

// Path is the store file's path (the original, also for a snapshot).
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether the store was opened for browsing only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// view runs a read transaction, turning a panic from a corrupt page into
// ErrCorrupt rather than a crash.
func (s *Store) view(fn func(*bolt.Tx) error) (err error) {
	s.enterTx()
	defer s.dbmu.RUnlock()
	db, err := s.acquire()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.release()) }()
	defer guard()()
	defer recoverCorrupt(s.path, &err)
	return asDamage(s.path, db.View(fn))
}

// update runs a write transaction (see view). Callers outside Open hold
// s.wmu.
func (s *Store) update(fn func(*bolt.Tx) error) (err error) {
	if s.readOnly {
		return ErrReadOnly
	}
	s.enterTx()
	defer s.dbmu.RUnlock()
	db, err := s.acquire()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.release()) }()
	defer guard()()
	defer recoverCorrupt(s.path, &err)
	return asDamage(s.path, db.Update(fn))
}

// updateSettings runs a write transaction that changes definitions or
// preferences, and journals it so other processes re-read them.
func (s *Store) updateSettings(fn func(*bolt.Tx) error) error {
	return s.update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return appendChange(tx, Change{At: s.now().UTC(), User: s.user, Source: s.source, Settings: true})
	})
}

// CurrentUser is the operating-system user running rolo: the login name,
// else $USER, else "uid N".
func CurrentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return fmt.Sprintf("uid %d", os.Getuid())
}

// Secret is the per-store key for suppression hashes, made at creation.
func (s *Store) Secret() ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		out = bytes.Clone(tx.Bucket(bMeta).Get(metaSecret))
		return nil
	})
	return out, err
}

// Generation counts committed transactions that changed contacts; derived
// caches (sort orders, columnar indexes) compare it to know they are stale.
func (s *Store) Generation() (uint64, error) {
	var g uint64
	err := s.view(func(tx *bolt.Tx) error {
		g = u64(tx.Bucket(bMeta).Get(metaGen))
		return nil
	})
	return g, err
}

func newSecret() ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("making the store secret: %w", err)
	}
	return b, nil
}

func u64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func key64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// allocSize is how much the file at path grows at a time: 64 MB steps
// keep a big store's growth cheap, but would make a new, empty store a
// 64 MB (sparse) file in ls -l; a small store grows by 1 MB until a bulk
// import (BeginBulk) or its size asks for more.
func allocSize(path string) int {
	if fi, err := os.Stat(path); err == nil && fi.Size() >= int64(allocStep) {
		return allocStep
	}
	return smallAlloc
}

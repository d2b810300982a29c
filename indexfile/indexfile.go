package indexfile

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// Options says how Open works.
type Options struct {
	// OnBuild is told before a build from every contact: why there is no
	// usable stored index, and how many contacts will be read.
	OnBuild func(why string, total int)
	// Progress reports a build from every contact: done of total.
	Progress func(done, total int)
	// NoSave keeps a built or caught-up index from being written back.
	NoSave bool
	// StoredOnly makes Open give ErrNotStored rather than build an index
	// it could not store (the store's folder is not writable): a
	// one-off command is then better off reading every contact once.
	StoredOnly bool
}

// ErrNotStored is Open's answer, with Options.StoredOnly, when there is no
// usable stored index and none can be stored.
var ErrNotStored = errors.New("no stored index, and none can be stored beside the store")

// Opened is a store's index, open.
type Opened struct {
	Index *filter.Index
	Seq   uint64 // the journal position it reflects
	Built bool   // read from every contact rather than opened
	Why   string // why it was built ("there is no stored index yet", …)
	// Behind counts the contacts applied since the stored copy was
	// written: the more, the more a Save saves the next process.
	Behind int
	file   *os.File
}

// Close closes the stored file the index reads its columns from. Call it
// when the index is no longer used, or after Index.LoadAll.
func (o *Opened) Close() error {
	if o == nil || o.file == nil {
		return nil
	}
	err := o.file.Close()
	o.file = nil
	return err
}

// SaveAfter is how many contacts applied from the journal make Open (and a
// caller of CatchUp) write the index back.
const SaveAfter = 20_000

// errTooFar says the journal holds more changes than applying them would
// be worth: a build from every contact is quicker.
var errTooFar = errors.New("too many changes to apply one by one")

// Open returns the index of st's contacts: the stored one caught up with
// the journal, else one built from every contact (and stored, unless
// o.NoSave or the folder cannot be written to).
func Open(ctx context.Context, st *store.Store, opt filter.Options, o Options) (*Opened, error) {
	origin, err := Origin(st)
	if err != nil {
		return nil, err
	}
	why := "there is no stored index yet"
	f, err := os.Open(st.IndexPath())
	switch {
	case err == nil:
		op, reason, err := openStored(ctx, st, f, origin, opt)
		if err != nil || op != nil {
			if op != nil && op.Behind >= SaveAfter && !o.NoSave {
				saveQuietly(st, op)
			}
			return op, err
		}
		f.Close()
		why = reason
	case !errors.Is(err, fs.ErrNotExist):
		why = fmt.Sprintf("the stored index cannot be read (%v)", err)
	}
	if o.StoredOnly && !writable(filepath.Dir(st.IndexPath())) {
		return nil, fmt.Errorf("%w (%s)", ErrNotStored, why)
	}
	if o.OnBuild != nil {
		total, err := st.Count()
		if err != nil {
			return nil, err
		}
		o.OnBuild(why, total)
	}
	op, err := Build(ctx, st, opt, o.Progress)
	if err != nil {
		return nil, err
	}
	op.Why = why
	if !o.NoSave {
		saveQuietly(st, op)
	}
	return op, nil
}

// writable reports whether a file can be made in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".rolo-index-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// saveQuietly writes the index back; failing costs only the next process
// its head start (a folder it may not write to, a change meanwhile).
func saveQuietly(st *store.Store, op *Opened) {
	if err := Save(st, op.Index, op.Seq); err == nil {
		op.Behind = 0
	}
}

// openStored loads f and catches it up; nil and a reason when it cannot
// be used.
func openStored(ctx context.Context, st *store.Store, f *os.File, origin uint64, opt filter.Options) (*Opened, string, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Sprintf("the stored index cannot be read (%v)", err), nil
	}
	ix, stamp, err := filter.Load(f, fi.Size(), opt)
	if err != nil {
		return nil, "the stored index was written by another version of rolo or is damaged", nil
	}
	if stamp.Origin != origin {
		return nil, "the stored index belongs to another store", nil
	}
	head, err := st.JournalHead()
	if err != nil {
		return nil, "", err
	}
	if stamp.Seq > head {
		return nil, "the stored index is newer than the store (was the store restored from a backup?)", nil
	}
	op := &Opened{Index: ix, Seq: stamp.Seq, file: f}
	n, err := op.CatchUp(ctx, st)
	switch {
	case errors.Is(err, store.ErrJournalTrimmed):
		return nil, "the stored index is older than the store's change journal", nil
	case errors.Is(err, errTooFar):
		return nil, "the stored index is far behind the store", nil
	case errors.Is(err, filter.ErrStoredIndex):
		return nil, "the stored index is damaged", nil
	case err != nil:
		return nil, "", err
	}
	op.Behind = n
	return op, "", nil
}

// Origin identifies st to its stored index (a hash of the store's own
// secret), so an index file copied beside another store is not used.
func Origin(st *store.Store) (uint64, error) {
	secret, err := st.Secret()
	if err != nil {
		return 0, err
	}
	h := fnv.New64a()
	h.Write([]byte("rolo index "))
	h.Write(secret)
	return h.Sum64(), nil
}

// Build reads every contact into a new index (progress: done of total),
// then applies what changed meanwhile.
func Build(ctx context.Context, st *store.Store, opt filter.Options, progress func(done, total int)) (*Opened, error) {
	total, err := st.Count()
	if err != nil {
		return nil, err
	}
	head, err := st.JournalHead()
	if err != nil {
		return nil, err
	}
	ix := filter.NewIndex(opt)
	ix.Reserve(total)
	n := 0
	err = ix.Build(func(fn func(*contact.Contact) error) error {
		return st.ScanLean(func(c *contact.Contact) error {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if progress != nil {
					progress(n, total)
				}
			}
			return fn(c)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("indexing the contacts: %w", err)
	}
	if progress != nil {
		progress(n, total)
	}
	op := &Opened{Index: ix, Seq: head, Built: true}
	// Whatever changed during the build is in the journal after head.
	if _, err := op.CatchUp(ctx, st); err != nil && !errors.Is(err, errTooFar) {
		return nil, err
	}
	return op, nil
}

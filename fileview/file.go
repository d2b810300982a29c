package fileview

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"rolo/contact"
	"rolo/filter"
	"rolo/importer"
	"rolo/store"
)

// Options say which file to open and how to read it: what `rolo audit`
// takes.
type Options struct {
	Path    string
	Read    importer.ReadOptions
	Map     []importer.MapEntry
	Country string // default country for phones in national form
	// Now dates the consents read from the file (default time.Now).
	Now func() time.Time
}

// Progress reports how far Load got: the stage, and done of total. While
// reading, done and total are bytes of the file (total 0 when its size is
// not known); while marking duplicates, rows.
type Progress func(stage string, done, total int)

// Stages of a load, as Progress names them.
const (
	StageReading = "reading"
	StageMarking = "marking duplicates"
)

// Source is what every contact of the file view says created it.
const Source = "rolo open"

// File is a contact file opened for browsing: its records kept in memory
// as read (importer.Kept, about the file's size), each row a contact in a
// filter.Index, and the audit's findings. Nothing of it is written
// anywhere. A row's contact is read again from its record when it is
// asked for (Get), so the card shows exactly what the index holds.
type File struct {
	opt  Options
	name string
	now  time.Time
	kept *importer.Kept

	mu      sync.RWMutex
	dups    map[uint64]bool // rows of duplicate clusters, once the file is read
	columns []string        // the fields the columns fill, once the file is read
}

// New prepares the file for Load.
func New(opt Options) *File {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &File{opt: opt, name: filepath.Base(opt.Path), now: opt.Now().UTC(), kept: importer.NewKept()}
}

// Name is the file's name.
func (f *File) Name() string { return f.name }

// Rows is how many rows were read so far.
func (f *File) Rows() int { return f.kept.Len() }

// Read says how far the reading got: bytes read of the file's size (0
// when not known).
func (f *File) Read() (read, size int64) { return f.kept.Read() }

// Memory is about how many bytes the kept records take.
func (f *File) Memory() int { return f.kept.Memory() }

// Load reads the file, every row into ix (one contact per row, its ID the
// row's number, its problems tagged: see the package comment), and returns
// the audit's findings. Rows can be read with Get as soon as they are
// read; ix holds them all once Load returns. A cancelled ctx stops it
// between rows: what was read stays, in ix too, and the summary says so
// (the error is then ctx's).
func (f *File) Load(ctx context.Context, ix *filter.Index, progress Progress) (*Summary, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	src, err := importer.Open(f.opt.Path, f.opt.Read)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if n := estimateRows(src); n > 0 {
		ix.Reserve(n)
		f.kept.Reserve(n)
	}
	var rep *importer.AuditReport
	var auditErr error
	err = ix.Build(func(add func(*contact.Contact) error) error {
		rep, auditErr = importer.AuditKeep(ctx, src, f.opt.Country, f.opt.Map, f.kept, func(r *importer.AuditRow) error {
			if r.Row%4096 == 0 {
				read, size := f.kept.Read()
				progress(StageReading, int(read), int(size))
			}
			return add(f.contactOf(r))
		})
		if auditErr != nil && ctx.Err() != nil && rep != nil {
			return nil // what was read is kept and shown
		}
		return auditErr
	})
	if err != nil {
		return nil, err
	}
	read, size := f.kept.Read()
	progress(StageReading, int(read), int(size))
	sum := summarize(f.name, rep)
	f.mu.Lock()
	f.columns = sum.Columns
	f.mu.Unlock()
	if auditErr != nil {
		sum.Cancelled = true
		sum.Report = nil
		return sum, auditErr
	}
	if err := f.markDuplicates(ctx, ix, rep, sum, progress); err != nil {
		sum.Cancelled = ctx.Err() != nil
		return sum, err
	}
	return sum, nil
}

// estimateRows guesses the rows of src from its size and its first
// records, so the index and the kept records are sized once; 0 when it
// cannot tell.
func estimateRows(src *importer.Source) int {
	n := 0
	for _, t := range src.Tables {
		bytes := 0
		for _, r := range t.Sample {
			for _, c := range r.Cells {
				bytes += len(c) + 1
			}
		}
		if len(t.Sample) < 10 || bytes == 0 || t.Size <= 0 {
			return 0
		}
		n += int(t.Size / int64(bytes/len(t.Sample)+1))
	}
	return n
}

// markDuplicates tags the rows of the audit's duplicate clusters in ix.
func (f *File) markDuplicates(ctx context.Context, ix *filter.Index, rep *importer.AuditReport, sum *Summary, progress Progress) error {
	rows := rep.DuplicateRows()
	dups := make(map[uint64]bool, len(rows))
	for _, r := range rows {
		dups[uint64(r)] = true
	}
	f.mu.Lock()
	f.dups = dups
	f.mu.Unlock()
	for i, r := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			progress(StageMarking, i, len(rows))
		}
		c, err := f.Get(uint64(r))
		if err != nil {
			return fmt.Errorf("marking row %d as a duplicate: %w", r, err)
		}
		ix.Upsert(c)
	}
	progress(StageMarking, len(rows), len(rows))
	sum.DuplicateRows = len(rows)
	return nil
}

// Get reads row id again into its contact, as the index holds it.
func (f *File) Get(id uint64) (*contact.Contact, error) {
	if id == 0 || id > uint64(f.kept.Len()) {
		return nil, fmt.Errorf("%s has no row %d", f.name, id)
	}
	r, err := f.kept.Row(int(id))
	if err != nil {
		return nil, err
	}
	return f.contactOf(r), nil
}

// GetMany reads rows again; a row not read (yet) is nil.
func (f *File) GetMany(ids []uint64) ([]*contact.Contact, error) {
	out := make([]*contact.Contact, len(ids))
	n := uint64(f.kept.Len())
	for i, id := range ids {
		if id == 0 || id > n {
			continue
		}
		c, err := f.Get(id)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// contactOf makes the contact a row becomes: the row's values, its
// consents dated when the file was opened, where in the file it is, its
// problems in words and as tags.
func (f *File) contactOf(r *importer.AuditRow) *contact.Contact {
	c := r.Contact
	if c == nil {
		c = &contact.Contact{}
		c.SetCustom(FieldCells, strings.Join(r.Cells, " | "))
	}
	c.ID = uint64(r.Row)
	for _, cv := range r.Consents {
		cv.At, cv.Source = f.now, Source
		c.SetConsent(cv)
	}
	if c.Status == "" {
		c.Status = contact.StatusContact
		if slices.ContainsFunc(c.Consents, func(x contact.Consent) bool { return x.Granted }) {
			c.Status = contact.StatusSubscriber
		}
	}
	c.CreatedAt, c.UpdatedAt = f.now, f.now
	where := f.name
	if r.File != "" {
		where += " › " + r.File
	}
	c.Source = where + ", row " + strconv.Itoa(r.Row) + ", line " + strconv.Itoa(r.Line)
	var notes []string
	if r.Reject != "" {
		notes = append(notes, "an import refuses this row: "+r.Reject)
	}
	countries := map[string]bool{}
	for _, w := range r.Warnings {
		notes = append(notes, w.Field+": "+w.Message)
		if w.Kind() == "invalid_phone" && !countries[w.Country()] {
			countries[w.Country()] = true
			c.AddTag(phoneTag(w.Country()))
		}
	}
	for _, kind := range r.Kinds() {
		if kind != "invalid_phone" {
			c.AddTag(kindTag(kind))
		}
	}
	c.SetCustom(FieldProblems, strings.Join(notes, "; "))
	f.mu.RLock()
	dup := f.dups[c.ID]
	f.mu.RUnlock()
	if dup {
		c.AddTag(DuplicateTag)
	}
	return c
}

// CustomFields are the custom fields the file's rows hold, as a store
// lists its own: the loader's problems and cells, and the columns mapped
// to custom fields.
func (f *File) CustomFields() ([]store.FieldDef, error) {
	defs := []store.FieldDef{{Name: FieldProblems, CreatedAt: f.now}, {Name: FieldCells, CreatedAt: f.now}}
	for _, name := range f.fieldsWith(contact.CustomPrefix) {
		defs = append(defs, store.FieldDef{Name: name, CreatedAt: f.now})
	}
	return defs, nil
}

// ConsentDefs are the consents the file's columns record.
func (f *File) ConsentDefs() ([]store.ConsentDef, error) {
	var defs []store.ConsentDef
	for _, name := range f.fieldsWith(contact.ConsentPrefix) {
		defs = append(defs, store.ConsentDef{Name: name, Channel: store.GuessChannel(name), CreatedAt: f.now})
	}
	return defs, nil
}

// fieldsWith lists the names after prefix of the fields the file's
// columns are mapped to (once the file is read).
func (f *File) fieldsWith(prefix string) []string {
	f.mu.RLock()
	cols := f.columns
	f.mu.RUnlock()
	var out []string
	for _, c := range cols {
		if n, ok := strings.CutPrefix(c, prefix); ok && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

package store

import (
	"context"
	"time"

	"rolo/contact"
)

// The store's roles. Other packages depend on the role they use rather
// than on *Store and its mechanics (transactions, bulk sessions, borrowed
// scans), so each says what it needs and a second backend could be
// written role by role. *Store implements them all (checked below).

// Contacts reads and writes contacts, one at a time or by scanning.
type Contacts interface {
	Get(id uint64) (*contact.Contact, error)
	GetMany(ids []uint64) ([]*contact.Contact, error)
	Find(k contact.Key, value string) ([]uint64, error)
	Count() (int, error)
	Living() (living, erased int, err error)
	// ScanLean reads every contact in ID order, in short read
	// transactions, dropping the file's pages behind it.
	ScanLean(fn func(*contact.Contact) error) error
	Create(c *contact.Contact) (uint64, error)
	Save(c *contact.Contact, ev contact.Event) (Outcome, error)
	History(id uint64) ([]contact.Event, error)
	Merge(merged *contact.Contact, others []*contact.Contact, source string) error
	Unmerge(id uint64, source string) ([]uint64, error)
	Erase(ctx context.Context, ids []uint64, opt EraseOptions) (EraseResult, error)
}

// Definitions are what the contacts refer to by name (consents, groups,
// custom fields), the saved segments and the store's settings.
type Definitions interface {
	ConsentDefs() ([]ConsentDef, error)
	CustomFields() ([]FieldDef, error)
	Groups() ([]GroupDef, error)
	Segments() ([]Segment, error)
	Segment(name string) (Segment, error)
	Pref(key string, v any) (bool, error)
	SetPref(key string, v any) error
	DeletePref(key string) error
}

// Jobs are the imports: their records, and undoing one.
type Jobs interface {
	Jobs() ([]Job, error)
	Job(id uint64) (Job, error)
	UndoJob(id uint64, progress func(done, total int)) (UndoResult, error)
}

// SuppressionList is the list of people who must not be contacted again.
type SuppressionList interface {
	Suppressed(kind, value string) (Suppression, bool, error)
	Suppress(kind, value string, e Suppression) (bool, error)
	HasSuppressions() (bool, error)
}

// Journal is the record of every change, for following other processes.
type Journal interface {
	JournalHead() (uint64, error)
	CatchUp(after uint64, max int) (Catchup, error)
	TrimJournal(before time.Time) error
}

var (
	_ Contacts        = (*Store)(nil)
	_ Definitions     = (*Store)(nil)
	_ Jobs            = (*Store)(nil)
	_ SuppressionList = (*Store)(nil)
	_ Journal         = (*Store)(nil)
)

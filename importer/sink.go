package importer

import (
	"encoding/json"

	"rolo/contact"
)

// Sink is where an import writes: the store, through a thin adapter (see
// importer/storesink). The importer calls Begin once, Batch for each batch
// of rows (one transaction: a batch commits whole or not at all), and End
// once, also after a failure or a cancel.
type Sink interface {
	Begin(info JobInfo) (JobStart, error)
	// Batch runs fn in one write transaction and returns the definitions
	// it created on first use.
	Batch(fn func(tx SinkTx) error) (Added, error)
	End(state JobState) error
}

// JobInfo describes the import to the sink when it starts.
type JobInfo struct {
	File    string          // absolute path
	Size    int64           // bytes
	Options json.RawMessage // the Options, to resume with
	DryRun  bool
	Resume  uint64 // the job to go on with, or 0 for a new one
}

// JobStart is what the sink tells the importer back.
type JobStart struct {
	ID uint64
	// Hasher, when the store has a suppression list (or the import adds
	// to it), computes suppression keys; the importer calls it on its
	// normalising goroutines. Nil: nobody is suppressed.
	Hasher func(kind, value string) []byte
	// Suppressions reports that the suppression list has entries (else no
	// row needs its keys hashed, unless the import adds to the list).
	Suppressions bool
	// A resumed job: where it stopped and what it had done.
	Committed int
	Counts    contact.ImportCounts
	Created   [][2]uint64 // ID ranges the job created
	Updated   []uint64    // contacts it updated
	Hash      string      // the file's SHA-256 when the job began
	Logs      [][]byte    // the batch logs of the earlier runs
}

// JobState is a job's progress, written with each batch and at the end.
type JobState struct {
	Counts    contact.ImportCounts
	Committed int    // data records done, in file order
	Hash      string // the file's SHA-256, once known
	Status    contact.JobStatus
	Error     string
	Log       []byte // this batch's rejected rows and warnings (JSON), for a resumed job's report
}

// Added lists definitions an import created on first use.
type Added struct {
	Consents []string `json:"consents,omitempty"`
	Groups   []string `json:"groups,omitempty"`
	Fields   []string `json:"fields,omitempty"`
}

// SinkTx is one batch's transaction.
type SinkTx interface {
	// Find returns the contacts with the key value (normalised: an e-mail
	// lower-cased, a phone in E.164, a tax ID reduced by
	// contact.NormalizeTaxID).
	Find(key contact.Key, value string) ([]uint64, error)
	Get(id uint64) (*contact.Contact, error)
	// Create stores a new contact and returns its ID; a unique key that
	// belongs to another contact gives a *contact.ConflictError. free is a unique
	// key (contact.KeyEmail, contact.KeyCRMID or contact.KeyTaxID) every value of which the
	// importer has just looked up with Find, in this transaction, and
	// found no contact for: the sink need not look them up again
	// ("": none).
	Create(c *contact.Contact, free contact.Key) (uint64, error)
	// Update writes after over before (the stored contact); it records
	// before for undo the first time the job touches it, and reports
	// whether anything changed. Conflicts as Create.
	Update(before, after *contact.Contact) (bool, error)
	// Suppressed looks keys up on the suppression list.
	Suppressed(keys [][]byte) (hit SuppressionHit, ok bool, err error)
	// Suppress adds keys to the suppression list (kinds: "email", "phone"
	// or "uid", one per key), and Unsuppress removes them.
	Suppress(keys [][]byte, kinds []string, reason string) error
	Unsuppress(keys [][]byte) error
	// Checkpoint records the job's progress in the same transaction.
	Checkpoint(state *JobState) error
}

// SuppressionHit is the suppression list's entry for a row's key.
type SuppressionHit struct {
	Entry  string // why and since when, for the report: "erased on 2026-11-02"
	Erased bool   // the person was erased (not just unsubscribed)
}

package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Import jobs. Every import is kept as a job: what was read, with which
// options, how far it got and what it did, plus enough to undo it.
//
// Bucket jobs:     id (8 bytes)           → Job (JSON)
//                  id + batch seq (16)    → the batch's log (rejected rows and
//                                           warnings, JSON made by the importer)
// Bucket job_undo: id + 'c' + first id    → last id: contacts the job created
//                  id + 'u' + contact id  → the record before the job touched it
//                  id + 's' + HMAC        → a suppression entry the job added
//
// Contacts created in one transaction get consecutive IDs (IDs come from
// one sequence and a transaction has the writer to itself), so one range
// per batch records a million created contacts in a few hundred entries.

// Job is one import.
type Job struct {
	ID     uint64            `json:"id"`
	File   string            `json:"file"` // absolute path of the file read
	Hash   string            `json:"hash"` // SHA-256 of the file, hex; a resume checks it
	Size   int64             `json:"size"`
	Status contact.JobStatus `json:"status"`
	DryRun bool              `json:"dry_run,omitempty"`
	Error  string            `json:"error,omitempty"`
	// Options are the importer's options as it recorded them, so that a
	// resume runs with the same ones.
	Options  json.RawMessage      `json:"options,omitempty"`
	Started  time.Time            `json:"started"`
	Updated  time.Time            `json:"updated"` // last commit of a batch
	Finished time.Time            `json:"finished,omitzero"`
	Counts   contact.ImportCounts `json:"counts"`
	// Committed is the number of data records (in file order) whose batch
	// has been committed: a resume starts with the record after them.
	Committed int `json:"committed"`
	// Batches is the number of batch logs written (see PutJobLog).
	Batches uint64 `json:"batches"`
}

// Resumable reports whether the job stopped before the end and may go on.
func (j Job) Resumable() bool {
	return j.Status == contact.JobRunning || j.Status == contact.JobCancelled || j.Status == contact.JobFailed
}

// Source is the name recorded on contacts, consents and history events the
// job wrote: "import:12".
func (j Job) Source() string { return fmt.Sprintf("import:%d", j.ID) }

const (
	undoCreated    = 'c'
	undoBefore     = 'u'
	undoSuppressed = 's'
)

// NewJob records a new job (status running) and returns it with its ID.
func (s *Store) NewJob(j Job) (Job, error) {
	err := s.Update(func(tx *Tx) error {
		id, err := tx.tx.Bucket(bJobs).NextSequence()
		if err != nil {
			return fmt.Errorf("allocating a job id: %w", err)
		}
		j.ID = id
		if j.Status == "" {
			j.Status = contact.JobRunning
		}
		if j.Started.IsZero() {
			j.Started = tx.s.now().UTC()
		}
		j.Updated = j.Started
		return tx.PutJob(j)
	})
	return j, err
}

// PutJob writes a job's record; in the transaction of a batch, so that the
// counts and Committed always match what is stored.
func (tx *Tx) PutJob(j Job) error {
	v, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("encoding job %d: %w", j.ID, err)
	}
	if err := tx.tx.Bucket(bJobs).Put(key64(j.ID), v); err != nil {
		return fmt.Errorf("writing job %d: %w", j.ID, err)
	}
	return nil
}

// PutJob writes a job's record in its own transaction.
func (s *Store) PutJob(j Job) error {
	return s.Update(func(tx *Tx) error { return tx.PutJob(j) })
}

// Job returns a job by ID, or an error wrapping ErrNotFound.
func (tx *Tx) Job(id uint64) (Job, error) {
	v := tx.tx.Bucket(bJobs).Get(key64(id))
	if v == nil {
		return Job{}, fmt.Errorf("import job %d: %w", id, ErrNotFound)
	}
	var j Job
	if err := json.Unmarshal(v, &j); err != nil {
		return Job{}, fmt.Errorf("reading import job %d: %w", id, err)
	}
	return j, nil
}

// Job returns a job by ID, or an error wrapping ErrNotFound.
func (s *Store) Job(id uint64) (Job, error) {
	var j Job
	err := s.View(func(tx *Tx) (err error) { j, err = tx.Job(id); return err })
	return j, err
}

// Jobs lists every job, oldest first.
func (s *Store) Jobs() ([]Job, error) {
	var out []Job
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bJobs).ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return nil // a batch log
			}
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return fmt.Errorf("reading import job %d: %w", u64(k), err)
			}
			out = append(out, j)
			return nil
		})
	})
	return out, err
}

// PutJobLog stores one batch's log (opaque to the store: the importer's
// rejected rows and warnings) under the job, in the batch's transaction, so
// a resumed job's report can include what earlier runs found.
func (tx *Tx) PutJobLog(job, seq uint64, data []byte) error {
	k := binary.BigEndian.AppendUint64(key64(job), seq)
	if err := tx.tx.Bucket(bJobs).Put(k, bytes.Clone(data)); err != nil {
		return fmt.Errorf("writing the log of job %d: %w", job, err)
	}
	return nil
}

// JobLogs calls fn with each batch log of a job, in order.
func (s *Store) JobLogs(job uint64, fn func(data []byte) error) error {
	return s.view(func(tx *bolt.Tx) error {
		prefix := key64(job)
		c := tx.Bucket(bJobs).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != 16 {
				continue
			}
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	})
}

func undoKey(job uint64, kind byte, rest []byte) []byte {
	k := make([]byte, 0, 9+len(rest))
	k = binary.BigEndian.AppendUint64(k, job)
	k = append(k, kind)
	return append(k, rest...)
}

// JobCreated records that the job created contacts first…last (one batch).
func (tx *Tx) JobCreated(job, first, last uint64) error {
	if first == 0 || last < first {
		return nil
	}
	if err := tx.tx.Bucket(bJobUndo).Put(undoKey(job, undoCreated, key64(first)), key64(last)); err != nil {
		return fmt.Errorf("recording contacts created by job %d: %w", job, err)
	}
	return nil
}

// JobBefore records c as it was before the job changed it. Only the first
// call for a contact counts: that is its state before the job.
func (tx *Tx) JobBefore(job uint64, c *contact.Contact) error {
	b := tx.tx.Bucket(bJobUndo)
	k := undoKey(job, undoBefore, key64(c.ID))
	if b.Get(k) != nil {
		return nil
	}
	if err := b.Put(k, encodeContact(nil, c)); err != nil {
		return fmt.Errorf("recording contact %d before job %d: %w", c.ID, job, err)
	}
	return nil
}

// JobSuppressed records suppression keys the job added, so that its undo
// removes them.
func (tx *Tx) JobSuppressed(job uint64, keys [][]byte) error {
	b := tx.tx.Bucket(bJobUndo)
	for _, key := range keys {
		if err := b.Put(undoKey(job, undoSuppressed, key), nil); err != nil {
			return fmt.Errorf("recording suppression entries of job %d: %w", job, err)
		}
	}
	return nil
}

// JobTouched returns what a job wrote so far: the ranges of contacts it
// created and the contacts it updated (a resume needs them to tell a row
// that merges into its own earlier work from one that updates).
func (s *Store) JobTouched(job uint64) (created [][2]uint64, updated []uint64, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		prefix := key64(job)
		c := tx.Bucket(bJobUndo).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) < 9 {
				continue
			}
			switch k[8] {
			case undoCreated:
				created = append(created, [2]uint64{u64(k[9:]), u64(v)})
			case undoBefore:
				updated = append(updated, u64(k[9:]))
			}
		}
		return nil
	})
	return created, updated, err
}

// UndoResult says what an undo did.
type UndoResult struct {
	Removed  int      // contacts the job had created, removed
	Restored int      // contacts the job had updated, restored
	Skipped  []string // contacts left as they are, and why
}

// undoChunk bounds the contacts one undo transaction handles.
var undoChunk = 2000

// UndoJob undoes an import: the contacts it created are removed, those it
// updated get back the values they had before it, and the suppression
// entries it added are removed. A contact changed again after the job is
// left alone and listed in Skipped (undoing would throw that later change
// away). The work is done in transactions of a few thousand contacts that
// each delete their undo entries, so an undo that is killed can simply be
// run again. progress, if not nil, is called after each transaction.
func (s *Store) UndoJob(id uint64, progress func(done, total int)) (UndoResult, error) {
	var res UndoResult
	j, err := s.Job(id)
	if err != nil {
		return res, err
	}
	switch j.Status {
	case contact.JobUndone:
		return res, fmt.Errorf("import job %d was already undone", id)
	case contact.JobRunning:
		// A job that was killed is "running" but nobody is writing it:
		// this process holds the store's lock. A job under way in this
		// process is refused (the importer sets the status when it ends).
		if s.bulk != nil {
			return res, fmt.Errorf("import job %d is still running; cancel it first", id)
		}
	}
	// The job's own writes carry UpdatedAt up to its last commit; anything
	// later was changed by someone else since.
	since := j.Updated
	if j.Finished.After(since) {
		since = j.Finished
	}
	j.Status = contact.JobUndoing
	if err := s.PutJob(j); err != nil {
		return res, err
	}
	total, err := s.undoSize(id)
	if err != nil {
		return res, err
	}
	bulk := total > 10*undoChunk
	if bulk {
		if err := s.BeginBulk(); err != nil {
			return res, err
		}
	}
	done := 0
	for {
		n, err := s.undoStep(id, since, &res)
		if err != nil {
			if bulk {
				err = errors.Join(err, s.EndBulk())
			}
			return res, fmt.Errorf("undoing import job %d: %w", id, err)
		}
		if n == 0 {
			break
		}
		done += n
		if progress != nil {
			progress(min(done, total), total)
		}
	}
	if bulk {
		if err := s.EndBulk(); err != nil {
			return res, err
		}
	}
	j.Status = contact.JobUndone
	j.Finished = s.now().UTC()
	return res, s.PutJob(j)
}

// undoSize counts the contacts an undo will handle.
func (s *Store) undoSize(job uint64) (int, error) {
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		prefix := key64(job)
		c := tx.Bucket(bJobUndo).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			switch k[8] {
			case undoCreated:
				n += int(u64(v) - u64(k[9:]) + 1)
			case undoBefore:
				n++
			}
		}
		return nil
	})
	return n, err
}

// undoStep undoes up to undoChunk contacts of a job in one transaction and
// returns how many it handled (0: nothing is left).
func (s *Store) undoStep(job uint64, since time.Time, res *UndoResult) (int, error) {
	n := 0
	step := *res
	err := s.Update(func(tx *Tx) error {
		step = *res
		n = 0
		b := tx.tx.Bucket(bJobUndo)
		prefix := key64(job)
		c := b.Cursor()
		var del [][]byte
		var rewrite [][2][]byte // a created range cut short by the chunk
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && n < undoChunk; k, v = c.Next() {
			key := bytes.Clone(k)
			switch k[8] {
			case undoCreated:
				first, last := u64(k[9:]), u64(v)
				id := first
				for ; id <= last && n < undoChunk; id++ {
					n++
					if err := tx.undoCreated(id, since, &step); err != nil {
						return err
					}
				}
				del = append(del, key)
				if id <= last {
					rewrite = append(rewrite, [2][]byte{undoKey(job, undoCreated, key64(id)), key64(last)})
				}
			case undoBefore:
				n++
				before, err := decodeContact(u64(k[9:]), v)
				if err != nil {
					return fmt.Errorf("reading contact %d before the job: %w", u64(k[9:]), err)
				}
				if err := tx.undoUpdated(before, since, job, &step); err != nil {
					return err
				}
				del = append(del, key)
			case undoSuppressed:
				if err := tx.UnsuppressKey(k[9:]); err != nil {
					return err
				}
				del = append(del, key)
			default:
				del = append(del, key)
			}
		}
		for _, k := range del {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		for _, kv := range rewrite {
			if err := b.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		if len(del) == 0 {
			n = 0
		} else if n == 0 {
			n = len(del) // only suppression entries: not done yet
		}
		return nil
	})
	if err == nil {
		*res = step
	}
	return n, err
}

func (tx *Tx) undoCreated(id uint64, since time.Time, res *UndoResult) error {
	c, err := tx.Get(id)
	if errors.Is(err, ErrNotFound) {
		return nil // removed since
	}
	if err != nil {
		return err
	}
	if c.UpdatedAt.After(since) {
		res.Skipped = append(res.Skipped, fmt.Sprintf("contact %d (%s) was changed after the import; kept", id, c.FullName()))
		return nil
	}
	if err := tx.Delete(id); err != nil {
		return err
	}
	res.Removed++
	return nil
}

func (tx *Tx) undoUpdated(before *contact.Contact, since time.Time, job uint64, res *UndoResult) error {
	cur, err := tx.Get(before.ID)
	if errors.Is(err, ErrNotFound) {
		res.Skipped = append(res.Skipped, fmt.Sprintf("contact %d was deleted after the import; not restored", before.ID))
		return nil
	}
	if err != nil {
		return err
	}
	if cur.UpdatedAt.After(since) {
		res.Skipped = append(res.Skipped, fmt.Sprintf("contact %d (%s) was changed after the import; kept", cur.ID, cur.FullName()))
		return nil
	}
	ev := contact.Event{Kind: contact.EventUndo, Source: fmt.Sprintf("undo:import:%d", job), Note: fmt.Sprintf("undo of import %d", job)}
	if err := tx.Restore(before, ev); err != nil {
		var ce *contact.ConflictError
		if errors.As(err, &ce) {
			res.Skipped = append(res.Skipped, fmt.Sprintf("contact %d (%s) not restored: %v", cur.ID, cur.FullName(), err))
			return nil
		}
		return err
	}
	res.Restored++
	return nil
}

// CreatedBy reports whether id lies in one of the ranges (sorted by first).
func CreatedBy(ranges [][2]uint64, id uint64) bool {
	_, found := slices.BinarySearchFunc(ranges, id, func(r [2]uint64, id uint64) int {
		switch {
		case id < r[0]:
			return 1
		case id > r[1]:
			return -1
		}
		return 0
	})
	return found
}

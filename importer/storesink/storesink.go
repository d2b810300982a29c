// Package storesink is the thin adapter between the importer and the
// store: it satisfies importer.Sink over a *store.Store (jobs, undo data,
// bulk sessions, suppression), and simulates the writes for a dry run. It
// is its own package so that the importer never imports the store, while
// the command line and the import wizard share one adapter.
package storesink

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"rolo/contact"
	"rolo/importer"
	"rolo/store"
)

// Sink writes an import into a store.
type Sink struct {
	s        *store.Store
	bulk     bool
	job      store.Job
	hasher   *store.Hasher
	created  [][2]uint64 // contacts the job created: no "before" is kept for them
	batchSeq uint64
	dry      *dryState
	began    bool
}

// New returns a sink over s. bulk makes the import a bulk session (index
// entries go to sorted runs, merged at the end): right for anything more
// than a few thousand rows.
func New(s *store.Store, bulk bool) *Sink { return &Sink{s: s, bulk: bulk} }

// Job is the job as the sink last wrote it.
func (k *Sink) Job() store.Job { return k.job }

// Begin starts (or resumes) the job.
func (k *Sink) Begin(info importer.JobInfo) (importer.JobStart, error) {
	var js importer.JobStart
	h, err := k.s.Hasher()
	if err != nil {
		return js, err
	}
	k.hasher = h
	js.Hasher = func(kind, value string) []byte { return h.Sum(kind, value) }
	if js.Suppressions, err = k.s.HasSuppressions(); err != nil {
		return js, err
	}
	if info.DryRun {
		k.dry, err = newDryState(k.s)
		return js, err
	}
	if k.s.ReadOnly() {
		return js, store.ErrReadOnly
	}
	if info.Resume != 0 {
		j, err := k.s.Job(info.Resume)
		if err != nil {
			return js, err
		}
		if !j.Resumable() {
			return js, fmt.Errorf("import job %d is %s; only a cancelled, failed or interrupted import can be resumed", j.ID, j.Status)
		}
		created, updated, err := k.s.JobTouched(j.ID)
		if err != nil {
			return js, err
		}
		err = k.s.JobLogs(j.ID, func(b []byte) error {
			js.Logs = append(js.Logs, append([]byte(nil), b...))
			return nil
		})
		if err != nil {
			return js, err
		}
		k.created = created
		k.batchSeq = j.Batches
		j.Status, j.Error, j.Finished = contact.JobRunning, "", time.Time{}
		if err := k.s.PutJob(j); err != nil {
			return js, err
		}
		k.job = j
		js.ID, js.Committed, js.Hash = j.ID, j.Committed, j.Hash
		js.Counts = countsFrom(j.Counts)
		js.Created, js.Updated = created, updated
	} else {
		j, err := k.s.NewJob(store.Job{File: info.File, Size: info.Size, Options: info.Options})
		if err != nil {
			return js, err
		}
		k.job = j
		js.ID = j.ID
	}
	if k.bulk {
		if err := k.s.BeginBulk(); err != nil {
			k.job.Status, k.job.Error = contact.JobFailed, err.Error()
			return js, errors.Join(err, k.s.PutJob(k.job))
		}
	}
	k.began = true
	return js, nil
}

// Batch runs one batch in one transaction.
func (k *Sink) Batch(fn func(importer.SinkTx) error) (importer.Added, error) {
	if k.dry != nil {
		var added importer.Added
		err := k.s.View(func(tx *store.Tx) error {
			t := &dryTx{tx: tx, st: k.dry, added: &added}
			return fn(t)
		})
		return added, err
	}
	var t *tx
	added, err := k.s.UpdateAdded(func(stx *store.Tx) error {
		t = &tx{tx: stx, k: k}
		return fn(t)
	})
	if err != nil {
		return importer.Added{}, err
	}
	if t.first != 0 {
		k.created = append(k.created, [2]uint64{t.first, t.last})
	}
	k.job = t.job
	k.batchSeq = t.job.Batches
	return importer.Added{Consents: added.Consents, Groups: added.Groups, Fields: added.Fields}, nil
}

// End merges the bulk session's index runs and records how the job ended.
func (k *Sink) End(st importer.JobState) error {
	if k.dry != nil || !k.began {
		return nil
	}
	var err error
	if k.bulk {
		err = k.s.EndBulk()
	}
	j := k.job
	j.Status = st.Status
	j.Error = st.Error
	j.Counts = jobCounts(st.Counts)
	j.Committed = st.Committed
	if st.Hash != "" {
		j.Hash = st.Hash
	}
	j.Finished = k.s.Now().UTC()
	if perr := k.s.PutJob(j); perr != nil {
		err = errors.Join(err, perr)
	}
	k.job = j
	return err
}

func countsFrom(c contact.ImportCounts) contact.ImportCounts {
	return contact.ImportCounts{Rows: c.Rows, Created: c.Created, Updated: c.Updated, Unchanged: c.Unchanged,
		Merged: c.Merged, Rejected: c.Rejected, Suppressed: c.Suppressed, Warnings: c.Warnings, IdentityConflicts: c.IdentityConflicts}
}

func jobCounts(c contact.ImportCounts) contact.ImportCounts {
	return contact.ImportCounts{Rows: c.Rows, Created: c.Created, Updated: c.Updated, Unchanged: c.Unchanged,
		Merged: c.Merged, Rejected: c.Rejected, Suppressed: c.Suppressed, Warnings: c.Warnings, IdentityConflicts: c.IdentityConflicts}
}

// tx is one batch's transaction on the store.
type tx struct {
	tx          *store.Tx
	k           *Sink
	first, last uint64 // contacts created in this batch (consecutive IDs)
	job         store.Job
}

func (t *tx) Find(k contact.Key, v string) ([]uint64, error) { return t.tx.Find(k, v) }

func (t *tx) Get(id uint64) (*contact.Contact, error) { return t.tx.Get(id) }

func (t *tx) Create(c *contact.Contact, free contact.Key) (uint64, error) {
	var id uint64
	var err error
	switch free {
	case contact.KeyEmail, contact.KeyCRMID, contact.KeyTaxID, contact.KeyUID:
		id, err = t.tx.CreateChecked(c, contact.Key(free))
	default:
		id, err = t.tx.Create(c)
	}
	if err != nil {
		return 0, err
	}
	if t.first == 0 {
		t.first = id
	}
	t.last = id
	return id, nil
}

func (t *tx) createdByJob(id uint64) bool {
	return (t.first != 0 && id >= t.first && id <= t.last) || store.CreatedBy(t.k.created, id)
}

func (t *tx) Update(before, after *contact.Contact) (bool, error) {
	o, err := t.tx.Save(after, contact.Event{Kind: contact.EventUpdate, Source: t.k.job.Source()})
	if err != nil {
		return false, err
	}
	if o == store.Unchanged {
		return false, nil
	}
	if !t.createdByJob(before.ID) {
		if err := t.tx.JobBefore(t.k.job.ID, before); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (t *tx) Suppressed(keys [][]byte) (importer.SuppressionHit, bool, error) {
	return suppressed(t.tx, keys)
}

// suppressed looks keys up; an "erased" entry wins over others, so a
// person erased under one address and unsubscribed under another counts
// as erased.
func suppressed(tx *store.Tx, keys [][]byte) (importer.SuppressionHit, bool, error) {
	var hit importer.SuppressionHit
	found := false
	for _, key := range keys {
		e, ok, err := tx.SuppressedKey(key)
		if err != nil {
			return hit, false, err
		}
		if !ok || found && !(e.Reason == store.ReasonErased && !hit.Erased) {
			continue
		}
		hit, found = importer.SuppressionHit{Entry: describe(e), Erased: e.Reason == store.ReasonErased}, true
		if hit.Erased {
			break
		}
	}
	return hit, found, nil
}

func describe(e store.Suppression) string {
	s := e.Reason
	if s == "" {
		s = "on the suppression list"
	}
	if !e.At.IsZero() {
		s += " on " + e.At.UTC().Format(time.DateOnly)
	}
	return s
}

func (t *tx) Suppress(keys [][]byte, kinds []string, reason string) error {
	var added [][]byte
	for i, key := range keys {
		kind := store.SuppressEmail
		if i < len(kinds) {
			kind = kinds[i]
		}
		ok, err := t.tx.SuppressKey(key, store.Suppression{Kind: kind, Reason: reason, Source: t.k.job.Source()})
		if err != nil {
			return err
		}
		if ok {
			added = append(added, key)
		}
	}
	return t.tx.JobSuppressed(t.k.job.ID, added)
}

func (t *tx) Unsuppress(keys [][]byte) error {
	for _, key := range keys {
		if err := t.tx.UnsuppressKey(key); err != nil {
			return err
		}
	}
	return nil
}

// Checkpoint records the batch with the job: the created range, the log,
// the counts and how far the file is done.
func (t *tx) Checkpoint(st *importer.JobState) error {
	j := t.k.job
	if err := t.tx.JobCreated(j.ID, t.first, t.last); err != nil {
		return err
	}
	if len(st.Log) > 2 { // "{}" is an empty log
		j.Batches++
		if err := t.tx.PutJobLog(j.ID, j.Batches, st.Log); err != nil {
			return err
		}
	}
	j.Counts = jobCounts(st.Counts)
	j.Committed = st.Committed
	if st.Hash != "" {
		j.Hash = st.Hash
	}
	j.Status = contact.JobRunning
	j.Updated = t.tx.Now().UTC()
	t.job = j
	return t.tx.PutJob(j)
}

// dryState is what a dry run remembers of the writes it did not make, so
// that later rows of the file see them: keys of contacts it would have
// created or changed, and definitions it would have added.
type dryState struct {
	next    uint64
	unique  map[string]uint64   // "e:"/"c:"/"t:" + value → id
	phones  map[string][]uint64 // E.164 → ids added by the run
	created map[uint64]*contact.Contact
	known   map[string]bool // "consent:"/"group:"/"field:" + name
}

// dryBase is where a dry run's made-up IDs start: never a real one.
const dryBase = 1 << 62

func newDryState(s *store.Store) (*dryState, error) {
	d := &dryState{next: dryBase, unique: map[string]uint64{}, phones: map[string][]uint64{},
		created: map[uint64]*contact.Contact{}, known: map[string]bool{}}
	cons, err := s.ConsentDefs()
	if err != nil {
		return nil, err
	}
	for _, c := range cons {
		d.known["consent:"+c.Name] = true
	}
	groups, err := s.Groups()
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		d.known["group:"+g.Name] = true
	}
	fields, err := s.CustomFields()
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		d.known["field:"+f.Name] = true
	}
	return d, nil
}

type dryTx struct {
	tx    *store.Tx
	st    *dryState
	added *importer.Added
}

func uniqueKeys(c *contact.Contact) []string {
	var out []string
	for _, e := range c.Emails {
		out = append(out, "e:"+store.IndexValue(contact.KeyEmail, e))
	}
	if v := store.IndexValue(contact.KeyCRMID, c.CRMID); v != "" {
		out = append(out, "c:"+v)
	}
	if v := store.IndexValue(contact.KeyTaxID, c.TaxID); v != "" {
		out = append(out, "t:"+v)
	}
	if v := store.IndexValue(contact.KeyUID, c.UID); v != "" {
		out = append(out, "u:"+v)
	}
	return out
}

func (d *dryTx) Find(k contact.Key, v string) ([]uint64, error) {
	sk := k
	if sk == contact.KeyPhone {
		ids, err := d.tx.Find(sk, v)
		if err != nil {
			return nil, err
		}
		for _, id := range d.st.phones[v] {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
	prefix := map[contact.Key]string{contact.KeyEmail: "e:", contact.KeyCRMID: "c:", contact.KeyTaxID: "t:", contact.KeyUID: "u:"}[sk]
	if id, ok := d.st.unique[prefix+store.IndexValue(sk, v)]; ok {
		return []uint64{id}, nil
	}
	return d.tx.Find(sk, v)
}

func (d *dryTx) Get(id uint64) (*contact.Contact, error) {
	if c, ok := d.st.created[id]; ok {
		return c.Clone(), nil
	}
	return d.tx.Get(id)
}

// check refuses keys that belong to another contact, as the store would.
func (d *dryTx) check(c *contact.Contact, self uint64) error {
	for _, k := range uniqueKeys(c) {
		id, ok := d.st.unique[k]
		if !ok {
			key := map[byte]contact.Key{'e': contact.KeyEmail, 'c': contact.KeyCRMID, 't': contact.KeyTaxID, 'u': contact.KeyUID}[k[0]]
			ids, err := d.tx.Find(key, k[2:])
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				id, ok = ids[0], true
			}
		}
		if ok && id != self {
			return &contact.ConflictError{Key: map[byte]contact.Key{'e': contact.KeyEmail, 'c': contact.KeyCRMID, 't': contact.KeyTaxID}[k[0]], Value: k[2:], ID: id}
		}
	}
	return nil
}

func (d *dryTx) remember(c *contact.Contact, id uint64) {
	for _, k := range uniqueKeys(c) {
		d.st.unique[k] = id
	}
	for _, p := range c.Phones {
		if !slices.Contains(d.st.phones[p.Number], id) {
			d.st.phones[p.Number] = append(d.st.phones[p.Number], id)
		}
	}
	for _, k := range c.Consents {
		d.define("consent:", k.Name, &d.added.Consents)
	}
	for _, g := range c.Groups {
		d.define("group:", g, &d.added.Groups)
	}
	for _, f := range c.Custom {
		d.define("field:", f.Name, &d.added.Fields)
	}
}

func (d *dryTx) define(kind, name string, list *[]string) {
	if !d.st.known[kind+name] {
		d.st.known[kind+name] = true
		*list = append(*list, name)
	}
}

func (d *dryTx) Create(c *contact.Contact, _ contact.Key) (uint64, error) {
	if err := d.check(c, 0); err != nil {
		return 0, err
	}
	d.st.next++
	id := d.st.next
	// Only what later rows need: the keys and the names (a merge into it
	// is counted, not shown), so a dry run of a big file stays small.
	d.st.created[id] = &contact.Contact{ID: id, Emails: c.Emails, Phones: c.Phones, CRMID: c.CRMID, TaxID: c.TaxID,
		FirstName: c.FirstName, MiddleName: c.MiddleName, LastName: c.LastName, Company: c.Company}
	d.remember(c, id)
	return id, nil
}

func (d *dryTx) Update(before, after *contact.Contact) (bool, error) {
	if err := d.check(after, before.ID); err != nil {
		return false, err
	}
	if len(contact.Diff(before, after)) == 0 {
		return false, nil
	}
	d.remember(after, before.ID)
	return true, nil
}

func (d *dryTx) Suppressed(keys [][]byte) (importer.SuppressionHit, bool, error) {
	return suppressed(d.tx, keys)
}

func (d *dryTx) Suppress([][]byte, []string, string) error { return nil }
func (d *dryTx) Unsuppress([][]byte) error                 { return nil }
func (d *dryTx) Checkpoint(*importer.JobState) error       { return nil }

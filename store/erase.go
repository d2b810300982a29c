package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"rolo/contact"
)

// Erasure: a person's right to be forgotten.
//
// Erasing a contact keeps a tombstone under its ID (status "erased", its
// creation time and source, and the time of erasure) so that counts, job
// undo and references by ID stay meaningful, and removes everything
// personal: every field, group membership, tag, consent and custom field,
// its index entries, the values in its history (the events stay, as
// "values erased", so the card can still prove when what happened), the
// record an import kept to undo its changes, and its e-mails, phones and
// identifiers wherever an import's log quoted them. Its e-mails, phones and
// UID go on the suppression list (keyed hashes, reason "erased"), so a
// re-import never brings the person back, even one known by no e-mail or
// phone (a keyless contact's UID is derived from its exact name, company
// and address, so the same row finds its hash again). Finally the free pages of the file are
// scrubbed (scrub.go): what was deleted cannot be read back from the file.

// Suppression reasons written by rolo itself.
const (
	ReasonErased       = "erased"
	ReasonUnsubscribed = "unsubscribed"
)

// Event kinds added by this package (contact's own are create, update,
// merge, erase, undo and consent).
const EventUnsubscribe = "unsubscribe"

// erasedNote replaces the note of every event of an erased contact.
const erasedNote = "values erased"

// redacted replaces an erased value quoted in an import's log.
const redacted = "[erased]"

// eraseChunk bounds the contacts one erasing transaction handles, so a
// cancel takes effect quickly and a bulk erasure never holds a giant
// transaction.
var eraseChunk = 500

// EraseOptions describe an erasure.
type EraseOptions struct {
	// Reason is why (a request number, "right to be forgotten"); it is
	// written on the erase event. Keep personal data out of it.
	Reason string
	// Source names what erased, as on every history event: "card", "bulk",
	// "cli".
	Source string
	// Progress, if set, is called after each committed chunk.
	Progress func(done, total int)
}

// EraseResult says what an erasure did.
type EraseResult struct {
	Erased        int // contacts erased now
	AlreadyErased int // tombstones already
	Missing       int // IDs that no longer exist
	Suppressed    int // e-mails and phones put on the suppression list as erased
	SuppressedUID int // UIDs put on it (a contact without an e-mail or a phone is known by its UID)
	LogsRedacted  int // import logs that quoted an erased value, redacted
	Cancelled     bool
	// Scrub is what overwriting the free pages did. ScrubPostponed is set
	// when other transactions kept the store busy past the wait: the scrub
	// then runs when the store is closed (or next opened for writing).
	Scrub          ScrubStats
	ScrubPostponed bool
}

// Erase erases the personal data of the contacts with the given IDs, in
// transactions of a few hundred. It is safe to run in a goroutine while
// others read and write the store. A cancelled ctx stops it between chunks;
// what was erased until then is still finished (logs redacted, file
// scrubbed) before it returns.
func (s *Store) Erase(ctx context.Context, ids []uint64, opt EraseOptions) (EraseResult, error) {
	var res EraseResult
	if s.readOnly {
		return res, ErrReadOnly
	}
	if opt.Source == "" {
		opt.Source = "erase"
	}
	var values []string // identifiers to redact from import logs
	var runErr error
	for start := 0; start < len(ids); start += eraseChunk {
		if ctx.Err() != nil {
			res.Cancelled = true
			break
		}
		chunk := ids[start:min(start+eraseChunk, len(ids))]
		var step EraseResult
		var vals []string
		err := s.Update(func(tx *Tx) error {
			step, vals = EraseResult{}, vals[:0]
			h, err := tx.hasher()
			if err != nil {
				return err
			}
			jobs := tx.jobIDs()
			for _, id := range chunk {
				c, err := tx.Get(id)
				if errors.Is(err, ErrNotFound) {
					step.Missing++
					continue
				}
				if err != nil {
					return err
				}
				if c.Status == contact.StatusErased {
					step.AlreadyErased++
					continue
				}
				n, nUID, err := tx.erase(c, h, jobs, opt)
				if err != nil {
					return fmt.Errorf("erasing contact %d: %w", id, err)
				}
				step.Erased++
				step.Suppressed += n
				step.SuppressedUID += nUID
				vals = append(vals, identifiers(c)...)
			}
			if step.Erased > 0 {
				return tx.markScrub()
			}
			return nil
		})
		if err != nil {
			runErr = err
			break
		}
		res.Erased += step.Erased
		res.AlreadyErased += step.AlreadyErased
		res.Missing += step.Missing
		res.Suppressed += step.Suppressed
		res.SuppressedUID += step.SuppressedUID
		values = append(values, vals...)
		if opt.Progress != nil {
			opt.Progress(start+len(chunk), len(ids))
		}
	}
	if res.Erased == 0 {
		return res, runErr
	}
	finErr := s.finishErase(&res, values)
	return res, errors.Join(runErr, finErr)
}

// erase turns c into its tombstone and returns how many of its e-mails and
// phones, and how many UIDs, it put on the suppression list.
func (tx *Tx) erase(c *contact.Contact, h *Hasher, jobs []uint64, opt EraseOptions) (suppressed, uids int, err error) {
	now := tx.s.now().UTC()
	entry := Suppression{Reason: ReasonErased, Source: opt.Source, At: now}
	suppressed, uids, err = tx.claimSuppression(h, c, entry, jobs, true)
	if err != nil {
		return 0, 0, err
	}
	nKeys := len(h.ContactKeys(c))
	tomb := &contact.Contact{
		ID: c.ID, Status: contact.StatusErased,
		CreatedAt: c.CreatedAt, UpdatedAt: now, Source: c.Source, ChangedBy: c.ChangedBy,
	}
	if err := tx.put(tomb); err != nil {
		return 0, 0, err
	}
	if err := tx.index(c, tomb); err != nil {
		return 0, 0, err
	}
	evs, err := tx.History(c.ID)
	if err != nil {
		return 0, 0, err
	}
	for i, ev := range evs {
		evs[i] = blankEvent(ev)
	}
	note := "personal data erased"
	if r := strings.TrimSpace(opt.Reason); r != "" {
		note += ": " + r
	}
	note += fmt.Sprintf(" (%d e-mails and phones kept as suppression hashes)", nKeys)
	if c.UID != "" {
		note = strings.TrimSuffix(note, ")") + "; its UID too)"
	}
	evs = append(evs, contact.Event{At: now, Kind: contact.EventErase, Source: opt.Source, Note: note})
	if err := tx.ReplaceHistory(c.ID, evs); err != nil {
		return 0, 0, err
	}
	// An import that updated the contact kept its record from before, to
	// undo the import with: that is personal data too. The undo then
	// leaves the tombstone alone.
	b := tx.tx.Bucket(bJobUndo)
	for _, job := range jobs {
		if err := b.Delete(undoKey(job, undoBefore, key64(c.ID))); err != nil {
			return 0, 0, fmt.Errorf("removing the undo record of job %d: %w", job, err)
		}
	}
	tx.dirty = true
	return suppressed, uids, nil
}

// blankEvent keeps what happened, when and by what, and drops the values.
func blankEvent(ev contact.Event) contact.Event {
	out := contact.Event{At: ev.At, Kind: ev.Kind, Source: ev.Source, By: ev.By, Note: erasedNote}
	for _, ch := range ev.Changes {
		out.Changes = append(out.Changes, contact.Change{Field: ch.Field})
	}
	return out
}

// claimSuppression puts every e-mail and phone of c on the suppression
// list, and its UID when erased. With erased set, an entry already there (an earlier unsubscribe)
// becomes an "erased" one. The entries become the erasure's or the
// unsubscribe's own: an import that had added one no longer removes it
// when it is undone. It returns how many entries it added or changed.
func (tx *Tx) claimSuppression(h *Hasher, c *contact.Contact, e Suppression, jobs []uint64, erased bool) (n, uids int, err error) {
	b := tx.tx.Bucket(bSuppression)
	undo := tx.tx.Bucket(bJobUndo)
	keys, kinds := h.contactKeys(c, erased)
	for i, key := range keys {
		e.Kind = kinds[i]
		keep := false
		if old := b.Get(key); old != nil {
			var prev Suppression
			keep = json.Unmarshal(old, &prev) == nil && (!erased || prev.Reason == ReasonErased)
		}
		if !keep {
			v, err := json.Marshal(e)
			if err != nil {
				return n, uids, fmt.Errorf("encoding a suppression entry: %w", err)
			}
			if err := b.Put(slices.Clone(key), v); err != nil {
				return n, uids, fmt.Errorf("writing a suppression entry: %w", err)
			}
			if kinds[i] == SuppressUID {
				uids++
			} else {
				n++
			}
		}
		for _, job := range jobs {
			if err := undo.Delete(undoKey(job, undoSuppressed, key)); err != nil {
				return n, uids, fmt.Errorf("removing a suppression entry from the undo of job %d: %w", job, err)
			}
		}
	}
	return n, uids, nil
}

// jobIDs lists the import jobs (their batch logs are skipped by seeking
// past them).
func (tx *Tx) jobIDs() []uint64 {
	var out []uint64
	c := tx.tx.Bucket(bJobs).Cursor()
	for k, _ := c.First(); k != nil; {
		if len(k) < 8 {
			k, _ = c.Next()
			continue
		}
		id := u64(k[:8])
		out = append(out, id)
		k, _ = c.Seek(key64(id + 1))
	}
	return out
}

// identifiers are the values of c that identify the person and may have
// been quoted in an import's log (a rejected row, a warning): e-mails,
// phones as stored and as written, messenger handles, tax and CRM IDs.
// Values shorter than five characters are left out: they would match
// unrelated text.
func identifiers(c *contact.Contact) []string {
	var out []string
	add := func(v string) {
		if v = strings.TrimSpace(v); len(v) >= 5 && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, e := range c.Emails {
		add(e)
	}
	for _, p := range c.Phones {
		add(p.Number)
		add(strings.TrimPrefix(p.Number, "+"))
		add(p.Raw)
	}
	add(c.WhatsApp)
	add(c.Viber)
	add(c.Telegram)
	add(c.TaxID)
	add(contact.NormalizeTaxID(c.TaxID))
	add(c.CRMID)
	add(c.UID)
	return out
}

// finishErase runs after the erasing transactions: index runs that still
// name erased values are merged away, import logs are redacted, derived
// caches (a saved sort order places a contact by name, the stored filter
// index holds its values) are dropped, and the file is scrubbed.
func (s *Store) finishErase(res *EraseResult, values []string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Runs hold index entries as written, the erased ones' removals too:
	// merging folds them into the indexes and drops the runs. During a
	// bulk session this is what EndBulk would do; the session goes on.
	if err := s.mergeRuns(); err != nil {
		return err
	}
	err := s.update(func(btx *bolt.Tx) error {
		n, err := redactLogs(btx, values)
		if err != nil {
			return err
		}
		res.LogsRedacted = n
		if err := btx.DeleteBucket(bCache); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return fmt.Errorf("dropping derived caches: %w", err)
		}
		if err := s.dropIndex(btx); err != nil {
			return err
		}
		_, err = btx.CreateBucket(bCache)
		return err
	})
	if err != nil {
		return fmt.Errorf("finishing the erasure: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrubWait)
	defer cancel()
	st, err := s.scrubAlone(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		res.ScrubPostponed = true
		return nil
	}
	res.Scrub = st
	return err
}

// redactLogs removes the erased people from every import batch log (see
// redactLog) and returns how many logs changed.
func redactLogs(btx *bolt.Tx, values []string) (int, error) {
	if len(values) == 0 {
		return 0, nil
	}
	// Longest first, so "+48601234567" is replaced whole rather than as
	// "+" and "48601234567".
	values = slices.Clone(values)
	slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
	values = slices.Compact(values)
	pairs := make([]string, 0, 2*len(values))
	for _, v := range values {
		pairs = append(pairs, v, redacted)
	}
	r := strings.NewReplacer(pairs...)
	b := btx.Bucket(bJobs)
	type change struct{ k, v []byte }
	var changes []change
	err := b.ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return nil
		}
		if out, ok := redactLog(v, r); ok {
			changes = append(changes, change{slices.Clone(k), out})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, c := range changes {
		if err := b.Put(c.k, c.v); err != nil {
			return 0, fmt.Errorf("redacting the log of job %d: %w", u64(c.k[:8]), err)
		}
	}
	return len(changes), nil
}

// logStructure are the keys of a log record that say where, not what: they
// survive the redaction of an erased person's row.
var logStructure = map[string]bool{"row": true, "line": true, "table": true, "file": true, "field": true}

// redactLog removes erased people from one batch log. The log is opaque
// to the store, but the importer writes it as JSON whose arrays hold row
// records (rejected and suppressed rows with their cells, warnings with a
// message), each with a "row". A record that quotes an erased identifier
// marks its row, and every record of a marked row keeps only its structure
// (logStructure): the person's name and address in the same cells go too,
// as does a warning about their name. Elsewhere the identifiers alone are
// replaced; a log that is not JSON gets only that. ok reports a change.
func redactLog(data []byte, r *strings.Replacer) ([]byte, bool) {
	plain := func() ([]byte, bool) {
		out := r.Replace(string(data))
		return []byte(out), out != string(data)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return plain()
	}
	mentions := func(v any) bool {
		found := false
		walkStrings(v, "", func(_ string, s string) string {
			if !found && r.Replace(s) != s {
				found = true
			}
			return s
		})
		return found
	}
	// Rows are told apart by number alone: a batch holds one stretch of
	// one file (an archive's members could repeat a number, and then a
	// namesake row is redacted too, which errs the right way).
	rowKey := func(m map[string]any) (string, bool) {
		row, ok := m["row"]
		if !ok {
			return "", false
		}
		return fmt.Sprint(row), true
	}
	marked := map[string]bool{}
	for _, v := range doc {
		arr, _ := v.([]any)
		for _, el := range arr {
			if m, ok := el.(map[string]any); ok && mentions(m) {
				if k, ok := rowKey(m); ok {
					marked[k] = true
				}
			}
		}
	}
	changed := false
	replace := func(_ string, s string) string {
		if out := r.Replace(s); out != s {
			changed = true
			return out
		}
		return s
	}
	blank := func(key string, s string) string {
		if logStructure[key] {
			return s
		}
		if s != redacted {
			changed = true
		}
		return redacted
	}
	for name, v := range doc {
		arr, isArr := v.([]any)
		if !isArr {
			doc[name] = walkStrings(v, name, replace)
			continue
		}
		for i, el := range arr {
			m, ok := el.(map[string]any)
			if k, hasRow := rowKey(m); ok && hasRow && marked[k] {
				arr[i] = walkStrings(m, "", blank)
			} else {
				arr[i] = walkStrings(el, "", replace)
			}
		}
	}
	if !changed {
		return data, false
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return plain()
	}
	return out, true
}

// walkStrings rewrites every string in a decoded JSON value with fn, which
// gets the key of the nearest object field above the string.
func walkStrings(v any, key string, fn func(key, s string) string) any {
	switch x := v.(type) {
	case string:
		return fn(key, x)
	case []any:
		for i := range x {
			x[i] = walkStrings(x[i], key, fn)
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = walkStrings(e, k, fn)
		}
		return x
	}
	return v
}

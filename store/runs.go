package store

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"os"
	"rolo/contact"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Bulk writes and index runs.
//
// An index is a B+tree keyed by e-mail, phone, CRM ID or tax ID: random
// keys. Inserting a batch of random keys touches most of its leaves, and
// bbolt rewrites every touched leaf on commit, so importing N contacts in
// batches of B rewrites the indexes about N/B times: quadratic. Measured on
// 1M demo contacts in batches of 5,000: 18k contacts/s with direct inserts,
// against 60k/s for the records alone.
//
// During a bulk session (an import) each transaction therefore writes its
// index entries, sorted, into a run: a fresh bucket filled in key order,
// which bbolt writes sequentially. Runs commit with their records, so the
// store stays consistent at every commit. Lookups consult the main index
// plus the runs: the session's writer through an in-memory overlay (a hash
// of each key it wrote → id), any other transaction by reading the runs.
// EndBulk merges all runs into the main indexes in one sorted pass; a
// writer opening a store that still has runs (a killed import) merges them
// first.

// Run entry keys start with a byte naming the index.
var runPrefix = map[contact.Key]byte{contact.KeyEmail: 'e', contact.KeyPhone: 'p', contact.KeyCRMID: 'c', contact.KeyTaxID: 't', contact.KeyUID: 'u'}

var bRuns = []byte("idx_runs") // run seq → run bucket

// alive marks a phone entry (phone keys carry the id; the value says
// whether the entry is added or removed).
var alive = []byte{1}

// overlay is what the bulk writer knows of the entries it wrote to runs.
// Keys are hashed to keep it small (a million-contact import holds about
// 3.5M entries); a hit is confirmed against the contact's record, so a hash
// collision can cost a decode but never a wrong answer.
//
// The maps hold no pointers except for the rare phone several contacts
// share, so the garbage collector never has to scan the millions of
// entries of a big import (it did, with a slice per phone: 3.6 s of the
// 32 s of CPU a million-row import took went to marking).
type overlay struct {
	seed   maphash.Seed
	unique map[uint64]uint64 // hash(prefix+value) → id, 0 = removed
	// phones: hash(phone) → the one entry for it (an id, top bit set =
	// removed), or manyPhones when several contacts have entries: they are
	// then in many.
	phones map[uint64]uint64
	many   map[uint64][]uint64
	txs    int    // write transactions of the session (see releaseBulk)
	spare  *runTx // the last transaction's buffers, for the next one
}

// newRunTx starts a transaction's part of the session, with the buffers
// of the last one (a batch of 5,000 contacts fills about 2 MB of them:
// growing them again for every batch was a fifth of what an import
// allocated).
func (o *overlay) newRunTx() *runTx {
	r := o.spare
	if r == nil {
		return &runTx{o: o}
	}
	o.spare = nil
	r.ops, r.arena, r.journal = r.ops[:0], r.arena[:0], r.journal[:0]
	return r
}

// done hands a finished transaction's buffers back (its run is written).
func (o *overlay) done(r *runTx) {
	clear(r.journal) // holds slices of the overlay
	o.spare = r
}

// releaseBulk is how many transactions of a bulk session go by between two
// drops of the store file's pages from resident memory (see ReleasePages).
// bbolt reads the pages it rewrites through its mapping (a bucket's last
// leaf, the pages a commit frees, the runs a merge reads), and a
// million-row import left some 280 MB of the file counted as resident:
// half its peak RSS.
const releaseBulk = 16

// manyPhones marks a phone whose entries are in overlay.many (IDs never
// come near 2^62).
const manyPhones = 1 << 62

func newOverlay() *overlay {
	return &overlay{seed: maphash.MakeSeed(), unique: map[uint64]uint64{}, phones: map[uint64]uint64{}, many: map[uint64][]uint64{}}
}

func (o *overlay) hash(k contact.Key, v string) uint64 {
	var h maphash.Hash
	h.SetSeed(o.seed)
	h.WriteByte(runPrefix[k])
	h.WriteString(v)
	return h.Sum64()
}

const removedBit = 1 << 63

// phoneEntries returns the entries for phone hash h (buf is scratch).
func (o *overlay) phoneEntries(h uint64, buf *[1]uint64) []uint64 {
	e, ok := o.phones[h]
	switch {
	case !ok:
		return nil
	case e == manyPhones:
		return o.many[h]
	}
	buf[0] = e
	return buf[:]
}

// runTx is a write transaction's part of the bulk session: its entries in
// the order made, and a journal of what it changed in the session's
// overlay, to put back if the transaction does not commit.
type runTx struct {
	o       *overlay
	ops     []runOp
	arena   []byte // the ops' keys
	journal []journalEntry
}

// journalEntry is an overlay entry as it was before the transaction
// changed it.
type journalEntry struct {
	h     uint64
	old   uint64
	had   bool
	phone bool
	many  []uint64 // phones: overlay.many[h] before (never changed in place)
}

// rollback puts the overlay back as it was before the transaction.
func (r *runTx) rollback() {
	for i := len(r.journal) - 1; i >= 0; i-- {
		e := r.journal[i]
		m := r.o.unique
		if e.phone {
			m = r.o.phones
			if e.many != nil {
				r.o.many[e.h] = e.many
			} else {
				delete(r.o.many, e.h)
			}
		}
		if e.had {
			m[e.h] = e.old
		} else {
			delete(m, e.h)
		}
	}
	r.journal = r.journal[:0]
}

type runOp struct {
	key []byte // run prefix + index key, in runTx.arena
	pre uint64 // the key's first eight bytes, big-endian: most comparisons end there
	id  uint64
	add bool
	seq int32 // order made: for one key the last one counts
}

// val is the entry's value in the run: the id for a unique key, 1 or 0
// (added or removed) for a phone, whose key holds the id; empty removes.
func (op *runOp) val() []byte {
	switch {
	case op.key[0] == runPrefix[contact.KeyPhone] && op.add:
		return alive
	case op.key[0] == runPrefix[contact.KeyPhone]:
		return []byte{0}
	case op.add:
		return key64(op.id)
	}
	return nil
}

func (tx *Tx) bulkIndex(k contact.Key, v string, id uint64, add bool) {
	r := tx.run
	start := len(r.arena)
	r.arena = append(r.arena, runPrefix[k])
	r.arena = append(r.arena, v...)
	if k == contact.KeyPhone {
		r.arena = append(r.arena, 0)
		r.arena = binary.BigEndian.AppendUint64(r.arena, id)
	}
	key := r.arena[start:len(r.arena):len(r.arena)]
	var pre [8]byte
	copy(pre[:], key)
	r.ops = append(r.ops, runOp{key: key, pre: binary.BigEndian.Uint64(pre[:]), id: id, add: add, seq: int32(len(r.ops))})
	o := r.o
	h := o.hash(k, v)
	if k != contact.KeyPhone {
		old, had := o.unique[h]
		r.journal = append(r.journal, journalEntry{h: h, old: old, had: had})
		if !add {
			id = 0
		}
		o.unique[h] = id
		return
	}
	old, had := o.phones[h]
	je := journalEntry{h: h, old: old, had: had, phone: true}
	if old == manyPhones {
		je.many = o.many[h]
	}
	r.journal = append(r.journal, je)
	entry := id
	if !add {
		entry |= removedBit
	}
	switch {
	case !had || old&^removedBit == id:
		o.phones[h] = entry
	case old != manyPhones:
		o.phones[h] = manyPhones
		o.many[h] = []uint64{old, entry}
	default:
		list := slices.DeleteFunc(slices.Clone(o.many[h]), func(x uint64) bool { return x&^removedBit == id })
		o.many[h] = append(list, entry)
	}
}

// writeRun stores the transaction's entries as one sorted run: a single
// value (see runblob.go), which bbolt writes as contiguous pages.
func (tx *Tx) writeRun() error {
	ops := tx.run.ops
	if len(ops) == 0 {
		return nil
	}
	slices.SortFunc(ops, func(a, b runOp) int {
		switch {
		case a.pre < b.pre:
			return -1
		case a.pre > b.pre:
			return 1
		}
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.seq - b.seq)
	})
	// For one key the last entry made is the one that counts.
	out := ops[:0]
	for i, op := range ops {
		if i+1 < len(ops) && bytes.Equal(ops[i+1].key, op.key) {
			continue
		}
		out = append(out, op)
	}
	runs, err := tx.tx.CreateBucketIfNotExists(bRuns)
	if err != nil {
		return fmt.Errorf("creating index runs: %w", err)
	}
	if meta := tx.tx.Bucket(bMeta); meta.Get(metaRunsJournal) == nil {
		var head uint64
		if j := tx.tx.Bucket(bJournal); j != nil {
			head = j.Sequence()
		}
		if err := meta.Put(metaRunsJournal, key64(head)); err != nil {
			return fmt.Errorf("marking where the index runs begin: %w", err)
		}
	}
	seq, err := runs.NextSequence()
	if err != nil {
		return err
	}
	runs.FillPercent = 1.0
	if err := runs.Put(key64(seq), encodeRun(out)); err != nil {
		return fmt.Errorf("writing index run %d: %w", seq, err)
	}
	return nil
}

// BeginBulk starts a bulk session: until EndBulk, every write transaction
// (the importer's batches, and any edit made meanwhile) writes its index
// entries to a sorted run. Use it for imports of thousands of contacts. One
// session at a time: a second BeginBulk is refused.
func (s *Store) BeginBulk() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.readOnly {
		return ErrReadOnly
	}
	if s.bulk != nil || s.aside {
		return fmt.Errorf("a bulk write is already under way on %s", s.path)
	}
	// Only one session's runs at a time: a session's lookups know its own
	// pending entries, not another's, so two at once could both create a
	// contact with the same e-mail. A second process's session therefore
	// writes its index entries directly, as any edit beside an import
	// does; slower, never wrong.
	err := s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if owner := meta.Get(metaBulkOwner); owner != nil && ownerAlive(string(owner)) {
			s.aside = true
			return nil
		}
		return meta.Put(metaBulkOwner, []byte(bulkOwner()))
	})
	if err != nil {
		s.aside = false
		return fmt.Errorf("starting a bulk write on %s: %w", s.path, err)
	}
	if !s.aside {
		s.bulk = newOverlay()
	}
	return nil
}

// metaBulkOwner names the process whose bulk session wrote the runs
// ("host pid"), so another process that opens the store leaves a live
// session's runs alone and merges a killed one's.
var metaBulkOwner = []byte("bulk_owner")

// metaRunsJournal is the journal's head when the first of the current runs
// was written: the merge re-checks the contacts other processes changed
// since (see mergeFrom).
var metaRunsJournal = []byte("runs_journal")

func bulkOwner() string {
	host, _ := os.Hostname()
	return host + " " + strconv.Itoa(os.Getpid())
}

// ownerAlive reports whether the process named by a bulk owner still runs.
func ownerAlive(owner string) bool {
	host, pidText, ok := strings.Cut(owner, " ")
	me, _ := os.Hostname()
	pid, err := strconv.Atoi(pidText)
	if !ok || err != nil || host != me {
		return false // another machine: a store on a network disk is not shared live
	}
	if pid == os.Getpid() {
		return false // this process has no session (BeginBulk sets s.bulk)
	}
	return processAlive(pid)
}

// mergeOrphanRuns merges runs left by a bulk session whose process is gone
// (an import that was killed). A live session's runs are its own to merge.
func (s *Store) mergeOrphanRuns() error {
	orphan := false
	err := s.view(func(tx *bolt.Tx) error {
		orphan = hasRuns(tx) && !ownerAlive(string(tx.Bucket(bMeta).Get(metaBulkOwner)))
		return nil
	})
	if err != nil || !orphan {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.mergeRuns()
}

// EndBulk merges the session's runs into the main indexes and ends it.
func (s *Store) EndBulk() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.aside {
		// The runs are the live session's to merge, not this one's.
		s.aside = false
		return nil
	}
	// If the merge fails the session goes on (writes keep going to runs and
	// lookups keep their overlay), so the indexes never disagree; the next
	// EndBulk or the next writer to open the store merges them.
	if err := s.mergeRuns(); err != nil {
		return err
	}
	s.bulk = nil
	if err := s.update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(metaBulkOwner) }); err != nil {
		return fmt.Errorf("ending the bulk write on %s: %w", s.path, err)
	}
	return nil
}

// hasRuns reports whether unmerged runs exist.
func hasRuns(tx *bolt.Tx) bool {
	runs := tx.Bucket(bRuns)
	if runs == nil {
		return false
	}
	k, _ := runs.Cursor().First()
	return k != nil
}

// forEachRun calls fn for every run, oldest first.
func forEachRun(tx *bolt.Tx, fn func(seq uint64, r run) error) error {
	runs := tx.Bucket(bRuns)
	if runs == nil {
		return nil
	}
	return runs.ForEach(func(k, v []byte) error {
		r, err := openRun(v)
		if err != nil {
			return fmt.Errorf("index run %d: %w", u64(k), err)
		}
		return fn(u64(k), r)
	})
}

// mergeChunk bounds the entries one merge transaction writes: bbolt holds a
// transaction's dirty pages in memory until commit, and each index's last
// leaf grows by every entry of the chunk before it is split at commit. A
// million-row import in paired runs: 100k entries a chunk against 400k,
// the same time, 5% less CPU and a peak of 355 MB against 413 MB. Other
// processes wait while a chunk is written: 50k keeps that wait short.
var mergeChunk = 50_000

// mergeRuns folds every run into the main indexes: a k-way merge, so each
// index receives its keys in order, in transactions of mergeChunk entries,
// then one that deletes the runs. Until that last one commits the runs stay
// and win over the main index, and a merged entry only repeats what its run
// says, so a crash at any point leaves the indexes right and the next merge
// simply starts over. The caller holds s.wmu.
func (s *Store) mergeRuns() error {
	has := false
	if err := s.view(func(tx *bolt.Tx) error { has = hasRuns(tx); return nil }); err != nil || !has {
		return err
	}
	var touched map[uint64]bool
	if err := s.view(func(tx *bolt.Tx) error { touched = touchedByOthers(tx); return nil }); err != nil {
		return err
	}
	var from []byte // merge entries with keys >= from
	for done := false; !done; {
		err := s.update(func(tx *bolt.Tx) error {
			var err error
			from, done, err = mergeFrom(tx, from, touched)
			return err
		})
		if err != nil {
			return fmt.Errorf("merging index runs of %s: %w", s.path, err)
		}
	}
	err := s.update(func(tx *bolt.Tx) error {
		// Recreating the bucket drops every run at once.
		if err := tx.DeleteBucket(bRuns); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bRuns); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Delete(metaRunsJournal)
	})
	if err != nil {
		return fmt.Errorf("removing merged index runs of %s: %w", s.path, err)
	}
	return nil
}

// mergeFrom merges up to mergeChunk run entries with keys >= from and
// returns where the next chunk starts, or done.
//
// Two goroutines share the work: one merges the runs (a heap over their
// cursors) and hands the entries over in blocks, the transaction's own
// puts them. The merge runs at the end of an import, when the normalisers
// have stopped and a core would otherwise be idle. The entries are bytes
// of the runs, read in place: valid until the transaction ends, and the
// merging goroutine has always stopped before it does.
//
// Other processes may have changed contacts while the runs were written
// (their index changes went to the main index): for the contacts in
// touched, the record decides each entry, so a merged run can neither
// bring back a key they removed nor remove one they added. A nil touched
// means the journal no longer says who changed what: every entry is
// checked.
func mergeFrom(tx *bolt.Tx, from []byte, touched map[uint64]bool) (next []byte, done bool, err error) {
	if err := dropPages(tx.DB().Info().Data, tx.Size()); err != nil {
		return nil, false, fmt.Errorf("releasing pages: %w", err)
	}
	var h runHeap
	err = forEachRun(tx, func(seq uint64, r run) error {
		rc := &runCursor{r: r, i: r.search(from), seq: seq}
		if rc.i < r.n {
			rc.k, rc.v = r.entry(rc.i)
			h = append(h, rc)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	var buckets [256]*bolt.Bucket
	for k, p := range runPrefix {
		b := tx.Bucket(keyBucket(k))
		b.FillPercent = 0.9
		buckets[p] = b
	}
	blocks := make(chan []runEntry, 4)
	stop := make(chan struct{})
	finished := make(chan struct{})
	var heapNext []byte
	var heapDone bool
	go func() {
		defer close(finished)
		defer close(blocks)
		heapNext, heapDone = mergeHeap(h, blocks, stop)
	}()
	defer func() {
		close(stop)
		for range blocks { // let the merging goroutine end
		}
		<-finished
	}()
	check := &Tx{tx: tx}
	for block := range blocks {
		for _, e := range block {
			keep, err := runEntryHolds(check, buckets[e.key[0]], e.key, e.val, touched)
			if err != nil {
				return nil, false, err
			}
			if !keep {
				continue
			}
			if err := applyRunEntry(buckets[e.key[0]], e.key, e.val); err != nil {
				return nil, false, err
			}
		}
	}
	<-finished
	return heapNext, heapDone, nil
}

// runEntry is an entry of a run, as mergeHeap hands it over.
type runEntry struct{ key, val []byte }

// mergeHeap merges the runs under h (newest wins for a key) into blocks of
// entries, until mergeChunk entries (next: the key the next chunk starts
// with) or the end (done), or until stop is closed.
func mergeHeap(h runHeap, out chan<- []runEntry, stop <-chan struct{}) (next []byte, done bool) {
	heap.Init(&h)
	const blockSize = 4096
	block := make([]runEntry, 0, blockSize)
	send := func() bool {
		if len(block) == 0 {
			return true
		}
		select {
		case out <- block:
		case <-stop:
			return false
		}
		block = make([]runEntry, 0, blockSize)
		return true
	}
	for n := 0; h.Len() > 0; n++ {
		if n == mergeChunk {
			next = bytes.Clone(h[0].k)
			send()
			return next, false
		}
		key, val, seq := h[0].k, h[0].v, h[0].seq
		// Later runs win: pop every cursor at this key, keep the newest.
		for h.Len() > 0 && bytes.Equal(h[0].k, key) {
			if h[0].seq > seq {
				val, seq = h[0].v, h[0].seq
			}
			if rc := h[0]; !rc.next() {
				heap.Pop(&h)
			} else {
				heap.Fix(&h, 0)
			}
		}
		if block = append(block, runEntry{key, val}); len(block) == blockSize && !send() {
			return nil, false
		}
	}
	send()
	return nil, true
}

func applyRunEntry(b *bolt.Bucket, key, val []byte) error {
	if b == nil {
		return fmt.Errorf("index run entry with unknown prefix %q", key[0])
	}
	mk := bytes.Clone(key[1:]) // the run's bytes die with the transaction
	removed := len(val) == 0 || (key[0] == runPrefix[contact.KeyPhone] && val[0] == 0)
	if removed {
		return b.Delete(mk)
	}
	if key[0] == runPrefix[contact.KeyPhone] {
		return b.Put(mk, nil)
	}
	return b.Put(mk, bytes.Clone(val))
}

type runCursor struct {
	r    run
	i    int
	k, v []byte
	seq  uint64
}

func (rc *runCursor) next() bool {
	rc.i++
	if rc.i >= rc.r.n {
		return false
	}
	rc.k, rc.v = rc.r.entry(rc.i)
	return true
}

type runHeap []*runCursor

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].k, h[j].k); c != 0 {
		return c < 0
	}
	return h[i].seq > h[j].seq
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runCursor)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// runLookupUnique reads the runs, newest first, for transactions that
// have no overlay: it returns the id (found reports whether any run mentions
// the value; id 0 means removed).
func runLookupUnique(tx *bolt.Tx, k contact.Key, v string) (id uint64, found bool) {
	runs := tx.Bucket(bRuns)
	if runs == nil {
		return 0, false
	}
	key := append([]byte{runPrefix[k]}, v...)
	c := runs.Cursor()
	for seq, blob := c.Last(); seq != nil; seq, blob = c.Prev() {
		r, err := openRun(blob)
		if err != nil {
			continue // Verify reports a malformed run
		}
		if i := r.search(key); i < r.n {
			if rk, val := r.entry(i); bytes.Equal(rk, key) {
				return u64(val), true // an empty value (removed) reads as 0
			}
		}
	}
	return 0, false
}

// runLookupPhone applies the runs' entries for a phone to ids (read from
// the main index).
func runLookupPhone(tx *bolt.Tx, v string, ids []uint64) []uint64 {
	prefix := append(append([]byte{runPrefix[contact.KeyPhone]}, v...), 0)
	_ = forEachRun(tx, func(_ uint64, r run) error {
		for i := r.search(prefix); i < r.n; i++ {
			k, val := r.entry(i)
			if !bytes.HasPrefix(k, prefix) {
				break
			}
			id := binary.BigEndian.Uint64(k[len(prefix):])
			ids = slices.DeleteFunc(ids, func(x uint64) bool { return x == id })
			if len(val) > 0 && val[0] == 1 {
				ids = append(ids, id)
			}
		}
		return nil
	})
	slices.Sort(ids)
	return ids
}

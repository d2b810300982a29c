package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"rolo/contact"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// The run is a pipeline: one goroutine reads records (decoding, CSV or XML
// parsing) in chunks, GOMAXPROCS goroutines normalise them (phones through
// libphonenumber, e-mails, dates, suppression hashes: the expensive part),
// and the run's own goroutine puts them back in file order and writes them
// through the sink in batches, one transaction each. Only the writer
// touches the store, and it does nothing a normaliser could do for it.

// Phase of a running import.
type Phase string

// Phases.
const (
	PhaseImporting Phase = "importing"
	PhaseFinishing Phase = "finishing" // writing the last indexes, closing the job
	PhaseDone      Phase = "done"
)

// Progress is one report of a running import, sent on Run.Progress.
type Progress struct {
	Job     uint64
	Phase   Phase
	Read    int   // records read
	Written int   // rows committed
	Bytes   int64 // read so far, in the units of Total
	Total   int64 // the file's size (bytes; cards for vCard)
	Rate    float64
	ETA     time.Duration
	Elapsed time.Duration
	Counts  contact.ImportCounts
	Final   bool              // the last event: the run has ended
	Status  contact.JobStatus // on the last event: done, cancelled or failed
}

// Run is an import under way.
type Run struct {
	Job      uint64
	progress chan Progress
	done     chan struct{}
	cancel   context.CancelFunc
	rep      *Report
	err      error

	src      *Source
	opt      Options
	sink     Sink
	plans    []*plan
	start    time.Time
	w        *writer
	read     atomic.Int64
	bytes    atomic.Int64
	total    int64
	skip     int
	baseRows int
	lastEv   time.Time
	hashCh   chan string
	hashVal  string
	// rowPool recycles rows once their batch is written: a row is about a
	// kilobyte (a whole contact), and a million of them were a sixth of
	// what an import allocated, all of it for the collector to clear.
	rowPool sync.Pool
}

// chunkSize is how many records travel together between the stages.
const chunkSize = 256

type chunk struct {
	seq   int
	table int
	recs  []Record
	rows  []int
}

type result struct {
	seq  int
	rows []*rowData
}

// Start checks the mapping of every table (a file no row of which could be
// imported is refused here, before anything is written), begins the job
// with the sink and starts the run in its own goroutine. The caller reads
// Progress until it is closed (or not at all), then calls Wait.
func Start(ctx context.Context, src *Source, opt Options, sink Sink) (*Run, error) {
	opt.defaults()
	maps, err := opt.mappings(src)
	if err != nil {
		return nil, err
	}
	r := &Run{src: src, sink: sink, progress: make(chan Progress, 64), done: make(chan struct{}), start: time.Now()}
	for i, t := range src.Tables {
		p, err := compile(t, i, maps[i], &opt, true)
		if err != nil {
			return nil, err
		}
		r.plans = append(r.plans, p)
		r.total += t.Size
	}
	opt.Mappings = maps
	r.opt = opt
	optJSON, err := json.Marshal(opt)
	if err != nil {
		return nil, fmt.Errorf("recording the import options: %w", err)
	}
	js, err := sink.Begin(JobInfo{File: src.Path, Size: src.Size, Options: optJSON, DryRun: opt.DryRun, Resume: opt.Resume})
	if err != nil {
		return nil, err
	}
	r.Job = js.ID
	if js.Hasher != nil && (js.Suppressions || opt.UnsubscribeAll) {
		for _, p := range r.plans {
			p.hasher = js.Hasher
		}
	}
	rep := &Report{File: src.Name, Job: js.ID, DryRun: opt.DryRun, Format: src.Format, tables: src.Tables,
		Skipped: src.Skipped, Mapping: maps[0].Columns, ResumedAfter: js.Committed, mappings: maps}
	t0 := src.Tables[0]
	rep.Encoding, rep.Delimiter, rep.Sheet, rep.Header = t0.Encoding, DelimiterName(t0.Delimiter), t0.Sheet, t0.Header
	for _, m := range maps {
		rep.HeldGuesses = append(rep.HeldGuesses, m.HeldGuesses()...)
	}
	if src.Format == FormatZIP {
		rep.Format = FormatZIP
	}
	for _, l := range js.Logs {
		if err := rep.AddLog(l); err != nil {
			return nil, errors.Join(err, sink.End(JobState{Counts: js.Counts, Committed: js.Committed, Status: contact.JobFailed, Error: err.Error()}))
		}
	}
	r.rep = rep
	r.skip = js.Committed
	r.baseRows = js.Counts.Rows
	r.w = &writer{opt: &r.opt, source: fmt.Sprintf("import:%d", js.ID), seen: map[uint64]struct{}{}, counts: js.Counts, rep: rep,
		created: slices.Clone(js.Created)}
	slices.SortFunc(r.w.created, func(a, b [2]uint64) int { return int(a[0]) - int(b[0]) })
	for _, id := range js.Updated {
		r.w.seen[id] = struct{}{}
	}
	r.hashVal = js.Hash
	if r.hashVal == "" {
		r.hashCh = make(chan string, 1)
		go func() { r.hashCh <- hashFile(src.Path) }()
	}
	ctx, r.cancel = context.WithCancel(ctx)
	go r.run(ctx)
	return r, nil
}

// Progress delivers progress events; it is closed when the run ends. The
// final event (Final set) is never dropped; others are skipped when the
// reader is slow.
func (r *Run) Progress() <-chan Progress { return r.progress }

// Cancel asks the run to stop after the batch it is writing: the store
// keeps whole batches only, and the job can be resumed.
func (r *Run) Cancel() { r.cancel() }

// Wait waits for the end of the run and returns its report (also when the
// run failed or was cancelled: it says how far it got).
func (r *Run) Wait() (*Report, error) {
	<-r.done
	return r.rep, r.err
}

func hashFile(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// HashFile returns the SHA-256 of a file, hex (what a job records).
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading %s to check it: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s to check it: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// MovedError is a job's file no longer at the path the job read it from.
func MovedError(path string, job uint64) error {
	return fmt.Errorf("%s is not where import job %d read it (moved, renamed or removed); if it moved, give its new path: rolo import --resume %d NEW-PATH", path, job, job)
}

func (r *Run) hash(wait bool) string {
	if r.hashVal != "" || r.hashCh == nil {
		return r.hashVal
	}
	if wait {
		r.hashVal = <-r.hashCh
		r.hashCh = nil
		return r.hashVal
	}
	select {
	case r.hashVal = <-r.hashCh:
		r.hashCh = nil
	default:
	}
	return r.hashVal
}

func (r *Run) run(ctx context.Context) {
	defer close(r.done)
	defer close(r.progress)
	readCtx, stopReading := context.WithCancel(context.Background())
	defer stopReading()
	workers := r.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The writer takes rows a batch at a time; the normalisers must be able
	// to work a whole batch ahead while it commits one, or the two stages
	// take turns instead of running side by side (measured: 0.9 cores used
	// out of 2 with buffers of a few chunks).
	ahead := 2*(r.opt.BatchSize/chunkSize+1) + 2*workers
	chunks := make(chan chunk, ahead)
	results := make(chan result, ahead)
	var readErr error
	go func() {
		defer close(chunks)
		readErr = r.readAll(readCtx, chunks)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				rows := make([]*rowData, len(c.recs))
				p := r.plans[c.table]
				for i, rec := range c.recs {
					row, _ := r.rowPool.Get().(*rowData)
					if row == nil {
						row = new(rowData)
					}
					rows[i] = p.normalizeInto(row, rec, c.rows[i])
				}
				results <- result{seq: c.seq, rows: rows}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	status, err := r.writeAll(ctx, results)
	stopReading()
	for range results { // let the stages finish
	}
	if err == nil && readErr != nil && status != contact.JobCancelled {
		status, err = contact.JobFailed, readErr
	}
	r.emit(PhaseFinishing, true)
	st := JobState{Counts: r.w.counts, Committed: r.skip + r.w.committed, Hash: r.hash(true), Status: status}
	if err != nil {
		st.Error = err.Error()
	}
	if endErr := r.sink.End(st); endErr != nil {
		err = errors.Join(err, endErr)
	}
	r.rep.Rows, r.rep.Created, r.rep.Updated, r.rep.Unchanged = r.w.counts.Rows, r.w.counts.Created, r.w.counts.Updated, r.w.counts.Unchanged
	r.rep.Merged, r.rep.IdentityConflicts = r.w.counts.Merged, r.w.counts.IdentityConflicts
	r.rep.Status = status
	if err != nil {
		r.rep.Error = err.Error()
	}
	r.rep.SortRows()
	r.rep.Elapsed = time.Since(r.start)
	r.err = err
	ev := r.event(PhaseDone)
	ev.Final, ev.Status = true, status
	// The final event is never dropped: when nobody reads and the buffer
	// is full, the oldest event makes room (only this goroutine sends).
	select {
	case r.progress <- ev:
	default:
		select {
		case <-r.progress:
		default:
		}
		r.progress <- ev
	}
}

// readAll reads every table's records into chunks, skipping the rows a
// resumed job had committed.
func (r *Run) readAll(ctx context.Context, out chan<- chunk) error {
	row := 0
	var before int64
	k := newChunker(ctx, nil, out)
	for ti, t := range r.src.Tables {
		tr, err := t.open()
		if err != nil {
			return err
		}
		for {
			rec, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				tr.Close()
				return fmt.Errorf("reading %s after row %d: %w", t.Name, row, err)
			}
			row++
			r.read.Store(int64(row))
			r.bytes.Store(before + tr.done())
			if row <= r.skip {
				continue
			}
			if !k.add(ti, rec, row) {
				tr.Close()
				return nil
			}
		}
		tr.Close()
		if !k.flush() {
			return nil
		}
		before += t.Size
		r.bytes.Store(before)
	}
	return nil
}

// writeAll puts rows back in file order and writes them in batches; it
// stops between batches when ctx is cancelled.
func (r *Run) writeAll(ctx context.Context, results <-chan result) (contact.JobStatus, error) {
	pending := map[int][]*rowData{}
	next := 0
	var batch []*rowData
	size := r.opt.BatchSize
	for res := range results {
		pending[res.seq] = res.rows
		for rows, ok := pending[next]; ok; rows, ok = pending[next] {
			delete(pending, next)
			next++
			batch = append(batch, rows...)
			for len(batch) >= size {
				if ctx.Err() != nil {
					return contact.JobCancelled, nil
				}
				if err := r.flush(batch[:size]); err != nil {
					return contact.JobFailed, err
				}
				r.recycle(batch[:size])
				batch = slices.Clone(batch[size:])
			}
		}
	}
	if ctx.Err() != nil {
		return contact.JobCancelled, nil
	}
	if len(batch) > 0 {
		if err := r.flush(batch); err != nil {
			return contact.JobFailed, err
		}
	}
	return contact.JobDone, nil
}

// recycle hands written rows back to the normalisers. Nothing keeps a row
// once its batch is written: the report copies its warnings and keeps
// only its cells (which are the record's, not the row's), and the sink
// copies what it stores.
func (r *Run) recycle(rows []*rowData) {
	for _, row := range rows {
		*row = rowData{}
		r.rowPool.Put(row)
	}
}

// flush writes one batch in one transaction.
func (r *Run) flush(batch []*rowData) error {
	w := r.w
	w.now = r.opt.Now().UTC()
	saved := w.counts
	w.log = batchLog{}
	w.batchSeen, w.batchFirst, w.batchLast = w.batchSeen[:0], 0, 0
	last := batch[len(batch)-1].row
	added, err := r.sink.Batch(func(tx SinkTx) error {
		for _, row := range batch {
			if err := w.write(tx, row); err != nil {
				return err
			}
		}
		st := JobState{Counts: w.counts, Committed: last, Hash: r.hash(false), Status: contact.JobRunning}
		var err error
		if st.Log, err = json.Marshal(w.log); err != nil {
			return err
		}
		return tx.Checkpoint(&st)
	})
	if err != nil {
		w.counts = saved
		for _, id := range w.batchSeen {
			delete(w.seen, id)
		}
		return err
	}
	if w.batchFirst != 0 {
		w.created = append(w.created, [2]uint64{w.batchFirst, w.batchLast})
	}
	w.committed = last - r.skip
	r.rep.Rejected = append(r.rep.Rejected, w.log.Rejected...)
	r.rep.Suppressed = append(r.rep.Suppressed, w.log.Suppressed...)
	r.rep.Warnings = append(r.rep.Warnings, w.log.Warnings...)
	r.rep.NewConsents = appendNew(r.rep.NewConsents, added.Consents)
	r.rep.NewGroups = appendNew(r.rep.NewGroups, added.Groups)
	r.rep.NewFields = appendNew(r.rep.NewFields, added.Fields)
	r.emit(PhaseImporting, false)
	return nil
}

// appendNew adds the names of add that list lacks. A file of 100 000
// columns adds as many custom fields: past a few names a set keeps this
// linear.
func appendNew(list, add []string) []string {
	if len(add) == 0 {
		return list
	}
	if len(list)+len(add) > 64 {
		seen := make(map[string]bool, len(list)+len(add))
		for _, l := range list {
			seen[l] = true
		}
		for _, a := range add {
			if !seen[a] {
				seen[a] = true
				list = append(list, a)
			}
		}
		return list
	}
	for _, a := range add {
		if !slices.Contains(list, a) {
			list = append(list, a)
		}
	}
	return list
}

func (r *Run) event(ph Phase) Progress {
	el := time.Since(r.start)
	ev := Progress{Job: r.Job, Phase: ph, Read: int(r.read.Load()), Written: r.w.counts.Rows, Bytes: r.bytes.Load(),
		Total: r.total, Elapsed: el, Counts: r.w.counts}
	if s := el.Seconds(); s > 0 {
		ev.Rate = float64(ev.Written-r.baseRows) / s
	}
	if ev.Total > 0 && ev.Bytes > 0 && ev.Bytes < ev.Total {
		frac := float64(ev.Bytes) / float64(ev.Total)
		ev.ETA = time.Duration(float64(el) * (1 - frac) / frac)
	}
	return ev
}

// emit sends a progress event, at most ten a second unless forced, never
// blocking the writer.
func (r *Run) emit(ph Phase, force bool) {
	now := time.Now()
	if !force && now.Sub(r.lastEv) < 100*time.Millisecond {
		return
	}
	r.lastEv = now
	select {
	case r.progress <- r.event(ph):
	default:
	}
}

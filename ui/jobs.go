package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Long work (demo data, bulk edits, exports, later imports) runs in a
// goroutine. It reports through a channel; a command reads one event and the
// root re-arms it after each, so the UI never blocks. Every event carries its
// job's ID: an event of a job the root no longer follows is dropped.
// Progress is throttled and may be dropped when the UI is behind; the final
// event never is.

// jobFunc is the work of a job. It calls report as it goes and returns the
// message the root delivers when the job is done (nil for none).
type jobFunc func(ctx context.Context, report func(done, total int)) (tea.Msg, error)

// jobMsg is one event of a job.
type jobMsg struct {
	ID       int
	Label    string
	Done     int
	Total    int
	Finished bool
	Canceled bool
	Err      error
	Result   tea.Msg // delivered to Update after the final event
	Started  time.Time
}

// jobRunner starts jobs and, on exit, cancels and waits for them before the
// store is closed. It is shared by pointer and safe for concurrent use.
type jobRunner struct {
	mu      sync.Mutex
	next    int
	cancels map[int]context.CancelFunc
	wg      sync.WaitGroup
	every   time.Duration // progress throttle
}

func newJobRunner() *jobRunner {
	return &jobRunner{cancels: map[int]context.CancelFunc{}, every: 50 * time.Millisecond}
}

// start runs work in a goroutine and returns its ID and the command that
// reads its first event.
func (r *jobRunner) start(label string, now time.Time, work jobFunc) (int, <-chan jobMsg) {
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.next++
	id := r.next
	r.cancels[id] = cancel
	r.mu.Unlock()
	ch := make(chan jobMsg, 1)
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(ch)
		defer func() {
			r.mu.Lock()
			delete(r.cancels, id)
			r.mu.Unlock()
			cancel()
		}()
		var last time.Time
		done, total := 0, 0
		report := func(d, t int) {
			done, total = d, t
			if n := time.Now(); n.Sub(last) >= r.every {
				last = n
				select {
				case ch <- jobMsg{ID: id, Label: label, Done: d, Total: t, Started: now}:
				default: // the UI has not read the last one yet: skip this
				}
			}
		}
		res, err := safeRun(ctx, work, report)
		final := jobMsg{ID: id, Label: label, Done: done, Total: total, Finished: true, Err: err, Result: res, Started: now}
		if errors.Is(err, context.Canceled) {
			final.Canceled, final.Err = true, nil
		}
		// Make room: a stale progress event must not block the final one.
		select {
		case <-ch:
		default:
		}
		ch <- final
	}()
	return id, ch
}

// safeRun turns a panic in a job into an error: the interface reports it in
// the status line instead of dying with the terminal in raw mode.
func safeRun(ctx context.Context, work jobFunc, report func(int, int)) (res tea.Msg, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("internal error in background job: " + toString(p))
		}
	}()
	return work(ctx, report)
}

func toString(p any) string {
	if e, ok := p.(error); ok {
		return e.Error()
	}
	if s, ok := p.(string); ok {
		return s
	}
	return "unexpected panic"
}

// cancel stops a job; its final event still arrives.
func (r *jobRunner) cancel(id int) {
	r.mu.Lock()
	c := r.cancels[id]
	r.mu.Unlock()
	if c != nil {
		c()
	}
}

// shutdown cancels every job and waits for all of them: called after the
// program ends and before the store closes.
func (r *jobRunner) shutdown() {
	r.mu.Lock()
	for _, c := range r.cancels {
		c()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// waitJob reads the next event of a job.
func waitJob(ch <-chan jobMsg) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return jobEventMsg{ev: ev, ch: ch}
	}
}

// jobEventMsg carries an event and the channel to re-arm on.
type jobEventMsg struct {
	ev jobMsg
	ch <-chan jobMsg
}

// runJobMsg asks the root to start a job. Modal jobs show a progress dialog
// (which may be hidden to keep working); others only the header indicator.
type runJobMsg struct {
	Label string
	Work  jobFunc
	Modal bool
}

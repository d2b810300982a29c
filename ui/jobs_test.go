package ui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/demo"
	"rolo/store"
)

type doneMsg struct{ n int }

// events reads a job's events until the final one.
func events(t *testing.T, ch <-chan jobMsg) []jobMsg {
	t.Helper()
	var out []jobMsg
	for ev := range ch {
		out = append(out, ev)
		if ev.Finished {
			break
		}
	}
	return out
}

func TestJobFinalEventIsNeverDropped(t *testing.T) {
	r := newJobRunner()
	r.every = 0 // report everything the channel takes
	id, ch := r.start("count", testNow, func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		for i := 1; i <= 10000; i++ {
			report(i, 10000)
		}
		return doneMsg{n: 10000}, nil
	})
	evs := events(t, ch)
	last := evs[len(evs)-1]
	if !last.Finished || last.ID != id || last.Done != 10000 || last.Result.(doneMsg).n != 10000 {
		t.Fatalf("final event %+v", last)
	}
	// Progress was throttled by the reader's pace, not queued.
	if len(evs) > 10000 {
		t.Fatalf("%d events for 10000 reports", len(evs))
	}
	r.shutdown()
}

func TestJobCancelAndShutdown(t *testing.T) {
	r := newJobRunner()
	var stopped atomic.Bool
	started := make(chan struct{})
	_, ch := r.start("forever", testNow, func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		close(started)
		<-ctx.Done()
		stopped.Store(true)
		return nil, ctx.Err()
	})
	<-started
	r.shutdown() // cancels and waits
	if !stopped.Load() {
		t.Fatal("shutdown returned before the job stopped")
	}
	evs := events(t, ch)
	if last := evs[len(evs)-1]; !last.Canceled || last.Err != nil {
		t.Fatalf("a cancelled job's final event: %+v", last)
	}
}

func TestJobPanicBecomesAnError(t *testing.T) {
	r := newJobRunner()
	_, ch := r.start("boom", testNow, func(context.Context, func(int, int)) (tea.Msg, error) {
		panic("kaput")
	})
	evs := events(t, ch)
	if last := evs[len(evs)-1]; last.Err == nil || !strings.Contains(last.Err.Error(), "kaput") {
		t.Fatalf("final event %+v", last)
	}
	r.shutdown()
}

func TestRootDropsStaleJobEvents(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	// An event of a job the root does not follow is ignored.
	ch := make(chan jobMsg)
	_, cmd := m.Update(jobEventMsg{ev: jobMsg{ID: 999, Label: "ghost", Done: 5, Total: 10}, ch: ch})
	if cmd != nil || len(m.jobs) != 0 {
		t.Fatalf("a stale event was followed: %v", m.jobs)
	}
	// A job's error reaches the status line instead of crashing.
	msgs := drain(t, m, runJobMsg{Label: "failing", Work: func(context.Context, func(int, int)) (tea.Msg, error) {
		return nil, errors.New("disk full")
	}})
	st, ok := findMsg[statusMsg](msgs)
	if !ok || !st.Err || !strings.Contains(st.Text, "failing: disk full") {
		t.Fatalf("status %+v", st)
	}
	mustContain(t, screenText(m), "✗ failing: disk full")
}

func TestProgressScreenCancels(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	_, cmd := m.Update(runJobMsg{Label: "slow work", Modal: true, Work: func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		report(1, 4)
		<-ctx.Done()
		return nil, ctx.Err()
	}})
	if _, ok := m.active().(*progressScreen); !ok {
		t.Fatalf("a modal job shows %T", m.active())
	}
	mustContain(t, screenText(m), "slow work", "x cancels")
	msgs := drain(t, m, keyMsg("x"))
	if st, ok := findMsg[statusMsg](msgs); !ok || !strings.Contains(st.Text, "cancelling") {
		t.Fatalf("x should say it cancels: %+v", msgs)
	}
	drain(t, m, cmd) // follow the job to its end
	if len(m.jobs) != 0 {
		t.Fatalf("the job did not end: %v", m.jobs)
	}
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("the progress dialog should close when the job ends, active %T", m.active())
	}
	mustContain(t, screenText(m), "slow work: cancelled")
}

// After a reindex the table shows contacts written behind the index's back,
// and an edit made while the new index was built is not lost.
func TestReindexSeesOutsideWrites(t *testing.T) {
	st := testStore(t, 30)
	m := newTestModel(t, st, 80, 24)
	gen := demo.New(7, 1000, testNow)
	err := st.Update(func(tx *store.Tx) error {
		for range 5 {
			if _, err := tx.Create(gen.Next()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(reindexMsg{})
	// An edit while the index is being built.
	c := reload(t, st, m.table.rows.ids[0])
	c.Company = "Edited Meanwhile"
	if _, err := st.Save(c, contact.Event{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	drain(t, m, contactChangedMsg{C: c})
	drain(t, m, cmd)
	if len(m.table.rows.ids) != 35 || m.total != 35 {
		t.Fatalf("after reindex: %d rows, total %d, want 35", len(m.table.rows.ids), m.total)
	}
	if v := m.ix.Value(c.ID, "company"); v != "Edited Meanwhile" {
		t.Fatalf("the edit made during the rebuild is lost: %q", v)
	}
}

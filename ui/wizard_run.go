package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/importer"
	"rolo/importer/storesink"
	"rolo/store"
)

// The import step: the engine's run as a non-modal job (the header shows
// it; the user may leave the wizard and keep working), a bar with rows/s,
// time left and the running counts, and a cancel that stops after the
// batch being written.

// wizRun is the import step's state.
type wizRun struct {
	seq        int // runs started by this wizard; events of older ones are dropped
	name       string
	label      string // the job's label in the header
	last       importer.Progress
	done       bool
	cancelling bool
	cancel     context.CancelFunc
	bar        progress.Model
}

// wizProgressMsg is a progress event of the wizard's running import.
type wizProgressMsg struct {
	w   *importWizard
	seq int
	p   importer.Progress
	ch  <-chan importer.Progress
}

// importDoneMsg is the end of an import the wizard started (the result of
// its job). The root passes it to the wizard if it is still open, asks for
// a new index when contacts were written, and otherwise says in the status
// line how it went.
type importDoneMsg struct {
	w        *importWizard
	seq      int
	file     string
	path     string // the file's absolute path
	fix      bool   // the rows fixed in the results
	dryRun   bool
	opt      importer.Options
	rep      *importer.Report
	err      error            // the run failed (rep says how far it got)
	startErr error            // the import did not start: nothing was written
	src      *importer.Source // returned when it did not start, to go back and fix
}

// wrote reports whether the import may have changed contacts.
func (m importDoneMsg) wrote() bool {
	return m.rep != nil && !m.dryRun && (m.rep.Created > 0 || m.rep.Updated > 0 || m.rep.Merged > 0)
}

// summary is the status line of a finished import.
func (m importDoneMsg) summary() string {
	if m.startErr != nil {
		return fmt.Sprintf("the import of %s did not start: %v", m.file, m.startErr)
	}
	r := m.rep
	if r == nil {
		return fmt.Sprintf("the import of %s failed: %v", m.file, m.err)
	}
	what := fmt.Sprintf("import job %d (%s)", r.Job, r.File)
	if r.DryRun {
		what = "dry run of " + r.File
	}
	s := fmt.Sprintf("%s: %s created, %s updated, %s unchanged, %s rejected", what, groupDigits(r.Created),
		groupDigits(r.Updated+r.Merged), groupDigits(r.Unchanged), groupDigits(len(r.Rejected)+len(r.Suppressed)))
	switch r.Status {
	case contact.JobCancelled:
		s += fmt.Sprintf(" · cancelled after %s rows", groupDigits(r.Rows))
	case contact.JobFailed:
		s += " · failed: " + r.Error
	}
	return s
}

// startImport starts the import of the file as read and mapped, with the
// options chosen, as a job.
func (w *importWizard) startImport() tea.Cmd {
	src := w.read.src
	if src == nil {
		w.err = "the file is not read yet"
		return nil
	}
	if w.mapg.check.err != "" {
		w.err = w.mapg.check.err
		return nil
	}
	opt := w.importOptions()
	w.stopKeylessCount() // the import reads the file now
	w.read.src = nil     // the job owns it now, and closes it
	w.step = wzRun
	w.err = ""
	return w.runImport(src, opt, false, "importing "+src.Name)
}

// showsJob: the run step draws its import's progress, so the header does
// not say it twice.
func (w *importWizard) showsJob(label string) bool {
	return w.step == wzRun && label == w.run.label
}

// runImport runs src with opt as a non-modal job and follows its progress.
func (w *importWizard) runImport(src *importer.Source, opt importer.Options, fix bool, label string) tea.Cmd {
	stop, cancel := context.WithCancel(context.Background())
	ch := make(chan importer.Progress, 1)
	w.run = wizRun{seq: w.run.seq + 1, name: src.Name, label: label, cancel: cancel, bar: newBar(w.sh)}
	work := importJob(w.sh.st, src, opt, stop, ch, importDoneMsg{w: w, seq: w.run.seq, file: src.Name, path: src.Path, fix: fix, dryRun: opt.DryRun, opt: opt})
	return tea.Batch(w.sh.runJob(label, false, work), waitImport(w, w.run.seq, ch))
}

func newBar(sh *shared) progress.Model {
	opts := []progress.Option{progress.WithoutPercentage(), progress.WithFillCharacters('█', '░')}
	if !sh.noColor {
		opts = append(opts, progress.WithColors(sh.styles.BarFull))
	}
	return progress.New(opts...)
}

// importJob is the job of an import: the engine's run, its progress handed
// on to the wizard (only the latest event waits; the job never blocks on
// the interface), the mapping remembered for the header set, the file
// closed at the end. stop cancels it (the wizard's x); so does quitting.
func importJob(st *store.Store, src *importer.Source, opt importer.Options, stop context.Context,
	ch chan importer.Progress, done importDoneMsg) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		defer close(ch)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(stop, cancel)()
		sink := storesink.New(st, src.Size > 1<<20 && !opt.DryRun)
		run, err := importer.Start(ctx, src, opt, sink)
		if err != nil {
			done.startErr, done.src = err, src
			return done, nil
		}
		if !opt.DryRun {
			for i, t := range src.Tables {
				if t.Header && i < len(opt.Mappings) {
					_ = storesink.Remember(st, t.Columns, opt.Mappings[i]) // only next week's head start is lost
				}
			}
		}
		for ev := range run.Progress() {
			if ev.Total > 0 {
				report(int(min(ev.Bytes*1000/ev.Total, 1000)), 1000)
			}
			select {
			case ch <- ev:
			default: // the interface has not taken the last one: replace it
				select {
				case <-ch:
				default:
				}
				select {
				case ch <- ev:
				default:
				}
			}
		}
		done.rep, done.err = run.Wait()
		if errors.Is(done.err, context.Canceled) {
			done.err = nil // the report says cancelled
		}
		_ = src.Close()
		return done, nil
	}
}

// waitImport reads the next progress event of a run.
func waitImport(w *importWizard, seq int, ch <-chan importer.Progress) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return wizProgressMsg{w: w, seq: seq, p: ev, ch: ch}
	}
}

func (w *importWizard) progressed(msg wizProgressMsg) tea.Cmd {
	if msg.seq != w.run.seq {
		return nil
	}
	w.run.last = msg.p
	return waitImport(w, msg.seq, msg.ch)
}

// importDone shows the results, or takes the file back when the import
// did not start.
func (w *importWizard) importDone(msg importDoneMsg) tea.Cmd {
	if msg.seq != w.run.seq {
		return nil
	}
	w.run.done, w.run.cancel = true, nil
	if msg.fix {
		return w.fixDone(msg)
	}
	if msg.startErr != nil {
		w.read.src = msg.src
		w.step = wzOptions
		w.err = "the import did not start: " + msg.startErr.Error()
		return nil
	}
	w.res = newWizResults(msg.rep, msg.opt)
	w.res.path = msg.path
	w.step = wzResults
	if msg.err != nil {
		w.err = msg.err.Error()
	}
	return nil
}

// runKey handles the import step's keys (esc is handled by back).
func (w *importWizard) runKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, w.keys.Cancel) && w.run.cancel != nil && !w.run.cancelling {
		w.run.cancelling = true
		w.run.cancel()
		return status("cancelling the import after the batch being written…")
	}
	return nil
}

// runView draws the bar, the speed and the counts.
func (w *importWizard) runView(int) string {
	st := &w.sh.styles
	ev := w.run.last
	bw := min(w.sh.width-4, 70)
	w.run.bar.SetWidth(max(bw, 10))
	frac := 0.0
	if ev.Total > 0 {
		frac = min(float64(ev.Bytes)/float64(ev.Total), 1)
	}
	lines := []string{st.Title.Render("Importing " + w.run.name), "", w.run.bar.ViewAs(frac)}
	line := fmt.Sprintf("%.0f%% · %s rows", frac*100, groupDigits(ev.Written))
	if ev.Rate > 0 {
		line += fmt.Sprintf(" · %s rows/s", groupDigits(int(ev.Rate)))
	}
	switch {
	case ev.Phase == importer.PhaseFinishing:
		line += " · finishing: writing the last indexes…"
	case ev.ETA > 0:
		line += " · " + ev.ETA.Round(time.Second).String() + " left"
	}
	c := ev.Counts
	lines = append(lines, line, "",
		fmt.Sprintf("created %s · updated %s · unchanged %s · rejected %s", st.OK.Render(groupDigits(c.Created)),
			groupDigits(c.Updated+c.Merged), groupDigits(c.Unchanged), st.Danger.Render(groupDigits(c.Rejected+c.Suppressed))), "")
	switch {
	case w.run.cancelling:
		lines = append(lines, st.Warn.Render("cancelling after the batch being written…"))
	default:
		lines = append(lines, st.Muted.Render("esc leaves the wizard: the import goes on (the header shows it) · x cancels"))
	}
	return strings.Join(lines, "\n")
}

package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rolo/filter"
	"rolo/importer"
	"rolo/store"
)

// Undoing an import, resuming one, and showing the contacts it wrote in
// the table.

// undoDoneMsg is the end of an undo (from the results or the jobs list).
type undoDoneMsg struct {
	w   *importWizard // nil: the jobs list asked
	job uint64
	res store.UndoResult
	err error
}

func (m undoDoneMsg) summary() string {
	if m.err != nil {
		return fmt.Sprintf("undoing import job %d: %v", m.job, m.err)
	}
	s := fmt.Sprintf("undid import job %d: %s removed, %s restored", m.job, groupDigits(m.res.Removed), groupDigits(m.res.Restored))
	if n := len(m.res.Skipped); n > 0 {
		s += fmt.Sprintf(", %s kept (changed since)", groupDigits(n))
	}
	return s
}

// undoJob is the job that undoes an import.
func undoJob(st *store.Store, job uint64, w *importWizard) jobFunc {
	return func(_ context.Context, report func(int, int)) (tea.Msg, error) {
		res, err := st.UndoJob(job, report)
		return undoDoneMsg{w: w, job: job, res: res, err: err}, nil
	}
}

func (w *importWizard) undo() tea.Cmd {
	job := w.res.rep.Job
	return w.sh.runJob(fmt.Sprintf("undoing import %d", job), false, undoJob(w.sh.st, job, w))
}

func (w *importWizard) undone(msg undoDoneMsg) {
	w.res.undoing = false
	if msg.err != nil {
		w.err = msg.summary()
		return
	}
	w.res.undone = msg.summary()
}

// wizTouchedMsg is the filter that shows what an import wrote.
type wizTouchedMsg struct {
	w    *importWizard
	f    filter.Filter
	note string
	err  error
}

// maxIDFilter is how many contacts a filter lists by ID. The filter
// searches such a list (a million contacts against 100 000 IDs in tens of
// milliseconds); beyond it the filter's text itself grows unwieldy (it can
// be saved as a segment).
const maxIDFilter = 100_000

// viewTouched builds the filter on an import: the contacts it created and
// updated, by ID. Past maxIDFilter, an import that only created contacts
// is shown exactly by their source (source = import:N); one that also
// updated that many shows what it created and says the rest are left out.
func viewTouched(w *importWizard, st *store.Store, job uint64) tea.Cmd {
	return func() tea.Msg {
		f, note, err := touchedFilter(st, job)
		return wizTouchedMsg{w: w, f: f, note: note, err: err}
	}
}

func touchedFilter(st *store.Store, job uint64) (filter.Filter, string, error) {
	created, updated, err := st.JobTouched(job)
	if err != nil {
		return filter.Filter{}, "", err
	}
	nCreated := 0
	for _, r := range created {
		nCreated += int(r[1] - r[0] + 1)
	}
	n := nCreated + len(updated)
	bySource := filter.Filter{Conds: []filter.Condition{{Field: "source", Op: filter.Eq, Values: []string{fmt.Sprintf("import:%d", job)}}}}
	switch {
	case n == 0:
		return filter.Filter{}, "", fmt.Errorf("import job %d wrote no contacts (or they were undone)", job)
	case n > maxIDFilter && len(updated) == 0:
		return bySource, fmt.Sprintf("the %s import job %d created (source = import:%d)", countOf(nCreated, "contact"), job, job), nil
	case n > maxIDFilter:
		return bySource, fmt.Sprintf("the contacts import job %d created (source = import:%d); the %s it updated are too many to list in a filter (over %s in all)",
			job, job, groupDigits(len(updated)), groupDigits(maxIDFilter)), nil
	}
	ids := make([]string, 0, n)
	for _, r := range created {
		for id := r[0]; id <= r[1]; id++ {
			ids = append(ids, strconv.FormatUint(id, 10))
		}
	}
	for _, id := range updated {
		ids = append(ids, strconv.FormatUint(id, 10))
	}
	f := filter.Filter{Conds: []filter.Condition{{Field: "id", Op: filter.Eq, Values: ids}}}
	return f, fmt.Sprintf("the %s import job %d created or updated", countOf(n, "contact"), job), nil
}

func (w *importWizard) touched(msg wizTouchedMsg) tea.Cmd {
	if msg.err != nil {
		w.err = msg.err.Error()
		return nil
	}
	label := ""
	if w.res.rep != nil && w.res.rep.Job != 0 {
		label = fmt.Sprintf("imported by job %d", w.res.rep.Job)
	}
	return tea.Batch(w.sh.ask(applyFilterMsg{F: msg.f, Label: label}), status("showing "+msg.note))
}

// undoQuestion asks whether to undo a job, saying what the undo does.
func undoQuestion(job uint64, file string, created, updated int) string {
	var what []string
	if created > 0 {
		what = append(what, "remove the "+countOf(created, "contact")+" it created")
	}
	if updated > 0 {
		what = append(what, "restore the "+countOf(updated, "contact")+" it updated to what they were before")
	}
	if len(what) == 0 {
		what = append(what, "it wrote no contacts; mark it undone")
	}
	name := fmt.Sprintf("import job %d", job)
	if file != "" {
		name += " (" + file + ")"
	}
	return "Undo " + name + ": " + strings.Join(what, " and ") + "?"
}

// jobResumeMsg is a stopped job's file, opened again to go on with it.
type jobResumeMsg struct {
	job store.Job
	src *importer.Source
	opt importer.Options
	err error
}

// loadResume opens a cancelled or failed job's file with the job's own
// options, as rolo import --resume does: the file must be the one the job
// read (same SHA-256) and read into as many tables.
func loadResume(st *store.Store, id uint64) tea.Cmd {
	return func() tea.Msg {
		j, err := st.Job(id)
		if err != nil {
			return jobResumeMsg{err: err}
		}
		var opt importer.Options
		if err := json.Unmarshal(j.Options, &opt); err != nil {
			return jobResumeMsg{err: fmt.Errorf("reading the options of import job %d: %w", j.ID, err)}
		}
		hash, err := importer.HashFile(j.File)
		if errors.Is(err, fs.ErrNotExist) {
			return jobResumeMsg{err: importer.MovedError(j.File, j.ID)}
		}
		if err != nil {
			return jobResumeMsg{err: err}
		}
		if j.Hash != "" && hash != j.Hash {
			return jobResumeMsg{err: fmt.Errorf("%s is not the file import job %d read (its contents changed); start a new import instead", j.File, j.ID)}
		}
		src, err := importer.Open(j.File, opt.Read)
		if err != nil {
			return jobResumeMsg{err: err}
		}
		if len(opt.Mappings) != len(src.Tables) {
			_ = src.Close()
			return jobResumeMsg{err: fmt.Errorf("%s no longer reads as import job %d read it; start a new import instead", j.File, j.ID)}
		}
		opt.Resume = j.ID
		return jobResumeMsg{job: j, src: src, opt: opt}
	}
}

// newResumeWizard opens the wizard at the run of a job it goes on with;
// its results cover the whole file.
func newResumeWizard(sh *shared, j store.Job, src *importer.Source, opt importer.Options) *importWizard {
	w := newImportWizard(sh, "")
	w.file.path = src.Path
	w.step, w.first = wzRun, wzRun
	opt.Now = sh.now
	w.start = w.runImport(src, opt, false, fmt.Sprintf("resuming import %d", j.ID))
	w.setKeys()
	return w
}

package fileview

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/importer"
	"rolo/store"
)

// Options say which file to open and how to read it: what `rolo audit`
// takes.
type Options struct {
	Path    string
	Read    importer.ReadOptions
	Map     []importer.MapEntry
	Country string // default country for phones in national form
	// Now dates the consents read from the file (default time.Now).
	Now func() time.Time
}

// Progress reports how far Load got: the stage ("reading", "finding
// duplicates", "marking duplicates"), and done of total (total 0 when it
// is not known).
type Progress func(stage string, done, total int)

// Stages of a load, as Progress names them.
const (
	StageReading    = "reading"
	StageDuplicates = "finding duplicates"
	StageMarking    = "marking duplicates"
)

// batchRows is how many rows one transaction writes.
const batchRows = 2000

// Source is what every contact of the file view says created it.
const Source = "rolo open"

// row is a row on its way to the store.
type row struct {
	c     *contact.Contact
	row   int
	clean bool // no problem found while reading
}

// Load reads the file into st, which must be empty: one contact per data
// row (its ID is the row's number), problems tagged, duplicate clusters
// found and tagged (see the package comment). A cancelled ctx stops it
// between rows: what was read stays, and the summary says so (the error
// is then ctx's).
func Load(ctx context.Context, st *store.Store, opt Options, progress Progress) (*Summary, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if n, err := st.Count(); err != nil || n != 0 {
		return nil, errors.Join(err, fmt.Errorf("the store for %s is not empty", opt.Path))
	}
	src, err := importer.Open(opt.Path, opt.Read)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	sum := &Summary{File: filepath.Base(opt.Path)}
	now := opt.Now().UTC()
	k := newCounter()
	finder := dedupe.NewFinder(dedupe.Options{})
	w := newWriter(st, now)
	if err := st.BeginBulk(); err != nil {
		return nil, err
	}
	w.start()
	batch := make([]row, 0, batchRows)
	rep, err := importer.AuditEach(ctx, src, opt.Country, opt.Map, func(r *importer.AuditRow) error {
		c, clean := k.contactOf(r, sum.File, now)
		// The finder copies what it keeps: the row's keys as the file has
		// them, before the writer moves any an earlier row holds.
		c.ID = uint64(r.Row)
		finder.Add(c)
		batch = append(batch, row{c: c, row: r.Row, clean: clean})
		if len(batch) == batchRows {
			if err := w.send(batch); err != nil {
				return err
			}
			batch = make([]row, 0, batchRows)
			progress(StageReading, k.rows, 0)
		}
		return nil
	})
	if len(batch) > 0 && err == nil {
		err = w.send(batch)
	}
	werr := w.stop()
	err = errors.Join(err, werr, st.EndBulk())
	sum.Rows = w.written
	sum.Clean = k.clean - w.movedClean
	k.kinds[earlierKey] = w.moved
	sum.Problems = k.problems()
	for _, name := range k.order {
		c := k.consents[name]
		c.None = sum.Rows - c.Granted - c.Withdrawn
		sum.Consents = append(sum.Consents, *c)
	}
	if err != nil {
		sum.Cancelled = ctx.Err() != nil
		return sum, err
	}
	sum.Report = rep
	progress(StageReading, k.rows, k.rows)
	sum.Columns = columnsOf(rep)
	if err := markDuplicates(ctx, st, finder, sum, progress); err != nil {
		sum.Cancelled = ctx.Err() != nil
		return sum, err
	}
	return sum, nil
}

// contactOf makes the contact a row becomes and counts its problems.
func (k *counter) contactOf(r *importer.AuditRow, file string, now time.Time) (*contact.Contact, bool) {
	k.rows++
	c := r.Contact
	if c == nil {
		c = &contact.Contact{}
		c.SetCustom(FieldCells, strings.Join(r.Cells, " | "))
	}
	for _, cv := range r.Consents {
		cv.At, cv.Source = now, Source
		c.SetConsent(cv)
	}
	for _, cv := range c.Consents {
		ks := k.consents[cv.Name]
		if ks == nil {
			ks = &Consent{Name: cv.Name}
			k.consents[cv.Name] = ks
			k.order = append(k.order, cv.Name)
		}
		if cv.Granted {
			ks.Granted++
		} else {
			ks.Withdrawn++
		}
	}
	if c.Status == "" {
		c.Status = contact.StatusContact
		if slices.ContainsFunc(c.Consents, func(x contact.Consent) bool { return x.Granted }) {
			c.Status = contact.StatusSubscriber
		}
	}
	src := fmt.Sprintf("%s, row %d, line %d", file, r.Row, r.Line)
	if r.File != "" {
		src = fmt.Sprintf("%s › %s, row %d, line %d", file, r.File, r.Row, r.Line)
	}
	c.Source = src
	var notes []string
	if r.Reject != "" {
		notes = append(notes, "an import refuses this row: "+r.Reject)
	}
	countries := map[string]bool{}
	for _, w := range r.Warnings {
		notes = append(notes, fmt.Sprintf("%s: %s", w.Field, w.Message))
		if w.Kind() == "invalid_phone" && !countries[w.Country()] {
			countries[w.Country()] = true
			k.phones[w.Country()]++
			c.AddTag(phoneTag(w.Country()))
		}
	}
	kinds := r.Kinds()
	for _, kind := range kinds {
		k.kinds[kind]++
		if kind != "invalid_phone" {
			c.AddTag(kindTag(kind))
		}
	}
	c.SetCustom(FieldProblems, strings.Join(notes, "; "))
	if len(kinds) == 0 {
		k.clean++
	}
	return c, len(kinds) == 0
}

// columnsOf lists the fields the file's columns fill, in the file's order,
// with the name parts left to the table's name column.
func columnsOf(rep *importer.AuditReport) []string {
	var out []string
	for _, t := range rep.Tables {
		for _, col := range t.Columns {
			f := col.Field
			switch f {
			case "", importer.TargetIgnore, "first_name", "middle_name", "last_name", "full_name", "record_type":
				continue
			}
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// markDuplicates finds the clusters of rows that are probably one person
// and tags their rows.
func markDuplicates(ctx context.Context, st *store.Store, f *dedupe.Finder, sum *Summary, progress Progress) error {
	clusters, err := f.Find(ctx, func(_ string, done, total int) { progress(StageDuplicates, done, total) })
	if err != nil {
		return fmt.Errorf("finding duplicates in the file: %w", err)
	}
	sum.Duplicates = clusters
	var ids []uint64
	for _, c := range clusters {
		ids = append(ids, c.IDs...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ev := contact.Event{Kind: contact.EventUpdate, Source: Source, Note: "probably the same person as another row of the file"}
	for start := 0; start < len(ids); start += batchRows {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := ids[start:min(start+batchRows, len(ids))]
		err := st.Update(func(tx *store.Tx) error {
			for _, id := range chunk {
				c, err := tx.Get(id)
				if err != nil {
					return fmt.Errorf("marking row %d as a duplicate: %w", id, err)
				}
				c.AddTag(DuplicateTag)
				if _, err := tx.Save(c, ev); err != nil {
					return fmt.Errorf("marking row %d as a duplicate: %w", id, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		sum.DuplicateRows += len(chunk)
		progress(StageMarking, start+len(chunk), len(ids))
	}
	return nil
}

package cli

// Running an import from the command line: a new job, a resumed one, and
// the files it writes beside the store (report, rejects, mapping).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rolo/book"
	"rolo/contact"
	"rolo/export"
	"rolo/importer"
	"rolo/importer/storesink"
	"rolo/private"
	"rolo/store"
)

func runImport(ctx context.Context, env *Env, g *globals, f *importFlags, file string, cmd *cobra.Command) error {
	if err := f.checkRejects(cmd); err != nil {
		return err
	}
	if f.resume != 0 {
		return resumeImport(ctx, env, g, f, file, cmd)
	}
	opt, mf, err := buildOptions(env, f, cmd)
	if err != nil {
		return err
	}
	if g.readOnly && !opt.DryRun {
		return usagef("import writes to the store; drop --read-only (or add --dry-run)")
	}
	s, cleanup, err := openForImport(env, g, opt.DryRun)
	if err != nil {
		return err
	}
	defer cleanup()
	if opt.Country == "" {
		cc, err := book.Country(s, "", env.Getenv)
		if err != nil {
			return err
		}
		opt.Country = cc.Value
	}
	src, err := importer.Open(file, opt.Read)
	if err != nil {
		return err
	}
	defer src.Close()
	if len(src.Tables) == 1 && src.Tables[0].Header {
		if opt.Remembered, err = storesink.Remembered(s, src.Tables[0].Columns); err != nil {
			return err
		}
	}
	rep, err := execute(ctx, env, s, src, opt)
	if rep != nil {
		if werr := writeOutputs(f, rep, g.filePerm(env)); werr != nil {
			err = errors.Join(err, werr)
		}
		printSummary(env, rep, src)
	}
	if err != nil {
		return err
	}
	if f.saveMapping != "" {
		if err := saveMapping(f.saveMapping, rep, src, opt, mf, g.filePerm(env)); err != nil {
			return err
		}
	}
	if !opt.DryRun && (len(opt.Map) > 0 || opt.File != nil) {
		for i, t := range src.Tables {
			if t.Header && i < len(rep.Mappings()) {
				if err := storesink.Remember(s, t.Columns, rep.Mappings()[i]); err != nil {
					return err
				}
			}
		}
	}
	return cancelled(rep)
}

// cancelled turns a cancelled run into an error that says how to go on.
func cancelled(rep *importer.Report) error {
	if rep.Status != contact.JobCancelled {
		return nil
	}
	if rep.Job == 0 {
		return fmt.Errorf("import cancelled after %s rows (a dry run: nothing was written)", groupDigits(rep.Rows))
	}
	return fmt.Errorf("import cancelled after %s rows, all of them written; go on with 'rolo import --resume %d'", groupDigits(rep.Rows), rep.Job)
}

// openForImport opens the store for writing; a dry run opens it read-only
// (and a store that does not exist yet is not created by one).
func openForImport(env *Env, g *globals, dryRun bool) (*store.Store, func(), error) {
	if !dryRun {
		s, err := g.open(env, false)
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}
	path, err := g.dbPath(env)
	if err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		dir, err := os.MkdirTemp("", "rolo-dry-run-")
		if err != nil {
			return nil, nil, err
		}
		s, err := store.Open(filepath.Join(dir, "dry.db"), store.Options{Now: env.Now, NoSync: true})
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		return s, func() { s.Close(); os.RemoveAll(dir) }, nil
	}
	s, err := g.open(env, true)
	if err != nil {
		return nil, nil, err
	}
	return s, func() { s.Close() }, nil
}

// execute runs the import with progress on stderr and returns its report.
func execute(ctx context.Context, env *Env, s *store.Store, src *importer.Source, opt importer.Options) (*importer.Report, error) {
	ctx, stop := stopContext(env, ctx)
	defer stop()
	// A million-row import keeps a few hundred megabytes live (the bulk
	// session's key overlay, the last index merge); without a limit the
	// collector lets garbage grow to twice that before it runs. The soft
	// limit makes it collect earlier instead, only when the heap is that
	// big (see docs/speed.md for the measurements).
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(importHeapLimit))
	sink := storesink.New(s, src.Size > 1<<20 && !opt.DryRun)
	run, err := importer.Start(ctx, src, opt, sink)
	if err != nil {
		return nil, err
	}
	p := newImportProgress(env, src.Name)
	// Others waiting for the store are told what holds it.
	var said time.Time
	for ev := range run.Progress() {
		p.show(ev)
		if now := time.Now(); !opt.DryRun && ev.Total > 0 && now.Sub(said) >= time.Second {
			said = now
			_ = s.SetActivity(fmt.Sprintf("an import by %s, %.0f%%", s.User(), min(float64(ev.Bytes)/float64(ev.Total), 1)*100))
		}
	}
	_ = s.SetActivity("")
	return run.Wait()
}

func resumeImport(ctx context.Context, env *Env, g *globals, f *importFlags, file string, cmd *cobra.Command) error {
	allowed := map[string]bool{"resume": true, "report": true, "rejects": true, "bom": true, "profile": true}
	var bad []string
	for _, name := range localSet(cmd) {
		if !allowed[name] {
			bad = append(bad, "--"+name)
		}
	}
	if len(bad) > 0 {
		return usagef("--resume goes on with the job's own options; %s cannot be given with it (only --report and --rejects, with --bom and --profile)", strings.Join(bad, ", "))
	}
	if g.readOnly {
		return usagef("import writes to the store; drop --read-only")
	}
	s, err := g.open(env, false)
	if err != nil {
		return err
	}
	defer s.Close()
	j, err := s.Job(f.resume)
	if err != nil {
		return err
	}
	if !j.Resumable() {
		return fmt.Errorf("import job %d is %s; only a cancelled, failed or interrupted import can be resumed", j.ID, j.Status)
	}
	var opt importer.Options
	if err := json.Unmarshal(j.Options, &opt); err != nil {
		return fmt.Errorf("reading the options of import job %d: %w", j.ID, err)
	}
	jobsPath := file == ""
	if jobsPath {
		file = j.File
	}
	hash, err := importer.HashFile(file)
	if jobsPath && errors.Is(err, fs.ErrNotExist) {
		return importer.MovedError(file, j.ID)
	}
	if err != nil {
		return err
	}
	if j.Hash != "" && hash != j.Hash {
		return fmt.Errorf("%s is not the file import job %d read (its contents changed); start a new import instead", file, j.ID)
	}
	src, err := importer.Open(file, opt.Read)
	if err != nil {
		return err
	}
	defer src.Close()
	if len(opt.Mappings) != len(src.Tables) {
		return fmt.Errorf("%s no longer reads as import job %d read it; start a new import instead", file, j.ID)
	}
	opt.Resume, opt.Now = j.ID, env.Now
	rep, err := execute(ctx, env, s, src, opt)
	if rep != nil {
		if werr := writeOutputs(f, rep, g.filePerm(env)); werr != nil {
			err = errors.Join(err, werr)
		}
		printSummary(env, rep, src)
	}
	if err != nil {
		return err
	}
	return cancelled(rep)
}

func writeOutputs(f *importFlags, rep *importer.Report, perm private.Perm) error {
	write := func(path string, fn func(io.Writer) error) error {
		if path == "" {
			return nil
		}
		return private.Write(path, perm, func(out *os.File) error { return fn(out) })
	}
	profile, _ := export.ParseProfile(f.profile) // checked before the import
	rejects := func(w io.Writer) error {
		return rep.WriteRejectsAs(w, importer.RejectsOptions{Profile: profile, BOM: f.bom})
	}
	return errors.Join(write(f.report, rep.WriteJSON), write(f.rejects, rejects))
}

// checkRejects refuses the rejects file's options when they are wrong or
// there is no rejects file for them, before anything is imported.
func (f *importFlags) checkRejects(cmd *cobra.Command) error {
	if _, err := export.ParseProfile(f.profile); err != nil {
		return usagef("--profile: %v", err)
	}
	if f.rejects == "" {
		for _, name := range []string{"bom", "profile"} {
			if cmd.Flags().Changed(name) {
				return usagef("--%s is for the --rejects file; add --rejects FILE", name)
			}
		}
	}
	return nil
}

func saveMapping(path string, rep *importer.Report, src *importer.Source, opt importer.Options, base *importer.MappingFile, perm private.Perm) error {
	mf := &importer.MappingFile{}
	if base != nil {
		*mf = *base
	}
	t := src.Tables[0]
	mf.Columns = rep.Mappings()[0].Entries()
	mf.Encoding = t.Encoding
	mf.Delimiter = importer.DelimiterName(t.Delimiter)
	h := t.Header
	mf.Header = &h
	mf.HeaderRow = 0
	if t.Header && t.HeaderLine > 1 {
		mf.HeaderRow = t.HeaderLine
	}
	mf.Sheet = t.Sheet
	mf.Country, mf.Key, mf.Mode, mf.Keyless = opt.Country, opt.Key.String(), string(opt.Mode), string(opt.Keyless)
	if opt.ClearEmpty {
		mf.Empty = "clear"
	}
	mf.Groups, mf.Tags = opt.Groups, opt.Tags
	return importer.WriteMappingFile(path, mf, perm)
}

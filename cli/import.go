package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"rolo/export"
	"rolo/importer"
	"rolo/importer/storesink"
	"rolo/private"
	"rolo/store"
)

// importFlags are the options of rolo import as typed.
type importFlags struct {
	country, key, mode, mapSpec, delimiter, encoding, sheet, empty, mapping string
	keyless                                                                 string
	header, noHeader, unsubscribeAll, dryRun                                bool
	resubscribe, includeSuppressed, listJobs                                bool
	groups, tags                                                            []string
	report, rejects, saveMapping, maxSize, profile                          string
	bom                                                                     bool
	undo, resume                                                            uint64
	headerRow                                                               int
}

// importHeapLimit is the Go heap's soft limit during an import.
const importHeapLimit = 320 << 20

// countryPref is the store setting that gives the default country for
// phones in national form when --country is not given.
const countryPref = "default_country"

func newImportCmd(env *Env, g *globals) *cobra.Command {
	f := &importFlags{}
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import contacts from a CSV, TXT, XLSX, XLS, ZIP, vCard or JSON Lines file",
		Long: `Import contacts from a CSV or TXT file (any delimiter), an XLSX workbook, a ZIP
of such files, a vCard file, or JSON Lines (.jsonl: one object a line, as
rolo export --format jsonl writes; its keys are the fields, unknown keys
become custom fields). The encoding, delimiter, header and column
mapping are detected (headers in English, Polish, Russian, German,
Portuguese, Spanish and French, Outlook and Google Contacts exports); every
phone is normalised to E.164 and every e-mail checked.

Which contact a row is (the same rules between rows of one file):
  - An e-mail, a CRM ID, a tax ID or a UID (a vCard's own name for the
    card, or a column mapped to uid) names one person: a row that shares one
    with a contact updates that contact. If the row gives another name, the
    contact is still updated, and the row gets an identity_conflict warning
    naming the old and the new name (counted as identity_conflicts).
  - A phone is shared by households, offices and switchboards. A row joins
    a contact by phone only when exactly one contact has that phone, their
    names agree (the same after ignoring case, accents and alphabet, or one
    side has no name) and that contact has no other e-mail, CRM ID or tax
    ID than the row's. Otherwise the row becomes a new contact, with a
    shared_phone warning naming the contact it shares the phone with.
  - A row whose keys belong to two different contacts is rejected, naming
    both; nothing stored is changed.
--key sets the order keys are tried in: --key phone,email tries the phone
first (by the rule above), then the e-mail (any order of email, phone,
crm_id, tax_id, uid). A single key is the only one: --key crm_id rejects rows
without a CRM ID, and --key phone alone lets a phone identify a person
(a phone several contacts share is then ambiguous and rejected). Without
--key, a row with no e-mail or phone but a CRM ID, tax ID or UID is
matched by that.

Contacts without a key: a row or card with a name or a company but no
usable e-mail, phone, CRM ID, tax ID or UID (a company card with only an
address, a postal-only contact, a card whose only number is invalid). From
a vCard such a contact is kept; from a table it is rejected ("no usable
key") unless --keyless keep. A kept contact without a UID is given one
made from its exact name, company and postal address (rolo-keyless-…), so
importing the same file again finds it instead of adding it twice.
--keyless reject rejects them from a vCard too.

Every import is a job kept in the store: list them with --jobs, undo one with
--undo JOB, and go on with an interrupted one with --resume JOB.

With no option, on a terminal, rolo import FILE opens the import wizard.
Progress goes to stderr, the summary to stdout. The exit code is 0 when the
file was read, even with rejected rows (see --report and --rejects), and 1
with a one-line error when the whole file is refused (nothing is written).`,
		Example: `  rolo import contacts.csv --country PL
  rolo import export.xlsx --sheet Kontakty --key crm_id --report report.json --rejects rejects.csv
  rolo import clientes.csv --country BR --map 'NOME_CLIENTE=full_name,CPFCNPJ=tax_id'
  rolo import weekly.csv --mapping crm-weekly.json
  rolo import blocklist.csv --unsubscribe-all
  rolo import --jobs
  rolo import --undo 12`,
		Args: func(cmd *cobra.Command, args []string) error {
			if f.listJobs || f.undo != 0 || f.resume != 0 {
				return cobra.MaximumNArgs(1)(cmd, args)
			}
			if len(args) != 1 {
				return usagef("import needs a FILE (see 'rolo import --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case f.listJobs:
				return listJobs(env, g)
			case f.undo != 0:
				return undoJob(env, g, f.undo)
			}
			file := ""
			if len(args) == 1 {
				file = args[0]
			}
			if f.resume == 0 && onlyFile(cmd) && env.RunTUI != nil && env.IsTerminal(env.Stdin) && env.IsTerminal(env.Stdout) {
				return runTUI(env, g, TUIOptions{ImportFile: true, OpenFile: file})
			}
			return runImport(cmd.Context(), env, g, f, file, cmd)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.country, "country", "", "default country for phones in national form (ISO code or name; default: the store's setting, else the locale)")
	fl.StringVar(&f.key, "key", "", "match rows to contacts by email, phone, crm_id, tax_id or uid, or several in order (phone,email); default email,phone (see above)")
	fl.StringVar(&f.keyless, "keyless", "", "rows with a name or company but no key: keep or reject (default: kept from a vCard, rejected from a table; see above)")
	fl.StringVar(&f.mode, "mode", "upsert", "upsert (add and update), create (add only) or update (update only)")
	fl.StringVar(&f.mapSpec, "map", "", "map columns by hand: 'Header=field,…' (or '1=phones,2=first_name' by position); fields as in the model, consent:NAME, custom:NAME, full_name, record_type, record_value, ignore")
	fl.StringVar(&f.mapping, "mapping", "", "read a saved mapping file (JSON, as the wizard saves it); flags win over it")
	fl.StringVar(&f.saveMapping, "save-mapping", "", "write the mapping used to this file, for --mapping next time")
	fl.BoolVar(&f.header, "header", false, "the first row names the columns")
	fl.BoolVar(&f.noHeader, "no-header", false, "the first row is data (columns are then named 1, 2, …)")
	fl.IntVar(&f.headerRow, "header-row", 0, "the line (sheet row) that names the columns, when title lines come first (default: detected)")
	fl.StringVar(&f.delimiter, "delimiter", "", "CSV/TXT delimiter: , ; | tab or any one character (default: detected)")
	fl.StringVar(&f.encoding, "encoding", "", "text encoding, e.g. utf-8, utf-16, windows-1250, windows-1251, iso-8859-2, koi8-r, shift_jis (cp932), euc-kr, gbk, big5 (default: detected)")
	fl.StringVar(&f.sheet, "sheet", "", "the sheet of a workbook to read (default: the first visible one)")
	fl.StringVar(&f.empty, "empty", "keep", "keep: an empty cell never overwrites a stored value; clear: empty cells clear the field (the file is the full truth)")
	fl.StringArrayVar(&f.groups, "group", nil, "add every imported contact to this group (repeatable)")
	fl.StringArrayVar(&f.tags, "tag", nil, "tag every imported contact (repeatable)")
	fl.BoolVar(&f.unsubscribeAll, "unsubscribe-all", false, "mark everyone in the file as unsubscribed and put them on the suppression list (a block list)")
	fl.BoolVar(&f.includeSuppressed, "include-suppressed", false, "import people on the suppression list too, without ever granting them a consent (default: they are skipped)")
	fl.BoolVar(&f.resubscribe, "resubscribe", false, "import people on the suppression list and grant the consents the file gives them (they asked to come back)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "do everything but write: report what the import would do")
	fl.StringVar(&f.report, "report", "", "write the report (JSON: counts, rejected rows, warnings) to this file")
	fl.StringVar(&f.rejects, "rejects", "", "write the rejected rows as they were, plus a reason column, to this CSV file")
	fl.BoolVar(&f.bom, "bom", false, "start the --rejects file with a UTF-8 byte-order mark (for Excel)")
	fl.StringVar(&f.profile, "profile", "excel", "the --rejects file's cells: excel (a cell that would run as a formula gets a ' in front) or raw (as read)")
	fl.StringVar(&f.maxSize, "max-size", "256MB", "refuse files (or unpacked archives) larger than this")
	fl.BoolVar(&f.listJobs, "jobs", false, "list the import jobs (tab-separated, for scripts) and exit")
	fl.Uint64Var(&f.undo, "undo", 0, "undo import job JOB: remove the contacts it created, restore those it updated")
	fl.Uint64Var(&f.resume, "resume", 0, "go on with interrupted import job JOB from its last committed batch (FILE only if it moved)")
	cmd.MarkFlagsMutuallyExclusive("header", "no-header")
	cmd.MarkFlagsMutuallyExclusive("header-row", "no-header")
	cmd.MarkFlagsMutuallyExclusive("jobs", "undo", "resume")
	cmd.MarkFlagsMutuallyExclusive("resubscribe", "include-suppressed")
	return cmd
}

// onlyFile reports that no option of the command itself was given (global
// ones such as --db do not count): the case that opens the wizard.
func onlyFile(cmd *cobra.Command) bool { return len(localSet(cmd)) == 0 }

// localSet lists the command's own flags that were given. (Visit on
// cmd.LocalFlags() sees none: that set is rebuilt on each call.)
func localSet(cmd *cobra.Command) []string {
	var out []string
	local := cmd.LocalFlags()
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if local.Lookup(f.Name) != nil {
			out = append(out, f.Name)
		}
	})
	return out
}

// parseSize reads 256MB, 1G, 500k, 1048576.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := int64(1)
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			mult, t = 1<<10, t[:len(t)-1]
		case 'M':
			mult, t = 1<<20, t[:len(t)-1]
		case 'G':
			mult, t = 1<<30, t[:len(t)-1]
		}
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("--max-size must be a size such as 256MB or 1GB, not %q", s)
	}
	return int64(n * float64(mult)), nil
}

// buildOptions turns the flags (over a mapping file) into importer options.
func buildOptions(env *Env, f *importFlags, cmd *cobra.Command) (importer.Options, *importer.MappingFile, error) {
	var opt importer.Options
	var mf *importer.MappingFile
	changed := func(name string) bool { return cmd != nil && cmd.Flags().Changed(name) }
	if f.mapping != "" {
		var err error
		if mf, err = importer.ReadMappingFile(f.mapping); err != nil {
			return opt, nil, err
		}
		opt.File = mf
		opt.Read.Encoding, opt.Read.Sheet = mf.Encoding, mf.Sheet
		if mf.Delimiter != "" {
			d, err := importer.ParseDelimiter(mf.Delimiter)
			if err != nil {
				return opt, nil, fmt.Errorf("mapping %s: %w", f.mapping, err)
			}
			opt.Read.Delimiter = d
		}
		if mf.Header != nil {
			opt.Read.Header = importer.HeaderNo
			if *mf.Header {
				opt.Read.Header = importer.HeaderYes
			}
		}
		opt.Read.HeaderRow = mf.HeaderRow
		opt.Groups, opt.Tags = mf.Groups, mf.Tags
		if !changed("country") && mf.Country != "" {
			f.country = mf.Country
		}
		if !changed("key") && mf.Key != "" {
			f.key = mf.Key
		}
		if !changed("mode") && mf.Mode != "" {
			f.mode = mf.Mode
		}
		if !changed("empty") && mf.Empty != "" {
			f.empty = mf.Empty
		}
	}
	var err error
	if opt.Key, err = importer.ParseKey(f.key); err != nil {
		return opt, nil, usageError{err}
	}
	if opt.Mode, err = importer.ParseMode(f.mode); err != nil {
		return opt, nil, usageError{err}
	}
	if opt.Keyless, err = importer.ParseKeyless(f.keyless); err != nil {
		return opt, nil, usageError{err}
	}
	switch strings.ToLower(f.empty) {
	case "keep", "":
	case "clear":
		opt.ClearEmpty = true
	default:
		return opt, nil, usagef("--empty must be keep or clear, not %q", f.empty)
	}
	if f.country != "" {
		if opt.Country, err = importer.CheckCountry(f.country); err != nil {
			return opt, nil, usagef("--country: %v", err)
		}
	}
	if f.mapSpec != "" {
		if opt.Map, err = importer.ParseMapSpec(f.mapSpec); err != nil {
			return opt, nil, usageError{err}
		}
	}
	if f.delimiter != "" {
		if opt.Read.Delimiter, err = importer.ParseDelimiter(f.delimiter); err != nil {
			return opt, nil, usagef("--delimiter: %v", err)
		}
	}
	if f.encoding != "" {
		if _, err := importer.LookupEncoding(f.encoding); err != nil {
			return opt, nil, usagef("--encoding: %v", err)
		}
		opt.Read.Encoding = f.encoding
	}
	if f.sheet != "" {
		opt.Read.Sheet = f.sheet
	}
	switch {
	case f.header:
		opt.Read.Header = importer.HeaderYes
	case f.noHeader:
		opt.Read.Header = importer.HeaderNo
	}
	switch {
	case f.headerRow < 0:
		return opt, nil, usagef("--header-row: %d is not a line number (lines count from 1)", f.headerRow)
	case f.headerRow > 0:
		opt.Read.Header, opt.Read.HeaderRow = importer.HeaderYes, f.headerRow
	case f.noHeader:
		opt.Read.HeaderRow = 0
	}
	if opt.Read.MaxSize, err = parseSize(f.maxSize); err != nil {
		return opt, nil, usageError{err}
	}
	if changed("group") {
		opt.Groups = nil
	}
	if changed("tag") {
		opt.Tags = nil
	}
	for _, gname := range f.groups {
		if strings.TrimSpace(gname) == "" {
			return opt, nil, usagef("--group needs a name")
		}
		opt.Groups = append(opt.Groups, strings.TrimSpace(gname))
	}
	for _, t := range f.tags {
		if strings.TrimSpace(t) == "" {
			return opt, nil, usagef("--tag needs a name")
		}
		opt.Tags = append(opt.Tags, strings.TrimSpace(t))
	}
	opt.UnsubscribeAll, opt.DryRun = f.unsubscribeAll, f.dryRun
	switch {
	case f.resubscribe:
		opt.Suppressed = importer.SuppressResubscribe
	case f.includeSuppressed:
		opt.Suppressed = importer.SuppressInclude
	}
	opt.Now = env.Now
	return opt, mf, nil
}

// importContext is cancelled by Ctrl-C, a terminal hang-up (an SSH session
// dropped) or SIGTERM: the import stops after the batch it is writing.
func importContext(parent context.Context) (context.Context, context.CancelFunc) {
	if parent == nil {
		parent = context.Background()
	}
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
}

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
		opt.Country = defaultCountry(env, s)
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
	if rep.Status != "cancelled" {
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

// defaultCountry is the store's setting, else the locale's country.
func defaultCountry(env *Env, s *store.Store) string {
	var cc string
	if ok, _ := s.Pref(countryPref, &cc); ok && cc != "" {
		if c, err := importer.CheckCountry(cc); err == nil {
			return c
		}
	}
	return importer.LocaleCountry(env.Getenv)
}

// execute runs the import with progress on stderr and returns its report.
func execute(ctx context.Context, env *Env, s *store.Store, src *importer.Source, opt importer.Options) (*importer.Report, error) {
	ctx, stop := importContext(ctx)
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
	mf.Country, mf.Key, mf.Mode = opt.Country, opt.Key.String(), string(opt.Mode)
	if opt.ClearEmpty {
		mf.Empty = "clear"
	}
	mf.Groups, mf.Tags = opt.Groups, opt.Tags
	return importer.WriteMappingFile(path, mf, perm)
}

// printSummary writes what the import did on stdout.
func printSummary(env *Env, rep *importer.Report, src *importer.Source) {
	w := env.Stdout
	t := src.Tables[0]
	how := string(rep.Format)
	if t.Encoding != "" {
		how += ", " + t.Encoding
	}
	if t.Delimiter != 0 && t.Format == importer.FormatCSV {
		how += fmt.Sprintf(", delimiter %q", importer.DelimiterName(t.Delimiter))
	}
	if t.Sheet != "" {
		how += fmt.Sprintf(", sheet %q", t.Sheet)
	}
	if t.Format != importer.FormatVCard && t.Format != importer.FormatJSONL {
		switch {
		case t.Header && t.HeaderLine > 1:
			how += fmt.Sprintf(", with a header on line %d", t.HeaderLine)
		case t.Header:
			how += ", with a header"
		default:
			how += ", no header"
		}
	}
	switch {
	case rep.DryRun:
		fmt.Fprintf(w, "dry run of %s (%s): nothing was written\n", rep.File, how)
	default:
		fmt.Fprintf(w, "import job %d: %s (%s)\n", rep.Job, rep.File, how)
	}
	if rep.ResumedAfter > 0 {
		fmt.Fprintf(w, "  resumed after row %s\n", groupDigits(rep.ResumedAfter))
	}
	for _, l := range []struct {
		label string
		n     int
	}{
		{"rows", rep.Rows}, {"created", rep.Created}, {"updated", rep.Updated}, {"unchanged", rep.Unchanged},
		{"merged", rep.Merged}, {"rejected", len(rep.Rejected)}, {"suppressed", len(rep.Suppressed)}, {"warnings", len(rep.Warnings)},
	} {
		if l.n == 0 && (l.label == "merged" || l.label == "suppressed") {
			continue
		}
		fmt.Fprintf(w, "  %-11s %s\n", l.label+":", groupDigits(l.n))
	}
	if rep.IdentityConflicts > 0 {
		fmt.Fprintf(w, "  identity conflicts: %s (a contact's e-mail, CRM ID or tax ID with another name: updated, see the warnings)\n",
			groupDigits(rep.IdentityConflicts))
	}
	for _, l := range []struct {
		label string
		list  []string
	}{{"new consents", rep.NewConsents}, {"new groups", rep.NewGroups}, {"new custom fields", rep.NewFields}} {
		if len(l.list) > 0 {
			fmt.Fprintf(w, "  %s: %s\n", l.label, strings.Join(l.list, ", "))
		}
	}
	for _, sk := range rep.Skipped {
		fmt.Fprintf(w, "  skipped %s\n", sk)
	}
	for _, g := range rep.HeldGuesses {
		fmt.Fprintf(w, "  unsure guess not applied: %q looks like %s (%s); kept as a custom field; %s applies it\n",
			g.Column, g.Guess, strings.TrimSuffix(g.Reason, importer.HeldReason), g.Map)
	}
	if n := len(rep.Rejected); n > 0 {
		fmt.Fprintf(w, "  first rejected: row %d (line %d): %s\n", rep.Rejected[0].Row, rep.Rejected[0].Line, rep.Rejected[0].Reason)
	}
	if rep.Status == "done" && !rep.DryRun {
		fmt.Fprintf(w, "  undo with: rolo import --undo %d\n", rep.Job)
	}
}

// importProgress draws the run's progress on stderr: a bar redrawn in
// place on a terminal, a plain line every few seconds otherwise.
type importProgress struct {
	w     io.Writer
	tty   bool
	name  string
	last  time.Time
	now   func() time.Time
	every time.Duration
}

func newImportProgress(env *Env, name string) *importProgress {
	p := &importProgress{w: env.Stderr, tty: env.IsTerminal(env.Stderr), name: name, now: time.Now, every: 5 * time.Second}
	if p.tty {
		p.every = 100 * time.Millisecond
	}
	return p
}

func (p *importProgress) show(ev importer.Progress) {
	now := p.now()
	if !ev.Final && ev.Phase != importer.PhaseFinishing && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	var b strings.Builder
	if p.tty {
		b.WriteString("\r\x1b[K")
	}
	fmt.Fprintf(&b, "import %s: ", p.name)
	if ev.Total > 0 && !ev.Final {
		frac := min(float64(ev.Bytes)/float64(ev.Total), 1)
		if p.tty {
			const width = 20
			full := int(frac * width)
			b.WriteString("[" + strings.Repeat("█", full) + strings.Repeat("░", width-full) + "] ")
		}
		fmt.Fprintf(&b, "%.0f%%, ", frac*100)
	}
	c := ev.Counts
	fmt.Fprintf(&b, "%s rows (%s created, %s updated, %s unchanged, %s rejected)", groupDigits(ev.Written),
		groupDigits(c.Created), groupDigits(c.Updated+c.Merged), groupDigits(c.Unchanged), groupDigits(c.Rejected+c.Suppressed))
	if ev.Rate > 0 {
		fmt.Fprintf(&b, ", %s rows/s", groupDigits(int(ev.Rate)))
	}
	switch {
	case ev.Final && ev.Status != "done":
		fmt.Fprintf(&b, ", %s after %s", ev.Status, ev.Elapsed.Round(10*time.Millisecond))
	case ev.Final:
		fmt.Fprintf(&b, ", done in %s", ev.Elapsed.Round(10*time.Millisecond))
	case ev.Phase == importer.PhaseFinishing:
		b.WriteString(", finishing…")
	case ev.ETA > 0:
		fmt.Fprintf(&b, ", %s left", ev.ETA.Round(time.Second))
	}
	if !p.tty || ev.Final {
		b.WriteByte('\n')
	}
	io.WriteString(p.w, b.String())
}

// listJobs prints the import jobs, tab-separated with a header line.
func listJobs(env *Env, g *globals) error {
	s, err := g.open(env, true)
	if err != nil {
		return err
	}
	defer s.Close()
	jobs, err := s.Jobs()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "JOB\tSTARTED\tSTATUS\tROWS\tCREATED\tUPDATED\tUNCHANGED\tMERGED\tREJECTED\tSUPPRESSED\tFILE")
	for _, j := range jobs {
		c := j.Counts
		fmt.Fprintf(env.Stdout, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", j.ID, j.Started.UTC().Format(time.RFC3339), j.Status,
			c.Rows, c.Created, c.Updated, c.Unchanged, c.Merged, c.Rejected, c.Suppressed, j.File)
	}
	return nil
}

func undoJob(env *Env, g *globals, id uint64) error {
	if g.readOnly {
		return usagef("undo writes to the store; drop --read-only")
	}
	s, err := g.open(env, false)
	if err != nil {
		return err
	}
	defer s.Close()
	p := newProgress(env, fmt.Sprintf("undo import %d", id), 0)
	res, err := s.UndoJob(id, func(done, total int) {
		p.total = total
		p.update(done)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "undid import job %d: %s contacts removed, %s restored\n", id, groupDigits(res.Removed), groupDigits(res.Restored))
	for _, sk := range res.Skipped {
		fmt.Fprintf(env.Stdout, "  kept: %s\n", sk)
	}
	return nil
}

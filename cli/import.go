package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"rolo/contact"
	"rolo/importer"
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
		if !changed("keyless") && mf.Keyless != "" {
			f.keyless = mf.Keyless
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
		if opt.Country, err = contact.CheckCountry(f.country); err != nil {
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
	opt.Now, opt.Read.Now = env.Now, env.Now
	return opt, mf, nil
}

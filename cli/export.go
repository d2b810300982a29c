package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"rolo/contact"
	"rolo/export"
	"rolo/private"
	"rolo/store"
)

func newExportCmd(env *Env, g *globals) *cobra.Command {
	var sel selection
	var format, columns, profile, out string
	var bom bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export contacts to CSV, XLSX, TXT, JSONL or vCard",
		Long: `Export contacts, all or those matching --where or a saved --segment, to a
file (-o) or to stdout. Columns have the canonical field names as headers
(first_name, emails, custom:<name>, consent:<name>); without --columns every
field an import can read back is written, so exporting and importing into an
empty store gives the same contacts.

The format comes from --format, else from the -o file's extension, else csv:
  csv    RFC 4180, UTF-8 (--bom adds a byte-order mark for Excel)
  xlsx   one sheet; phones are text cells, nothing is ever a formula
  txt    tab-separated
  jsonl  one JSON object per contact: lists as arrays, consents and custom
         fields as objects; every field, rolo's own (id, created_at…) too
  vcf    vCard 4.0

--profile excel (the default) makes CSV and TXT safe to open in a
spreadsheet: a cell starting with = + - @, a tab, CR or NUL gets a leading '
unless it is a plain number or E.164 phone. --profile raw writes values
untouched, for moving data between systems.`,
		Example: `  rolo export -o contacts.xlsx
  rolo export --where 'consent:email = yes' --columns first_name,last_name,emails -o mailing.csv --bom
  rolo export --segment VIP --format jsonl > vip.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := sel.check(cmd); err != nil {
				return err
			}
			opt := export.Options{BOM: bom}
			var err error
			switch {
			case cmd.Flags().Changed("format"):
				if opt.Format, err = export.ParseFormat(format); err != nil {
					return usagef("--format: %v", err)
				}
			case out != "":
				var ok bool
				if opt.Format, ok = export.FormatOf(out); !ok {
					opt.Format = export.CSV
				}
			default:
				opt.Format = export.CSV
			}
			if opt.Profile, err = export.ParseProfile(profile); err != nil {
				return usagef("--profile: %v", err)
			}
			if bom && opt.Format != export.CSV && opt.Format != export.TXT {
				return usagef("--bom is for csv and txt")
			}
			if cmd.Flags().Changed("columns") {
				if opt.Columns, err = export.CheckColumns(strings.Split(columns, ",")); err != nil {
					return usagef("--columns: %v", err)
				}
			}
			if out == "" && opt.Format.Binary() && env.IsTerminal(env.Stdout) {
				return usagef("%s is a binary format: write it to a file with -o FILE", opt.Format)
			}
			s, err := g.open(env, true)
			if err != nil {
				return err
			}
			defer s.Close()
			return runExport(env, s, &sel, opt, out)
		},
	}
	sel.flags(cmd)
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "", "csv, xlsx, txt, jsonl or vcf (default: from -o's extension, else csv)")
	fl.StringVar(&columns, "columns", "", "fields to write, in order, e.g. first_name,last_name,emails,consent:sms (default: all)")
	fl.StringVar(&profile, "profile", "excel", "excel (safe to open in a spreadsheet) or raw (values untouched)")
	fl.BoolVar(&bom, "bom", false, "start a csv or txt file with a UTF-8 byte-order mark (for Excel)")
	fl.StringVarP(&out, "output", "o", "", "write to FILE instead of stdout")
	return cmd
}

func runExport(env *Env, s *store.Store, sel *selection, opt export.Options, out string) error {
	m, f, err := sel.matcher(env, s)
	if err != nil {
		return err
	}
	if len(opt.Columns) == 0 {
		if opt.Columns, err = defaultExportColumns(s, opt.Format); err != nil {
			return err
		}
	}
	// Say what will be written before writing it: how many contacts (one
	// counting pass when there is a filter) and which columns.
	total, err := s.Count()
	if err != nil {
		return err
	}
	src := export.Source(s.ScanLean)
	if m != nil {
		// The index finds the contacts; only they are read (and checked
		// again, in case one changed meanwhile).
		ids, err := matches(env, s, f, sel.country, "", false)
		if err != nil {
			return err
		}
		total, src = len(ids), export.Select(ids, s.GetMany)
	}
	if opt.Format == export.XLSX && total > export.MaxXLSXRows {
		return fmt.Errorf("%s contacts do not fit one XLSX sheet (at most %s): export to csv instead", groupDigits(total), groupDigits(export.MaxXLSXRows))
	}
	dest := "stdout"
	if out != "" {
		dest = out
	}
	what := contactsWord(total)
	if !f.IsEmpty() {
		what += " where " + f.Describe()
	}
	fmt.Fprintf(env.Stderr, "exporting %s %s to %s (%s, %s profile), columns: %s\n",
		groupDigits(total), what, dest, opt.Format, opt.Profile, strings.Join(opt.Columns, ", "))

	w, commit, abort, err := exportTarget(env, out, private.ForStore(s.Path()))
	if err != nil {
		return err
	}
	p := newProgress(env, "export", total)
	var keep func(*contact.Contact) bool
	if m != nil {
		keep = m
	}
	n, err := export.Run(context.Background(), w, src, keep, opt, p.update)
	if err != nil {
		abort()
		return fmt.Errorf("exporting to %s: %w", dest, err)
	}
	if err := commit(); err != nil {
		return err
	}
	p.done(n)
	if out != "" {
		fmt.Fprintf(env.Stdout, "exported %s %s to %s\n", groupDigits(n), contactsWord(n), out)
	}
	return nil
}

// defaultExportColumns are export.DefaultColumns with the store's custom
// fields and consents.
func defaultExportColumns(s *store.Store, f export.Format) ([]string, error) {
	fields, err := s.CustomFields()
	if err != nil {
		return nil, err
	}
	defs, err := s.ConsentDefs()
	if err != nil {
		return nil, err
	}
	custom := make([]string, len(fields))
	for i, x := range fields {
		custom[i] = x.Name
	}
	consents := make([]string, len(defs))
	for i, x := range defs {
		consents[i] = x.Name
	}
	return export.DefaultColumns(f, custom, consents), nil
}

// exportTarget opens where the export goes: stdout, or a private file
// that commit puts in place (so a failed or interrupted export never
// leaves half a file under the name asked for). It holds personal data.
func exportTarget(env *Env, out string, perm private.Perm) (w io.Writer, commit func() error, abort func(), err error) {
	if out == "" {
		return env.Stdout, func() error { return nil }, func() {}, nil
	}
	f, err := private.Create(out, perm)
	if err != nil {
		return nil, nil, nil, err
	}
	return f, f.Commit, f.Abort, nil
}

// contactsWord is "contact" or "contacts" for n.
func contactsWord(n int) string {
	if n == 1 {
		return "contact"
	}
	return "contacts"
}

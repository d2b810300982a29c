package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"rolo/contact"
	"rolo/importer"
)

func newAuditCmd(env *Env, g *globals) *cobra.Command {
	var asJSON bool
	f := &importFlags{}
	cmd := &cobra.Command{
		Use:   "audit FILE",
		Short: "Check a contact file for problems without importing it",
		Long: `Read a contact file exactly as 'rolo import' would (formats, encodings,
delimiters, header detection, mapping, phone and e-mail checks) and report
what is wrong with it, without a store: the encoding found (and, where
another is plausible, a line read both ways), the delimiter, the mapping,
row counts, invalid phones and e-mails by column, duplicate clusters inside
the file, consent coverage, formulas, ragged rows and rows without a key.

--json writes the report as JSON (its keys are in docs/auditing.md).
The exit code is 0 when the file was read, whatever it holds, and 1 with a
one-line error when it cannot be read at all.`,
		Example: "  rolo audit contacts.csv --country PL\n  rolo audit export.xlsx --json > audit.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, _, err := buildOptions(env, f, cmd)
			if err != nil {
				return err
			}
			if opt.Country == "" {
				if opt.Country, err = g.fileCountry(env); err != nil {
					return err
				}
			}
			src, err := importer.Open(args[0], opt.Read)
			if err != nil {
				return err
			}
			defer src.Close()
			ctx, stop := stopContext(env, cmd.Context())
			defer stop()
			rep, err := importer.Audit(ctx, src, opt.Country, opt.Map)
			if err != nil {
				return err
			}
			if asJSON {
				return rep.WriteJSON(env.Stdout)
			}
			printAudit(env.Stdout, rep)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.country, "country", "", countryFlagHelp)
	fl.BoolVar(&asJSON, "json", false, "write the audit as JSON")
	addReadFlags(cmd, f)
	return cmd
}

// addReadFlags are the flags of commands that read a file without
// importing it (audit, open): how to read it and map its columns.
func addReadFlags(cmd *cobra.Command, f *importFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.mapSpec, "map", "", "map columns by hand, as for import: 'Header=field,…'")
	fl.BoolVar(&f.header, "header", false, "the first row names the columns")
	fl.BoolVar(&f.noHeader, "no-header", false, "the first row is data")
	fl.IntVar(&f.headerRow, "header-row", 0, "the line (sheet row) that names the columns (default: detected)")
	fl.StringVar(&f.delimiter, "delimiter", "", "CSV/TXT delimiter (default: detected)")
	fl.StringVar(&f.encoding, "encoding", "", "text encoding (default: detected)")
	fl.StringVar(&f.sheet, "sheet", "", "the sheet of a workbook to read")
	fl.StringVar(&f.maxSize, "max-size", "256MB", "refuse files (or unpacked archives) larger than this")
	cmd.MarkFlagsMutuallyExclusive("header", "no-header")
	cmd.MarkFlagsMutuallyExclusive("header-row", "no-header")
	f.mode, f.empty = "upsert", "keep"
}

// problemLabels name the audit's problem kinds for people, in the order
// they are listed.
var problemLabels = []struct{ kind, label string }{
	{"unbalanced_quote", "unbalanced quote (row rejected)"},
	{"invalid_json", "not a JSON object (row rejected)"},
	{"ragged_row", "ragged row (row rejected)"},
	{"formula_without_value", "formula without a saved value (row rejected)"},
	{"no_key", "no e-mail or phone (row rejected)"},
	{"invalid_channel", "channel row without a valid value (row rejected)"},
	{"invalid_phone", "invalid phone"},
	{"invalid_email", "invalid e-mail"},
	{"invalid_date", "invalid date"},
	{"invalid_country", "unknown country"},
	{"invalid_number", "invalid number"},
	{"invalid_value", "invalid status or priority"},
	{"invalid_timezone", "unknown time zone"},
	{"invalid_consent", "consent neither yes nor no"},
	{"record_type", "unknown record type"},
	{"formula", "formula (saved value used)"},
	{"mojibake", "mojibake (text that does not decode)"},
	{"extra_cells", "cells past the last column"},
	{"short_row", "short row (last cells taken as empty)"},
	{"ambiguous_date", "date read in an order no value decided"},
	{"formula_text", "cell a spreadsheet would run as a formula"},
}

func printAudit(w io.Writer, rep *importer.AuditReport) {
	for _, t := range rep.Tables {
		how := []string{string(t.Format)}
		if t.Encoding != "" {
			how = append(how, t.Encoding)
		}
		if t.Delimiter != "" && t.Format == importer.FormatCSV {
			how = append(how, fmt.Sprintf("delimiter %q", t.Delimiter))
		}
		if t.Sheet != "" {
			how = append(how, fmt.Sprintf("sheet %q of %d", t.Sheet, len(t.Sheets)))
		}
		if t.Format != importer.FormatVCard && t.Format != importer.FormatJSONL {
			switch {
			case t.Header && t.HeaderLine > 1:
				how = append(how, fmt.Sprintf("with a header on line %d", t.HeaderLine))
			case t.Header:
				how = append(how, "with a header")
			default:
				how = append(how, "no header")
			}
		}
		fmt.Fprintf(w, "%s: %s, %s rows\n", t.Name, strings.Join(how, ", "), groupDigits(t.Rows))
		for _, r := range t.Readings {
			fmt.Fprintf(w, "  %s is plausible too; line %d reads\n    as %s: %s\n    as %s: %s\n", r.Encoding, r.Line, t.Encoding, r.AsDetected, r.Encoding, r.AsThis)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  column\tfield\tfilled\tinvalid\t")
		for _, c := range t.Columns {
			mark := ""
			if !c.Sure {
				mark = " ?"
			}
			fmt.Fprintf(tw, "  %s\t%s%s\t%s\t%s\t\n", c.Name, c.Field, mark, groupDigits(c.Filled), groupDigits(c.Invalid))
		}
		tw.Flush()
	}
	if len(rep.UnsureGuesses) > 0 {
		fmt.Fprintf(w, "unsure guesses to check: %d (an import keeps these columns as custom fields)\n", len(rep.UnsureGuesses))
		for _, g := range rep.UnsureGuesses {
			fmt.Fprintf(w, "  %q looks like %s (%s): %s applies it\n", g.Column, g.Guess, strings.TrimSuffix(g.Reason, importer.HeldReason), g.Map)
		}
	}
	fmt.Fprintf(w, "rows: %s, %s without any problem\n", groupDigits(rep.Rows), groupDigits(rep.RowsOK))
	if len(rep.Problems) > 0 {
		fmt.Fprintln(w, "rows with problems:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, p := range problemLabels {
			if n := rep.Problems[p.kind]; n > 0 {
				fmt.Fprintf(tw, "  %s\t%s\n", p.label, groupDigits(n))
			}
		}
		tw.Flush()
	}
	for _, group := range []struct {
		what string
		list []importer.ColumnProblems
	}{{"invalid phones", rep.InvalidPhones}, {"invalid e-mails", rep.InvalidEmails}} {
		for _, p := range group.list {
			fmt.Fprintf(w, "%s in %q: %s", group.what, p.Column, groupDigits(p.Count))
			if len(p.ByCountry) > 0 {
				var parts []string
				keys := make([]string, 0, len(p.ByCountry))
				for cc := range p.ByCountry {
					keys = append(keys, cc)
				}
				slices.Sort(keys)
				for _, cc := range keys {
					label := cc
					if label == "" {
						label = "no country"
					}
					parts = append(parts, fmt.Sprintf("%s %s", label, groupDigits(p.ByCountry[cc])))
				}
				fmt.Fprintf(w, " (read as %s)", strings.Join(parts, ", "))
			}
			fmt.Fprintln(w)
			for _, e := range p.Examples[:min(len(p.Examples), 3)] {
				fmt.Fprintf(w, "  row %d: %s\n", e.Row, e.Message)
			}
		}
	}
	if rep.Clusters > 0 {
		fmt.Fprintf(w, "duplicates inside the file: %s clusters\n", groupDigits(rep.Clusters))
		for _, c := range rep.Duplicates[:min(len(rep.Duplicates), 10)] {
			rows := make([]string, len(c.Rows))
			for i, r := range c.Rows {
				rows[i] = fmt.Sprint(r)
			}
			fmt.Fprintf(w, "  %s %s on rows %s\n", c.Key, c.Value, strings.Join(rows, ", "))
		}
	}
	if len(rep.Consents) > 0 {
		fmt.Fprintln(w, "consents:")
		for _, c := range rep.Consents {
			fmt.Fprintf(w, "  %s (%q): %s yes, %s no, %s empty", c.Name, c.Column, groupDigits(c.Granted), groupDigits(c.Withdrawn), groupDigits(c.Empty))
			if c.Invalid > 0 {
				fmt.Fprintf(w, ", %s neither", groupDigits(c.Invalid))
			}
			fmt.Fprintln(w)
		}
	}
	if len(rep.Rejected) > 0 {
		fmt.Fprintf(w, "an import would reject %s:\n", contact.CountOf(len(rep.Rejected), "row"))
		for _, r := range rep.Rejected[:min(len(rep.Rejected), 10)] {
			fmt.Fprintf(w, "  row %d (line %d): %s\n", r.Row, r.Line, r.Reason)
		}
	}
	if len(rep.NoKey) > 0 {
		fmt.Fprintln(w, "rows without an e-mail or a phone:")
		for _, r := range rep.NoKey[:min(len(rep.NoKey), 20)] {
			name := r.Name
			if name == "" {
				name = "(no name)"
			}
			fmt.Fprintf(w, "  row %d (line %d): %s\n", r.Row, r.Line, name)
		}
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "skipped %s\n", s)
	}
}

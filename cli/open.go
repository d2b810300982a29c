package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/spf13/cobra"

	"rolo/fileview"
	"rolo/importer"
)

func newOpenCmd(env *Env, g *globals) *cobra.Command {
	f := &importFlags{}
	cmd := &cobra.Command{
		Use:   "open FILE",
		Short: "Browse a contact file read-only in the interface, with its audit",
		Long: `Open a contact file (CSV, TXT, XLSX, XLS, ZIP, vCard, JSON Lines) read-only
in the full-screen interface, without importing it: the same table,
filters, column views and card as the store, plus an audit panel (A):
the encoding and delimiter found, rows read, rows with each kind of
problem (invalid phones by country, invalid e-mails, ragged rows,
formulas, mojibake, rows without e-mail or phone…), duplicate clusters
inside the file, consent coverage and each column's values. Enter on a
count shows exactly the rows it counts.

The file is read exactly as 'rolo import' reads it, on every core, into
memory only: nothing of it is written to disk, and the rows show as they
are read (the header says how far the reading is). The store given with
--db is only read for its default country (rolo config), when --country
is not given. Every row is shown, also those an import would refuse. The
audit panel's counts are those of 'rolo audit FILE', which
gives the same findings as a report, for scripts.`,
		Example: "  rolo open contacts.csv --country PL\n  rolo open export.xlsx --sheet Customers",
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
			path, err := filepath.Abs(args[0])
			if err != nil {
				return fmt.Errorf("opening %s: %w", args[0], err)
			}
			// A file that cannot be read at all is said so here, not on
			// an empty screen.
			src, err := importer.Open(path, opt.Read)
			if err != nil {
				return err
			}
			src.Close()
			if !env.IsTerminal(env.Stdin) || !env.IsTerminal(env.Stdout) {
				return usagef("rolo open needs a terminal; 'rolo audit %s' reports on the file in scripts", args[0])
			}
			if env.RunTUI == nil {
				return errors.New("this build of rolo has no interface")
			}
			return runOpen(env, fileview.Options{Path: path, Read: opt.Read, Map: opt.Map, Country: opt.Country, Now: env.Now})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.country, "country", "", countryFlagHelp)
	addReadFlags(cmd, f)
	return cmd
}

// openMemoryLimit is the soft memory limit of rolo open on a file of size
// bytes. What it keeps (the index and the records) comes to about 4.5
// times the file; without a limit the collector lets garbage grow the
// heap well past that while the file is read (a peak of 793 MB for a
// 92 MB file of a million rows, 517 MB with the limit). Near the limit it
// collects more often instead; a file whose rows need more than the limit
// is still read (the limit is soft).
func openMemoryLimit(size int64) int64 {
	return max(256<<20, 6*size)
}

// runOpen shows the file, read into memory: nothing of it is written
// anywhere, so whatever ends the interface (quit, Ctrl-C, SIGTERM, a
// hang-up: see watchHangup, or an error) leaves nothing behind. Copies an
// older rolo open left in the temporary folder when it was killed are
// removed first.
func runOpen(env *Env, opt fileview.Options) error {
	fileview.SweepStale(os.TempDir())
	if env.Getenv("GOMEMLIMIT") == "" {
		if fi, err := os.Stat(opt.Path); err == nil {
			debug.SetMemoryLimit(openMemoryLimit(fi.Size()))
		}
	}
	ctx, ended := watchHangup(env, openHangupGrace)
	defer ended()
	return env.RunTUI(nil, TUIOptions{Open: &opt, Context: ctx})
}

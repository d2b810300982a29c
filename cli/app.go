// Package cli is rolo's command line: one file per command, each building a
// cobra command from the shared Env. Commands print results on stdout,
// progress and errors on stderr, and return errors rather than exiting, so
// tests run them in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"rolo/book"
	"rolo/contact"
	"rolo/fileview"
	"rolo/private"
	"rolo/store"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command failed; one line on stderr says why
	ExitUsage = 2 // the command line was wrong
)

// Env is what every command needs from the outside world. Tests fill it
// with buffers and a fixed clock.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// IsTerminal reports whether a stream is an interactive terminal
	// (progress bars, aligned tables and the TUI need one).
	IsTerminal func(any) bool
	// RunTUI starts the full-screen interface; main wires in ui.Run. Nil
	// in tests that do not need it.
	RunTUI func(s *store.Store, opt TUIOptions) error
	// signals ends the process on a signal (signals.go); nil in tests,
	// which run commands inside the test process.
	signals *signals
}

// TUIOptions are what the command line passes to the interface.
type TUIOptions struct {
	OpenFile   string // rolo import FILE on a terminal: the wizard at its preview step
	ImportFile bool
	// Open is rolo open FILE: the store is nil; the interface reads the
	// file into memory and shows it read-only. Context ends the interface
	// early.
	Open    *fileview.Options
	Context context.Context
}

// OSEnv is the real environment.
func OSEnv() *Env {
	return &Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Now: time.Now,
		signals: &signals{},
		IsTerminal: func(f any) bool {
			if fd, ok := f.(interface{ Fd() uintptr }); ok {
				return term.IsTerminal(int(fd.Fd()))
			}
			return false
		},
	}
}

// usageError marks an error in the command line itself (exit 2).
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// Main runs rolo with args (without the program name) and returns the exit
// code. Errors are printed as one line: "rolo: …".
func Main(env *Env, args []string) int {
	defer env.signals.watch(env)()
	root := newRoot(env)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, private.ErrRemoved) {
		env.signals.awaitDeath()
	}
	// A damaged store is said in the same words wherever it was met.
	var de *store.DamageError
	if errors.As(err, &de) {
		err = de
	}
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", " ")
	fmt.Fprintf(env.Stderr, "rolo: %s\n", msg)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintln(env.Stderr, "Run 'rolo --help' for usage.")
		return ExitUsage
	}
	return ExitError
}

// isCobraUsage recognises cobra's own command-line errors (unknown flag or
// command, missing argument), which it returns as plain errors.
func isCobraUsage(err error) bool {
	m := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "if any flags in the group"} {
		if strings.Contains(m, p) {
			return true
		}
	}
	return false
}

// globals are the flags every command accepts.
type globals struct {
	db       string
	readOnly bool
	// source is what this run's changes are recorded as coming from in the
	// store's journal and history: the command ("rolo erase"), or
	// "interface".
	source string
}

func newRoot(env *Env) *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "rolo",
		Short: "A terminal contact manager",
		Long: `rolo keeps contacts in one local file and lets you find, fix, segment,
import, audit and export them from a terminal, also over SSH.

Run without a command to open the full-screen interface on the store.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(env, g, TUIOptions{})
		},
		PersistentPreRun: func(cmd *cobra.Command, _ []string) { g.source = cmd.CommandPath() },
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetIn(env.Stdin)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&g.db, "db", "", "store file (default $ROLO_DB, else ~/.local/share/rolo/rolo.db)")
	root.PersistentFlags().BoolVar(&g.readOnly, "read-only", false, "open the store for browsing only (works while another rolo has it open)")
	root.AddCommand(
		newDemoCmd(env, g),
		newCountCmd(env, g),
		newListCmd(env, g),
		newExportCmd(env, g),
		newSegmentCmd(env, g),
		newImportCmd(env, g),
		newAuditCmd(env, g),
		newConsentCmd(env, g), newUnsubscribeCmd(env, g), newEraseCmd(env, g), newDedupeCmd(env, g),
		newEditCmd(env, g), newUndoCmd(env, g),
		newConfigCmd(env, g),
		newOpenCmd(env, g),
		newVersionCmd(env),
	)
	addDocLines(root)
	return root
}

// filePerm is who may read the files this command writes that hold
// personal data: the owner, or the group sharing the store.
func (g *globals) filePerm(env *Env) private.Perm {
	path, err := g.dbPath(env)
	if err != nil {
		return private.Owner
	}
	return private.ForStore(path)
}

// dbPath is --db, else the default path.
func (g *globals) dbPath(env *Env) (string, error) {
	if g.db != "" {
		return g.db, nil
	}
	if p := env.Getenv("ROLO_DB"); p != "" {
		return p, nil
	}
	return store.DefaultPath()
}

// open opens the store. Commands that only read pass readOnly: they then
// work alongside a rolo that has the store open for writing.
func (g *globals) open(env *Env, readOnly bool) (*store.Store, error) {
	b, err := g.openBook(env, readOnly, "")
	if err != nil {
		return nil, err
	}
	return b.Store(), nil
}

// openBook opens the store with its settings resolved (country is the
// command's --country, "" for none).
func (g *globals) openBook(env *Env, readOnly bool, country string) (*book.Book, error) {
	path, err := g.dbPath(env)
	if err != nil {
		return nil, err
	}
	b, err := book.Open(path, book.Options{Country: country, Getenv: env.Getenv,
		Store: store.Options{ReadOnly: readOnly || g.readOnly, Now: env.Now, Source: g.source,
			OnWait: func(what string) {
				if what != "" {
					fmt.Fprintf(env.Stderr, "rolo: %s\n", what)
				}
			}}})
	if errors.Is(err, store.ErrNoStore) {
		return nil, fmt.Errorf("no store at %s yet: create one with 'rolo demo' or 'rolo import FILE'", path)
	}
	return b, err
}

func runTUI(env *Env, g *globals, opt TUIOptions) error {
	if !env.IsTerminal(env.Stdin) || !env.IsTerminal(env.Stdout) {
		return usagef("the interface needs a terminal; use a command such as 'rolo list' in scripts (see 'rolo --help')")
	}
	if env.RunTUI == nil {
		return errors.New("this build of rolo has no interface")
	}
	g.source = "interface"
	s, err := g.open(env, false)
	if err != nil {
		return err
	}
	defer s.Close()
	// A dropped SSH session stops the interface as a quit would, so running
	// jobs end cleanly before the store closes.
	ctx, ended := watchHangup(env, storeHangupGrace)
	defer ended()
	opt.Context = ctx
	return env.RunTUI(s, opt)
}

// fileCountry is the default country of a command that reads a file
// rather than the store (open, audit): the store's setting when there is
// a store, else the locale's. A store that cannot be read is an error, not
// a silent guess; --country avoids opening it.
func (g *globals) fileCountry(env *Env) (string, error) {
	path, err := g.dbPath(env)
	if err != nil {
		return "", err
	}
	s, err := store.Open(path, store.Options{ReadOnly: true, Now: env.Now, Source: g.source})
	if errors.Is(err, store.ErrNoStore) {
		return contact.LocaleCountry(env.Getenv), nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the store's default country (or give --country): %w", err)
	}
	defer s.Close()
	cc, err := book.Country(s, "", env.Getenv)
	return cc.Value, err
}

package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"rolo/filter"
	"rolo/store"
)

func newSegmentCmd(env *Env, g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "segment",
		Short: "Save, list and remove named filters (segments)",
		Long: `A segment is a named filter kept in the store, for --segment NAME in list,
count and export and for the interface's filter builder. Segments never
expire: only 'rolo segment save' and 'rolo segment rm' change them.`,
		Example: `  rolo segment save "VIP Kraków" 'city = Kraków and group in VIP'
  rolo segment list
  rolo segment rm "VIP Kraków"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("segment needs a subcommand: save, list or rm")
		},
	}
	cmd.AddCommand(
		newSegmentSaveCmd(env, g),
		&cobra.Command{
			Use:   "list",
			Short: "List the saved segments",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				s, err := g.open(env, true)
				if err != nil {
					return err
				}
				defer s.Close()
				segs, err := s.Segments()
				if err != nil {
					return err
				}
				tty := env.IsTerminal(env.Stdout)
				if len(segs) == 0 {
					if tty {
						fmt.Fprintln(env.Stderr, "no saved segments yet: rolo segment save NAME EXPR")
					}
					return nil
				}
				rows := [][]string{{"name", "filter", "updated"}}
				for _, seg := range segs {
					rows = append(rows, []string{seg.Name, seg.Expr, seg.UpdatedAt.Local().Format("2006-01-02 15:04")})
				}
				if !tty {
					rows = rows[1:]
					for _, r := range rows {
						fmt.Fprintf(env.Stdout, "%s\t%s\n", r[0], r[1])
					}
					return nil
				}
				rw := &rowWriter{w: env.Stdout, table: true, width: terminalWidth(env), held: rows}
				return rw.release()
			},
		},
		&cobra.Command{
			Use:     "rm NAME",
			Aliases: []string{"remove", "delete"},
			Short:   "Remove a saved segment",
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				if g.readOnly {
					return usagef("segment rm writes to the store; drop --read-only")
				}
				s, err := g.open(env, false)
				if err != nil {
					return err
				}
				defer s.Close()
				if err := s.DeleteSegment(args[0]); errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("no segment named %q (see 'rolo segment list')", args[0])
				} else if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "removed segment %q\n", args[0])
				return nil
			},
		},
	)
	return cmd
}

// describeExpr is a filter's text, or "every contact".
func describeExpr(f filter.Filter) string {
	if f.IsEmpty() {
		return "every contact"
	}
	return f.String()
}

// newSegmentSaveCmd is rolo segment save: a name in use is refused unless
// --replace, so a typo never overwrites another filter.
func newSegmentSaveCmd(env *Env, g *globals) *cobra.Command {
	var replace bool
	cmd := &cobra.Command{
		Use:   "save NAME EXPR",
		Short: "Save a filter under a name (--replace replaces one of the same name)",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, expr := strings.TrimSpace(args[0]), strings.Join(args[1:], " ")
			f, err := filter.Parse(expr)
			if err != nil {
				return usagef("%v", err)
			}
			if name == "" {
				return usagef("a segment needs a name")
			}
			if g.readOnly {
				return usagef("segment save writes to the store; drop --read-only")
			}
			s, err := g.open(env, false)
			if err != nil {
				return err
			}
			defer s.Close()
			err = s.SaveSegment(name, f.String(), replace)
			if errors.Is(err, store.ErrExists) {
				return fmt.Errorf("a segment named %q exists; add --replace to replace it (or choose another name)", name)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "saved segment %q: %s\n", name, describeExpr(f))
			return nil
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "replace a segment of the same name")
	return cmd
}

package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rolo/store"
)

func newUndoCmd(env *Env, g *globals) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "undo",
		Short: "Undo the last change you made in the store (card edit, bulk action, merge, new contact)",
		Long: `Undo the last change made in this store by you (the operating-system
user): a card edit, a consent toggle, a bulk action, a merge of duplicates
or a new contact, as the interface's u does. Run it again to undo the one
before. A contact changed again since the change is left as it is and
listed. Imports have their own undo: 'rolo import --undo JOB'.
Without --yes it asks for confirmation on a terminal.`,
		Example: "  rolo undo\n  rolo undo --yes",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if g.readOnly {
				return usagef("undo writes to the store; drop --read-only")
			}
			s, err := g.open(env, false)
			if err != nil {
				return err
			}
			defer s.Close()
			return runUndo(env, s, yes)
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm without asking (for scripts)")
	return cmd
}

func runUndo(env *Env, s *store.Store, yes bool) error {
	a, err := s.LastAction(s.User())
	if errors.Is(err, store.ErrNothingToUndo) {
		return fmt.Errorf("nothing to undo: %s has made no change here that is not undone", s.User())
	}
	if err != nil {
		return err
	}
	question := fmt.Sprintf("undo: %s (%s)?", a.What, a.At.Local().Format("2006-01-02 15:04"))
	if err := confirm(env, yes, "undo", question); err != nil {
		if errors.Is(err, errNotConfirmed) {
			return errors.New("not confirmed; nothing was undone")
		}
		return err
	}
	ctx, stop := stopContext(env, context.Background())
	defer stop()
	res, err := s.UndoAction(ctx, a.Seq, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, res.Summary())
	return nil
}

package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newCountCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "count",
		Short: "Print how many contacts the store holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := g.open(env, true)
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := s.Count()
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, n)
			return nil
		},
	}
}

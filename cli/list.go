package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newListCmd is a placeholder until issue 5 builds the command.
func newListCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:                "list",
		Short:              "Print contacts as a table",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New("'rolo list' is not built yet (issue 5)")
		},
	}
}

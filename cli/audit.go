package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newAuditCmd is a placeholder until issue 4 builds the command.
func newAuditCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:                "audit FILE",
		Short:              "Check a contact file for problems without importing it",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New("'rolo audit' is not built yet (issue 4)")
		},
	}
}

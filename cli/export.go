package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newExportCmd is a placeholder until issue 5 builds the command.
func newExportCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:                "export",
		Short:              "Export contacts to CSV, XLSX, TXT, JSONL or vCard",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New("'rolo export' is not built yet (issue 5)")
		},
	}
}

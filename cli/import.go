package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newImportCmd is a placeholder until issue 4 builds the command.
func newImportCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:                "import FILE",
		Short:              "Import contacts from a CSV, TXT, XLSX, XLS, ZIP or vCard file",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return errors.New("'rolo import' is not built yet (issue 4)")
		},
	}
}

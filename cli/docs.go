package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// docPages names the page of rolo's documentation that tells a user the
// whole of each command, so its --help ends by pointing there: the help
// gives the flags, the page the behaviour, examples and formats.
var docPages = map[string]string{
	"rolo":             "README.md (docs/interface.md for the interface)",
	"rolo demo":        "README.md (Five minutes with rolo)",
	"rolo count":       "docs/filters.md",
	"rolo list":        "docs/filters.md",
	"rolo segment":     "docs/filters.md#segments",
	"rolo import":      "docs/importing.md",
	"rolo export":      "docs/export.md",
	"rolo audit":       "docs/auditing.md",
	"rolo open":        "docs/auditing.md",
	"rolo consent":     "docs/privacy.md#consents",
	"rolo unsubscribe": "docs/privacy.md#unsubscribe",
	"rolo erase":       "docs/privacy.md#erasure",
	"rolo dedupe":      "docs/duplicates.md",
	"rolo edit":        "docs/team.md#editing-one-contact-from-the-command-line",
	"rolo undo":        "docs/interface.md#undo",
	"rolo version":     "README.md",
	"rolo config":      "docs/team.md#settings",
}

// docPage is the page for a command: its own, else its parent's (a
// subcommand such as 'rolo segment save' shares its parent's page), else
// the README, whose command table lists every command.
func docPage(cmd *cobra.Command) string {
	for c := cmd; c != nil; c = c.Parent() {
		if p, ok := docPages[c.CommandPath()]; ok && (c == cmd || c.HasParent()) {
			return p
		}
	}
	return "README.md"
}

// addDocLines ends the long help of every command with the one line that
// names its page.
func addDocLines(cmd *cobra.Command) {
	long := cmd.Long
	if long == "" {
		long = cmd.Short
	}
	cmd.Long = strings.TrimRight(long, "\n") + "\n\nDocumentation: " + docPage(cmd) + " in rolo's repository."
	for _, c := range cmd.Commands() {
		addDocLines(c)
	}
}

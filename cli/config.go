package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"rolo/book"
	"rolo/contact"
)

func newConfigCmd(env *Env, g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "List the store's settings, or set one",
		Long: `List the settings rolo works with, each with its value and where the
value came from:

  default_country  the country of phones written in national form
                   ("601 234 567"): searches, filters, --where, --phone,
                   the card, the new-contact form, rolo open and imports
                   read them with it. From --country where a command has
                   it, else the store (rolo config set), else the locale
                   (LANG=pl_PL.UTF-8 gives PL), else none.
  columns          the interface's columns (chosen there with c)
  user             who this process's changes are recorded as

'rolo config set default_country PL' sets the store's default country
for everyone who uses the store; 'rolo config unset default_country' (or
set it to "") clears it.`,
		Example: "  rolo config\n  rolo config set default_country PL\n  rolo config unset default_country",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := g.open(env, true)
			if err != nil {
				return err
			}
			defer s.Close()
			list, err := book.List(s, "", env.Getenv, s.User())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
			for _, st := range list {
				v := st.Value
				if v == "" {
					v = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", st.Key, v, st.From)
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(newConfigSetCmd(env, g), newConfigUnsetCmd(env, g))
	return cmd
}

func newConfigSetCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "set KEY VALUE",
		Short:   "Set a setting of the store (default_country)",
		Example: "  rolo config set default_country PL\n  rolo config set default_country Poland",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return setConfig(env, g, args[0], args[1])
		},
	}
}

func newConfigUnsetCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "unset KEY",
		Short:   "Clear a setting of the store (default_country)",
		Example: "  rolo config unset default_country",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return setConfig(env, g, args[0], "")
		},
	}
}

// setConfig sets (or, with "", clears) one setting and says what it is now.
func setConfig(env *Env, g *globals, key, value string) error {
	switch key {
	case book.CountryKey:
	case "columns":
		return usagef("columns are chosen in the interface (c on the table); 'rolo config set' sets %s", book.CountryKey)
	case "user":
		return usagef("the user is who runs rolo, not a setting of the store")
	default:
		return usagef("no setting named %q: 'rolo config set' sets %s", key, book.CountryKey)
	}
	if _, err := contact.CheckCountry(value); err != nil {
		return usagef("%s: %v", key, err)
	}
	if g.readOnly {
		return usagef("'rolo config set' writes to the store; drop --read-only")
	}
	s, err := g.open(env, false)
	if err != nil {
		return err
	}
	defer s.Close()
	cc, err := book.SetCountry(s, value)
	if err != nil {
		return err
	}
	if cc != "" {
		fmt.Fprintf(env.Stdout, "%s is now %s (%s)\n", key, cc, contact.CountryName(cc))
		return nil
	}
	now, err := book.Country(s, "", env.Getenv)
	if err != nil {
		return err
	}
	what := "phones in national form need a + or the contact's country"
	if now.Value != "" {
		what = fmt.Sprintf("phones in national form are read as %s, the locale's", now.Value)
	}
	fmt.Fprintf(env.Stdout, "%s is not set: %s\n", key, strings.TrimSpace(what))
	return nil
}

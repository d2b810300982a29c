package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"rolo/store"
)

func newConsentCmd(env *Env, g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "consent",
		Short: "Manage consent definitions (add, list, rm)",
		Long: `Consents are what contacts agreed to (a newsletter, SMS offers, calls). Each
has a definition: a name, a channel (email, sms, phone, whatsapp, other) and a
description. A consent an import or an edit uses before it is defined is
created on first use and listed as auto, so a typo never passes unseen; 'rolo
consent add' with its name makes it deliberate.

Filters use consents as consent:<name>: 'consent:newsletter = yes', and the
time it was given: 'consent:newsletter >= -30d'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("say what to do: add, list or rm (see 'rolo consent --help')")
		},
	}
	cmd.AddCommand(newConsentAddCmd(env, g), newConsentListCmd(env, g), newConsentRmCmd(env, g))
	return cmd
}

func newConsentAddCmd(env *Env, g *globals) *cobra.Command {
	var channel, description string
	cmd := &cobra.Command{
		Use:     "add NAME",
		Short:   "Define a consent",
		Example: "  rolo consent add newsletter --channel email --description 'Monthly news and offers'",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := store.CheckConsentName(args[0]); err != nil {
				return usagef("%v", err)
			}
			if channel != "" {
				if _, ok := store.ParseChannel(channel); !ok {
					return usagef("--channel %q is not one of %s", channel, strings.Join(store.Channels, ", "))
				}
			}
			if g.readOnly {
				return usagef("consent add writes to the store; drop --read-only")
			}
			s, err := g.open(env, false)
			if err != nil {
				return err
			}
			defer s.Close()
			d, created, err := s.AddConsentDef(store.ConsentDef{Name: args[0], Channel: channel, Description: description})
			if errors.Is(err, store.ErrExists) {
				return fmt.Errorf("consent %q exists already (see 'rolo consent list')", args[0])
			}
			if err != nil {
				return err
			}
			if created {
				fmt.Fprintf(env.Stdout, "added consent %s (%s)\n", d.Name, d.Channel)
			} else {
				fmt.Fprintf(env.Stdout, "consent %s was created on first use; it is now defined (%s)\n", d.Name, d.Channel)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&channel, "channel", "", "email, sms, phone, whatsapp or other (default: guessed from the name)")
	cmd.Flags().StringVar(&description, "description", "", "what the person agrees to")
	return cmd
}

// consentRow is one line of rolo consent list.
type consentRow struct {
	Name        string `json:"name"`
	Channel     string `json:"channel"`
	Description string `json:"description,omitempty"`
	Granted     int    `json:"granted"`
	Withdrawn   int    `json:"withdrawn"`
	Auto        bool   `json:"auto"`
	Defined     bool   `json:"defined"` // false: contacts hold it but it has no definition
}

func newConsentListCmd(env *Env, g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List consents with how many contacts granted and withdrew each",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := g.open(env, true)
			if err != nil {
				return err
			}
			defer s.Close()
			rows, err := consentRows(s)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(env.Stdout, "no consents yet: define one with 'rolo consent add NAME'")
				return nil
			}
			num := groupDigits
			if !env.IsTerminal(env.Stdout) {
				num = strconv.Itoa // scripts read plain numbers
			}
			table := make([][]string, len(rows))
			for i, r := range rows {
				auto := "no"
				switch {
				case !r.Defined:
					auto = "undefined"
				case r.Auto:
					auto = "yes"
				}
				table[i] = []string{r.Name, r.Channel, num(r.Granted), num(r.Withdrawn), auto, r.Description}
			}
			printTable(env, []string{"NAME", "CHANNEL", "GRANTED", "WITHDRAWN", "AUTO", "DESCRIPTION"}, table)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// consentRows joins the definitions with how many contacts hold each
// consent (and lists consents contacts hold without a definition).
func consentRows(s *store.Store) ([]consentRow, error) {
	defs, err := s.ConsentDefs()
	if err != nil {
		return nil, err
	}
	usage, err := s.ConsentUsage()
	if err != nil {
		return nil, err
	}
	rows := make([]consentRow, 0, len(defs))
	for _, d := range defs {
		u := usage[d.Name]
		delete(usage, d.Name)
		rows = append(rows, consentRow{Name: d.Name, Channel: d.Channel, Description: d.Description,
			Granted: u.Granted, Withdrawn: u.NotGranted(), Auto: d.Auto, Defined: true})
	}
	for name, u := range usage {
		rows = append(rows, consentRow{Name: name, Channel: store.GuessChannel(name), Granted: u.Granted, Withdrawn: u.NotGranted()})
	}
	slices.SortFunc(rows, func(a, b consentRow) int { return strings.Compare(a.Name, b.Name) })
	return rows, nil
}

func newConsentRmCmd(env *Env, g *globals) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "rm NAME",
		Short: "Delete a consent definition",
		Long: `Delete a consent definition. While contacts hold the consent (granted or
withdrawn) it is refused; --force removes the consent from them too, each
removal written to the contact's history.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.readOnly {
				return usagef("consent rm writes to the store; drop --read-only")
			}
			s, err := g.open(env, false)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx, stop := stopContext(env, context.Background())
			defer stop()
			var p *progress
			opt := store.RemoveConsentOptions{Force: force, Source: "cli", Progress: func(done, total int) {
				if p == nil {
					p = newProgress(env, "consent rm", total)
				}
				p.update(done)
			}}
			n, err := s.RemoveConsentDef(ctx, args[0], opt)
			if p != nil {
				p.done(n)
			}
			var inUse *store.ConsentInUseError
			switch {
			case errors.As(err, &inUse):
				return fmt.Errorf("%v; add --force to remove it from them too (their history keeps the change)", err)
			case errors.Is(err, store.ErrNotFound):
				return fmt.Errorf("no consent named %q (see 'rolo consent list')", args[0])
			case err != nil:
				return err
			}
			if n > 0 {
				fmt.Fprintf(env.Stdout, "removed consent %s from %s and deleted its definition\n", args[0], contactsN(n))
			} else {
				fmt.Fprintf(env.Stdout, "deleted consent %s\n", args[0])
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "also remove the consent from the contacts that hold it")
	return cmd
}

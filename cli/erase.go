package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"rolo/contact"
	"rolo/store"
)

func newEraseCmd(env *Env, g *globals) *cobra.Command {
	var t target
	var yes bool
	var reason string
	cmd := &cobra.Command{
		Use:   "erase",
		Short: "Erase a person's personal data (right to be forgotten)",
		Long: `Erase the personal data of one person (--email, --phone, --id) or of every
contact matching --where. Every field, group membership, tag, consent and
custom field is removed, and so are the values in the contact's history
(its events stay, without values) and in import logs and undo records. A
tombstone stays under the contact's ID with status "erased" and the date,
and its e-mails and phones go on the suppression list as keyed hashes
(reason "erased"), so a later import never brings the person back.

Afterwards the store file is scrubbed: the freed pages that held the values
are overwritten, so nothing erased can be read back from the file.

It cannot be undone. Without --yes it asks for confirmation on a terminal
and refuses elsewhere.`,
		Example: `  rolo erase --email anna.kowalska@example.com
  rolo erase --id 1234 --reason "request 2026-118" --yes
  rolo erase --where 'status = unsubscribed and updated_at < -3y' --yes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := t.check(); err != nil {
				return err
			}
			if g.readOnly {
				return usagef("erase writes to the store; drop --read-only")
			}
			s, err := g.open(env, false)
			if err != nil {
				return err
			}
			defer s.Close()
			return runErase(env, s, &t, yes, reason)
		},
	}
	t.flags(cmd)
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm without asking (for scripts)")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the history (a request number; no personal data)")
	return cmd
}

func runErase(env *Env, s *store.Store, t *target, yes bool, reason string) error {
	ids, missing, erased, err := t.resolve(env, s)
	if err != nil {
		return err
	}
	if len(missing) > 0 && !t.bulk() {
		return fmt.Errorf("no contact has %s %s; nothing was erased", missing[0].kind, missing[0].value)
	}
	if len(ids) == 0 {
		switch {
		case erased > 0:
			fmt.Fprintf(env.Stdout, "%s already erased; nothing to do\n", contactsN(erased))
		case t.bulk():
			fmt.Fprintf(env.Stdout, "no contact matches %s; nothing was erased\n", t.where)
		}
		return nil
	}
	question := fmt.Sprintf("Erase the personal data of %s (%s)? This cannot be undone.", contactsN(len(ids)), idWords(ids, 5))
	if err := confirm(env, yes, "erasing "+contactsN(len(ids)), question); err != nil {
		if errors.Is(err, errNotConfirmed) {
			return errors.New("not confirmed; nothing was erased")
		}
		return err
	}
	ctx, stop := stopContext(env, context.Background())
	defer stop()
	p := newProgress(env, "erase", len(ids))
	start := env.Now()
	res, err := s.Erase(ctx, ids, store.EraseOptions{Reason: reason, Source: "cli", Progress: func(done, _ int) { p.update(done) }})
	p.done(res.Erased + res.AlreadyErased + res.Missing)
	if err != nil {
		return fmt.Errorf("erasing: %w (%s erased before it stopped)", err, contactsN(res.Erased))
	}
	took := env.Now().Sub(start).Round(time.Millisecond)
	fmt.Fprintf(env.Stdout, "erased %s (%s): personal data removed, %s kept with status erased\n", contactsN(res.Erased),
		idWords(ids[:res.Erased+res.AlreadyErased+res.Missing], 10), plural(res.Erased, "a tombstone", "tombstones"))
	fmt.Fprintf(env.Stdout, "suppression list: %s e-mails and phones added as erased\n", groupDigits(res.Suppressed))
	if res.SuppressedUID > 0 {
		// A contact without an e-mail or a phone is kept out by its UID.
		fmt.Fprintf(env.Stdout, "suppression list: %s added as erased\n", contact.CountOf(res.SuppressedUID, "UID"))
	}
	if res.LogsRedacted > 0 {
		fmt.Fprintf(env.Stdout, "import logs: values removed from %s\n", groupDigits(res.LogsRedacted))
	}
	switch {
	case res.ScrubPostponed:
		fmt.Fprintln(env.Stdout, "store file: the scrub of freed pages runs when the store is closed")
	default:
		fmt.Fprintf(env.Stdout, "store file: %s freed pages overwritten (%s MB); nothing erased can be read back (%v)\n",
			groupDigits(res.Scrub.Zeroed), fmt.Sprintf("%.1f", float64(res.Scrub.Bytes)/(1<<20)), took)
	}
	if res.Cancelled {
		return fmt.Errorf("cancelled after %s; the rest were not erased", contactsN(res.Erased))
	}
	return nil
}

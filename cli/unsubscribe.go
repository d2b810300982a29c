package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rolo/store"
)

func newUnsubscribeCmd(env *Env, g *globals) *cobra.Command {
	var t target
	var yes bool
	var reason string
	cmd := &cobra.Command{
		Use:   "unsubscribe",
		Short: "Unsubscribe a person: status, consents and the suppression list",
		Long: `Unsubscribe one person (--email, --phone, --id) or every contact matching
--where. For each contact:

  - its status becomes "unsubscribed";
  - every consent it had granted is withdrawn (dated now, source "cli");
    consents it had refused stay as they were;
  - each of its e-mails and phones (WhatsApp and Viber numbers too) goes on
    the suppression list as a keyed hash with reason "unsubscribed", so
    imports skip the person from now on;
  - one history event records it, with --reason.

An e-mail or phone that no contact has is still put on the suppression
list. Its data stays (see 'rolo erase' to remove it). --where asks for
confirmation unless --yes is given.`,
		Example: `  rolo unsubscribe --email anna.kowalska@example.com --reason "replied STOP"
  rolo unsubscribe --phone '+48 601 234 567'
  rolo unsubscribe --where 'tags = bounced' --yes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := t.check(); err != nil {
				return err
			}
			if g.readOnly {
				return usagef("unsubscribe writes to the store; drop --read-only")
			}
			s, err := g.open(env, false)
			if err != nil {
				return err
			}
			defer s.Close()
			return runUnsubscribe(env, s, &t, yes, reason)
		},
	}
	t.flags(cmd)
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm a --where without asking (for scripts)")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the history (\"replied STOP\", a ticket number)")
	return cmd
}

func runUnsubscribe(env *Env, s *store.Store, t *target, yes bool, reason string) error {
	ids, missing, erased, err := t.resolve(env, s)
	if err != nil {
		return err
	}
	for _, m := range missing {
		added, err := s.Suppress(m.kind, m.value, store.Suppression{Reason: store.ReasonUnsubscribed, Source: "cli"})
		if err != nil {
			return err
		}
		what := "added it to the suppression list"
		if !added {
			what = "it is on the suppression list already"
		}
		fmt.Fprintf(env.Stdout, "no contact has %s %s; %s\n", m.kind, m.value, what)
	}
	if erased > 0 {
		fmt.Fprintf(env.Stdout, "%s erased already; left alone\n", contactsN(erased))
	}
	if len(ids) == 0 {
		if t.bulk() && erased == 0 {
			fmt.Fprintf(env.Stdout, "no contact matches %s; nothing was changed\n", t.where)
		}
		return nil
	}
	if t.bulk() {
		question := fmt.Sprintf("Unsubscribe %s (%s)?", contactsN(len(ids)), idWords(ids, 5))
		if err := confirm(env, yes, "unsubscribing "+contactsN(len(ids)), question); err != nil {
			if errors.Is(err, errNotConfirmed) {
				return errors.New("not confirmed; nothing was changed")
			}
			return err
		}
	}
	ctx, stop := stopContext(env, context.Background())
	defer stop()
	p := newProgress(env, "unsubscribe", len(ids))
	res, err := s.Unsubscribe(ctx, ids, store.UnsubscribeOptions{Reason: reason, Source: "cli", Progress: func(done, _ int) { p.update(done) }})
	p.done(res.Unsubscribed + res.Unchanged + res.Erased + res.Missing)
	if err != nil {
		return fmt.Errorf("unsubscribing: %w (%s done before it stopped)", err, contactsN(res.Unsubscribed))
	}
	done := res.Unsubscribed + res.Unchanged
	fmt.Fprintf(env.Stdout, "unsubscribed %s (%s)", contactsN(done), idWords(ids[:min(done, len(ids))], 10))
	if res.Unchanged > 0 {
		fmt.Fprintf(env.Stdout, "; %s of them unsubscribed already", groupDigits(res.Unchanged))
	}
	fmt.Fprintf(env.Stdout, "\nconsents withdrawn: %s; e-mails and phones added to the suppression list: %s\n",
		groupDigits(res.Withdrawn), groupDigits(res.Suppressed))
	if res.Cancelled {
		return fmt.Errorf("cancelled after %s; the rest were not unsubscribed", contactsN(res.Unsubscribed+res.Unchanged))
	}
	return nil
}

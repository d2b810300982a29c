package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rolo/contact"
	"rolo/demo"
	"rolo/store"
)

// demoBatch is how many contacts one transaction writes.
const demoBatch = 5000

func newDemoCmd(env *Env, g *globals) *cobra.Command {
	var count int
	var seed uint64
	var appendTo bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill the store with realistic demo contacts",
		Long: `Fill the store with realistic contacts from Poland, Germany, Russia, Brazil,
the United Kingdom and the United States: names with diacritics and Cyrillic,
valid phone numbers, e-mails, addresses, consents, groups and tags.

The default 1,000 is for a first look; --count 1000000 makes the store the
benchmarks use. The same --seed always gives the same contacts.`,
		Example: "  rolo demo\n  rolo demo --count 1000000 --db /tmp/big.db",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if count < 1 {
				return usagef("--count must be at least 1")
			}
			if g.readOnly {
				return usagef("demo writes to the store; drop --read-only")
			}
			s, err := g.open(env, false)
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := addDemo(env, s, count, seed, appendTo)
			if err != nil {
				return err
			}
			total, err := s.Count()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "added %s demo contacts to %s (%s in all)\n", groupDigits(n), s.Path(), groupDigits(total))
			return nil
		},
	}
	cmd.Flags().IntVar(&count, "count", 1000, "how many contacts to make")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed: the same seed gives the same contacts")
	cmd.Flags().BoolVar(&appendTo, "append", false, "add to a store that already has contacts")
	return cmd
}

// addDemo writes count demo contacts in a bulk session and returns how many
// it wrote.
func addDemo(env *Env, s *store.Store, count int, seed uint64, appendTo bool) (int, error) {
	existing, err := s.Count()
	if err != nil {
		return 0, err
	}
	if existing > 0 && !appendTo {
		return 0, fmt.Errorf("%s already has %s contacts; add --append to add demo contacts to them", s.Path(), groupDigits(existing))
	}
	// The numbers that keep CRM IDs, e-mails and tax IDs unique are
	// reserved in the store, so another demo --append running at the same
	// time gets others.
	start, err := s.Reserve("demo", count)
	if err != nil {
		return 0, err
	}
	if err := s.BeginBulk(); err != nil {
		return 0, err
	}
	gen := demo.New(seed, start, env.Now())
	p := newProgress(env, "demo", count)
	written := 0
	for written < count {
		n := min(demoBatch, count-written)
		batch := make([]*contact.Contact, n)
		for i := range batch {
			batch[i] = gen.Next()
		}
		err := s.Update(func(tx *store.Tx) error {
			for _, c := range batch {
				if _, err := tx.Create(c); err != nil {
					return fmt.Errorf("writing demo contact %s: %w", c.FullName(), err)
				}
			}
			return nil
		})
		if err != nil {
			return written, errors.Join(err, s.EndBulk())
		}
		written += n
		p.update(written)
	}
	if err := s.EndBulk(); err != nil {
		return written, err
	}
	p.done(written)
	return written, nil
}

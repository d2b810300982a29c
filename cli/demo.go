package cli

import (
	"context"
	"errors"
	"fmt"
	"rolo/book"

	"github.com/spf13/cobra"
)

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
			b, err := g.openBook(env, false, "")
			if err != nil {
				return err
			}
			defer b.Close()
			s := b.Store()
			n, err := addDemo(env, b, count, seed, appendTo)
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

// addDemo writes count demo contacts with progress on stderr and returns
// how many it wrote.
func addDemo(env *Env, b *book.Book, count int, seed uint64, appendTo bool) (int, error) {
	p := newProgress(env, "demo", count)
	n, err := b.AddDemo(context.Background(), count, seed, env.Now(), appendTo, p.update)
	var ne *book.NotEmptyError
	if errors.As(err, &ne) {
		return 0, fmt.Errorf("%w; add --append to add demo contacts to them", err)
	}
	if err != nil {
		return n, err
	}
	p.done(n)
	return n, nil
}

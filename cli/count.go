package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rolo/filter"
	"rolo/indexfile"
	"rolo/store"
)

func newCountCmd(env *Env, g *globals) *cobra.Command {
	var sel selection
	cmd := &cobra.Command{
		Use:   "count",
		Short: "Print how many contacts the store holds (or match a filter)",
		Long: `Print how many contacts the store holds, or how many match --where or a
saved --segment (see 'rolo list --help' for the filter syntax). Erased
people are not counted as contacts; 'rolo count --where "status = erased"'
counts them.`,
		Example: "  rolo count\n  rolo count --where 'consent:sms = yes and group in VIP'\n  rolo count --segment churned",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := sel.check(cmd); err != nil {
				return err
			}
			s, err := g.open(env, true)
			if err != nil {
				return err
			}
			defer s.Close()
			f, err := sel.filter(s)
			if err != nil {
				return err
			}
			var n int
			if f.IsEmpty() {
				n, _, err = s.Living() // tombstones of erased people are nobody
			} else {
				n, err = countMatches(env, s, f, sel.country)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, n)
			return nil
		},
	}
	sel.flags(cmd)
	return cmd
}

// countMatches counts with the store's index (read from its stored copy:
// only the columns f names).
func countMatches(env *Env, s *store.Store, f filter.Filter, country string) (int, error) {
	o, err := openIndex(env, s, country)
	if errors.Is(err, indexfile.ErrNotStored) {
		ids, err := scanMatches(env, s, f, country, "", false)
		return len(ids), err
	}
	if err != nil {
		return 0, err
	}
	defer o.Close()
	return o.Index.Count(f)
}

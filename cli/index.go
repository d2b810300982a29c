package cli

import (
	"context"
	"fmt"

	"rolo/filter"
	"rolo/indexfile"
	"rolo/store"
)

// quietBuild is the store size below which building the index is quick
// enough to go unannounced.
const quietBuild = 10_000

// openIndex opens the store's filter index: the stored one, caught up with
// the changes since it was written, or, the first time (a store written by
// an older rolo), one built from every contact, with progress on stderr,
// and stored for the next command.
func openIndex(env *Env, s *store.Store, country string) (*indexfile.Opened, error) {
	opt, err := filterOptions(env, s, country)
	if err != nil {
		return nil, err
	}
	var p *progress
	total := 0
	o, err := indexfile.Open(context.Background(), s, opt, indexfile.Options{
		OnBuild: func(why string, n int) {
			if n < quietBuild {
				return
			}
			total = n
			fmt.Fprintf(env.Stderr, "rolo: indexing %s contacts once (%s); later commands open the index at once\n", groupDigits(n), why)
			p = newProgress(env, "indexing", n)
		},
		Progress: func(done, _ int) {
			if p != nil {
				p.update(done)
			}
		},
	})
	if err != nil {
		return nil, err
	}
	if p != nil {
		p.done(total)
	}
	return o, nil
}

// matches returns the IDs of the contacts that pass f, ascending, from the
// store's index.
func matches(env *Env, s *store.Store, f filter.Filter, country string) ([]uint64, error) {
	o, err := openIndex(env, s, country)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	return o.Index.Match(f)
}

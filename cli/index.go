package cli

import (
	"context"
	"errors"
	"fmt"

	"rolo/contact"
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
		StoredOnly: true,
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

// matches returns the IDs of the contacts that pass f (every contact for
// an empty f), by sortField when one is given, else ascending: from the
// store's index, or, when there is no stored index and none can be stored
// (a folder this user may not write to), from one pass over the store, as
// building an index only to drop it would cost more.
func matches(env *Env, s *store.Store, f filter.Filter, country, sortField string, desc bool) ([]uint64, error) {
	o, err := openIndex(env, s, country)
	if errors.Is(err, indexfile.ErrNotStored) {
		return scanMatches(env, s, f, country, sortField, desc)
	}
	if err != nil {
		return nil, err
	}
	defer o.Close()
	ids, err := o.Index.Match(f)
	if err != nil {
		return nil, err
	}
	if sortField != "" {
		o.Index.Sort(ids, sortField, desc)
	}
	return ids, nil
}

// scanMatches is matches by reading every contact.
func scanMatches(env *Env, s *store.Store, f filter.Filter, country, sortField string, desc bool) ([]uint64, error) {
	opt, err := filterOptions(env, s, country)
	if err != nil {
		return nil, err
	}
	m, err := f.Compile(opt)
	if err != nil {
		return nil, err
	}
	var ids []uint64
	var sorter *filter.Sorter
	if sortField != "" {
		if sorter, err = filter.NewSorter(sortField, desc, opt); err != nil {
			return nil, err
		}
	}
	err = s.ScanLean(func(c *contact.Contact) error {
		switch {
		case !m(c):
		case sorter != nil:
			sorter.Add(c)
		default:
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sorter != nil {
		ids = sorter.IDs()
	}
	return ids, nil
}

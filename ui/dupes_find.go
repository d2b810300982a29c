package ui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/store"
)

// find starts the job that finds the clusters of one kind.
func (s *dupesScreen) find(kind dedupe.Key) tea.Cmd {
	s.finding, s.progress = kind, jobMsg{}
	s.label = "finding duplicates (" + kindWords(kind) + ")"
	s.setKeys()
	return s.sh.runJob(s.label, true, findDupes(s.sh.st, kind))
}

// findDupes reads every contact into a finder and finds the clusters; the
// progress runs over reading (the first half) and comparing.
func findDupes(st *store.Store, kind dedupe.Key) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		notDup, err := st.NotDuplicates()
		if err != nil {
			return nil, err
		}
		opt := dedupe.Options{NotDuplicate: notDup}
		if kind != "" {
			opt.Keys = []dedupe.Key{kind}
		}
		f := dedupe.NewFinder(opt)
		total, err := st.Count()
		if err != nil {
			return nil, err
		}
		n := 0
		err = st.ScanBorrowed(func(c *contact.Contact) error {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				report(n, 2*total)
			}
			f.Add(c)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading the contacts: %w", err)
		}
		clusters, err := f.Find(ctx, func(stage string, done, all int) {
			if stage == "comparing" && all > 0 {
				report(total+int(int64(done)*int64(total)/int64(all)), 2*total)
			}
		})
		if err != nil {
			return nil, err
		}
		names, err := dupeNames(st, clusters)
		if err != nil {
			return nil, err
		}
		return dupesFoundMsg{Kind: kind, Clusters: clusters, Names: names, Contacts: f.Len()}, nil
	}
}

// dupeNames reads the names the list shows.
func dupeNames(st contactSource, clusters []dedupe.Cluster) (map[uint64]string, error) {
	var ids []uint64
	for _, c := range clusters {
		ids = append(ids, c.IDs...)
	}
	names := make(map[uint64]string, len(ids))
	for i := 0; i < len(ids); i += 1024 {
		cs, err := st.GetMany(ids[i:min(i+1024, len(ids))])
		if err != nil {
			return nil, fmt.Errorf("reading the duplicates' names: %w", err)
		}
		for _, c := range cs {
			if c != nil {
				names[c.ID] = displayName(c)
			}
		}
	}
	return names, nil
}

func loadDupeNames(st contactSource, clusters []dedupe.Cluster) tea.Cmd {
	return func() tea.Msg {
		names, err := dupeNames(st, clusters)
		return dupeNamesMsg{Names: names, Err: err}
	}
}

// displayName is a contact's name, else its company, else its first
// e-mail or phone, else its ID.
func displayName(c *contact.Contact) string {
	switch {
	case c.FullName() != "":
		return c.FullName()
	case c.Company != "":
		return c.Company
	case len(c.Emails) > 0:
		return c.Emails[0]
	case len(c.Phones) > 0:
		return c.Phones[0].Number
	}
	return fmt.Sprintf("#%d", c.ID)
}

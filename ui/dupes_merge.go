package ui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/store"
)

// mergeBig is the size from which a merge runs as a job.
const mergeBig = 50

func (s *dupesScreen) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.keys
	ask := s.confirm
	s.confirm = dcNone
	if !key.Matches(msg, k.Yes) || s.cmp == nil {
		return nil
	}
	d := s.cmp
	st := s.sh.st
	switch ask {
	case dcMerge:
		cs, survivor, pick := slices.Clone(d.cs), d.survivor, maps.Clone(d.pick)
		if len(cs) >= mergeBig {
			return s.sh.runJob(fmt.Sprintf("merging %d contacts", len(cs)), true, func(context.Context, func(int, int)) (tea.Msg, error) {
				return mergeCluster(st, cs, survivor, pick), nil
			})
		}
		return func() tea.Msg { return mergeCluster(st, cs, survivor, pick) }
	case dcNotDup:
		c := d.cluster
		return func() tea.Msg { return dupesMarkedMsg{Cluster: c, Err: st.MarkNotDuplicates(c.IDs...)} }
	}
	return nil
}

// mergeCluster builds the merged contact and writes it: the survivor is
// rewritten (history kept, a merge event written by the store) and the
// others deleted, in one transaction.
func mergeCluster(st *store.Store, cs []*contact.Contact, survivor uint64, pick map[string]uint64) dupesMergedMsg {
	msg := dupesMergedMsg{}
	for _, c := range cs {
		msg.IDs = append(msg.IDs, c.ID)
	}
	merged, err := dedupe.Merge(cs, survivor, pick)
	if err != nil {
		msg.Err = err
		return msg
	}
	var others []*contact.Contact
	for _, c := range cs {
		if c.ID != survivor {
			others = append(others, c)
			msg.Deleted = append(msg.Deleted, c.ID)
		}
	}
	what := fmt.Sprintf("merge %s into %s", countOf(len(cs), "contact"), merged.FullName())
	msg.Err = st.Update(func(tx *store.Tx) error {
		if err := tx.Action(what); err != nil {
			return err
		}
		return tx.Merge(merged, others, "card")
	})
	if msg.Err != nil {
		return msg
	}
	msg.Survivor, msg.Err = st.Get(survivor)
	return msg
}

// undoNotDup forgets the pairs last marked "not a duplicate".
func (s *dupesScreen) undoNotDup() tea.Cmd {
	pairs := s.unmark
	s.unmark = nil
	st := s.sh.st
	c := s.lastMarked
	return func() tea.Msg {
		var err error
		for _, p := range pairs {
			err = errors.Join(err, st.UnmarkNotDuplicate(p[0], p[1]))
		}
		return dupesMarkedMsg{Cluster: c, Unmark: true, Err: err}
	}
}

// compareResult takes the answers of loading, merging and marking.
func (s *dupesScreen) compareResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dupesClusterMsg:
		if s.cmp == nil || !slices.Equal(msg.IDs, s.cmp.cluster.IDs) {
			return nil
		}
		if msg.Err != nil {
			s.cmp = nil
			return statusErr(msg.Err)
		}
		s.cmp.setContacts(msg.Cs)
		s.cmp.note = msg.Note
		s.cmp.layout(s.sh.width, s.sh.bodyH)
	case dupesMergedMsg:
		switch {
		case errors.Is(msg.Err, store.ErrStale) && s.cmp != nil:
			return loadCluster(s.sh.source(), s.cmp.cluster.IDs, "a contact changed since it was read: here it is as it is now; check the picks and merge again")
		case msg.Err != nil:
			return statusErr(fmt.Errorf("merging: %w", msg.Err))
		}
		if s.cmp != nil {
			s.merges = append(s.merges, dupesMerge{cluster: s.cmp.cluster, survivor: msg.Survivor.ID})
			s.undoMerges = true
		}
		s.forget(msg.IDs)
		s.cmp = nil
		note := fmt.Sprintf("merged %d contacts into #%d %s (their histories are kept under it) · u undoes", len(msg.IDs), msg.Survivor.ID, displayName(msg.Survivor))
		return tea.Batch(msgCmd(contactsMergedMsg{Survivor: msg.Survivor, Deleted: msg.Deleted}), status(note))
	case dupesMarkedMsg:
		if msg.Err != nil {
			return statusErr(fmt.Errorf("marking not a duplicate: %w", msg.Err))
		}
		if msg.Unmark {
			s.restore(msg.Cluster)
			return status("proposed again: the contacts are back in the list")
		}
		s.forget(msg.Cluster.IDs)
		s.cmp = nil
		s.undoMerges = false
		s.lastMarked = msg.Cluster
		s.unmark = nil
		for i, a := range msg.Cluster.IDs {
			for _, b := range msg.Cluster.IDs[i+1:] {
				s.unmark = append(s.unmark, [2]uint64{a, b})
			}
		}
		return status(fmt.Sprintf("%d contacts marked as different people: never proposed again · u undoes", len(msg.Cluster.IDs)))
	}
	return nil
}

// restore puts an unmarked cluster back in the list of the kind on
// screen (other kinds are found again when asked for).
func (s *dupesScreen) restore(c dedupe.Cluster) {
	for k := range s.found {
		if k != s.kind {
			delete(s.found, k)
		}
	}
	list := s.found[s.kind]
	i, _ := slices.BinarySearchFunc(list, c.Score, func(x dedupe.Cluster, score float64) int {
		switch {
		case x.Score > score:
			return -1
		case x.Score < score:
			return 1
		}
		return 0
	})
	s.found[s.kind] = slices.Insert(slices.Clone(list), i, c)
	s.cursor = i
	s.clamp()
}

package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/store"
)

// Undoing merges made in the duplicates screen: u undoes the latest one
// still standing (then the one before), from what the store's merge event
// recorded; a contact changed since the merge is refused, named.

// dupesMerge is a merge this screen made.
type dupesMerge struct {
	cluster  dedupe.Cluster
	survivor uint64
}

// dupesUnmergedMsg is the answer of an undo.
type dupesUnmergedMsg struct {
	Merge    dupesMerge
	Restored []*contact.Contact
	Err      error
}

// undoMerge undoes the latest merge of the screen.
func (s *dupesScreen) undoMerge() tea.Cmd {
	if len(s.merges) == 0 {
		return nil
	}
	m := s.merges[len(s.merges)-1]
	s.merges = s.merges[:len(s.merges)-1]
	s.undoMerges = len(s.merges) > 0
	st := s.sh.st
	return func() tea.Msg { return unmerge(st, m) }
}

func unmerge(st *store.Store, m dupesMerge) dupesUnmergedMsg {
	msg := dupesUnmergedMsg{Merge: m}
	ids, err := st.Unmerge(m.survivor, "card")
	if err != nil {
		msg.Err = err
		return msg
	}
	cs, err := st.GetMany(ids)
	for _, c := range cs {
		if c != nil {
			msg.Restored = append(msg.Restored, c)
		}
	}
	msg.Err = err
	return msg
}

// unmerged puts the cluster back in the list and tells the root which
// contacts came back.
func (s *dupesScreen) unmerged(msg dupesUnmergedMsg) tea.Cmd {
	if msg.Err != nil {
		return statusErr(fmt.Errorf("undoing the merge into #%d: %w", msg.Merge.survivor, msg.Err))
	}
	s.restore(msg.Merge.cluster)
	note := fmt.Sprintf("merge undone: %d contacts are back as they were", len(msg.Restored))
	if len(s.merges) > 0 {
		note += " · u undoes the merge before"
	}
	return tea.Batch(msgCmd(contactsMergedMsg{Restored: msg.Restored}), status(note))
}

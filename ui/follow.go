package ui

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"rolo/indexfile"
	"rolo/store"
)

// Following the others' changes.
//
// Other rolo processes (a colleague's interface, an import, a bulk erase
// from the command line) write the same store. The store journals every
// change; once a second the interface asks for the changes after the last
// one it applied (store.CatchUp, in a command) and applies them to its
// index and table in Update. The same catch-up runs when an index build
// ends, from the journal position read before the build began: edits,
// bulk edits, erasures and merges made while it was built are in the
// journal, so a rebuild never loses them.

// followEvery is how often the interface looks for others' changes.
const followEvery = time.Second

// followTickMsg says it is time to look for changes.
type followTickMsg struct{}

// caughtUpMsg carries the changes after From.
type caughtUpMsg struct {
	From uint64
	Up   store.Catchup
	Err  error
}

// catchUp reads the changes after from.
func catchUp(st store.Journal, from uint64) tea.Cmd {
	return func() tea.Msg {
		up, err := st.CatchUp(from, 100_000)
		return caughtUpMsg{From: from, Up: up, Err: err}
	}
}

func followTick() tea.Cmd {
	return tea.Tick(followEvery, func(time.Time) tea.Msg { return followTickMsg{} })
}

// handleFollow takes the follow loop's messages.
func (m *Model) handleFollow(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case followTickMsg:
		if m.ix == nil || m.indexJob != 0 {
			return followTick(), true // the index being built catches up when ready
		}
		return catchUp(m.sh.st, m.seen), true
	case caughtUpMsg:
		next := tea.Cmd(nil)
		if m.follow {
			next = followTick()
		}
		return tea.Batch(m.caughtUp(msg), next), true
	}
	return nil, false
}

// caughtUp applies changes to the index and the table.
func (m *Model) caughtUp(msg caughtUpMsg) tea.Cmd {
	if msg.From != m.seen || m.ix == nil {
		return nil // an answer to an older question: a newer one follows
	}
	if errors.Is(msg.Err, store.ErrJournalTrimmed) {
		// Too far behind: the changes missed are no longer journalled.
		if m.indexJob != 0 {
			return nil
		}
		return tea.Batch(loadCount(m.sh.st), m.startIndex(false))
	}
	if msg.Err != nil {
		return statusErr(msg.Err)
	}
	m.seen = msg.Up.Next
	if len(msg.Up.Saved)+len(msg.Up.Deleted) == 0 {
		return nil
	}
	for _, c := range msg.Up.Saved {
		m.ix.Upsert(c)
		m.table.forget(c.ID)
	}
	for _, id := range msg.Up.Deleted {
		m.ix.Delete(id)
		m.table.forget(id)
	}
	m.orderDirty = true
	cmds := []tea.Cmd{loadCount(m.sh.st), m.table.refresh()}
	if m.behind += len(msg.Up.Saved) + len(msg.Up.Deleted); m.behind >= indexfile.SaveAfter {
		cmds = append(cmds, m.saveIndex()) // the next start has less to apply
	}
	return tea.Batch(cmds...)
}

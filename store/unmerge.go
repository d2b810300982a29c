package store

import (
	"errors"
	"fmt"
	"strings"

	"rolo/contact"
)

// Undoing a merge. The kept contact's merge event records every contact of
// the merge as it was just before it (contact.Event.Before); undoing puts
// them back exactly, under their own IDs, each with its own history again
// (the events a merge moved under the kept contact say which contact they
// came from), plus an undo event.

// ErrNoMerge says a contact has no merge to undo.
var ErrNoMerge = errors.New("no merge to undo")

// Unmerge undoes the last merge into contact id and returns the IDs of the
// contacts it brought back (id first). It refuses, naming them, when the
// kept contact changed after the merge, or when a value of a contact to
// bring back now belongs to another contact.
func (s *Store) Unmerge(id uint64, source string) ([]uint64, error) {
	var ids []uint64
	err := s.Update(func(tx *Tx) error {
		var err error
		ids, err = tx.Unmerge(id, source)
		return err
	})
	return ids, err
}

// Unmerge is Store.Unmerge within a transaction.
func (tx *Tx) Unmerge(id uint64, source string) ([]uint64, error) {
	cur, err := tx.Get(id)
	if err != nil {
		return nil, fmt.Errorf("undoing a merge into contact %d: %w", id, err)
	}
	hist, err := tx.History(id)
	if err != nil {
		return nil, err
	}
	at := -1
	for i := len(hist) - 1; i >= 0; i-- {
		if hist[i].Kind == contact.EventMerge && len(hist[i].Before) > 0 {
			at = i
			break
		}
	}
	if at < 0 {
		return nil, fmt.Errorf("contact %d: %w (a merge made before rolo recorded merges for undo cannot be undone)", id, ErrNoMerge)
	}
	ev := hist[at]
	if since := hist[at+1:]; len(since) > 0 || !cur.UpdatedAt.Equal(ev.At) {
		what := "it was edited"
		if len(since) > 0 {
			var ws []string
			for _, e := range since {
				ws = append(ws, e.Kind+" by "+e.Source+" on "+e.At.UTC().Format("2006-01-02 15:04"))
			}
			what = strings.Join(ws, ", ")
		}
		return nil, fmt.Errorf("contact %d changed since the merge (%s): undoing it would lose that change", id, what)
	}
	kept, others := ev.Before[0], ev.Before[1:]
	if kept.ID != id {
		return nil, fmt.Errorf("contact %d: its merge event names contact %d as kept", id, kept.ID)
	}
	for _, o := range others {
		if _, err := tx.Get(o.ID); err == nil {
			return nil, fmt.Errorf("contact %d, merged into %d, exists again: the merge cannot be undone", o.ID, id)
		} else if !errors.Is(err, ErrNotFound) {
			return nil, err
		}
	}
	own, theirs := splitHistory(hist[:at], id, others)
	now := tx.s.now().UTC()
	var names []string
	for _, o := range others {
		names = append(names, fmt.Sprintf("#%d", o.ID))
	}
	if err := tx.Restore(kept.Clone(), contact.Event{}); err != nil {
		return nil, fmt.Errorf("bringing contact %d back: %w", id, err)
	}
	// The event names the fields but not the values: the values the merge
	// brought in are the other contacts', and erasing one of them later
	// must not leave them in this history.
	var changed []contact.Change
	for _, ch := range contact.Diff(cur, kept) {
		changed = append(changed, contact.Change{Field: ch.Field})
	}
	own = append(own, contact.Event{At: now, Kind: contact.EventUndo, Source: source,
		Note: fmt.Sprintf("merge of %s into #%d undone", strings.Join(names, ", "), id), Changes: changed})
	if err := tx.ReplaceHistory(id, own); err != nil {
		return nil, err
	}
	ids := []uint64{id}
	for _, o := range others {
		if err := tx.Restore(o.Clone(), contact.Event{}); err != nil {
			return nil, fmt.Errorf("bringing contact %d back: %w", o.ID, err)
		}
		evs := append(theirs[o.ID], contact.Event{At: now, Kind: contact.EventUndo, Source: source,
			Note: fmt.Sprintf("merge into #%d undone", id)})
		if err := tx.ReplaceHistory(o.ID, evs); err != nil {
			return nil, err
		}
		ids = append(ids, o.ID)
	}
	return ids, nil
}

// splitHistory gives each contact of a merge its events back: those the
// merge moved under the kept contact say "from contact #N", and the events
// the merge itself wrote about each merged contact are dropped.
func splitHistory(events []contact.Event, kept uint64, others []*contact.Contact) ([]contact.Event, map[uint64][]contact.Event) {
	own, theirs := []contact.Event{}, map[uint64][]contact.Event{}
	for _, e := range events {
		mine := true
		for _, o := range others {
			from := fmt.Sprintf("from contact #%d", o.ID)
			switch {
			case e.Note == from || strings.HasPrefix(e.Note, from+"; "):
				e.Note = strings.TrimPrefix(strings.TrimPrefix(e.Note, from), "; ")
				theirs[o.ID] = append(theirs[o.ID], e)
				mine = false
			case e.Kind == contact.EventCreate && e.Note == fmt.Sprintf("contact #%d created", o.ID),
				e.Kind == contact.EventMerge && e.Note == fmt.Sprintf("contact #%d merged into #%d", o.ID, kept):
				mine = false
			}
			if !mine {
				break
			}
		}
		if mine {
			own = append(own, e)
		}
	}
	return own, theirs
}

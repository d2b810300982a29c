package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"rolo/contact"
)

// Undo goes back one action at a time, newest first, and never overwrites
// a contact changed again since: it lists it instead.
func TestUndoActionsStepByStep(t *testing.T) {
	s := openTemp(t)
	var ids []uint64
	for _, n := range []string{"Ala", "Ola", "Ela"} {
		id, err := s.Create(&contact.Contact{FirstName: n})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := s.LastAction(s.User()); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("no action yet: %v", err)
	}
	tag := func(what, tagName string, which []uint64) uint64 {
		seq, err := s.BeginAction(what)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Update(func(tx *Tx) error {
			tx.Undoable(seq)
			for _, id := range which {
				c, _ := tx.Get(id)
				c.AddTag(tagName)
				if _, err := tx.Save(c, contact.Event{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return seq
	}
	tag("add tag 'vip' to 3 contacts", "vip", ids)
	second := tag("add tag 'new' to 1 contact", "new", ids[:1])
	// Someone edits Ela by hand, outside any action.
	if err := s.Update(func(tx *Tx) error {
		c, _ := tx.Get(ids[2])
		c.Company = "Acme"
		_, err := tx.Save(c, contact.Event{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	created, _ := s.BeginAction("new contact Iza")
	var iza uint64
	_ = s.Update(func(tx *Tx) error {
		tx.Undoable(created)
		iza, _ = tx.Create(&contact.Contact{FirstName: "Iza"})
		return nil
	})

	last, err := s.LastAction(s.User())
	if err != nil || last.What != "new contact Iza" {
		t.Fatalf("last action %+v %v", last, err)
	}
	res, err := s.UndoAction(context.Background(), last.Seq, nil)
	if err != nil || res.Removed != 1 {
		t.Fatalf("undo the new contact: %+v %v", res, err)
	}
	if _, err := s.Get(iza); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the created contact is still there: %v", err)
	}
	last, _ = s.LastAction(s.User())
	if last.Seq != second {
		t.Fatalf("the next undo is %+v, want the second tag", last)
	}
	if res, err = s.UndoAction(context.Background(), last.Seq, nil); err != nil || res.Restored != 1 {
		t.Fatalf("undo tag new: %+v %v", res, err)
	}
	if c, _ := s.Get(ids[0]); !slices.Equal(c.Tags, []string{"vip"}) {
		t.Fatalf("after undoing 'new' Ala has tags %v", c.Tags)
	}
	last, _ = s.LastAction(s.User())
	res, err = s.UndoAction(context.Background(), last.Seq, nil)
	if err != nil || res.Restored != 2 || !slices.Equal(res.Changed, []uint64{ids[2]}) {
		t.Fatalf("undo tag vip: %+v %v", res, err)
	}
	for i, id := range ids {
		c, _ := s.Get(id)
		if i < 2 && len(c.Tags) != 0 {
			t.Errorf("%s still tagged %v", c.FirstName, c.Tags)
		}
		if i == 2 && (c.Company != "Acme" || !slices.Equal(c.Tags, []string{"vip"})) {
			t.Errorf("Ela, changed since, was overwritten: %+v", c)
		}
	}
	if h, _ := s.History(ids[0]); h[len(h)-1].Kind != contact.EventUndo {
		t.Errorf("the undo is not in the history: %+v", h[len(h)-1])
	}
	if _, err := s.LastAction(s.User()); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("everything undone, yet: %v", err)
	}
	if _, err := s.LastAction("someone-else"); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("another user's undo: %v", err)
	}
}

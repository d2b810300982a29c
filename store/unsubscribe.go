package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"rolo/contact"
)

// Unsubscribing a contact sets its status to "unsubscribed", withdraws
// every consent it had granted (each withdrawal dated now, with the
// unsubscribe's source, so the consent history shows it), and puts each of
// its e-mails and phones (WhatsApp and Viber numbers too) on the suppression
// list with reason "unsubscribed", so an import never subscribes it again.
// One history event ("unsubscribe") records it all. The contact's data
// stays; consents it had refused stay as they were.

// unsubscribeChunk bounds the contacts one unsubscribing transaction handles.
var unsubscribeChunk = 500

// UnsubscribeOptions describe an unsubscribe.
type UnsubscribeOptions struct {
	Reason   string                // why ("asked by phone"); written on the event
	Source   string                // what did it: "card", "bulk", "cli"
	Progress func(done, total int) // called after each committed chunk
}

// UnsubscribeResult says what an unsubscribe did.
type UnsubscribeResult struct {
	Unsubscribed int // contacts whose status or consents changed
	Unchanged    int // already unsubscribed with nothing granted
	Erased       int // tombstones, left alone
	Missing      int // IDs that no longer exist
	Withdrawn    int // consents withdrawn
	Suppressed   int // e-mails and phones newly on the suppression list
	Cancelled    bool
}

// Unsubscribe unsubscribes the contacts with the given IDs in transactions
// of a few hundred, for the card and bulk actions and the command line. It
// is safe to run in a goroutine; a cancelled ctx stops it between chunks
// (what was committed stays, and is counted).
func (s *Store) Unsubscribe(ctx context.Context, ids []uint64, opt UnsubscribeOptions) (UnsubscribeResult, error) {
	var res UnsubscribeResult
	if s.readOnly {
		return res, ErrReadOnly
	}
	if opt.Source == "" {
		opt.Source = "unsubscribe"
	}
	for start := 0; start < len(ids); start += unsubscribeChunk {
		if ctx.Err() != nil {
			res.Cancelled = true
			return res, nil
		}
		chunk := ids[start:min(start+unsubscribeChunk, len(ids))]
		var step UnsubscribeResult
		err := s.Update(func(tx *Tx) error {
			step = UnsubscribeResult{}
			for _, id := range chunk {
				c, err := tx.Get(id)
				if errors.Is(err, ErrNotFound) {
					step.Missing++
					continue
				}
				if err != nil {
					return err
				}
				if c.Status == contact.StatusErased {
					step.Erased++
					continue
				}
				changed, withdrawn, suppressed, err := tx.Unsubscribe(c, opt)
				if err != nil {
					return fmt.Errorf("unsubscribing contact %d: %w", id, err)
				}
				if changed {
					step.Unsubscribed++
				} else {
					step.Unchanged++
				}
				step.Withdrawn += withdrawn
				step.Suppressed += suppressed
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		res.Unsubscribed += step.Unsubscribed
		res.Unchanged += step.Unchanged
		res.Erased += step.Erased
		res.Missing += step.Missing
		res.Withdrawn += step.Withdrawn
		res.Suppressed += step.Suppressed
		if opt.Progress != nil {
			opt.Progress(start+len(chunk), len(ids))
		}
	}
	return res, nil
}

// Unsubscribe unsubscribes one contact (see the package notes above) in the
// transaction: it reports whether the contact changed, how many consents
// were withdrawn and how many e-mails and phones were newly suppressed.
// An erased contact is refused.
func (tx *Tx) Unsubscribe(c *contact.Contact, opt UnsubscribeOptions) (changed bool, withdrawn, suppressed int, err error) {
	if c.Status == contact.StatusErased {
		return false, 0, 0, fmt.Errorf("contact %d was erased", c.ID)
	}
	if opt.Source == "" {
		opt.Source = "unsubscribe"
	}
	now := tx.s.now().UTC()
	c = c.Clone()
	c.Status = contact.StatusUnsubscribed
	for _, k := range c.Consents {
		if k.Granted {
			c.SetConsent(contact.Consent{Name: k.Name, Granted: false, At: now, Source: opt.Source})
			withdrawn++
		}
	}
	note := "unsubscribed"
	if r := strings.TrimSpace(opt.Reason); r != "" {
		note += ": " + r
	}
	o, err := tx.Save(c, contact.Event{At: now, Kind: EventUnsubscribe, Source: opt.Source, Note: note})
	if err != nil {
		return false, 0, 0, err
	}
	h, err := tx.hasher()
	if err != nil {
		return false, 0, 0, err
	}
	entry := Suppression{Reason: ReasonUnsubscribed, Source: opt.Source, At: now}
	suppressed, _, err = tx.claimSuppression(h, c, entry, tx.jobIDs(), false)
	if err != nil {
		return false, 0, 0, err
	}
	return o == Updated, withdrawn, suppressed, nil
}

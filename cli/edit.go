package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rolo/book"
	"rolo/contact"
	"rolo/store"
)

func newEditCmd(env *Env, g *globals) *cobra.Command {
	var version string
	cmd := &cobra.Command{
		Use:   "edit ID [FIELD=VALUE...]",
		Short: "Show one contact, or change its fields",
		Long: `With only an ID, show the contact's fields and its version. With
FIELD=VALUE pairs, set those fields and save, as an edit on the card does:
the same validation, one history event and one change 'rolo undo' can
take back. An empty VALUE clears the field; lists take several values
separated by ";". Fields are the names of 'rolo list --columns', also
custom:NAME.

--version makes the save safe against others working on the same contact:
give the version the contact had when you read it (the one the show
printed, or that an earlier edit printed), and nothing is saved if
someone changed the contact since: rolo names who and when, exit 1. Read
it again, and edit again if your change still applies.`,
		Example: `  rolo edit 12
  rolo edit 12 city=Kraków 'tags=vip; newsletter'
  rolo edit 12 --version 1765123456789012345 emails=anna@example.com`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return usagef("%q is not a contact ID (a number, as 'rolo list' shows)", args[0])
			}
			sets, err := parseAssignments(args[1:])
			if err != nil {
				return err
			}
			var read time.Time
			if version != "" {
				if len(sets) == 0 {
					return usagef("--version is for a change: give FIELD=VALUE too")
				}
				n, err := strconv.ParseInt(version, 10, 64)
				if err != nil || n <= 0 {
					return usagef("--version %q is not a version (a number, as 'rolo edit ID' prints)", version)
				}
				read = time.Unix(0, n)
			}
			if len(sets) > 0 && g.readOnly {
				return usagef("edit with FIELD=VALUE writes to the store; drop --read-only")
			}
			s, err := g.open(env, len(sets) == 0)
			if err != nil {
				return err
			}
			defer s.Close()
			if len(sets) == 0 {
				return showContact(env, s, id)
			}
			return editContact(env, s, id, sets, read)
		},
	}
	cmd.Flags().StringVar(&version, "version", "", "save only if the contact is still at this version (from 'rolo edit ID')")
	return cmd
}

// assignment is one FIELD=VALUE of rolo edit.
type assignment struct{ field, value string }

func parseAssignments(args []string) ([]assignment, error) {
	var out []assignment
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok {
			return nil, usagef("%q is not FIELD=VALUE", a)
		}
		f, known := contact.LookupField(name)
		if !known {
			return nil, usagef("%q: unknown field %q (see 'rolo list --help' for the names)", a, strings.TrimSpace(name))
		}
		if f.ReadOnly {
			return nil, usagef("%s is maintained by rolo and cannot be edited", f.Name)
		}
		out = append(out, assignment{field: f.Name, value: value})
	}
	return out, nil
}

// versionOf is how rolo edit names a contact's version: its last save's
// time in nanoseconds, which every save changes.
func versionOf(c *contact.Contact) string { return strconv.FormatInt(c.UpdatedAt.UnixNano(), 10) }

func showContact(env *Env, s *store.Store, id uint64) error {
	c, err := s.Get(id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no contact %d", id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "id: %d\n", c.ID)
	for _, f := range contact.Fields() {
		if f.Name == "id" {
			continue
		}
		if v := c.Get(f.Name); v != "" {
			fmt.Fprintf(env.Stdout, "%s: %s\n", f.Name, v)
		}
	}
	for _, x := range c.Custom {
		fmt.Fprintf(env.Stdout, "%s%s: %s\n", contact.CustomPrefix, x.Name, x.Value)
	}
	for _, k := range c.Consents {
		fmt.Fprintf(env.Stdout, "%s%s: %s\n", contact.ConsentPrefix, k.Name, c.Get(contact.ConsentPrefix+k.Name))
	}
	fmt.Fprintf(env.Stdout, "version: %s\n", versionOf(c))
	return nil
}

// editContact sets the fields and saves, in one transaction, unless the
// contact changed since read (zero: since this command read it, in the
// same transaction, so never).
func editContact(env *Env, s *store.Store, id uint64, sets []assignment, read time.Time) error {
	cc, err := book.Country(s, "", env.Getenv)
	if err != nil {
		return err
	}
	var saved *contact.Contact
	err = s.Update(func(tx *store.Tx) error {
		c, err := tx.Get(id)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no contact %d", id)
		}
		if err != nil {
			return err
		}
		if read.IsZero() {
			read = c.UpdatedAt
		}
		next := c.Clone()
		opt := contact.SetOptions{Country: cc.Value, Source: "cli", Now: env.Now()}
		var fields []string
		for _, a := range sets {
			if err := next.Set(a.field, a.value, opt); err != nil {
				return fmt.Errorf("%s: %w", a.field, err)
			}
			fields = append(fields, a.field)
		}
		if contact.Equal(c, next) && c.UpdatedAt.Equal(read) {
			return nil
		}
		if err := tx.Action("edit " + strings.Join(fields, ", ") + " of " + nameOf(c)); err != nil {
			return err
		}
		o, err := tx.SaveUnchanged(next, read, contact.Event{Kind: contact.EventUpdate, Source: "cli"})
		if o != store.Unchanged {
			saved = next
		}
		return err
	})
	var ce *contact.ChangedError
	if errors.As(err, &ce) {
		who := ce.By
		if who == "" {
			who = "someone else"
		}
		if ce.Source != "" {
			who += " (" + ce.Source + ")"
		}
		return fmt.Errorf("contact %d changed since version %d: %s saved it at %s; nothing was saved (it is now at version %s: see it with 'rolo edit %d')",
			id, read.UnixNano(), who, ce.At.Local().Format("15:04:05"), versionOf(ce.Stored), id)
	}
	if err != nil {
		return err
	}
	if saved == nil {
		fmt.Fprintf(env.Stdout, "contact %d already has those values; nothing changed\n", id)
		return nil
	}
	fmt.Fprintf(env.Stdout, "saved contact %d (version %s)\n", id, versionOf(saved))
	return nil
}

// nameOf is a contact's name, else "contact N".
func nameOf(c *contact.Contact) string {
	if n := c.FullName(); n != "" {
		return n
	}
	return fmt.Sprintf("contact %d", c.ID)
}

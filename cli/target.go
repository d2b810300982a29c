package cli

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"rolo/contact"
	"rolo/filter"
	"rolo/store"
)

// target is who a privacy request is about: one person by e-mail, phone
// or ID (each may be repeated), or everyone matching --where. The commands
// unsubscribe and erase share it.
type target struct {
	emails  []string
	phones  []string
	ids     []string
	where   string
	country string
}

func (t *target) flags(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&t.emails, "email", nil, "the contact with this e-mail (repeatable)")
	cmd.Flags().StringArrayVar(&t.phones, "phone", nil, "the contact with this phone, in any format (repeatable)")
	cmd.Flags().StringArrayVar(&t.ids, "id", nil, "the contact with this ID (repeatable, or comma-separated)")
	cmd.Flags().StringVar(&t.where, "where", "", "every contact matching this filter, e.g. 'consent:newsletter = no and created_at < 2020'")
	cmd.Flags().StringVar(&t.country, "country", "", countryFlagHelp)
}

// bulk reports whether the target is a filter rather than named people.
func (t *target) bulk() bool { return t.where != "" }

// check validates the flags before the store is opened (exit 2).
func (t *target) check() error {
	if len(t.emails)+len(t.phones)+len(t.ids) == 0 && t.where == "" {
		return usagef("say who: --email, --phone, --id or --where")
	}
	if t.where != "" && len(t.emails)+len(t.phones)+len(t.ids) > 0 {
		return usagef("use --where on its own, or --email/--phone/--id")
	}
	if t.where != "" {
		if _, err := filter.Parse(t.where); err != nil {
			return usagef("--where: %v", err)
		}
	}
	for _, e := range t.emails {
		if _, err := contact.NormalizeEmail(e); err != nil {
			return usagef("--email %q: %v", e, err)
		}
	}
	if _, err := t.idList(); err != nil {
		return err
	}
	return checkCountryFlag(t.country)
}

func (t *target) idList() ([]uint64, error) {
	var out []uint64
	for _, v := range t.ids {
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimPrefix(strings.TrimSpace(p), "#")
			id, err := strconv.ParseUint(p, 10, 64)
			if err != nil || id == 0 {
				return nil, usagef("--id %q is not a contact ID (a whole number)", p)
			}
			out = append(out, id)
		}
	}
	return out, nil
}

// unknown is a named person the store has no contact for.
type unknown struct {
	kind  string // store.SuppressEmail or store.SuppressPhone
	value string // normalised
}

// resolve finds the contacts: IDs in order, without repeats or erased
// tombstones (counted in erased). Named e-mails and phones no contact has
// come back in missing; a phone several contacts share is refused (a
// household's landline: say which one with --id).
func (t *target) resolve(env *Env, s *store.Store) (ids []uint64, missing []unknown, erased int, err error) {
	opt, err := filterOptions(env, s, t.country)
	if err != nil {
		return nil, nil, 0, err
	}
	country := opt.Country
	named, _ := t.idList()
	for _, raw := range t.emails {
		e, _ := contact.NormalizeEmail(raw)
		found, err := s.Find(contact.KeyEmail, e)
		if err != nil {
			return nil, nil, 0, err
		}
		if len(found) == 0 {
			missing = append(missing, unknown{store.SuppressEmail, e})
		}
		named = append(named, found...)
	}
	for _, raw := range t.phones {
		p, err := contact.NormalizePhone(raw, country)
		if err != nil {
			return nil, nil, 0, usagef("--phone %q: %v", raw, err)
		}
		found, err := s.Find(contact.KeyPhone, p.Number)
		if err != nil {
			return nil, nil, 0, err
		}
		switch {
		case len(found) == 0:
			missing = append(missing, unknown{store.SuppressPhone, p.Number})
		case len(found) > 1:
			return nil, nil, 0, fmt.Errorf("phone %s belongs to %d contacts (%s); say which with --id", p.Number, len(found), idWords(found, 10))
		}
		named = append(named, found...)
	}
	if t.where != "" {
		f, _ := filter.Parse(t.where)
		m, err := f.Compile(opt)
		if err != nil {
			return nil, nil, 0, usagef("--where: %v", err)
		}
		err = s.ScanBorrowed(func(c *contact.Contact) error {
			if m(c) {
				if c.Status == contact.StatusErased {
					erased++
				} else {
					ids = append(ids, c.ID)
				}
			}
			return nil
		})
		return ids, nil, erased, err
	}
	seen := map[uint64]bool{}
	cs, err := s.GetMany(named)
	if err != nil {
		return nil, nil, 0, err
	}
	for i, c := range cs {
		switch {
		case c == nil:
			return nil, nil, 0, fmt.Errorf("no contact has ID %d", named[i])
		case seen[c.ID]:
		case c.Status == contact.StatusErased:
			erased++
		default:
			ids = append(ids, c.ID)
		}
		if c != nil {
			seen[c.ID] = true
		}
	}
	return ids, missing, erased, nil
}

// idWords writes IDs as "#12, #57, #88" (and "… and 40 more" past max).
func idWords(ids []uint64, max int) string {
	parts := make([]string, 0, min(len(ids), max))
	for _, id := range ids[:min(len(ids), max)] {
		parts = append(parts, "#"+strconv.FormatUint(id, 10))
	}
	s := strings.Join(parts, ", ")
	if len(ids) > max {
		s += fmt.Sprintf(" and %s more", groupDigits(len(ids)-max))
	}
	return s
}

// errNotConfirmed is a declined confirmation.
var errNotConfirmed = errors.New("not confirmed")

// confirm asks on the terminal before an irreversible or bulk change:
// without --yes it needs an interactive terminal (a script must say --yes,
// exit 2), and then a typed "yes". what names the change for the refusal
// ("erasing 3 contacts").
func confirm(env *Env, yes bool, what, question string) error {
	if yes {
		return nil
	}
	if !env.IsTerminal(env.Stdin) {
		return usagef("%s needs --yes to confirm (there is no terminal to ask on)", what)
	}
	fmt.Fprintf(env.Stderr, "%s Type yes to confirm: ", question)
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return errNotConfirmed
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "yes", "y":
		return nil
	}
	return errNotConfirmed
}

// contactsN writes "1 contact", "1 234 contacts".
func contactsN(n int) string {
	if n == 1 {
		return "1 contact"
	}
	return groupDigits(n) + " contacts"
}

// printTable writes rows under a header: aligned columns on a terminal
// (widths measured as the terminal shows them), tab-separated values for
// a pipe or file.
func printTable(env *Env, header []string, rows [][]string) {
	if !env.IsTerminal(env.Stdout) {
		fmt.Fprintln(env.Stdout, strings.Join(header, "\t"))
		for _, r := range rows {
			clean := slices.Clone(r)
			for i, c := range clean {
				clean[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(c)
			}
			fmt.Fprintln(env.Stdout, strings.Join(clean, "\t"))
		}
		return
	}
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(env.Stdout, strings.TrimRight(b.String(), " "))
	}
}

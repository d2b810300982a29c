package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
)

// dupesCompare is one cluster side by side: a column per contact (as many
// as fit; [ and ] page to the others), a row per field. Rows that can be
// picked show which contact's value the merged contact keeps (●); the
// first row picks the contact that survives (keeps its ID). Fields whose
// values differ are marked ≠; by default only those are listed (a shows
// every field). E-mails, phones, groups, tags and consents are kept
// together.
type dupesCompare struct {
	cluster  dedupe.Cluster
	cs       []*contact.Contact // as loaded: the store refuses a merge planned on stale contacts
	loaded   bool
	note     string // why the cluster was reloaded
	survivor uint64
	pick     map[string]uint64
	differ   map[string]bool
	showAll  bool
	rows     []cmpRow
	row, top int
	first    int // first contact shown
	fit      int // contacts shown side by side
	w, h     int
}

// cmpRow is one line of the comparison.
type cmpRow struct {
	label  string
	key    string   // the pick key ("" for rows that are not picked)
	values []string // one per contact
	union  bool     // kept together in the merge
}

// survivorKey marks the row that picks the surviving contact.
const survivorKey = "@survivor"

// Messages of the comparison's work.
type (
	dupesClusterMsg struct {
		IDs  []uint64
		Cs   []*contact.Contact
		Note string
		Err  error
	}
	dupesMergedMsg struct {
		IDs      []uint64
		Survivor *contact.Contact
		Deleted  []uint64
		Err      error
	}
	dupesMarkedMsg struct {
		Cluster dedupe.Cluster
		Unmark  bool
		Err     error
	}
	// contactsMergedMsg tells the root: survivor was rewritten and deleted
	// are gone, or (an undone merge) restored are back as they were (it
	// updates the index and the table).
	contactsMergedMsg struct {
		Survivor *contact.Contact
		Deleted  []uint64
		Restored []*contact.Contact
	}
)

func loadCluster(st contactSource, ids []uint64, note string) tea.Cmd {
	return func() tea.Msg {
		cs, err := st.GetMany(ids)
		msg := dupesClusterMsg{IDs: ids, Note: note, Err: err}
		for _, c := range cs {
			if c == nil {
				msg.Err = errors.Join(msg.Err, errors.New("a contact of this cluster was deleted since it was found: r finds again"))
				continue
			}
			msg.Cs = append(msg.Cs, c)
		}
		return msg
	}
}

// openCluster shows a cluster side by side once its contacts are read.
func (s *dupesScreen) openCluster(c dedupe.Cluster) tea.Cmd {
	s.cmp = &dupesCompare{cluster: c}
	s.cmp.layout(s.sh.width, s.sh.bodyH)
	return loadCluster(s.sh.source(), c.IDs, "")
}

// setContacts takes the loaded contacts and the default pick.
func (d *dupesCompare) setContacts(cs []*contact.Contact) {
	d.cs, d.loaded = cs, true
	d.survivor, d.pick = dedupe.DefaultPick(cs)
	d.differ = map[string]bool{}
	for _, k := range dedupe.Differing(cs) {
		d.differ[k] = true
	}
	d.build()
}

// build lays out the rows.
func (d *dupesCompare) build() {
	cs := d.cs
	d.rows = d.rows[:0]
	vals := func(f func(c *contact.Contact) string) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = f(c)
		}
		return out
	}
	d.rows = append(d.rows, cmpRow{label: "Keeps its ID", key: survivorKey, values: vals(func(c *contact.Contact) string {
		return fmt.Sprintf("#%d, since %s", c.ID, c.CreatedAt.UTC().Format("2006-01-02"))
	})})
	for _, k := range dedupe.PickKeys(cs) {
		if !d.showAll && !d.differ[k] && k != "name" {
			continue
		}
		d.rows = append(d.rows, cmpRow{label: pickLabel(k), key: k, values: vals(func(c *contact.Contact) string { return pickValue(c, k) })})
	}
	join := func(l []string) string { return strings.Join(l, "; ") }
	d.rows = append(d.rows,
		cmpRow{label: "E-mails", union: true, values: vals(func(c *contact.Contact) string { return join(c.Emails) })},
		cmpRow{label: "Phones", union: true, values: vals(func(c *contact.Contact) string {
			var ps []string
			for _, p := range c.Phones {
				ps = append(ps, contact.FormatPhone(p.Number))
			}
			return join(ps)
		})},
		cmpRow{label: "Groups", union: true, values: vals(func(c *contact.Contact) string { return join(c.Groups) })},
		cmpRow{label: "Tags", union: true, values: vals(func(c *contact.Contact) string { return join(c.Tags) })},
		cmpRow{label: "Consents", union: true, values: vals(func(c *contact.Contact) string {
			var ks []string
			for _, k := range c.Consents {
				ks = append(ks, k.Name+" "+contact.FormatBool(k.Granted))
			}
			return join(ks)
		})},
		cmpRow{label: "Created by", values: vals(func(c *contact.Contact) string { return c.Source })},
		cmpRow{label: "Updated", values: vals(func(c *contact.Contact) string { return c.UpdatedAt.UTC().Format("2006-01-02 15:04") })},
	)
	d.row = min(d.row, len(d.rows)-1)
	d.clamp()
}

// pickLabel names a pick key.
func pickLabel(k string) string {
	switch k {
	case "name":
		return "Name"
	case "address":
		return "Address"
	case "shipping":
		return "Shipping address"
	}
	if n, ok := strings.CutPrefix(k, contact.CustomPrefix); ok {
		return n
	}
	return columnLabel(k)
}

// pickValue is a pick key's value on c, as one line.
func pickValue(c *contact.Contact, k string) string {
	switch k {
	case "name":
		return c.FullName()
	case "address", "shipping":
		a := c.Address
		if k == "shipping" {
			a = c.Shipping
		}
		var parts []string
		for _, p := range []string{strings.TrimSpace(a.Street + " " + a.House), strings.TrimSpace(a.PostalCode + " " + a.City), a.Region, a.Country} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		return strings.Join(parts, ", ")
	case "whatsapp", "viber":
		return contact.FormatPhone(c.Get(k))
	}
	return c.Get(k)
}

// layout fits the contacts side by side: at least 24 cells each.
func (d *dupesCompare) layout(w, h int) {
	d.w, d.h = w, h
	avail := w - cmpLabelW - 1
	d.fit = max(1, min(avail/24, max(len(d.cs), 1)))
	if d.loaded {
		d.first = max(0, min(d.first, len(d.cs)-d.fit))
	}
	d.clamp()
}

const cmpLabelW = 18

// bodyRows is how many rows fit under the heading lines.
func (d *dupesCompare) bodyRows() int { return max(d.h-5, 1) }

func (d *dupesCompare) clamp() {
	d.row = max(0, min(d.row, len(d.rows)-1))
	n := d.bodyRows()
	if d.row < d.top {
		d.top = d.row
	}
	if d.row >= d.top+n {
		d.top = d.row - n + 1
	}
	d.top = max(0, min(d.top, len(d.rows)-n))
}

// picked is the index of the contact a row keeps (-1 for rows not picked).
func (d *dupesCompare) picked(r cmpRow) int {
	id := d.pick[r.key]
	switch {
	case r.key == survivorKey:
		id = d.survivor
	case r.key == "":
		return -1
	case id == 0:
		id = d.survivor // a key not picked keeps the survivor's value
	}
	return slices.IndexFunc(d.cs, func(c *contact.Contact) bool { return c.ID == id })
}

// move changes the pick of the focused row to the next contact to the
// left or right, bringing that contact's column into view.
func (d *dupesCompare) move(dir int) {
	r := d.rows[d.row]
	i := d.picked(r)
	if i < 0 {
		return
	}
	i = (i + dir + len(d.cs)) % len(d.cs)
	id := d.cs[i].ID
	if r.key == survivorKey {
		d.survivor = id
	} else {
		d.pick[r.key] = id
	}
	if i < d.first {
		d.first = i
	}
	if i >= d.first+d.fit {
		d.first = i - d.fit + 1
	}
}

func (s *dupesScreen) compareKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.keys
	d := s.cmp
	s.setKeys()
	switch {
	case key.Matches(msg, k.Close):
		s.cmp = nil
		return nil
	case !d.loaded:
		return nil
	}
	if r, ok := k.move(msg, d.row, len(d.rows), d.bodyRows()); ok {
		d.row = r
		d.clamp()
		return nil
	}
	switch {
	case key.Matches(msg, k.Pick):
		dir := 1
		if s := msg.String(); s == "left" || s == "h" {
			dir = -1
		}
		d.move(dir)
	case key.Matches(msg, k.Page):
		dir := d.fit
		if s := msg.String(); s == "[" || s == "shift+tab" {
			dir = -d.fit
		}
		d.first = max(0, min(d.first+dir, len(d.cs)-d.fit))
	case key.Matches(msg, k.All):
		d.showAll = !d.showAll
		d.build()
	case key.Matches(msg, k.Card):
		if i := d.picked(d.rows[d.row]); i >= 0 {
			return s.sh.ask(openCardMsg{ID: d.cs[i].ID})
		}
		return s.sh.ask(openCardMsg{ID: d.survivor})
	case key.Matches(msg, k.Merge):
		s.confirm = dcMerge
	case key.Matches(msg, k.NotDup):
		s.confirm = dcNotDup
	}
	d.clamp()
	return nil
}

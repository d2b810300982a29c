package ui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/store"
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
	// are gone (it updates the index and the table).
	contactsMergedMsg struct {
		Survivor *contact.Contact
		Deleted  []uint64
	}
)

func loadCluster(st *store.Store, ids []uint64, note string) tea.Cmd {
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
	return loadCluster(s.sh.st, c.IDs, "")
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
	case key.Matches(msg, k.Up):
		d.row--
	case key.Matches(msg, k.Down):
		d.row++
	case key.Matches(msg, k.PageUp):
		d.row -= d.bodyRows()
	case key.Matches(msg, k.PageDown):
		d.row += d.bodyRows()
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
			return msgCmd(openCardMsg{ID: d.cs[i].ID})
		}
		return msgCmd(openCardMsg{ID: d.survivor})
	case key.Matches(msg, k.Merge):
		s.confirm = dcMerge
	case key.Matches(msg, k.NotDup):
		s.confirm = dcNotDup
	}
	d.clamp()
	return nil
}

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
			return runJob(fmt.Sprintf("merging %d contacts", len(cs)), true, func(context.Context, func(int, int)) (tea.Msg, error) {
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
	if msg.Err = st.Merge(merged, others, "card"); msg.Err != nil {
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
			return loadCluster(s.sh.st, s.cmp.cluster.IDs, "a contact changed since it was read: here it is as it is now; check the picks and merge again")
		case msg.Err != nil:
			return statusErr(fmt.Errorf("merging: %w", msg.Err))
		}
		s.forget(msg.IDs)
		s.cmp = nil
		note := fmt.Sprintf("merged %d contacts into #%d %s (their histories are kept under it)", len(msg.IDs), msg.Survivor.ID, displayName(msg.Survivor))
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

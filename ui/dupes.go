package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/store"
)

// dupesScreen lists clusters of contacts that are probably one person
// (dedupe: the same e-mail, phone or tax ID, or similar names sharing a
// city or birth date), each with its score and the reason in words. A
// cluster opens side by side (dupes_compare.go): pick the surviving value
// of each field, merge, or mark the contacts as different people so they
// are never proposed again. Finding runs as a job; the clusters of each
// kind of key are kept, so switching the filter back is instant.
type dupesScreen struct {
	sh       *shared
	keys     dupesKeys
	canWrite bool // merge and "not a duplicate" (not on a read-only store or an opened file)

	kind     dedupe.Key // "" for every key
	found    map[dedupe.Key][]dedupe.Cluster
	contacts int // contacts searched
	names    map[uint64]string
	finding  dedupe.Key // the kind being found; "-" when none
	progress jobMsg
	label    string // the finding job's label

	cursor, top int
	cmp         *dupesCompare // the cluster open side by side
	confirm     dupesConfirm
	unmark      [][2]uint64 // the pairs last marked "not a duplicate", for u
	lastMarked  dedupe.Cluster
}

// dupesConfirm is the question on screen.
type dupesConfirm int

const (
	dcNone dupesConfirm = iota
	dcMerge
	dcNotDup
)

const notFinding = dedupe.Key("-")

// dupeKinds are the choices of the kind filter, in the order f cycles.
var dupeKinds = []dedupe.Key{"", dedupe.KeyEmail, dedupe.KeyPhone, dedupe.KeyTaxID, dedupe.KeyName}

func kindWords(k dedupe.Key) string {
	switch k {
	case "":
		return "every key"
	case dedupe.KeyEmail:
		return "e-mail"
	case dedupe.KeyPhone:
		return "phone"
	case dedupe.KeyTaxID:
		return "tax ID"
	case dedupe.KeyName:
		return "similar names"
	}
	return string(k)
}

type dupesKeys struct {
	Up, Down, PageUp, PageDown, Open, Kind, Again, Undo, Back key.Binding
	// Side by side.
	Pick, Page, All, Card, Merge, NotDup, Close key.Binding
	Yes, No                                     key.Binding
}

func defaultDupesKeys() dupesKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return dupesKeys{
		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		PageUp:   b("pgup", "page up", "pgup", "ctrl+b", "ctrl+u"),
		PageDown: b("pgdn", "page down", "pgdown", "ctrl+f", "ctrl+d"),
		Open:     b("enter", "side by side", "enter"),
		Kind:     b("f", "filter by key", "f"),
		Again:    b("r", "find again", "r"),
		Undo:     b("u", "undo not-a-duplicate", "u"),
		Back:     b("q/esc", "back", "q", "esc"),
		Pick:     b("←/→", "pick the value", "left", "right", "h", "l"),
		Page:     b("[/]", "other contacts", "[", "]", "tab", "shift+tab"),
		All:      b("a", "all fields/differing", "a"),
		Card:     b("c", "open the card", "c"),
		Merge:    b("m", "merge", "m"),
		NotDup:   b("n", "not a duplicate", "n"),
		Close:    b("q/esc", "back to the list", "q", "esc"),
		Yes:      b("y", "yes", "y"),
		No:       b("n/esc", "no", "n", "esc"),
	}
}

// set enables the keys of the state on screen.
func (s *dupesScreen) setKeys() {
	k := &s.keys
	list := s.cmp == nil && s.confirm == dcNone
	cmp := s.cmp != nil && s.confirm == dcNone
	any := len(s.current()) > 0
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		b.SetEnabled(list || cmp)
	}
	k.Open.SetEnabled(list && any)
	k.Kind.SetEnabled(list)
	k.Again.SetEnabled(list && s.finding == notFinding)
	k.Undo.SetEnabled(list && s.canWrite && len(s.unmark) > 0)
	k.Back.SetEnabled(list)
	k.Pick.SetEnabled(cmp && s.cmp.loaded)
	k.Page.SetEnabled(cmp && s.cmp.loaded && len(s.cmp.cs) > s.cmp.fit)
	k.All.SetEnabled(cmp && s.cmp.loaded)
	k.Card.SetEnabled(cmp && s.cmp.loaded)
	k.Merge.SetEnabled(cmp && s.cmp.loaded && s.canWrite)
	k.NotDup.SetEnabled(cmp && s.cmp.loaded && s.canWrite)
	k.Close.SetEnabled(cmp)
	k.Yes.SetEnabled(s.confirm != dcNone)
	k.No.SetEnabled(s.confirm != dcNone)
}

func (k dupesKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Kind, k.Pick, k.Page, k.Merge, k.NotDup, k.All, k.Yes, k.No, k.Undo, k.Close, k.Back}
}

func (k dupesKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Open, k.Kind, k.Again, k.Undo, k.Back},
		{k.Pick, k.Page, k.All, k.Card, k.Close},
		{k.Merge, k.NotDup, k.Yes, k.No},
	}
}

// newDupesScreen opens the duplicates screen; preset, when not nil, are
// the clusters of every key already found (an opened file's).
func newDupesScreen(sh *shared, preset []dedupe.Cluster) *dupesScreen {
	s := &dupesScreen{sh: sh, keys: defaultDupesKeys(), canWrite: !sh.readOnly,
		found: map[dedupe.Key][]dedupe.Cluster{}, names: map[uint64]string{}, finding: notFinding}
	if preset != nil {
		s.found[""] = preset
	}
	s.setKeys()
	return s
}

// Init finds the clusters (or names the preset ones).
func (s *dupesScreen) Init() tea.Cmd {
	if cs, ok := s.found[""]; ok {
		return loadDupeNames(s.sh.st, cs)
	}
	return s.find("")
}

// Messages of the screen's work.
type (
	// dupesFoundMsg carries the clusters of one kind of key.
	dupesFoundMsg struct {
		Kind     dedupe.Key
		Clusters []dedupe.Cluster
		Names    map[uint64]string
		Contacts int
	}
	// dupeNamesMsg names the contacts of preset clusters.
	dupeNamesMsg struct {
		Names map[uint64]string
		Err   error
	}
)

// find starts the job that finds the clusters of one kind.
func (s *dupesScreen) find(kind dedupe.Key) tea.Cmd {
	s.finding, s.progress = kind, jobMsg{}
	s.label = "finding duplicates (" + kindWords(kind) + ")"
	s.setKeys()
	return runJob(s.label, true, findDupes(s.sh.st, kind))
}

// findDupes reads every contact into a finder and finds the clusters; the
// progress runs over reading (the first half) and comparing.
func findDupes(st *store.Store, kind dedupe.Key) jobFunc {
	return func(ctx context.Context, report func(int, int)) (tea.Msg, error) {
		notDup, err := st.NotDuplicates()
		if err != nil {
			return nil, err
		}
		opt := dedupe.Options{NotDuplicate: notDup}
		if kind != "" {
			opt.Keys = []dedupe.Key{kind}
		}
		f := dedupe.NewFinder(opt)
		total, err := st.Count()
		if err != nil {
			return nil, err
		}
		n := 0
		err = st.ScanBorrowed(func(c *contact.Contact) error {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				report(n, 2*total)
			}
			f.Add(c)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading the contacts: %w", err)
		}
		clusters, err := f.Find(ctx, func(stage string, done, all int) {
			if stage == "comparing" && all > 0 {
				report(total+int(int64(done)*int64(total)/int64(all)), 2*total)
			}
		})
		if err != nil {
			return nil, err
		}
		names, err := dupeNames(st, clusters)
		if err != nil {
			return nil, err
		}
		return dupesFoundMsg{Kind: kind, Clusters: clusters, Names: names, Contacts: f.Len()}, nil
	}
}

// dupeNames reads the names the list shows.
func dupeNames(st *store.Store, clusters []dedupe.Cluster) (map[uint64]string, error) {
	var ids []uint64
	for _, c := range clusters {
		ids = append(ids, c.IDs...)
	}
	names := make(map[uint64]string, len(ids))
	for i := 0; i < len(ids); i += 1024 {
		cs, err := st.GetMany(ids[i:min(i+1024, len(ids))])
		if err != nil {
			return nil, fmt.Errorf("reading the duplicates' names: %w", err)
		}
		for _, c := range cs {
			if c != nil {
				names[c.ID] = displayName(c)
			}
		}
	}
	return names, nil
}

func loadDupeNames(st *store.Store, clusters []dedupe.Cluster) tea.Cmd {
	return func() tea.Msg {
		names, err := dupeNames(st, clusters)
		return dupeNamesMsg{Names: names, Err: err}
	}
}

// displayName is a contact's name, else its company, else its first
// e-mail or phone, else its ID.
func displayName(c *contact.Contact) string {
	switch {
	case c.FullName() != "":
		return c.FullName()
	case c.Company != "":
		return c.Company
	case len(c.Emails) > 0:
		return c.Emails[0]
	case len(c.Phones) > 0:
		return c.Phones[0].Number
	}
	return fmt.Sprintf("#%d", c.ID)
}

// current is the list of the kind on screen.
func (s *dupesScreen) current() []dedupe.Cluster { return s.found[s.kind] }

// Update handles the screen's results and keys.
func (s *dupesScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	defer s.setKeys()
	switch msg := msg.(type) {
	case jobMsg:
		if msg.Label == s.label && s.finding != notFinding {
			s.progress = msg
		}
	case dupesFoundMsg:
		if msg.Kind == s.finding {
			s.finding = notFinding
		}
		s.found[msg.Kind] = msg.Clusters
		s.contacts = msg.Contacts
		for id, n := range msg.Names {
			s.names[id] = n
		}
		s.clamp()
	case dupeNamesMsg:
		if msg.Err != nil {
			return s, statusErr(msg.Err)
		}
		for id, n := range msg.Names {
			s.names[id] = n
		}
	case dupesClusterMsg, dupesMergedMsg, dupesMarkedMsg:
		return s, s.compareResult(msg)
	case tea.KeyPressMsg:
		switch {
		case s.confirm != dcNone:
			return s, s.confirmKey(msg)
		case s.cmp != nil:
			return s, s.compareKey(msg)
		}
		return s, s.listKey(msg)
	}
	return s, nil
}

func (s *dupesScreen) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.keys
	s.setKeys()
	list := s.current()
	switch {
	case key.Matches(msg, k.Back):
		return msgCmd(closeScreenMsg{})
	case key.Matches(msg, k.Up):
		s.cursor--
	case key.Matches(msg, k.Down):
		s.cursor++
	case key.Matches(msg, k.PageUp):
		s.cursor -= s.listRows()
	case key.Matches(msg, k.PageDown):
		s.cursor += s.listRows()
	case key.Matches(msg, k.Kind):
		i := slices.Index(dupeKinds, s.kind)
		s.kind = dupeKinds[(i+1)%len(dupeKinds)]
		s.cursor, s.top = 0, 0
		if _, ok := s.found[s.kind]; !ok && s.finding == notFinding {
			return s.find(s.kind)
		}
	case key.Matches(msg, k.Again):
		delete(s.found, s.kind)
		return s.find(s.kind)
	case key.Matches(msg, k.Undo):
		return s.undoNotDup()
	case key.Matches(msg, k.Open):
		if s.cursor < len(list) {
			return s.openCluster(list[s.cursor])
		}
	}
	s.clamp()
	return nil
}

func (s *dupesScreen) listRows() int { return max(s.sh.bodyH-3, 1) }

func (s *dupesScreen) clamp() {
	n := len(s.current())
	s.cursor = max(0, min(s.cursor, n-1))
	rows := s.listRows()
	if s.cursor < s.top {
		s.top = s.cursor
	}
	if s.cursor >= s.top+rows {
		s.top = s.cursor - rows + 1
	}
	s.top = max(0, min(s.top, n-rows))
}

func (s *dupesScreen) resized() {
	s.clamp()
	if s.cmp != nil {
		s.cmp.layout(s.sh.width, s.sh.bodyH)
	}
}

// forget drops the clusters that hold any of ids from every list (they
// were merged or marked), keeping the cursor near where it was.
func (s *dupesScreen) forget(ids []uint64) {
	for k, list := range s.found {
		s.found[k] = slices.DeleteFunc(slices.Clone(list), func(c dedupe.Cluster) bool {
			return slices.ContainsFunc(c.IDs, func(id uint64) bool { return slices.Contains(ids, id) })
		})
	}
	s.clamp()
}

// clusterWords is the cluster's strongest link in words, and how many
// more there are.
func clusterWords(c dedupe.Cluster) string {
	if len(c.Pairs) == 0 {
		return ""
	}
	w := c.Pairs[0].Reason
	if n := len(c.Pairs) - 1; n > 0 {
		w += fmt.Sprintf(" (+%d more %s)", n, map[bool]string{true: "link", false: "links"}[n == 1])
	}
	return w
}

// memberNames joins the names of a cluster's contacts.
func (s *dupesScreen) memberNames(c dedupe.Cluster) string {
	var parts []string
	for _, id := range c.IDs {
		n := s.names[id]
		if n == "" {
			n = fmt.Sprintf("#%d", id)
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, " · ")
}

func (s *dupesScreen) Keys() help.KeyMap { s.setKeys(); return s.keys }
func (s *dupesScreen) Typing() bool      { return false }
func (s *dupesScreen) Title() string     { return "Duplicates" }

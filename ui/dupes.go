package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/dedupe"
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
	merges      []dupesMerge // the merges made here, latest last, for u
	undoMerges  bool         // u undoes a merge (the latest action was one)
}

// dupesConfirm is the question on screen.
type dupesConfirm int

const (
	dcNone dupesConfirm = iota
	dcMerge
	dcNotDup
)

const notFinding = dedupe.Key("-")

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
		return loadDupeNames(s.sh.source(), cs)
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
	case dupesUnmergedMsg:
		return s, s.unmerged(msg)
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
	if c, ok := k.move(msg, s.cursor, len(list), s.listRows()); ok {
		s.cursor = c
		s.clamp()
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return s.sh.ask(closeScreenMsg{})
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
		if s.undoMerges {
			return s.undoMerge()
		}
		return s.undoNotDup()
	case key.Matches(msg, k.Open):
		if s.cursor < len(list) {
			return s.openCluster(list[s.cursor])
		}
	}
	s.clamp()
	return nil
}

func (s *dupesScreen) listRows() int { return max(s.sh.bodyH-3-len(s.detail()), 1) }

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

func (s *dupesScreen) Typing() bool { return false }

func (s *dupesScreen) Title() string { return "Duplicates" }

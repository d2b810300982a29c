package dedupe

import (
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"rolo/contact"
)

// Key names a kind of evidence that proposes pairs.
type Key string

// Keys.
const (
	KeyEmail Key = "email"  // the same e-mail, or addresses that reach one mailbox
	KeyPhone Key = "phone"  // the same E.164 number (phones, WhatsApp, Viber)
	KeyTaxID Key = "tax_id" // the same tax ID in any formatting
	KeyName  Key = "name"   // similar names with a shared city, birth date, postal code or address
)

// AllKeys lists every key, in the order reports name them.
var AllKeys = []Key{KeyEmail, KeyPhone, KeyTaxID, KeyName}

// ParseKey reads a key as typed on the command line.
func ParseKey(s string) (Key, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "email", "e-mail", "emails":
		return KeyEmail, true
	case "phone", "phones":
		return KeyPhone, true
	case "tax_id", "tax", "taxid":
		return KeyTaxID, true
	case "name", "names":
		return KeyName, true
	}
	return "", false
}

// Default thresholds.
const (
	DefaultMinScore   = 0.6 // pairs below are not reported
	DefaultMergeScore = 0.8 // clusters a headless merge takes on its own
)

// Options tune a search.
type Options struct {
	// Keys are the kinds of evidence that propose pairs (all when empty).
	// Whatever proposed a pair, its score weighs all the evidence.
	Keys []Key
	// MinScore is the lowest score reported (DefaultMinScore when 0).
	MinScore float64
	// MaxShared: an e-mail, phone or tax ID that more contacts hold is a
	// shared line (a switchboard, an office address), not a sign of one
	// person; it proposes no pairs (default 8).
	MaxShared int
	// MaxBlock: a name held by more contacts in one city (or on one birth
	// date) than this is too common to propose pairs on its own; such
	// pairs still come from a shared birth date, postal code or address
	// (default 12).
	MaxBlock int
	// NotDuplicate reports pairs marked "not a duplicate": never proposed.
	NotDuplicate func(a, b uint64) bool
}

// Pair is two contacts that may be one person.
type Pair struct {
	A      uint64  `json:"a"`
	B      uint64  `json:"b"`
	Score  float64 `json:"score"`  // 0…1
	Reason string  `json:"reason"` // the evidence in words
}

// Cluster is a group of contacts that are probably one person.
type Cluster struct {
	IDs []uint64 `json:"ids"` // ascending
	// Score is the weakest link that holds the cluster together.
	Score float64 `json:"score"`
	// Pairs are the links that join the cluster (one fewer than its
	// contacts), strongest first.
	Pairs []Pair `json:"pairs"`
}

// Progress reports a search's stage and how far it is.
type Progress func(stage string, done, total int)

// Finder collects contacts and finds duplicates among them. Feed it with
// Add (it copies what it keeps, so borrowed contacts from
// store.ScanBorrowed are fine), then call Find once.
type Finder struct {
	opt     Options
	entries []*entry
	tokens  tokens // name parts, cities and streets, prepared once
	h       hasher
}

// NewFinder returns an empty finder.
func NewFinder(opt Options) *Finder {
	if len(opt.Keys) == 0 {
		opt.Keys = AllKeys
	}
	if opt.MinScore == 0 {
		opt.MinScore = DefaultMinScore
	}
	if opt.MaxShared == 0 {
		opt.MaxShared = 8
	}
	if opt.MaxBlock == 0 {
		opt.MaxBlock = 12
	}
	return &Finder{opt: opt, tokens: tokens{}, h: hasher{seed: maphash.MakeSeed()}}
}

// Add takes a contact into the search. Erased contacts are skipped.
func (f *Finder) Add(c *contact.Contact) {
	if c.Status == contact.StatusErased {
		return
	}
	f.entries = append(f.entries, newEntry(c, f.tokens))
}

// Len is the number of contacts added.
func (f *Finder) Len() int { return len(f.entries) }

func (f *Finder) has(k Key) bool { return slices.Contains(f.opt.Keys, k) }

// Blocking keys are packed into one uint64: the top 40 bits of a hash of
// the key and, in the low 24 bits, the index of an entry (or of a block),
// so a block is a run of equal top bits in a sorted []uint64, which sorts
// fast and takes 8 bytes an entry. Two keys whose hashes share 40 bits
// (about one pair in a million contacts) only propose an extra pair, which
// the scoring, looking at the real values, turns down.
const (
	idxBits = 24
	idxMask = 1<<idxBits - 1
	// MaxContacts is the most contacts one search takes.
	MaxContacts = idxMask
)

func pack(h uint64, i int) uint64 { return h&^idxMask | uint64(i) }

func idx(x uint64) int32 { return int32(x & idxMask) }

// runs sorts hs and calls fn with each run of equal hashes.
func runs(hs []uint64, fn func(run []uint64)) {
	slices.Sort(hs)
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j]&^idxMask == hs[i]&^idxMask {
			j++
		}
		fn(hs[i:j])
		i = j
	}
}

// pairs collects candidate pairs as packed entry indexes.
type pairs []uint64

func (p *pairs) add(i, j int32) {
	if i == j {
		return
	}
	if i > j {
		i, j = j, i
	}
	*p = append(*p, uint64(i)<<32|uint64(uint32(j)))
}

// allPairs adds every pair of a run.
func (p *pairs) allPairs(run []uint64) {
	for x := 0; x < len(run); x++ {
		for y := x + 1; y < len(run); y++ {
			p.add(idx(run[x]), idx(run[y]))
		}
	}
}

// hasher hashes blocking keys without allocating.
type hasher struct {
	seed maphash.Seed
	buf  []byte
}

func (h *hasher) sum(tag byte, parts ...string) uint64 {
	h.buf = append(h.buf[:0], tag)
	for _, p := range parts {
		h.buf = append(h.buf, p...)
		h.buf = append(h.buf, 0)
	}
	return maphash.Bytes(h.seed, h.buf)
}

// without hashes ctx with key minus the n bytes at i.
func (h *hasher) without(tag byte, ctx, key string, i, n int) uint64 {
	h.buf = append(h.buf[:0], tag)
	h.buf = append(h.buf, ctx...)
	h.buf = append(h.buf, 0)
	h.buf = append(h.buf, key[:i]...)
	h.buf = append(h.buf, key[i+n:]...)
	h.buf = append(h.buf, 0)
	return maphash.Bytes(h.seed, h.buf)
}

// Find returns the duplicate clusters, highest score first. It uses every
// core for the comparisons; ctx cancels it.
func (f *Finder) Find(ctx context.Context, progress Progress) ([]Cluster, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if len(f.entries) > MaxContacts {
		return nil, fmt.Errorf("a search takes at most %d contacts, not %d", MaxContacts, len(f.entries))
	}
	var cand pairs
	shared := map[string]int{}
	steps := []struct {
		key Key
		run func(*pairs, map[string]int) error
	}{
		{KeyEmail, func(p *pairs, _ map[string]int) error { f.blockEmails(p); return nil }},
		{KeyPhone, func(p *pairs, sh map[string]int) error { f.blockPhones(p, sh); return nil }},
		{KeyTaxID, func(p *pairs, _ map[string]int) error { f.blockTax(p); return nil }},
		{KeyName, func(p *pairs, _ map[string]int) error { return f.blockNames(ctx, p) }},
	}
	for i, st := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		progress("grouping by "+string(st.key), i, len(steps))
		// How common a phone is matters to every score, whatever proposes
		// the pair.
		if st.key == KeyPhone && !f.has(KeyPhone) {
			var ignore pairs
			f.blockPhones(&ignore, shared)
			continue
		}
		if !f.has(st.key) {
			continue
		}
		if err := st.run(&cand, shared); err != nil {
			return nil, err
		}
	}
	f.countNames()
	slices.Sort(cand)
	cand = slices.Compact(cand)
	edges, err := f.score(ctx, cand, shared, progress)
	if err != nil {
		return nil, err
	}
	return f.cluster(edges), nil
}

func (f *Finder) blockEmails(p *pairs) {
	var hs []uint64
	for i, e := range f.entries {
		var seen []string
		for _, m := range e.emails {
			c := canonicalEmail(m)
			if !slices.Contains(seen, c) {
				seen = append(seen, c)
				hs = append(hs, pack(f.h.sum('e', c), i))
			}
		}
	}
	runs(hs, func(run []uint64) {
		if len(run) <= f.opt.MaxShared {
			p.allPairs(run)
		}
	})
}

// blockPhones proposes pairs that share a number and counts the numbers
// more than two contacts share (a household's landline, a switchboard).
func (f *Finder) blockPhones(p *pairs, shared map[string]int) {
	var hs []uint64
	for i, e := range f.entries {
		for _, ph := range e.phones {
			hs = append(hs, pack(f.h.sum('p', ph), i))
		}
	}
	runs(hs, func(run []uint64) {
		if len(run) > 2 {
			for _, ph := range f.entries[idx(run[0])].phones {
				n := 0
				for _, r := range run {
					if slices.Contains(f.entries[idx(r)].phones, ph) {
						n++
					}
				}
				if n == len(run) {
					shared[ph] = n
				}
			}
		}
		if len(run) <= f.opt.MaxShared {
			p.allPairs(run)
		}
	})
}

func (f *Finder) blockTax(p *pairs) {
	var hs []uint64
	for i, e := range f.entries {
		if e.tax != "" {
			hs = append(hs, pack(f.h.sum('t', e.tax), i))
		}
	}
	runs(hs, func(run []uint64) {
		if len(run) <= f.opt.MaxShared {
			p.allPairs(run)
		}
	})
}

// Name blocking. Similar names only propose a pair when they share a
// context: a city, a birth date, a postal code or an address.
//
// Within a birth date, postal code or address few contacts share a first
// or a last name, so a block there is one name part in one context
// (first and last names alike, so a swapped name meets itself): a typo in
// one part still leaves the other in common.
//
// A city is too big for that (every Anna of Warsaw in one block), so there
// a block is a whole name key (person.key) in the city, and blocks whose
// keys are one letter apart are joined through the keys with one letter
// deleted (insertions, deletions, substitutions and most transpositions).
// Only distinct keys generate those variants, so a city full of Anna
// Kowalskas costs one key, not thousands. A name too common in its block
// (MaxBlock) proposes no pairs there; those still come from a birth date,
// postal code or address they share.
func (f *Finder) blockNames(ctx context.Context, p *pairs) error {
	small := []struct {
		tag byte
		of  func(e *entry) string
	}{
		{'b', func(e *entry) string { return e.birth }},
		{'z', func(e *entry) string { return e.postal }},
		{'s', func(e *entry) string { return e.streetKey }},
	}
	for _, cx := range small {
		if err := ctx.Err(); err != nil {
			return err
		}
		var hs []uint64
		for i, e := range f.entries {
			c := cx.of(e)
			if c == "" {
				continue
			}
			if e.who.sFirst != "" {
				hs = append(hs, pack(f.h.sum(cx.tag, c, e.who.sFirst), i))
			}
			if e.who.sLast != "" && e.who.sLast != e.who.sFirst {
				hs = append(hs, pack(f.h.sum(cx.tag, c, e.who.sLast), i))
			}
		}
		runs(hs, func(run []uint64) {
			if len(run) <= f.opt.MaxBlock {
				p.allPairs(run)
			}
		})
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	keys := make([]string, len(f.entries))
	var hs []uint64
	for i, e := range f.entries {
		if e.cityKey == "" {
			continue
		}
		if keys[i] = e.who.key(); keys[i] != "" {
			hs = append(hs, pack(f.h.sum('c', e.cityKey, keys[i]), i))
		}
	}
	var blocks [][]uint64
	runs(hs, func(run []uint64) {
		blocks = append(blocks, run)
		if len(run) <= f.opt.MaxBlock {
			p.allPairs(run)
		}
	})
	var vs []uint64
	for bi, b := range blocks {
		e := idx(b[0])
		c, k := f.entries[e].cityKey, keys[e]
		vs = append(vs, pack(f.h.sum('c', c, k), bi))
		if len(k) <= 3 {
			continue // too short for a typo to be told from another name
		}
		for i := 0; i < len(k); {
			_, n := utf8.DecodeRuneInString(k[i:])
			vs = append(vs, pack(f.h.without('c', c, k, i, n), bi))
			i += n
		}
	}
	runs(vs, func(run []uint64) {
		for x := 0; x < len(run); x++ {
			for y := x + 1; y < len(run); y++ {
				a, b := blocks[idx(run[x])], blocks[idx(run[y])]
				if idx(run[x]) == idx(run[y]) || len(a)*len(b) > 4*f.opt.MaxBlock {
					continue
				}
				for _, ma := range a {
					for _, mb := range b {
						p.add(idx(ma), idx(mb))
					}
				}
			}
		}
	})
	return nil
}

// countNames sets, on every entry with a city, the city's size and how
// many of its contacts share the entry's first name and its last name.
func (f *Finder) countNames() {
	pop := map[uint64]uint32{}
	names := map[uint64]uint32{}
	for _, e := range f.entries {
		if e.cityKey == "" {
			continue
		}
		pop[f.h.sum('C', e.cityKey)]++
		names[f.h.sum('F', e.cityKey, e.who.sFirst)]++
		names[f.h.sum('L', e.cityKey, e.who.sLast)]++
	}
	for _, e := range f.entries {
		if e.cityKey == "" {
			continue
		}
		e.cityPop = pop[f.h.sum('C', e.cityKey)]
		e.cityFirst = names[f.h.sum('F', e.cityKey, e.who.sFirst)]
		e.cityLast = names[f.h.sum('L', e.cityKey, e.who.sLast)]
	}
}

// edge is a scored pair of entries.
type edge struct {
	i, j   int32
	score  float64
	reason string
}

// score compares the candidate pairs on every core and keeps those at or
// above MinScore that are not marked "not a duplicate".
func (f *Finder) score(ctx context.Context, cand pairs, shared map[string]int, progress Progress) ([]edge, error) {
	workers := runtime.GOMAXPROCS(0)
	const chunk = 4096
	var mu sync.Mutex
	var edges []edge
	var done int
	next := 0
	var wg sync.WaitGroup
	var ctxErr error
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []edge
			for {
				mu.Lock()
				if ctxErr == nil {
					ctxErr = ctx.Err()
				}
				if ctxErr != nil || next >= len(cand) {
					edges = append(edges, local...)
					mu.Unlock()
					return
				}
				start := next
				next = min(next+chunk, len(cand))
				end := next
				done += end - start
				progress("comparing", done, len(cand))
				mu.Unlock()
				for _, pk := range cand[start:end] {
					i, j := int32(pk>>32), int32(uint32(pk))
					a, b := f.entries[i], f.entries[j]
					if f.opt.NotDuplicate != nil && f.opt.NotDuplicate(a.id, b.id) {
						continue
					}
					if s, _ := compare(a, b, shared, false); s >= f.opt.MinScore {
						_, why := compare(a, b, shared, true)
						local = append(local, edge{i, j, s, why})
					}
				}
			}
		}()
	}
	wg.Wait()
	if ctxErr != nil {
		return nil, ctxErr
	}
	return edges, nil
}

// cluster joins the edges into clusters, strongest first (Kruskal): each
// cluster keeps the edges that joined it, and its score is the weakest of
// them.
func (f *Finder) cluster(edges []edge) []Cluster {
	slices.SortFunc(edges, func(a, b edge) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(f.entries[a.i].id, f.entries[b.i].id); c != 0 {
			return c
		}
		return cmp.Compare(f.entries[a.j].id, f.entries[b.j].id)
	})
	parent := map[int32]int32{}
	var find func(x int32) int32
	find = func(x int32) int32 {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	var joined []edge
	for _, e := range edges {
		a, b := find(e.i), find(e.j)
		if a == b {
			continue
		}
		parent[a] = b
		joined = append(joined, e)
	}
	byRoot := map[int32]*Cluster{}
	var roots []int32
	for _, e := range joined {
		r := find(e.i)
		c, ok := byRoot[r]
		if !ok {
			c = &Cluster{Score: 1}
			byRoot[r] = c
			roots = append(roots, r)
		}
		a, b := f.entries[e.i].id, f.entries[e.j].id
		if a > b {
			a, b = b, a
		}
		c.Pairs = append(c.Pairs, Pair{A: a, B: b, Score: e.score, Reason: e.reason})
		c.Score = min(c.Score, e.score)
		for _, id := range []uint64{a, b} {
			if !slices.Contains(c.IDs, id) {
				c.IDs = append(c.IDs, id)
			}
		}
	}
	out := make([]Cluster, 0, len(roots))
	for _, r := range roots {
		c := byRoot[r]
		slices.Sort(c.IDs)
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.IDs[0], b.IDs[0])
	})
	return out
}

// Split returns the parts of the cluster its links of at least min hold
// together (single contacts left out): what a merge that only trusts
// scores from min takes. The parts are exactly the clusters Find would
// make with MinScore min, since the links were chosen strongest first.
func (c Cluster) Split(min float64) []Cluster {
	if c.Score >= min {
		return []Cluster{c}
	}
	parent := map[uint64]uint64{}
	var find func(x uint64) uint64
	find = func(x uint64) uint64 {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, p := range c.Pairs {
		if p.Score >= min {
			parent[find(p.A)] = find(p.B)
		}
	}
	parts := map[uint64]*Cluster{}
	var roots []uint64
	for _, p := range c.Pairs {
		if p.Score < min {
			continue
		}
		r := find(p.A)
		part, ok := parts[r]
		if !ok {
			part = &Cluster{Score: 1}
			parts[r] = part
			roots = append(roots, r)
		}
		part.Pairs = append(part.Pairs, p)
		part.Score = math.Min(part.Score, p.Score)
		for _, id := range []uint64{p.A, p.B} {
			if !slices.Contains(part.IDs, id) {
				part.IDs = append(part.IDs, id)
			}
		}
	}
	out := make([]Cluster, 0, len(roots))
	for _, r := range roots {
		slices.Sort(parts[r].IDs)
		out = append(out, *parts[r])
	}
	return out
}

// String writes a cluster for logs: "0.95 [12 57]".
func (c Cluster) String() string { return fmt.Sprintf("%.2f %v", c.Score, c.IDs) }

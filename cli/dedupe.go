package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"rolo/contact"
	"rolo/dedupe"
	"rolo/filter"
	"rolo/store"
)

// mergeChunk is how many merges one transaction writes.
const mergeChunk = 200

func newDedupeCmd(env *Env, g *globals) *cobra.Command {
	var keys []string
	var merge, asJSON bool
	var minScore, mergeScore float64
	var where string
	cmd := &cobra.Command{
		Use:   "dedupe",
		Short: "Find duplicate contacts, and merge them",
		Long: `Find contacts that are probably one person, in clusters with a score from 0
to 1 and the reason in words ("same phone +48601234567; names differ only in
accents").

Keys say what proposes a pair: email (the same address, or addresses that
reach one mailbox: a +tag, Gmail's dots), phone (the same number), tax_id
(in any formatting) and name (similar names, ignoring case, accents, script
and small typos, that share a city, a birth date, a postal code or an
address). Without --key all are used. Whatever proposes a pair, its score
weighs all the evidence: a household sharing a landline has different first
names, two birth dates that differ are two people.

--merge merges each cluster held together by scores of at least
--merge-score (default 0.8): the oldest contact survives, each field takes
the most recently updated non-empty value, e-mails, phones, groups, tags and
consents are unioned (the latest consent of each name wins), an unsubscribe
is kept, and every history is kept under the survivor with a merge event.
Clusters below stay for review. Pairs marked "not a duplicate" in the
interface are never proposed.`,
		Example: `  rolo dedupe
  rolo dedupe --key email --key phone --json > dupes.json
  rolo dedupe --key name --where 'country = PL'
  rolo dedupe --merge`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ks []dedupe.Key
			for _, k := range keys {
				for _, part := range strings.Split(k, ",") {
					key, ok := dedupe.ParseKey(part)
					if !ok {
						return usagef("--key %q is not one of email, phone, tax_id, name", part)
					}
					ks = append(ks, key)
				}
			}
			if minScore < 0 || minScore > 1 || mergeScore < 0 || mergeScore > 1 {
				return usagef("scores are between 0 and 1")
			}
			if where != "" {
				if _, err := filter.Parse(where); err != nil {
					return usagef("--where: %v", err)
				}
			}
			if merge && g.readOnly {
				return usagef("--merge writes to the store; drop --read-only")
			}
			s, err := g.open(env, !merge)
			if err != nil {
				return err
			}
			defer s.Close()
			return runDedupe(env, s, dedupeRun{keys: ks, minScore: minScore, mergeScore: mergeScore, merge: merge, json: asJSON, where: where})
		},
	}
	cmd.Flags().StringArrayVar(&keys, "key", nil, "email, phone, tax_id or name (repeatable or comma-separated; default all)")
	cmd.Flags().BoolVar(&merge, "merge", false, "merge the clusters scored at least --merge-score")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().Float64Var(&minScore, "min-score", dedupe.DefaultMinScore, "report pairs scored at least this")
	cmd.Flags().Float64Var(&mergeScore, "merge-score", dedupe.DefaultMergeScore, "with --merge, merge only what is held together by scores of at least this")
	cmd.Flags().StringVar(&where, "where", "", "look only among contacts matching this filter")
	return cmd
}

type dedupeRun struct {
	keys                 []dedupe.Key
	minScore, mergeScore float64
	merge, json          bool
	where                string
}

// dedupeReport is the --json report.
type dedupeReport struct {
	Contacts   int             `json:"contacts"`
	Keys       []dedupe.Key    `json:"keys"`
	MinScore   float64         `json:"min_score"`
	MergeScore float64         `json:"merge_score,omitempty"`
	Clusters   []clusterReport `json:"clusters"`
	Merged     *mergeTotals    `json:"merged,omitempty"`
}

type clusterReport struct {
	Score    float64        `json:"score"`
	IDs      []uint64       `json:"ids"`
	Pairs    []dedupe.Pair  `json:"pairs"`
	Contacts []contactBrief `json:"contacts"`
	Merges   []mergeReport  `json:"merges,omitempty"`
	Left     string         `json:"not_merged,omitempty"`
	cluster  dedupe.Cluster // for the text report
	byID     map[uint64]*contact.Contact
}

type contactBrief struct {
	ID        uint64   `json:"id"`
	Name      string   `json:"name"`
	Emails    []string `json:"emails,omitempty"`
	Phones    []string `json:"phones,omitempty"`
	City      string   `json:"city,omitempty"`
	BirthDate string   `json:"birth_date,omitempty"`
}

type mergeReport struct {
	Into    uint64   `json:"into"`
	Removed []uint64 `json:"removed"`
	Error   string   `json:"error,omitempty"`
}

type mergeTotals struct {
	Clusters int `json:"clusters"` // merges done
	Removed  int `json:"removed"`  // contacts merged away
	Failed   int `json:"failed"`
	Review   int `json:"left_for_review"` // clusters (or parts) below --merge-score
}

func runDedupe(env *Env, s *store.Store, r dedupeRun) error {
	ctx, stop := importContext(context.Background())
	defer stop()
	notDup, err := s.NotDuplicates()
	if err != nil {
		return err
	}
	keys := r.keys
	if len(keys) == 0 {
		keys = dedupe.AllKeys
	}
	f := dedupe.NewFinder(dedupe.Options{Keys: keys, MinScore: r.minScore, NotDuplicate: notDup})
	var m filter.Matcher
	if r.where != "" {
		fl, _ := filter.Parse(r.where)
		if m, err = fl.Compile(filterOptions(env, s)); err != nil {
			return usagef("--where: %v", err)
		}
	}
	total, err := s.Count()
	if err != nil {
		return err
	}
	read := newProgress(env, "dedupe: reading", total)
	n := 0
	err = s.ScanBorrowed(func(c *contact.Contact) error {
		n++
		if n%4096 == 0 {
			read.update(n)
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if m == nil || m(c) {
			f.Add(c)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading contacts: %w", err)
	}
	read.done(n)
	var cmp *progress
	clusters, err := f.Find(ctx, func(stage string, done, total int) {
		if stage != "comparing" {
			return
		}
		if cmp == nil {
			cmp = newProgress(env, "dedupe: comparing", total)
		}
		cmp.update(done)
	})
	if err != nil {
		return fmt.Errorf("finding duplicates: %w", err)
	}
	if cmp != nil {
		cmp.done(cmp.total)
	}
	rep := dedupeReport{Contacts: f.Len(), Keys: keys, MinScore: r.minScore, Clusters: make([]clusterReport, len(clusters))}
	for i, c := range clusters {
		cs, err := s.GetMany(c.IDs)
		if err != nil {
			return err
		}
		cr := clusterReport{Score: c.Score, IDs: c.IDs, Pairs: c.Pairs, cluster: c, byID: map[uint64]*contact.Contact{}}
		for _, x := range cs {
			if x == nil {
				continue
			}
			cr.byID[x.ID] = x
			cr.Contacts = append(cr.Contacts, brief(x))
		}
		rep.Clusters[i] = cr
	}
	if r.merge {
		rep.MergeScore = r.mergeScore
		rep.Merged = mergeClusters(env, s, rep.Clusters, r.mergeScore)
	}
	if r.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printDedupe(env.Stdout, &rep)
	if rep.Merged != nil && rep.Merged.Failed > 0 {
		return fmt.Errorf("%d merges failed (see above)", rep.Merged.Failed)
	}
	return nil
}

func brief(c *contact.Contact) contactBrief {
	return contactBrief{ID: c.ID, Name: c.FullName(), Emails: c.Emails, Phones: c.Values("phones"), City: c.Address.City, BirthDate: c.BirthDate}
}

// plannedMerge is one merge: the part of a cluster held together by scores
// of at least --merge-score.
type plannedMerge struct {
	cluster  *clusterReport
	merged   *contact.Contact
	others   []*contact.Contact
	survivor uint64
}

// mergeClusters merges every part of the clusters held together by scores
// of at least least (--merge-score), a few hundred merges a transaction; a transaction that
// fails is retried one merge at a time, so one contact changed meanwhile
// fails only its own merge.
func mergeClusters(env *Env, s *store.Store, clusters []clusterReport, least float64) *mergeTotals {
	tot := &mergeTotals{}
	var plan []plannedMerge
	for i := range clusters {
		cr := &clusters[i]
		parts := cr.cluster.Split(least)
		covered := 0
		for _, part := range parts {
			covered += len(part.IDs)
			var cs []*contact.Contact
			for _, id := range part.IDs {
				if c := cr.byID[id]; c != nil {
					cs = append(cs, c)
				}
			}
			if len(cs) < 2 {
				continue
			}
			survivor, pick := dedupe.DefaultPick(cs)
			merged, err := dedupe.Merge(cs, survivor, pick)
			if err != nil {
				cr.Merges = append(cr.Merges, mergeReport{Into: survivor, Error: err.Error()})
				tot.Failed++
				continue
			}
			pm := plannedMerge{cluster: cr, merged: merged, survivor: survivor}
			for _, c := range cs {
				if c.ID != survivor {
					pm.others = append(pm.others, c)
				}
			}
			plan = append(plan, pm)
		}
		if covered < len(cr.IDs) {
			tot.Review++
			cr.Left = fmt.Sprintf("held together by scores below %.2f: left for review", least)
		}
	}
	p := newProgress(env, "dedupe: merging", len(plan))
	record := func(pm plannedMerge, err error) {
		mr := mergeReport{Into: pm.survivor}
		for _, o := range pm.others {
			mr.Removed = append(mr.Removed, o.ID)
		}
		if err != nil {
			mr.Error = err.Error()
			tot.Failed++
		} else {
			tot.Clusters++
			tot.Removed += len(pm.others)
		}
		pm.cluster.Merges = append(pm.cluster.Merges, mr)
	}
	for start := 0; start < len(plan); start += mergeChunk {
		chunk := plan[start:min(start+mergeChunk, len(plan))]
		err := s.Update(func(tx *store.Tx) error {
			for _, pm := range chunk {
				if err := tx.Merge(pm.merged.Clone(), pm.others, "dedupe"); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			for _, pm := range chunk {
				record(pm, nil)
			}
		} else {
			for _, pm := range chunk {
				record(pm, s.Merge(pm.merged.Clone(), pm.others, "dedupe"))
			}
		}
		p.update(start + len(chunk))
	}
	if len(plan) > 0 {
		p.done(len(plan))
	}
	return tot
}

func printDedupe(w io.Writer, rep *dedupeReport) {
	keys := make([]string, len(rep.Keys))
	for i, k := range rep.Keys {
		keys[i] = string(k)
	}
	in := 0
	for _, c := range rep.Clusters {
		in += len(c.IDs)
	}
	fmt.Fprintf(w, "%s duplicate %s (%s) among %s (keys: %s; score ≥ %.2f)\n",
		groupDigits(len(rep.Clusters)), plural(len(rep.Clusters), "cluster", "clusters"), contactsN(in),
		contactsN(rep.Contacts), strings.Join(keys, ", "), rep.MinScore)
	for i, c := range rep.Clusters {
		fmt.Fprintf(w, "\n%d. score %.2f, %s\n", i+1, c.Score, contactsN(len(c.IDs)))
		var rows [][]string
		for _, b := range c.Contacts {
			rows = append(rows, []string{fmt.Sprintf("#%d", b.ID), b.Name, first(b.Emails), first(b.Phones), b.City, b.BirthDate})
		}
		for _, line := range alignRows(rows) {
			fmt.Fprintf(w, "   %s\n", line)
		}
		for _, p := range c.Pairs {
			fmt.Fprintf(w, "   #%d ~ #%d  %.2f  %s\n", p.A, p.B, p.Score, p.Reason)
		}
		for _, m := range c.Merges {
			switch {
			case m.Error != "":
				fmt.Fprintf(w, "   not merged: %s\n", m.Error)
			default:
				fmt.Fprintf(w, "   merged into #%d (removed %s)\n", m.Into, idWords(m.Removed, 10))
			}
		}
		if c.Left != "" {
			fmt.Fprintf(w, "   %s\n", c.Left)
		}
	}
	if t := rep.Merged; t != nil {
		fmt.Fprintf(w, "\nmerged %s: %s merged into others and removed", plural(t.Clusters, "1 cluster", groupDigits(t.Clusters)+" clusters"), contactsN(t.Removed))
		if t.Review > 0 {
			fmt.Fprintf(w, "; %s below --merge-score %.2f left for review", plural(t.Review, "1 cluster", groupDigits(t.Review)+" clusters"), rep.MergeScore)
		}
		if t.Failed > 0 {
			fmt.Fprintf(w, "; %d failed", t.Failed)
		}
		fmt.Fprintln(w)
	}
}

// alignRows pads cells to their column's width as a terminal shows it.
func alignRows(rows [][]string) []string {
	if len(rows) == 0 {
		return nil
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	out := make([]string, len(rows))
	for j, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
		}
		out[j] = strings.TrimRight(b.String(), " ")
	}
	return out
}

func first(list []string) string {
	if len(list) == 0 {
		return "—"
	}
	if len(list) > 1 {
		return list[0] + " +" + fmt.Sprint(len(list)-1)
	}
	return list[0]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

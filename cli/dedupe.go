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
	var merge, asJSON, yes, dryRun bool
	var undo uint64
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
interface are never proposed.

--merge first prints the clusters and what it would merge, then asks on
the terminal; a script says --yes (without a terminal and without --yes it
is an error, exit 2, and nothing is merged). --merge --dry-run prints what
it would merge and changes nothing.

--undo ID undoes the last merge into contact ID (the contact a merge
kept): every contact of the merge comes back as it was, under its own ID,
with its own history. A contact changed since the merge is refused, named.`,
		Example: `  rolo dedupe
  rolo dedupe --key email --key phone --json > dupes.json
  rolo dedupe --key name --where 'country = PL'
  rolo dedupe --merge --dry-run
  rolo dedupe --merge --yes
  rolo dedupe --undo 1234`,
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
			if cmd.Flags().Changed("undo") {
				if merge || dryRun || len(ks) > 0 || where != "" {
					return usagef("--undo takes no other option")
				}
				return runUnmerge(env, g, undo)
			}
			if (yes || dryRun) && !merge {
				return usagef("--yes and --dry-run go with --merge")
			}
			writes := merge && !dryRun
			if writes && g.readOnly {
				return usagef("--merge writes to the store; drop --read-only (or add --dry-run)")
			}
			if writes && !yes && !env.IsTerminal(env.Stdin) {
				return usagef("--merge needs --yes to confirm (there is no terminal to ask on); --dry-run shows what it would merge")
			}
			s, err := g.open(env, !writes)
			if err != nil {
				return err
			}
			defer s.Close()
			return runDedupe(env, s, dedupeRun{keys: ks, minScore: minScore, mergeScore: mergeScore, merge: merge, json: asJSON, where: where,
				yes: yes, dryRun: dryRun})
		},
	}
	cmd.Flags().StringArrayVar(&keys, "key", nil, "email, phone, tax_id or name (repeatable or comma-separated; default all)")
	cmd.Flags().BoolVar(&merge, "merge", false, "merge the clusters scored at least --merge-score")
	cmd.Flags().BoolVar(&yes, "yes", false, "with --merge, merge without asking")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "with --merge, print what would be merged and change nothing")
	cmd.Flags().Uint64Var(&undo, "undo", 0, "undo the last merge into contact `ID`")
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
	yes, dryRun          bool
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
	DryRun     bool            `json:"dry_run,omitempty"` // merged says what would have been merged
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
	ctx, stop := stopContext(env, context.Background())
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
		opt, err := filterOptions(env, s, "")
		if err != nil {
			return err
		}
		if m, err = fl.Compile(opt); err != nil {
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
	shown := false // the clusters were printed before the question
	if r.merge {
		rep.MergeScore = r.mergeScore
		plan, tot := planMerges(rep.Clusters, r.mergeScore)
		rep.Merged = tot
		switch {
		case r.dryRun:
			rep.DryRun = true
			for _, pm := range plan {
				pm.record(tot, nil)
			}
		case len(plan) == 0:
		default:
			if !r.yes {
				// The clusters first, then the question: the user sees what
				// a yes merges.
				if !r.json {
					printDedupe(env.Stdout, &dedupeReport{Contacts: rep.Contacts, Keys: rep.Keys, MinScore: rep.MinScore, Clusters: rep.Clusters})
					shown = true
				}
				removed := 0
				for _, pm := range plan {
					removed += len(pm.others)
				}
				q := fmt.Sprintf("Merge %s (%s merged into others and removed; each merge can be undone with rolo dedupe --undo ID)?",
					plural(len(plan), "1 cluster", groupDigits(len(plan))+" clusters"), contactsN(removed))
				if err := confirm(env, false, "merging", q); err != nil {
					return err
				}
			}
			applyMerges(env, s, plan, tot)
		}
	}
	if r.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	if shown {
		printMerges(env.Stdout, &rep)
	} else {
		printDedupe(env.Stdout, &rep)
	}
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

// planMerges works out the merges of every part of the clusters held
// together by scores of at least least (--merge-score); parts below are
// left for review.
func planMerges(clusters []clusterReport, least float64) ([]plannedMerge, *mergeTotals) {
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
	return plan, tot
}

// record notes how a merge went (err nil: done, or would be in a dry run).
func (pm plannedMerge) record(tot *mergeTotals, err error) {
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

// applyMerges writes the merges, a few hundred a transaction; a
// transaction that fails is retried one merge at a time, so one contact
// changed meanwhile fails only its own merge.
func applyMerges(env *Env, s *store.Store, plan []plannedMerge, tot *mergeTotals) {
	p := newProgress(env, "dedupe: merging", len(plan))
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
				pm.record(tot, nil)
			}
		} else {
			for _, pm := range chunk {
				pm.record(tot, s.Merge(pm.merged.Clone(), pm.others, "dedupe"))
			}
		}
		p.update(start + len(chunk))
	}
	if len(plan) > 0 {
		p.done(len(plan))
	}
}

// runUnmerge undoes the last merge into contact id.
func runUnmerge(env *Env, g *globals, id uint64) error {
	if g.readOnly {
		return usagef("--undo writes to the store; drop --read-only")
	}
	s, err := g.open(env, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ids, err := s.Unmerge(id, "dedupe")
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "undid the merge into #%d: %s back as before the merge\n", id, idWords(ids, 20))
	return nil
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
		printClusterMerges(w, rep, c)
		if c.Left != "" {
			fmt.Fprintf(w, "   %s\n", c.Left)
		}
	}
	printTotals(w, rep)
}

// printMerges writes what the merges did, after the clusters were shown.
func printMerges(w io.Writer, rep *dedupeReport) {
	fmt.Fprintln(w)
	for i, c := range rep.Clusters {
		if len(c.Merges) > 0 {
			fmt.Fprintf(w, "%d.", i+1)
			printClusterMerges(w, rep, c)
		}
	}
	printTotals(w, rep)
}

func printClusterMerges(w io.Writer, rep *dedupeReport, c clusterReport) {
	for _, m := range c.Merges {
		switch {
		case m.Error != "":
			fmt.Fprintf(w, "   not merged: %s\n", m.Error)
		case rep.DryRun:
			fmt.Fprintf(w, "   would merge into #%d (removing %s)\n", m.Into, idWords(m.Removed, 10))
		default:
			fmt.Fprintf(w, "   merged into #%d (removed %s; undo: rolo dedupe --undo %d)\n", m.Into, idWords(m.Removed, 10), m.Into)
		}
	}
}

func printTotals(w io.Writer, rep *dedupeReport) {
	if t := rep.Merged; t != nil {
		verb, what := "merged", "merged into others and removed"
		if rep.DryRun {
			verb, what = "dry run: would merge", "to merge into others and remove; nothing was changed"
		}
		fmt.Fprintf(w, "\n%s %s: %s %s", verb, plural(t.Clusters, "1 cluster", groupDigits(t.Clusters)+" clusters"), contactsN(t.Removed), what)
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

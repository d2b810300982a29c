package cli

// What rolo import prints: the summary at the end and the progress line.

import (
	"fmt"
	"io"
	"strings"
	"time"

	"rolo/contact"
	"rolo/importer"
)

// printSummary writes what the import did on stdout.
func printSummary(env *Env, rep *importer.Report, src *importer.Source) {
	w := env.Stdout
	t := src.Tables[0]
	how := string(rep.Format)
	if t.Encoding != "" {
		how += ", " + t.Encoding
	}
	if t.Delimiter != 0 && t.Format == importer.FormatCSV {
		how += fmt.Sprintf(", delimiter %q", importer.DelimiterName(t.Delimiter))
	}
	if t.Sheet != "" {
		how += fmt.Sprintf(", sheet %q", t.Sheet)
	}
	if t.Format != importer.FormatVCard && t.Format != importer.FormatJSONL {
		switch {
		case t.Header && t.HeaderLine > 1:
			how += fmt.Sprintf(", with a header on line %d", t.HeaderLine)
		case t.Header:
			how += ", with a header"
		default:
			how += ", no header"
		}
	}
	switch {
	case rep.DryRun:
		fmt.Fprintf(w, "dry run of %s (%s): nothing was written\n", rep.File, how)
	default:
		fmt.Fprintf(w, "import job %d: %s (%s)\n", rep.Job, rep.File, how)
	}
	if rep.ResumedAfter > 0 {
		fmt.Fprintf(w, "  resumed after row %s\n", groupDigits(rep.ResumedAfter))
	}
	for _, l := range []struct {
		label string
		n     int
	}{
		{"rows", rep.Rows}, {"created", rep.Created}, {"updated", rep.Updated}, {"unchanged", rep.Unchanged},
		{"merged", rep.Merged}, {"rejected", len(rep.Rejected)}, {"suppressed", len(rep.Suppressed)}, {"warnings", len(rep.Warnings)},
	} {
		if l.n == 0 && (l.label == "merged" || l.label == "suppressed") {
			continue
		}
		fmt.Fprintf(w, "  %-11s %s\n", l.label+":", groupDigits(l.n))
	}
	if rep.IdentityConflicts > 0 {
		fmt.Fprintf(w, "  identity conflicts: %s (a contact's e-mail, CRM ID or tax ID with another name: updated, see the warnings)\n",
			groupDigits(rep.IdentityConflicts))
	}
	for _, l := range []struct {
		label string
		list  []string
	}{{"new consents", rep.NewConsents}, {"new groups", rep.NewGroups}, {"new custom fields", rep.NewFields}} {
		if len(l.list) > 0 {
			fmt.Fprintf(w, "  %s: %s\n", l.label, strings.Join(l.list, ", "))
		}
	}
	for _, sk := range rep.Skipped {
		fmt.Fprintf(w, "  skipped %s\n", sk)
	}
	for _, g := range rep.HeldGuesses {
		fmt.Fprintf(w, "  unsure guess not applied: %q looks like %s (%s); kept as a custom field; %s applies it\n",
			g.Column, g.Guess, strings.TrimSuffix(g.Reason, importer.HeldReason), g.Map)
	}
	if n := len(rep.Rejected); n > 0 {
		fmt.Fprintf(w, "  first rejected: row %d (line %d): %s\n", rep.Rejected[0].Row, rep.Rejected[0].Line, rep.Rejected[0].Reason)
	}
	// The warnings are told, not only counted: the first few in full,
	// then where the rest are.
	const shown = 3
	for _, wn := range rep.Warnings[:min(len(rep.Warnings), shown)] {
		at := fmt.Sprintf("row %d", wn.Row)
		if wn.Line > 0 {
			at += fmt.Sprintf(" (line %d)", wn.Line)
		}
		if wn.File != "" {
			at = wn.File + " " + at
		}
		if wn.Field != "" {
			at += ", " + wn.Field
		}
		fmt.Fprintf(w, "  warning: %s: %s\n", at, wn.Message)
	}
	if n := len(rep.Warnings) - shown; n > 0 {
		fmt.Fprintf(w, "  … and %s more %s (--report FILE lists every one)\n", groupDigits(n), map[bool]string{true: "warning", false: "warnings"}[n == 1])
	}
	if rep.Status == contact.JobDone && !rep.DryRun {
		fmt.Fprintf(w, "  undo with: rolo import --undo %d\n", rep.Job)
	}
}

// importProgress draws the run's progress on stderr: a bar redrawn in
// place on a terminal, a plain line every few seconds otherwise.
type importProgress struct {
	w     io.Writer
	tty   bool
	name  string
	last  time.Time
	now   func() time.Time
	every time.Duration
}

func newImportProgress(env *Env, name string) *importProgress {
	p := &importProgress{w: env.Stderr, tty: env.IsTerminal(env.Stderr), name: name, now: time.Now, every: 5 * time.Second}
	if p.tty {
		p.every = 100 * time.Millisecond
	}
	return p
}

func (p *importProgress) show(ev importer.Progress) {
	now := p.now()
	if !ev.Final && ev.Phase != importer.PhaseFinishing && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	var b strings.Builder
	if p.tty {
		b.WriteString("\r\x1b[K")
	}
	fmt.Fprintf(&b, "import %s: ", p.name)
	if ev.Total > 0 && !ev.Final {
		frac := min(float64(ev.Bytes)/float64(ev.Total), 1)
		if p.tty {
			const width = 20
			full := int(frac * width)
			b.WriteString("[" + strings.Repeat("█", full) + strings.Repeat("░", width-full) + "] ")
		}
		fmt.Fprintf(&b, "%.0f%%, ", frac*100)
	}
	c := ev.Counts
	fmt.Fprintf(&b, "%s rows (%s created, %s updated, %s unchanged, %s rejected)", groupDigits(ev.Written),
		groupDigits(c.Created), groupDigits(c.Updated+c.Merged), groupDigits(c.Unchanged), groupDigits(c.Rejected+c.Suppressed))
	if ev.Rate > 0 {
		fmt.Fprintf(&b, ", %s rows/s", groupDigits(int(ev.Rate)))
	}
	switch {
	case ev.Final && ev.Status != contact.JobDone:
		fmt.Fprintf(&b, ", %s after %s", ev.Status, ev.Elapsed.Round(10*time.Millisecond))
	case ev.Final:
		fmt.Fprintf(&b, ", done in %s", ev.Elapsed.Round(10*time.Millisecond))
	case ev.Phase == importer.PhaseFinishing:
		b.WriteString(", finishing…")
	case ev.ETA > 0:
		fmt.Fprintf(&b, ", %s left", ev.ETA.Round(time.Second))
	}
	if !p.tty || ev.Final {
		b.WriteByte('\n')
	}
	io.WriteString(p.w, b.String())
}

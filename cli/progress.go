package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"rolo/contact"
)

// progress reports long work on stderr: a redrawn bar on a terminal, a
// plain line every few seconds otherwise (logs and CI stay readable).
type progress struct {
	w        io.Writer
	tty      bool
	label    string
	total    int // 0 when unknown
	start    time.Time
	last     time.Time
	now      func() time.Time
	every    time.Duration
	finished bool
}

func newProgress(env *Env, label string, total int) *progress {
	now := env.Now()
	return &progress{
		w: env.Stderr, tty: env.IsTerminal(env.Stderr), label: label, total: total,
		start: now, last: now, now: env.Now, every: 5 * time.Second,
	}
}

// update reports done units; it draws at most ten times a second on a
// terminal and every few seconds elsewhere.
func (p *progress) update(done int) {
	now := p.now()
	limit := p.every
	if p.tty {
		limit = 100 * time.Millisecond
	}
	if now.Sub(p.last) < limit {
		return
	}
	p.last = now
	p.draw(done, now)
}

func (p *progress) draw(done int, now time.Time) {
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done) / elapsed
	}
	var b strings.Builder
	if p.tty {
		b.WriteString("\r\x1b[K")
	}
	fmt.Fprintf(&b, "%s: %s", p.label, groupDigits(done))
	if p.total > 0 {
		frac := min(float64(done)/float64(p.total), 1)
		if p.tty {
			const width = 24
			full := int(frac * width)
			b.WriteString(" [" + strings.Repeat("█", full) + strings.Repeat("░", width-full) + "]")
		}
		fmt.Fprintf(&b, " of %s (%.0f%%)", groupDigits(p.total), frac*100)
		if rate > 0 && done < p.total {
			eta := time.Duration(float64(p.total-done) / rate * float64(time.Second))
			fmt.Fprintf(&b, ", %s left", eta.Round(time.Second))
		}
	}
	if rate > 0 {
		fmt.Fprintf(&b, ", %s/s", groupDigits(int(rate)))
	}
	if !p.tty {
		b.WriteByte('\n')
	}
	io.WriteString(p.w, b.String())
}

// done draws the final state and ends the line.
func (p *progress) done(done int) {
	if p.finished {
		return
	}
	p.finished = true
	p.draw(done, p.now())
	if p.tty {
		io.WriteString(p.w, "\n")
	}
}

// groupDigits writes 1234567 as "1 234 567" (contact.FormatCount).
func groupDigits(n int) string { return contact.FormatCount(n) }

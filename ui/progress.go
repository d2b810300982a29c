package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
)

// progressScreen shows a long job: a bar, counts, speed and time left. It
// can be hidden (the job goes on, its progress stays in the header) or the
// job cancelled.
type progressScreen struct {
	sh    *shared
	keys  progressKeys
	job   int
	label string
	ev    jobMsg
	bar   progress.Model
}

type progressKeys struct {
	Hide, Cancel key.Binding
}

func (k progressKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Hide, k.Cancel} }
func (k progressKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Hide, k.Cancel}} }

func newProgressScreen(sh *shared, job int, label string) *progressScreen {
	p := &progressScreen{sh: sh, job: job, label: label, ev: jobMsg{Started: sh.now()}}
	p.keys = progressKeys{
		Hide:   key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "hide (keep it running)")),
		Cancel: key.NewBinding(key.WithKeys("x", "ctrl+x"), key.WithHelp("x", "cancel the job")),
	}
	opts := []progress.Option{progress.WithoutPercentage(), progress.WithFillCharacters('█', '░')}
	if !sh.noColor {
		opts = append(opts, progress.WithColors(sh.styles.BarFull))
	}
	p.bar = progress.New(opts...)
	return p
}

// Update follows the job's events and the two keys.
func (p *progressScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case jobMsg:
		if msg.ID == p.job {
			p.ev = msg
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Cancel):
			p.sh.jobs.cancel(p.job)
			return p, status(p.label + ": cancelling…")
		case key.Matches(msg, p.keys.Hide):
			return p, tea.Batch(p.sh.ask(closeScreenMsg{}), status(p.label+" goes on in the background (see the header)"))
		}
	}
	return p, nil
}

// View draws the bar and the figures.
func (p *progressScreen) View() string {
	w := min(70, p.sh.width-4)
	p.bar.SetWidth(w - 4)
	ev := p.ev
	frac := 0.0
	if ev.Total > 0 {
		frac = min(float64(ev.Done)/float64(ev.Total), 1)
	}
	var b strings.Builder
	b.WriteString(p.bar.ViewAs(frac))
	b.WriteByte('\n')
	line := groupDigits(ev.Done)
	if ev.Total > 0 {
		line += fmt.Sprintf(" of %s (%.0f%%)", groupDigits(ev.Total), frac*100)
	}
	el := p.sh.now().Sub(ev.Started)
	if el > time.Second && ev.Done > 0 {
		rate := float64(ev.Done) / el.Seconds()
		line += fmt.Sprintf(" · %s/s", groupDigits(int(rate)))
		if ev.Total > ev.Done {
			left := time.Duration(float64(ev.Total-ev.Done) / rate * float64(time.Second))
			line += " · " + left.Round(time.Second).String() + " left"
		}
	}
	b.WriteString(line)
	b.WriteString("\n\n")
	b.WriteString(p.sh.styles.Muted.Render("esc hides this and keeps the job running · x cancels it"))
	return dialog(p.sh, p.label, b.String(), w)
}

func (p *progressScreen) Keys() help.KeyMap { return p.keys }
func (p *progressScreen) Typing() bool      { return false }
func (p *progressScreen) Title() string     { return p.label }

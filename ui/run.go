package ui

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rolo/fileview"
	"rolo/filter"
	"rolo/store"
)

// Deps is what the interface needs from main: the open store and the
// outside world.
type Deps struct {
	Store *store.Store
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Country is the default country for phones typed in national form
	// when the command that started the interface was given one
	// (--country); otherwise the store's setting applies, else the
	// locale's country (read with Getenv), else none, so such numbers
	// need a + or the contact's country.
	Country string
	// Getenv reads the environment (the locale); nil reads none.
	Getenv func(string) string
	// NoColor draws without colour (main sets it when NO_COLOR is set; the
	// program then also strips colour from whatever it draws).
	NoColor bool
	// ImportFile is the file of `rolo import FILE` on a terminal: the
	// import wizard opens on it.
	ImportFile string
	// Open is the file of `rolo open FILE`: Store is then nil; the
	// interface reads the file into memory and shows it read-only, with
	// the audit panel (open.go).
	Open *fileview.Options
	// OpenCommand makes the command the "open a file" action runs for a
	// path (default: this program, `open PATH`); tests replace it.
	OpenCommand func(path string) *exec.Cmd
	// Context, when it ends, ends the interface (on a hang-up).
	Context context.Context
}

func (d Deps) withDefaults() Deps {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Getenv == nil {
		d.Getenv = func(string) string { return "" }
	}
	return d
}

// Run shows the interface on the terminal until the user quits. Background
// jobs are cancelled and waited for before it returns, so the caller may
// close the store at once.
func Run(d Deps) error {
	if d.Store == nil && d.Open == nil {
		return errors.New("the interface needs a store or a file")
	}
	m := New(d)
	m.follow = d.Open == nil // a store others may write; not a file opened read-only
	var opts []tea.ProgramOption
	if d.Context != nil {
		opts = append(opts, tea.WithContext(d.Context))
	}
	final, err := tea.NewProgram(m, opts...).Run()
	m.Shutdown()
	if fm, ok := final.(*Model); ok && fm != nil {
		fm.Shutdown()
		fm.saveOrderOnExit()
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("running the interface: %w", err)
	}
	return nil
}

// saveOrderOnExit saves the name order of a store changed in this session,
// so the next start shows its first page at once.
func (m *Model) saveOrderOnExit() {
	if m.ix == nil || !m.orderDirty || m.sh.readOnly {
		return
	}
	_ = filter.SaveOrder(m.sh.st, m.ix, defaultSort) // only a head start is lost
}

// lipglossWidth measures styled text in cells.
func lipglossWidth(s string) int { return lipgloss.Width(s) }

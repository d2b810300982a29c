package ui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// palette is the small set of semantic colours every style is built from, so
// a screen asks for "muted" or "danger" and never for a hex value.
type palette struct {
	fg, muted, faint, accent, accentFg, cursorBg, selected, ok, warn, danger, border color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return palette{
		fg:       ld(c("#1f2328"), c("#e6e6e6")),
		muted:    ld(c("#59636e"), c("#9a9a9a")),
		faint:    ld(c("#8c959f"), c("#6a6a6a")),
		accent:   ld(c("#0969da"), c("#6cb6ff")),
		accentFg: ld(c("#ffffff"), c("#0d1117")),
		cursorBg: ld(c("#ddf4ff"), c("#1f3a5f")),
		selected: ld(c("#9a6700"), c("#e3b341")),
		ok:       ld(c("#1a7f37"), c("#57ab5a")),
		warn:     ld(c("#9a6700"), c("#daaa3f")),
		danger:   ld(c("#cf222e"), c("#f47067")),
		border:   ld(c("#d0d7de"), c("#444c56")),
	}
}

// Styles holds every style the screens use. It is rebuilt from the palette
// when the terminal reports its background colour. With NO_COLOR set no
// colour is used at all: the cursor row is reversed and emphasis is bold, so
// every state stays visible on a monochrome terminal.
type Styles struct {
	noColor bool

	App        lipgloss.Style // the header line
	Badge      lipgloss.Style // "read-only", "indexing…"
	Title      lipgloss.Style
	Muted      lipgloss.Style
	Faint      lipgloss.Style
	Accent     lipgloss.Style
	OK         lipgloss.Style
	Warn       lipgloss.Style
	Danger     lipgloss.Style
	ColHeader  lipgloss.Style // table column titles
	ColFocused lipgloss.Style // the focused column's title
	Row        lipgloss.Style
	CursorRow  lipgloss.Style // the row under the cursor
	CursorCell lipgloss.Style // the focused cell within it
	SelMark    lipgloss.Style // the mark of a selected row
	Label      lipgloss.Style // field labels on the card and forms
	Section    lipgloss.Style // section titles on the card
	Dialog     lipgloss.Style // the frame of a dialog
	Input      lipgloss.Style
	Error      lipgloss.Style // inline validation errors
	StatusInfo lipgloss.Style
	StatusErr  lipgloss.Style
	Help       help.Styles
	BarFull    color.Color
	BarEmpty   color.Color

	// The grid's styles as the escape sequences around a one-line text:
	// lipgloss's Render measures every line it styles, which costs more
	// than the rest of a frame; the rows' styles are fixed, so they are
	// rendered once here.
	row, cursorRow, cursorCell, selMark, colHeader, colFocused wrap
}

// wrap is a style as the text written before and after a one-line string.
type wrap struct{ pre, post string }

const wrapMark = "\uE000"

func wrapOf(s lipgloss.Style) wrap {
	r := s.Render(wrapMark)
	i := strings.Index(r, wrapMark)
	if i < 0 {
		return wrap{}
	}
	return wrap{pre: r[:i], post: r[i+len(wrapMark):]}
}

// write writes text styled.
func (w wrap) write(b *strings.Builder, text string) {
	b.WriteString(w.pre)
	b.WriteString(text)
	b.WriteString(w.post)
}

// withWraps fills in the wraps of s's grid styles.
func (s Styles) withWraps() Styles {
	s.row, s.cursorRow, s.cursorCell = wrapOf(s.Row), wrapOf(s.CursorRow), wrapOf(s.CursorCell)
	s.selMark, s.colHeader, s.colFocused = wrapOf(s.SelMark), wrapOf(s.ColHeader), wrapOf(s.ColFocused)
	return s
}

func newStyles(isDark, noColor bool) Styles {
	return baseStyles(isDark, noColor).withWraps()
}

func baseStyles(isDark, noColor bool) Styles {
	n := lipgloss.NewStyle
	if noColor {
		bold := n().Bold(true)
		return Styles{
			noColor: true,
			App:     bold, Badge: n().Reverse(true), Title: bold, Muted: n(), Faint: n().Faint(true),
			Accent: bold, OK: n(), Warn: bold, Danger: bold,
			ColHeader: n().Underline(true), ColFocused: n().Underline(true).Bold(true),
			Row: n(), CursorRow: n().Reverse(true), CursorCell: n().Reverse(true).Bold(true).Underline(true),
			SelMark: bold, Label: n(), Section: bold.Underline(true),
			Dialog: n().Border(lipgloss.NormalBorder()).Padding(0, 1),
			Input:  n(), Error: bold, StatusInfo: n(), StatusErr: n().Reverse(true),
			Help: help.Styles{
				ShortKey: bold, ShortDesc: n(), ShortSeparator: n(), Ellipsis: n(),
				FullKey: bold, FullDesc: n(), FullSeparator: n(),
			},
		}
	}
	p := newPalette(isDark)
	return Styles{
		App:        n().Bold(true).Foreground(p.accent),
		Badge:      n().Foreground(p.accentFg).Background(p.warn).Padding(0, 1),
		Title:      n().Bold(true).Foreground(p.fg),
		Muted:      n().Foreground(p.muted),
		Faint:      n().Foreground(p.faint),
		Accent:     n().Foreground(p.accent),
		OK:         n().Foreground(p.ok),
		Warn:       n().Foreground(p.warn),
		Danger:     n().Foreground(p.danger),
		ColHeader:  n().Bold(true).Foreground(p.muted),
		ColFocused: n().Bold(true).Underline(true).Foreground(p.accent),
		Row:        n().Foreground(p.fg),
		CursorRow:  n().Foreground(p.fg).Background(p.cursorBg),
		CursorCell: n().Foreground(p.accentFg).Background(p.accent).Bold(true),
		SelMark:    n().Bold(true).Foreground(p.selected),
		Label:      n().Foreground(p.muted),
		Section:    n().Bold(true).Foreground(p.accent),
		Dialog:     n().Border(lipgloss.RoundedBorder()).BorderForeground(p.border).Padding(0, 1),
		Input:      n().Foreground(p.fg),
		Error:      n().Foreground(p.danger),
		StatusInfo: n().Foreground(p.ok),
		StatusErr:  n().Foreground(p.danger).Bold(true),
		Help:       help.DefaultStyles(isDark),
		BarFull:    p.accent,
		BarEmpty:   p.border,
	}
}

// inputView draws a text input. An empty input shows its whole placeholder,
// dimmed: the bubbles input without a width shows only the placeholder's
// first letter, which looks as if it had been typed ("group: t").
func inputView(in textinput.Model) string {
	if in.Value() == "" && in.Placeholder != "" && in.Width() < lipgloss.Width(in.Placeholder) {
		in.SetWidth(lipgloss.Width(in.Placeholder))
	}
	return in.View()
}

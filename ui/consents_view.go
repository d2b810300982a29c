package ui

import (
	"fmt"
	"strings"

	"rolo/store"
)

// View draws the list, or the dialog of the mode on screen.
func (s *consentsScreen) View() string {
	switch s.mode {
	case csForm:
		return s.formView()
	case csRemove, csInUse, csForce:
		return s.confirmView()
	}
	return s.listView()
}

const (
	csNameW    = 16
	csChannelW = 8
	csCountW   = 9
	csAutoW    = 4
)

func (s *consentsScreen) listView() string {
	st := &s.sh.styles
	w, h := s.sh.width, s.sh.bodyH
	if w <= 0 || h <= 0 {
		return ""
	}
	var lines []string
	switch {
	case !s.loaded:
		return padLines(st.Muted.Render("loading the consent definitions…"), w, h)
	case s.err != nil:
		return padLines(st.Error.Render("Cannot read the consent definitions: "+s.err.Error()), w, h)
	case len(s.defs) == 0:
		text := st.Title.Render("No consents are defined yet.") + "\n\n" +
			"An import creates a consent on first use (a column such as \"SMS consent\");\n" +
			"the card and bulk actions give or withdraw them."
		if !s.sh.readOnly {
			text += "\n\n" + st.Accent.Render("a") + "  define one: name, channel, description"
		}
		return padLines(text, w, h)
	}
	info := fmt.Sprintf("%s consent definitions", groupDigits(len(s.defs)))
	if len(s.defs) == 1 {
		info = "1 consent definition"
	}
	lines = append(lines, fitLine(st.Muted.Render(info+" · enter shows who granted one"), w))
	var hb strings.Builder
	hb.WriteString("  ")
	s.cells(&hb, "NAME", "CHANNEL", [3]string{"GRANTED", "REFUSED", "WITHDRAWN"}, "AUTO", "DESCRIPTION", w)
	lines = append(lines, st.ColHeader.Render(fitLine(hb.String(), w)))
	rows := s.rows()
	for i := s.top; i < len(s.defs) && i < s.top+rows; i++ {
		d := s.defs[i]
		counts := [3]string{"…", "…", "…"}
		if s.usage != nil {
			u := s.usage[d.Name]
			counts = [3]string{groupDigits(u.Granted), groupDigits(u.Refused), groupDigits(u.Withdrawn)}
		}
		auto := ""
		if d.Auto {
			auto = "auto"
		}
		var b strings.Builder
		mark := "  "
		if i == s.cursor {
			mark = "> "
		}
		b.WriteString(mark)
		s.cells(&b, d.Name, d.Channel, counts, auto, d.Description, w)
		line := fitLine(b.String(), w)
		switch {
		case i == s.cursor:
			line = st.CursorRow.Render(line)
		case d.Auto:
			line = st.Warn.Render(line)
		default:
			line = st.Row.Render(line)
		}
		lines = append(lines, line)
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	legend := "auto: created on first use (an import, an edit): check the name for a typo"
	if s.usage == nil {
		legend = "counting who holds each consent…"
	}
	lines = append(lines[:h-1], fitLine(st.Faint.Render(legend), w))
	return padLines(strings.Join(lines, "\n"), w, h)
}

// cells writes one row's columns: granted, refused and withdrawn counted
// apart; the description takes what is left.
func (s *consentsScreen) cells(b *strings.Builder, name, channel string, counts [3]string, auto, desc string, w int) {
	cell(b, name, csNameW, false)
	b.WriteByte(' ')
	cell(b, channel, csChannelW, false)
	for _, n := range counts {
		b.WriteByte(' ')
		cell(b, n, csCountW, true)
	}
	b.WriteString("  ")
	cell(b, auto, csAutoW, false)
	b.WriteByte(' ')
	rest := w - 2 - csNameW - 1 - csChannelW - 3*(csCountW+1) - 2 - csAutoW - 1
	if rest > 0 {
		cell(b, desc, rest, false)
	}
}

func (s *consentsScreen) formView() string {
	st := &s.sh.styles
	f := &s.form
	w := min(70, s.sh.width-2)
	inner := w - 4
	label := func(i int, text string) string {
		l := fmt.Sprintf("%-13s", text)
		if f.focus == i {
			return st.Accent.Render("> " + l)
		}
		return st.Label.Render("  " + l)
	}
	f.name.SetWidth(max(inner-17, 8))
	f.desc.SetWidth(max(inner-17, 8))
	var lines []string
	name := f.name.View()
	if f.editing {
		name = f.old.Name + st.Faint.Render("  (a name cannot change: filters and imports use it)")
	}
	lines = append(lines, label(0, "Name")+name)
	var ch []string
	for i, c := range store.Channels {
		if i == f.channel {
			ch = append(ch, st.Accent.Render("["+c+"]"))
		} else {
			ch = append(ch, st.Muted.Render(" "+c+" "))
		}
	}
	lines = append(lines, label(1, "Channel")+strings.Join(ch, ""))
	lines = append(lines, label(2, "Description")+f.desc.View())
	lines = append(lines, "", st.Muted.Render("tab next field · ←/→ pick the channel · enter saves · esc cancels"))
	if s.note != "" {
		lines = append(lines, "", st.Error.Render("✗ "+s.note))
	}
	title := "New consent"
	if f.editing {
		title = "Edit consent " + f.old.Name
	}
	return dialog(s.sh, title, strings.Join(lines, "\n"), w)
}

func (s *consentsScreen) confirmView() string {
	st := &s.sh.styles
	w := min(70, s.sh.width-2)
	wrap := func(t string) string { return wrapText(t, w-4) }
	name := s.removing.Name
	u := s.inUse
	var lines []string
	yn := st.Accent.Render("y") + " removes it · " + st.Accent.Render("n") + " or esc keeps it"
	switch s.mode {
	case csRemove:
		lines = append(lines, wrap(fmt.Sprintf("Remove the consent %s? No contact holds it.", name)), "", yn)
	case csInUse:
		lines = append(lines,
			st.Warn.Render(wrap(fmt.Sprintf("%s contacts have the consent %s recorded (%s granted, %s refused, %s withdrawn): it is not removed while they do.",
				groupDigits(u.Holders()), name, groupDigits(u.Granted), groupDigits(u.Refused), groupDigits(u.Withdrawn)))), "",
			wrap(fmt.Sprintf("f removes it from those %s contacts too (each gets a history entry), then deletes the definition.", groupDigits(u.Holders()))), "",
			st.Accent.Render("f")+" goes on · "+st.Accent.Render("esc")+" keeps it")
	case csForce:
		lines = append(lines,
			st.Danger.Render(wrap(fmt.Sprintf("Remove the consent %s from %s contacts and delete its definition?", name, groupDigits(u.Holders())))), "",
			wrap("Each contact's history keeps what it was; filters on consent:"+name+" then match nobody."), "", yn)
	}
	return dialog(s.sh, "Remove consent "+name, strings.Join(lines, "\n"), w)
}

package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

const (
	statusTTL    = 5 * time.Second
	statusErrTTL = 12 * time.Second
)

// statusLine is the line above the help bar: a message that disappears
// after a while (errors stay longer).
type statusLine struct {
	text string
	err  bool
	// last and lastErr are the last message, kept after it expires so !
	// can show it whole.
	last    string
	lastErr bool
	seq     int
	until   time.Time
}

type statusExpiredMsg struct{ seq int }

func (s *statusLine) set(msg statusMsg, now time.Time, after func(time.Duration, tea.Msg) tea.Cmd) tea.Cmd {
	s.seq++
	s.text, s.err = msg.Text, msg.Err
	s.last, s.lastErr = msg.Text, msg.Err
	ttl := statusTTL
	if msg.Err {
		ttl = statusErrTTL
	}
	s.until = now.Add(ttl)
	seq := s.seq
	return after(ttl, statusExpiredMsg{seq: seq})
}

func (s *statusLine) expire(msg statusExpiredMsg) {
	if msg.seq == s.seq {
		s.text = ""
	}
}

// statusMore ends a status message cut to the width.
const statusMore = "… ! shows it whole"

// fit is the status line at w cells: a message too long is cut and says
// which key shows it whole.
func (s *statusLine) fit(st *Styles, w int) string {
	v := s.view(st, time.Time{})
	if lipglossWidth(v) <= w || w <= len(statusMore)+10 {
		return fitLine(v, w)
	}
	return fitLine(v, w-lipglossWidth(statusMore)) + st.Muted.Render(statusMore)
}

func (s *statusLine) view(st *Styles, _ time.Time) string {
	switch {
	case s.text == "":
		return ""
	case s.err:
		return st.StatusErr.Render("✗ " + s.text)
	}
	return st.StatusInfo.Render(s.text)
}

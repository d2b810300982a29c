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
	text  string
	err   bool
	seq   int
	until time.Time
}

type statusExpiredMsg struct{ seq int }

func (s *statusLine) set(msg statusMsg, now time.Time, after func(time.Duration, tea.Msg) tea.Cmd) tea.Cmd {
	s.seq++
	s.text, s.err = msg.Text, msg.Err
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

func (s *statusLine) view(st *Styles, _ time.Time) string {
	switch {
	case s.text == "":
		return ""
	case s.err:
		return st.StatusErr.Render("✗ " + s.text)
	}
	return st.StatusInfo.Render(s.text)
}

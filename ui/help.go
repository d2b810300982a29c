package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpView is the help bar: the short form on one line (the screen's
// first keys and "? all keys"), or with ? every
// key. bubbles' full help puts every group of keys side by side and drops
// the groups that do not fit; here the groups that do not fit go on below,
// so at 80 columns too ? shows every key.
func helpView(h help.Model, km help.KeyMap, width int) string {
	if !h.ShowAll {
		// Keys that do not fit are left out whole, from the end, so the
		// last one (? all keys) is always there and no key is cut.
		var bs []key.Binding
		for _, b := range km.ShortHelp() {
			if b.Enabled() {
				bs = append(bs, b)
			}
		}
		h.SetWidth(0)
		for len(bs) > 1 && lipgloss.Width(h.ShortHelpView(bs)) > width {
			bs = append(bs[:len(bs)-2], bs[len(bs)-1])
		}
		return fitBlock(h.ShortHelpView(bs), width)
	}
	h.SetWidth(0) // measure whole groups; rows are cut below
	var groups [][]key.Binding
	for _, g := range km.FullHelp() {
		for _, b := range g {
			if b.Enabled() {
				groups = append(groups, g)
				break
			}
		}
	}
	var rows []string
	for i := 0; i < len(groups); {
		j := i + 1
		for j < len(groups) && lipgloss.Width(h.FullHelpView(groups[i:j+1])) <= width {
			j++
		}
		rows = append(rows, h.FullHelpView(groups[i:j]))
		i = j
	}
	return fitBlock(strings.Join(rows, "\n"), width)
}

package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpView is the help bar: the short form on one line, or with ? every
// key. bubbles' full help puts every group of keys side by side and drops
// the groups that do not fit; here the groups that do not fit go on below,
// so at 80 columns too ? shows every key.
func helpView(h help.Model, km help.KeyMap, width int) string {
	if !h.ShowAll {
		return fitBlock(h.ShortHelpView(km.ShortHelp()), width)
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

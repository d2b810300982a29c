package ui

import (
	"charm.land/lipgloss/v2"
)

// dialog frames content with a title and centres it in the body area.
// width is the frame's outer width.
func dialog(sh *shared, title, content string, width int) string {
	st := &sh.styles
	width = max(min(width, sh.width), 10)
	inner := width - 4 // border and padding
	body := st.Title.Render(title) + "\n" + fitBlock(content, inner)
	box := st.Dialog.Width(width).Render(body)
	return lipgloss.Place(sh.width, sh.bodyH, lipgloss.Center, lipgloss.Center, box)
}

// fitBlock cuts every line of s to w cells (a dialog never wraps a line
// into a broken layout).
func fitBlock(s string, w int) string {
	lines := splitLines(s)
	for i, l := range lines {
		lines[i] = fitLine(l, w)
	}
	return joinLines(lines)
}

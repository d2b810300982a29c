package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
)

// columnsDialog lists every field (canonical, custom:, consent:) with a
// checkbox; checked fields are the table's columns, in the order shown.
// The choice is saved in the store and restored next time.
type columnsDialog struct {
	sh     *shared
	keys   columnsKeys
	items  []colChoice
	cursor int
	top    int
	find   textinput.Model
	typing bool
	// visible are the table's columns when the dialog opened; the other
	// choices are read from the store after it is pushed (loaded).
	visible []string
	loaded  bool
}

type colChoice struct {
	field string
	label string
	on    bool
}

type columnsKeys struct {
	listKeys
	Toggle, MoveUp, MoveDown, Find, Apply, Cancel key.Binding
}

func defaultColumnsKeys() columnsKeys {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return columnsKeys{
		listKeys: defaultListKeys(),
		Toggle:   b("space", "show/hide", "space"),
		MoveUp:   b("K/shift+↑", "move up", "K", "shift+up"),
		MoveDown: b("J/shift+↓", "move down", "J", "shift+down"),
		Find:     b("/", "find field", "/"),
		Apply:    b("enter", "apply and save", "enter"),
		Cancel:   b("esc/q", "cancel", "esc", "q"),
	}
}

func (k columnsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Toggle, k.MoveUp, k.MoveDown, k.Find, k.Apply, k.Cancel}
}

func (k columnsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.help(), {k.Toggle, k.MoveUp, k.MoveDown, k.Find}, {k.Apply, k.Cancel}}
}

// newColumnsDialog opens at once on the table's columns; Init reads the
// fields the store defines, and keys typed meanwhile wait for them.
func newColumnsDialog(sh *shared, visible []string) *columnsDialog {
	d := &columnsDialog{sh: sh, keys: defaultColumnsKeys(), visible: append([]string(nil), visible...)}
	d.find = textinput.New()
	d.find.Prompt = "find: "
	d.find.SetStyles(inputStyles(sh))
	return d
}

// Init reads every field a column can show.
func (d *columnsDialog) Init() tea.Cmd { return loadFieldChoices(d.sh.source(), d.visible) }

func (d *columnsDialog) loading() bool { return !d.loaded }

// setChoices lists the visible fields first, in their order, then the rest.
func (d *columnsDialog) setChoices(all, visible []string) {
	d.loaded = true
	seen := map[string]bool{}
	for _, f := range visible {
		if !seen[f] {
			seen[f] = true
			d.items = append(d.items, colChoice{field: f, label: columnLabel(f), on: true})
		}
	}
	for _, f := range all {
		if !seen[f] {
			seen[f] = true
			d.items = append(d.items, colChoice{field: f, label: columnLabel(f)})
		}
	}
}

func columnLabel(field string) string {
	if f, ok := contact.LookupField(field); ok {
		return f.Label
	}
	return field
}

// shown lists the indexes of the items matching the find text.
func (d *columnsDialog) shown() []int {
	q := strings.ToLower(strings.TrimSpace(d.find.Value()))
	out := make([]int, 0, len(d.items))
	for i, it := range d.items {
		if q == "" || strings.Contains(strings.ToLower(it.label+" "+it.field), q) {
			out = append(out, i)
		}
	}
	return out
}

// Update handles the dialog's keys.
func (d *columnsDialog) Update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(columnChoicesMsg); ok && !d.loaded {
		if msg.Err != nil {
			return d, tea.Batch(d.sh.ask(closeScreenMsg{}), statusErr(fmt.Errorf("reading the field list: %w", msg.Err)))
		}
		d.setChoices(msg.All, msg.Visible)
		return d, nil
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if p, ok := msg.(tea.PasteMsg); ok && d.typing {
			d.find, _ = d.find.Update(p)
		}
		return d, nil
	}
	if d.typing {
		switch km.String() {
		case "enter", "esc":
			d.typing = false
			d.find.Blur()
			if km.String() == "esc" {
				d.find.SetValue("")
			}
			d.cursor = 0
		default:
			var cmd tea.Cmd
			d.find, cmd = d.find.Update(km)
			d.cursor = 0
			return d, cmd
		}
		return d, nil
	}
	shown := d.shown()
	k := d.keys
	if c, ok := k.move(km, d.cursor, len(shown), d.rows()); ok {
		d.cursor = c
		return d, nil
	}
	switch {
	case key.Matches(km, k.Toggle):
		if d.cursor < len(shown) {
			i := shown[d.cursor]
			if d.items[i].field == "full_name" {
				return d, status("the name column is always shown (it stays put when the table scrolls sideways)")
			}
			d.items[i].on = !d.items[i].on
		}
	case key.Matches(km, k.MoveUp), key.Matches(km, k.MoveDown):
		return d, d.move(shown, key.Matches(km, k.MoveDown))
	case key.Matches(km, k.Find):
		d.typing = true
		return d, d.find.Focus()
	case key.Matches(km, k.Apply):
		return d, tea.Batch(msgCmd(setColumnsMsg{Fields: d.chosen(), Save: true}), d.sh.ask(closeScreenMsg{}))
	case key.Matches(km, k.Cancel):
		return d, d.sh.ask(closeScreenMsg{})
	}
	return d, nil
}

// move swaps the item under the cursor with its neighbour.
func (d *columnsDialog) move(shown []int, down bool) tea.Cmd {
	if d.find.Value() != "" {
		return status("clear the find text (/ then esc) to reorder columns")
	}
	i := d.cursor
	j := i - 1
	if down {
		j = i + 1
	}
	if i >= len(d.items) || j < 0 || j >= len(d.items) || d.items[i].field == "full_name" || d.items[j].field == "full_name" {
		return nil
	}
	d.items[i], d.items[j] = d.items[j], d.items[i]
	d.cursor = j
	return nil
}

func (d *columnsDialog) chosen() []string {
	var out []string
	for _, it := range d.items {
		if it.on {
			out = append(out, it.field)
		}
	}
	return out
}

// rows is how many fields the frame lists at once.
func (d *columnsDialog) rows() int { return max(d.sh.bodyH-6, 3) }

// View draws the list in a frame.
func (d *columnsDialog) View() string {
	st := &d.sh.styles
	w := min(64, d.sh.width-4)
	rows := d.rows()
	shown := d.shown()
	if d.cursor < d.top {
		d.top = d.cursor
	}
	if d.cursor >= d.top+rows {
		d.top = d.cursor - rows + 1
	}
	d.top = max(0, min(d.top, len(shown)-rows))
	var b strings.Builder
	if !d.loaded {
		return dialog(d.sh, "Columns", st.Muted.Render("reading the field list…"), w)
	}
	n := len(d.chosen())
	b.WriteString(st.Muted.Render(fmt.Sprintf("%d of %d fields shown, in this order", n, len(d.items))))
	b.WriteByte('\n')
	if d.typing || d.find.Value() != "" {
		b.WriteString(inputView(d.find))
	}
	b.WriteByte('\n')
	for r := 0; r < rows; r++ {
		i := d.top + r
		if r > 0 {
			b.WriteByte('\n')
		}
		if i >= len(shown) {
			continue
		}
		it := d.items[shown[i]]
		box := "[ ]"
		if it.on {
			box = "[x]"
		}
		line := fmt.Sprintf("%s %s", box, it.label)
		if it.field != it.label && !strings.EqualFold(it.field, it.label) {
			line += st.Faint.Render("  " + it.field)
		}
		if it.field == "full_name" {
			line += st.Faint.Render("  (always shown, frozen)")
		}
		if i == d.cursor {
			b.WriteString(st.CursorRow.Render(fitLine("> "+line, w-4)))
		} else {
			b.WriteString(fitLine("  "+line, w-4))
		}
	}
	return dialog(d.sh, "Columns", b.String(), w)
}

func (d *columnsDialog) Keys() help.KeyMap { return d.keys }
func (d *columnsDialog) Typing() bool      { return d.typing }
func (d *columnsDialog) Title() string     { return "Columns" }

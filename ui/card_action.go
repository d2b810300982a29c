package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
)

// cardAction is a request answered from the card.
type cardAction int

const (
	actErase cardAction = iota
	actUnsubscribe
)

// cardActionDialog asks before the card unsubscribes or erases a contact:
// it says what will change and what stays, takes a reason (a request
// number: it is kept, so no personal data), and for an erasure the word
// erase typed out, as the bulk erasure asks.
type cardActionDialog struct {
	sh      *shared
	act     cardAction
	c       *contact.Contact
	events  int // history events whose values an erasure removes
	keys    cardActionKeys
	confirm bool // erase: the reason is in, the word is asked
	input   textinput.Model
	reason  string
	err     string
}

type cardActionKeys struct{ Confirm, Back key.Binding }

func (k cardActionKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Confirm, k.Back} }
func (k cardActionKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newCardAction(sh *shared, act cardAction, c *contact.Contact, events int) *cardActionDialog {
	d := &cardActionDialog{sh: sh, act: act, c: c, events: events, keys: cardActionKeys{
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go on")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}}
	if act == actUnsubscribe {
		d.keys.Confirm.SetHelp("enter", "unsubscribe")
	}
	d.input = textinput.New()
	d.input.SetStyles(inputStyles(sh))
	d.input.Prompt = "reason: "
	d.input.Placeholder = "a request number or why (no personal data: it is kept)"
	d.input.Focus()
	return d
}

// Update takes the reason, the confirming word, and esc.
func (d *cardActionDialog) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Back):
			return d, d.sh.ask(closeScreenMsg{})
		case key.Matches(msg, d.keys.Confirm):
			return d, d.enter()
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		d.err = ""
		return d, cmd
	case tea.PasteMsg:
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return d, cmd
	}
	return d, nil
}

func (d *cardActionDialog) enter() tea.Cmd {
	v := strings.TrimSpace(d.input.Value())
	switch {
	case d.act == actUnsubscribe:
		return tea.Sequence(d.sh.ask(closeScreenMsg{}), unsubscribeOne(d.sh.st, d.c.ID, v))
	case !d.confirm:
		d.reason, d.confirm = v, true
		d.input.Reset()
		d.input.Prompt = "type erase to confirm: "
		d.input.Placeholder = ""
		d.keys.Confirm.SetHelp("enter", "erase")
		return nil
	case !strings.EqualFold(v, "erase"):
		d.err = "type the word erase to confirm, or esc to cancel"
		return nil
	}
	label := fmt.Sprintf("erasing contact %d", d.c.ID)
	return tea.Sequence(d.sh.ask(closeScreenMsg{}), d.sh.runJob(label, true, eraseOne(d.sh.st, d.c.ID, d.reason)))
}

// View says what the action changes and what it keeps.
func (d *cardActionDialog) View() string {
	st := &d.sh.styles
	w := min(72, d.sh.width-2)
	inner := w - 4
	wrap := func(s string) string { return wrapText(s, inner) }
	who := d.c.FullName()
	if who == "" {
		who = "this contact"
	}
	who = fmt.Sprintf("%s (contact %d)", who, d.c.ID)
	var lines []string
	title := "Unsubscribe"
	if d.act == actErase {
		title = "Erase personal data"
		gone := personalData(d.c)
		if d.events > 0 {
			gone = append(gone, fmt.Sprintf("the values in its history (%s)", countOf(d.events, "event")))
		}
		lines = append(lines,
			st.Danger.Render(wrap("Erase the personal data of "+who+". This cannot be undone.")), "",
			wrap("Removed: "+strings.Join(gone, ", ")+"."), "",
			wrap(fmt.Sprintf("Kept: a tombstone under ID %d with status erased and when it was created and erased; keyed hashes of its e-mails and phones on the suppression list, so an import never brings the person back.", d.c.ID)),
		)
	} else {
		var granted []string
		for _, k := range d.c.Consents {
			if k.Granted {
				granted = append(granted, k.Name)
			}
		}
		what := "nothing is granted to withdraw"
		if len(granted) > 0 {
			what = fmt.Sprintf("%s withdrawn (%s), dated now and recorded as from the card", countOf(len(granted), "granted consent is|granted consents are"), strings.Join(granted, ", "))
		}
		lines = append(lines,
			st.Warn.Render(wrap("Unsubscribe "+who+".")), "",
			wrap(fmt.Sprintf("Its status becomes unsubscribed; %s; %s go on the suppression list, so imports skip the person and never grant a consent back. Its data stays.",
				what, countOf(len(d.c.Emails)+len(d.c.Phones), "e-mail or phone|e-mails and phones"))),
		)
	}
	lines = append(lines, "", inputView(d.input))
	if d.err != "" {
		lines = append(lines, "", st.Error.Render("✗ "+d.err))
	}
	return dialog(d.sh, title, strings.Join(lines, "\n"), w)
}

// resized keeps the input inside the dialog.
func (d *cardActionDialog) resized() {
	d.input.SetWidth(max(min(72, d.sh.width-2)-4-lipglossWidth(d.input.Prompt)-1, 8))
}

func (d *cardActionDialog) Keys() help.KeyMap { return d.keys }
func (d *cardActionDialog) Typing() bool      { return true }
func (d *cardActionDialog) Title() string {
	if d.act == actErase {
		return "Erase personal data"
	}
	return "Unsubscribe"
}

// wrapText wraps text at spaces to w cells (at least 10), cutting words
// longer than a line: dialogs never run off their frame.
func wrapText(s string, w int) string { return ansi.Wrap(s, max(w, 10), " ") }

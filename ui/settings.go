package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/book"
	"rolo/contact"
)

// settingsDialog shows the store's default country for phones written in
// national form, where it came from, and lets the user change it (the
// same setting as `rolo config set default_country`). A read-only store
// or a file opened with rolo open shows it and says why it cannot change.
type settingsDialog struct {
	sh    *shared
	keys  settingsKeys
	input textinput.Model
	err   string
	busy  bool
}

type settingsKeys struct{ Save, Cancel key.Binding }

func (k settingsKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Save, k.Cancel} }
func (k settingsKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func newSettingsDialog(sh *shared) *settingsDialog {
	d := &settingsDialog{sh: sh, keys: settingsKeys{
		Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save for this store")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}}
	d.keys.Save.SetEnabled(!sh.readOnly)
	d.input = textinput.New()
	d.input.SetStyles(inputStyles(sh))
	d.input.Prompt = "default country: "
	d.input.Placeholder = "PL, Poland… (empty: none)"
	if sh.book.Country().From == book.FromStore {
		d.input.SetValue(sh.country())
	}
	return d
}

// Init focuses the country unless the store cannot be changed.
func (d *settingsDialog) Init() tea.Cmd {
	if d.sh.readOnly {
		return nil
	}
	return d.input.Focus()
}

type (
	// countrySavedMsg answers enter: the country now in effect, or why
	// it was not saved.
	countrySavedMsg struct {
		d       *settingsDialog
		Country book.Setting
		Err     error
	}
	// countryChangedMsg asks the root to read phones with a new default
	// country from now on.
	countryChangedMsg struct{ Country book.Setting }
)

// Update takes the typed country, enter and esc.
func (d *settingsDialog) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case countrySavedMsg:
		if msg.d != d {
			return d, nil
		}
		d.busy = false
		if msg.Err != nil {
			d.err = msg.Err.Error()
			return d, nil
		}
		return d, tea.Sequence(d.sh.ask(closeScreenMsg{}), d.sh.ask(countryChangedMsg{Country: msg.Country}))
	case tea.PasteMsg:
		if d.sh.readOnly {
			return d, nil
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return d, cmd
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Cancel):
			return d, d.sh.ask(closeScreenMsg{})
		case d.sh.readOnly:
			return d, nil
		case key.Matches(msg, d.keys.Save):
			if d.busy {
				return d, nil
			}
			v := strings.TrimSpace(d.input.Value())
			if _, err := contact.CheckCountry(v); err != nil {
				d.err = err.Error()
				return d, nil
			}
			d.busy, d.err = true, ""
			return d, saveCountry(d, d.sh.book, v, d.sh.getenv)
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		d.err = ""
		return d, cmd
	}
	return d, nil
}

// saveCountry sets (or, with "", clears) the store's default country and
// answers with the country now in effect.
func saveCountry(d *settingsDialog, b *book.Book, v string, getenv func(string) string) tea.Cmd {
	return func() tea.Msg {
		now, err := b.SetCountry(v, getenv)
		return countrySavedMsg{d: d, Country: now, Err: err}
	}
}

// countryWords says the country in effect and where it came from.
func countryWords(c book.Setting) string {
	if c.Value == "" {
		return "none: phones need a + or the contact's country"
	}
	name := c.Value + " " + contact.CountryName(c.Value)
	switch c.From {
	case book.FromStore:
		return name + ", this store's setting"
	case book.FromLocale:
		return name + ", from your locale (the store has none)"
	case book.FromFlag:
		return name + ", given with --country"
	}
	return name
}

// View draws the setting, the input and what went wrong.
func (d *settingsDialog) View() string {
	st := &d.sh.styles
	w := min(76, d.sh.width-2)
	d.input.SetWidth(max(w-4-lipglossWidth(d.input.Prompt)-1, 8))
	lines := []string{
		wrapText("Phones written in national form (601 234 567) are read as numbers of the default country: in searches, filters, the card, new contacts and imports.", w-4),
		"", "Now: " + countryWords(d.sh.book.Country()),
	}
	switch {
	case d.sh.readOnly:
		lines = append(lines, "", st.Muted.Render(wrapText(readOnlyCountryWhy(d.sh), w-4)))
	default:
		lines = append(lines, "", inputView(d.input),
			st.Faint.Render(wrapText("The setting is the store's, for everyone who uses it (rolo config set default_country). Empty clears it.", w-4)))
	}
	switch {
	case d.busy:
		lines = append(lines, "", st.Muted.Render("saving…"))
	case d.err != "":
		lines = append(lines, "", st.Error.Render(wrapText("✗ "+d.err, w-4)))
	}
	return dialog(d.sh, "Settings", strings.Join(lines, "\n"), w)
}

// readOnlyCountryWhy says why the setting cannot be changed here.
func readOnlyCountryWhy(sh *shared) string {
	if sh.book.Country().From == book.FromFlag {
		return "A file opened read-only: its phones are read with the country given to rolo open (--country)."
	}
	return fmt.Sprintf("The store is open read-only, so its settings cannot be changed here: a rolo without --read-only can, or 'rolo config set %s CODE'.", book.CountryKey)
}

func (d *settingsDialog) Keys() help.KeyMap { return d.keys }
func (d *settingsDialog) Typing() bool      { return !d.sh.readOnly }
func (d *settingsDialog) Title() string     { return "Settings" }

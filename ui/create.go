package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
	"rolo/store"
)

// createFields are the fields of the create form, in the order they are
// filled in (the country before the phones: a national number takes it).
var createFields = []string{
	"first_name", "last_name", "company", "job_title", "country", "emails", "phones",
	"street", "house", "postal_code", "city", "status", "groups", "tags", "description",
}

// createForm is the create-contact form: every value is checked as the card
// and the importer check it, field by field as the cursor leaves it, and all
// together before the contact is written.
type createForm struct {
	sh      *shared
	keys    createKeys
	inputs  []textinput.Model
	errs    []string
	focus   int
	top     int
	saving  bool
	confirm bool // esc with data typed: asks before throwing it away
	err     string
}

type createKeys struct {
	Next, Prev, Save, Cancel key.Binding
}

func (k createKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Next, k.Prev, k.Save, k.Cancel} }
func (k createKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// createdMsg answers a create.
type createdMsg struct {
	C   *contact.Contact
	Err error
}

func newCreateForm(sh *shared) *createForm {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	f := &createForm{sh: sh, keys: createKeys{
		Next:   b("tab/↓/enter", "next field", "tab", "down", "enter"),
		Prev:   b("shift+tab/↑", "previous", "shift+tab", "up"),
		Save:   b("ctrl+s", "create", "ctrl+s"),
		Cancel: b("esc", "cancel", "esc"),
	}}
	for _, name := range createFields {
		in := textinput.New()
		in.Prompt = ""
		in.SetStyles(inputStyles(sh))
		if fd, ok := contact.LookupField(name); ok && len(fd.Values) > 0 {
			in.Placeholder = strings.Join(fd.Values, ", ")
		}
		switch name {
		case "emails", "phones", "groups", "tags":
			in.Placeholder = "several: separate with ;"
		case "country":
			in.Placeholder = "PL, Poland, DE…"
		case "status":
			in.Placeholder = "contact, subscriber…"
		}
		f.inputs = append(f.inputs, in)
	}
	f.errs = make([]string, len(createFields))
	return f
}

// Init focuses the first field.
func (f *createForm) Init() tea.Cmd { return f.inputs[0].Focus() }

// build applies every value to a new contact; errs gets each refusal.
func (f *createForm) build() (*contact.Contact, bool) {
	c := &contact.Contact{}
	ok := true
	opt := f.sh.setOptions("card")
	for i, name := range createFields {
		f.errs[i] = ""
		if err := c.Set(name, f.inputs[i].Value(), opt); err != nil {
			f.errs[i], ok = err.Error(), false
		}
	}
	return c, ok
}

// Update handles the form's keys and the answer of a create.
func (f *createForm) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case createdMsg:
		f.saving = false
		if msg.Err != nil {
			var ce *contact.ConflictError
			if errors.As(msg.Err, &ce) {
				f.err = fmt.Sprintf("%s %s already belongs to contact %d", ce.Key, ce.Value, ce.ID)
			} else {
				f.err = msg.Err.Error()
			}
			return f, nil
		}
		return f, tea.Batch(f.sh.ask(closeScreenMsg{}), msgCmd(contactChangedMsg{C: msg.C}),
			f.sh.ask(openCardMsg{ID: msg.C.ID}), status("created "+msg.C.FullName()))
	case tea.PasteMsg:
		var cmd tea.Cmd
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
		return f, cmd
	case tea.KeyPressMsg:
		return f, f.key(msg)
	}
	return f, nil
}

func (f *createForm) key(msg tea.KeyPressMsg) tea.Cmd {
	if f.confirm {
		f.confirm = false
		if msg.String() == "y" {
			return f.sh.ask(closeScreenMsg{})
		}
		f.err = ""
		return nil
	}
	switch {
	case key.Matches(msg, f.keys.Cancel):
		if f.empty() {
			return f.sh.ask(closeScreenMsg{})
		}
		f.confirm = true
		f.err = "throw away what you typed? y discards, any other key goes on"
		return nil
	case key.Matches(msg, f.keys.Save):
		return f.save()
	case key.Matches(msg, f.keys.Next):
		if msg.String() == "enter" && f.focus == len(f.inputs)-1 {
			return f.save()
		}
		return f.moveFocus(1)
	case key.Matches(msg, f.keys.Prev):
		return f.moveFocus(-1)
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	f.errs[f.focus], f.err = "", ""
	return cmd
}

func (f *createForm) empty() bool {
	for _, in := range f.inputs {
		if strings.TrimSpace(in.Value()) != "" {
			return false
		}
	}
	return true
}

// moveFocus checks the field being left and focuses the next one.
func (f *createForm) moveFocus(d int) tea.Cmd {
	f.check(f.focus)
	f.inputs[f.focus].Blur()
	f.focus = (f.focus + d + len(f.inputs)) % len(f.inputs)
	return f.inputs[f.focus].Focus()
}

// check validates one field on its own (with the country typed so far).
func (f *createForm) check(i int) {
	c := &contact.Contact{}
	opt := f.sh.setOptions("card")
	_ = c.Set("country", f.inputs[indexOf(createFields, "country")].Value(), opt)
	f.errs[i] = ""
	if err := c.Set(createFields[i], f.inputs[i].Value(), opt); err != nil {
		f.errs[i] = err.Error()
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func (f *createForm) save() tea.Cmd {
	if f.saving {
		return nil
	}
	c, ok := f.build()
	switch {
	case !ok:
		f.err = "some values were refused: see the fields marked ✗"
		return nil
	case c.FullName() == "" && len(c.Emails) == 0 && len(c.Phones) == 0:
		f.err = "a contact needs at least a name, a company, an e-mail or a phone"
		return nil
	}
	f.saving, f.err = true, ""
	c.Source = "manual" // typed in by hand, not imported
	st := f.sh.st
	return func() tea.Msg {
		err := st.Update(func(tx *store.Tx) error {
			if err := tx.Action("new contact " + c.FullName()); err != nil {
				return err
			}
			_, err := tx.Create(c)
			return err
		})
		return createdMsg{C: c, Err: err}
	}
}

// View draws the fields, each with its label and, when refused, why.
func (f *createForm) View() string {
	st := &f.sh.styles
	w := f.sh.width
	var b strings.Builder
	b.WriteString(fitLine(st.Title.Render("New contact")+st.Muted.Render("  values are checked as an import checks them"), w))
	foot := []string{st.Muted.Render("ctrl+s creates the contact · esc cancels")}
	if f.saving {
		foot = []string{st.Muted.Render("creating…")}
	}
	if f.err != "" {
		foot = splitLines(st.Error.Render(wrapText(f.err, w)))
	}
	rows := max(f.sh.bodyH-1-len(foot), 3)
	blocks := make([][]string, len(f.inputs))
	for i := range f.inputs {
		blocks[i] = f.field(i, w)
	}
	// The focused field and the reason under it are in view.
	f.top = min(f.top, f.focus)
	for f.top < f.focus && linesOf(blocks[f.top:f.focus+1]) > rows {
		f.top++
	}
	var lines []string
	for i := f.top; i < len(blocks) && len(lines) < rows; i++ {
		lines = append(lines, blocks[i]...)
	}
	for len(lines) < rows {
		lines = append(lines, "")
	}
	for _, l := range append(lines[:rows], foot...) {
		b.WriteByte('\n')
		b.WriteString(fitLine(l, w))
	}
	return b.String()
}

// field draws input i, and under it the reason its value was refused,
// wrapped to the width so it is read whole (the allowed values are in it).
func (f *createForm) field(i, w int) []string {
	st := &f.sh.styles
	mark := "  "
	if i == f.focus {
		mark = "> "
	}
	var line strings.Builder
	line.WriteString(mark)
	cell(&line, columnLabel(createFields[i]), cardLabelWidth, false)
	line.WriteByte(' ')
	head := line.String()
	if i == f.focus {
		head = st.Accent.Render(head)
	} else {
		head = st.Label.Render(head)
	}
	indent := cardLabelWidth + 3
	inW := min(max((w-indent)/2, 20), 36) // room for the reason a value is refused
	f.inputs[i].SetWidth(inW)
	text := head + fitLine(inputView(f.inputs[i]), inW+1)
	if f.errs[i] == "" {
		return []string{text}
	}
	why := "✗ " + f.errs[i]
	if ansi.StringWidth(text)+1+ansi.StringWidth(why) <= w {
		return []string{text + " " + st.Error.Render(why)}
	}
	out := []string{text}
	for _, l := range splitLines(wrapText(why, w-indent)) {
		out = append(out, strings.Repeat(" ", indent)+st.Error.Render(l))
	}
	return out
}

func linesOf(blocks [][]string) int {
	n := 0
	for _, b := range blocks {
		n += len(b)
	}
	return n
}

func (f *createForm) Keys() help.KeyMap { return f.keys }
func (f *createForm) Typing() bool      { return true }
func (f *createForm) Title() string     { return "New contact" }

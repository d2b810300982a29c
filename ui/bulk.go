package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"rolo/filter"
)

// bulkStep is where the bulk dialog is.
type bulkStep int

const (
	bkMenu      bulkStep = iota
	bkField              // pick the field to set
	bkValue              // type its value
	bkName               // pick or type a group, tag or consent
	bkChecklist          // check groups or tags to remove
	bkYesNo              // a consent's yes or no
	bkConfirm            // confirm with the count
	bkFormat             // export: the file format
	bkColumns            // export: the table's columns or every field
	bkPath               // export: the file name
	bkReason             // erase: why (a request number)
	bkTypeErase          // erase: type the word to confirm
)

// bulkAction is one line of the bulk menu.
type bulkAction struct {
	label string
	kind  bulkKind
	off   string // why it is not available, "" when it is
}

// bulkActions lists the menu; on a read-only store only the export is on.
func bulkActions(readOnly bool) []bulkAction {
	as := []bulkAction{
		{label: "Set a field to a value…", kind: bulkSetField},
		{label: "Add to a group (existing or new)…", kind: bulkAddGroup},
		{label: "Remove from groups…", kind: bulkRemoveGroups},
		{label: "Add a tag…", kind: bulkAddTag},
		{label: "Remove tags…", kind: bulkRemoveTags},
		{label: "Set a consent (yes or no)…", kind: bulkSetConsent},
		{label: "Clear a consent…", kind: bulkClearConsent},
		{label: "Export the selection…", kind: bulkExport},
		{label: "Erase personal data…", kind: bulkErase},
	}
	if readOnly {
		for i := range as {
			if as[i].kind != bulkExport {
				as[i].off = "read-only: this store was opened with --read-only (or this is a file opened with rolo open), so its contacts can be exported but not changed"
			}
		}
	}
	return as
}

// bulkDialog applies one edit to every selected contact, after a
// confirmation that says how many contacts it touches. The work runs as a
// job with a progress bar and can be cancelled.
type bulkDialog struct {
	sh      *shared
	ix      *filter.Index
	ids     []uint64
	keys    bulkKeys
	actions []bulkAction
	step    bulkStep
	cursor  int
	op      bulkOp
	input   textinput.Model
	names   []string // names on offer (groups, tags, consents, fields)
	options []string // names matching what is typed
	optCur  int
	checked map[string]bool
	err     string

	tableCols        []string // the table's columns, for an export
	custom, consents []string // the store's, for an export of every field
	exp              exportChoice
	reason           string // why an erasure is made
}

type bulkKeys struct {
	listKeys
	Choose, Toggle, Yes, No, Back key.Binding
}

func (k bulkKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Choose, k.Toggle, k.Yes, k.No, k.Back}
}
func (k bulkKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.help(), k.ShortHelp()} }

// bulkNamesMsg carries the names a step offers.
type bulkNamesMsg struct{ Names []string }

func newBulkDialog(sh *shared, ix *filter.Index, ids []uint64, tableCols []string) *bulkDialog {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	d := &bulkDialog{sh: sh, ix: ix, ids: ids, actions: bulkActions(sh.readOnly), tableCols: tableCols, keys: bulkKeys{
		listKeys: defaultListKeys(),
		Choose:   b("enter", "choose", "enter"),
		Toggle:   b("space", "check", "space"),
		Yes:      b("y", "yes", "y"),
		No:       b("n", "no", "n"),
		Back:     b("esc/q", "back", "esc", "q"),
	}}
	d.input = textinput.New()
	d.input.SetStyles(inputStyles(sh))
	d.setStep(bkMenu)
	return d
}

func (d *bulkDialog) setStep(s bulkStep) {
	d.step, d.err = s, ""
	typing := s == bkField || s == bkValue || s == bkName || s == bkPath || s == bkReason || s == bkTypeErase
	if typing {
		d.input.Focus()
		d.keys.Back.SetKeys("esc")
		d.keys.Back.SetHelp("esc", "back")
	} else {
		d.input.Blur()
		d.keys.Back.SetKeys("esc", "q")
		d.keys.Back.SetHelp("esc/q", "back")
	}
	d.keys.setTyping(typing)
	d.keys.setEnabled(s != bkConfirm && s != bkYesNo && s != bkPath && s != bkReason && s != bkTypeErase && s != bkValue)
	d.keys.Toggle.SetEnabled(s == bkChecklist)
	d.keys.Yes.SetEnabled(s == bkConfirm || s == bkYesNo)
	d.keys.No.SetEnabled(s == bkConfirm || s == bkYesNo)
	d.keys.Choose.SetEnabled(s != bkConfirm)
}

// Update handles the dialog's keys and the names it loads.
func (d *bulkDialog) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case bulkNamesMsg:
		d.names = msg.Names
		d.match()
	case exportFieldsMsg:
		d.custom, d.consents = msg.Custom, msg.Consents
		if msg.Err != nil {
			d.err = "reading the field list: " + msg.Err.Error()
		}
	case exportCheckedMsg:
		if d.step != bkPath {
			return d, nil
		}
		if msg.Err != nil {
			d.err = msg.Err.Error()
			return d, nil
		}
		d.exp.path, d.exp.exists = msg.Path, msg.Exists
		d.setStep(bkConfirm)
	case tea.PasteMsg:
		if d.input.Focused() {
			d.input, _ = d.input.Update(msg)
			d.match()
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, d.keys.Back) {
			if d.step == bkMenu {
				return d, d.sh.ask(closeScreenMsg{})
			}
			d.setStep(bkMenu)
			return d, nil
		}
		return d, d.key(msg)
	}
	return d, nil
}

func (d *bulkDialog) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.keys
	switch d.step {
	case bkMenu:
		if c, ok := k.move(msg, d.cursor, len(d.actions), len(d.actions)); ok {
			d.cursor = c
			return nil
		}
		switch {
		case key.Matches(msg, k.Choose):
			return d.choose(d.actions[d.cursor])
		}
	case bkConfirm:
		switch {
		case key.Matches(msg, k.Yes), msg.String() == "enter":
			return d.run()
		case key.Matches(msg, k.No):
			d.setStep(bkMenu)
		}
	case bkYesNo:
		switch {
		case key.Matches(msg, k.Yes), key.Matches(msg, k.No):
			d.op.granted = key.Matches(msg, k.Yes)
			d.setStep(bkConfirm)
		}
	case bkChecklist:
		return d.checklistKey(msg)
	case bkFormat, bkColumns:
		if c, ok := k.move(msg, d.optCur, len(d.options), d.listRows()); ok {
			d.optCur = c
			return nil
		}
		switch {
		case key.Matches(msg, k.Choose):
			return d.exportStep(true)
		}
	case bkPath, bkReason, bkTypeErase:
		if key.Matches(msg, k.Choose) {
			return d.enterText()
		}
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		d.err = ""
		return cmd
	default:
		return d.typingKey(msg)
	}
	return nil
}

// choose starts an action from the menu.
func (d *bulkDialog) choose(a bulkAction) tea.Cmd {
	if a.off != "" {
		d.err = a.off
		return nil
	}
	d.op = bulkOp{kind: a.kind}
	d.names, d.options, d.optCur = nil, nil, 0
	d.checked = map[string]bool{}
	d.input.Reset()
	d.input.Placeholder = ""
	ix, st := d.ix, d.sh.st
	switch a.kind {
	case bulkExport:
		return d.startExport()
	case bulkErase:
		d.input.Prompt = "reason: "
		d.input.Placeholder = "a request number or why (no personal data: it is kept)"
		d.setStep(bkReason)
		return nil
	case bulkSetField:
		d.input.Prompt = "field: "
		d.names = bulkFields()
		d.setStep(bkField)
		d.match()
		return nil
	case bulkAddGroup, bulkRemoveGroups, bulkAddTag, bulkRemoveTags:
		field := "groups"
		if a.kind == bulkAddTag || a.kind == bulkRemoveTags {
			field = "tags"
		}
		d.input.Prompt = strings.TrimSuffix(field, "s") + ": "
		d.input.Placeholder = "type to find one, or a new name"
		if a.kind == bulkRemoveGroups || a.kind == bulkRemoveTags {
			d.setStep(bkChecklist)
		} else {
			d.setStep(bkName)
		}
		return func() tea.Msg {
			var names []string
			for _, vc := range ix.Distinct(field) {
				names = append(names, vc.Value)
			}
			return bulkNamesMsg{Names: names}
		}
	default: // consents
		d.input.Prompt = "consent: "
		d.setStep(bkName)
		return func() tea.Msg {
			defs, _ := st.ConsentDefs()
			var names []string
			for _, def := range defs {
				names = append(names, def.Name)
			}
			return bulkNamesMsg{Names: names}
		}
	}
}

// run starts the job and closes the dialog.
func (d *bulkDialog) run() tea.Cmd {
	n := groupDigits(len(d.ids))
	ids := slices.Clone(d.ids)
	var label string
	var work jobFunc
	switch d.op.kind {
	case bulkExport:
		label = fmt.Sprintf("exporting %s contacts to %s", n, filepath.Base(d.exp.path))
		work = runExport(d.sh.source(), d.sh.storePath(), ids, d.exp)
	case bulkErase:
		label = fmt.Sprintf("erasing %s contacts", n)
		work = runErase(d.sh.st, d.ix, ids, d.reason)
	default:
		label = fmt.Sprintf("%s (%s contacts)", d.op.describe(), n)
		work = runBulk(d.sh.st, d.ix, ids, d.op, d.sh.setOptions("bulk"))
	}
	return tea.Sequence(d.sh.ask(closeScreenMsg{}), d.sh.runJob(label, true, work))
}

func (d *bulkDialog) Keys() help.KeyMap { return d.keys }
func (d *bulkDialog) Typing() bool      { return d.input.Focused() }
func (d *bulkDialog) Title() string     { return "Bulk actions" }

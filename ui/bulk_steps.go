package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
)

// enterText takes the export's file name, the erasure's reason or the
// word that confirms it.
func (d *bulkDialog) enterText() tea.Cmd {
	v := strings.TrimSpace(d.input.Value())
	switch d.step {
	case bkPath:
		return d.exportStep(true)
	case bkReason:
		d.reason = v
		d.input.Reset()
		d.input.Prompt = "type erase to confirm: "
		d.input.Placeholder = ""
		d.setStep(bkTypeErase)
	case bkTypeErase:
		if !strings.EqualFold(v, "erase") {
			d.err = "type the word erase to confirm, or esc to go back"
			return nil
		}
		return d.run()
	}
	return nil
}

// bulkFields are the fields a bulk edit may set: not the maintained ones,
// and not e-mail, CRM ID or tax ID, which belong to one contact each.
func bulkFields() []string {
	var out []string
	for _, f := range contact.Fields() {
		switch {
		case f.ReadOnly, f.Name == "emails", f.Name == "crm_id", f.Name == "tax_id", f.Name == "groups", f.Name == "tags":
			continue
		}
		out = append(out, f.Name)
	}
	return out
}

// match filters the names by the typed text; a new name is offered first
// when none is called exactly that.
func (d *bulkDialog) match() {
	q := strings.TrimSpace(d.input.Value())
	lq := strings.ToLower(q)
	d.options = d.options[:0]
	for _, n := range d.names {
		if lq == "" || strings.Contains(strings.ToLower(n+" "+columnLabel(n)), lq) {
			d.options = append(d.options, n)
		}
	}
	if q != "" && d.step == bkName && !slices.Contains(d.names, q) {
		d.options = append([]string{newPrefix + q}, d.options...)
	}
	d.optCur = min(d.optCur, max(len(d.options)-1, 0))
}

const newPrefix = "new: "

func (d *bulkDialog) typingKey(msg tea.KeyPressMsg) tea.Cmd {
	k := d.keys
	if c, ok := k.move(msg, d.optCur, len(d.options), d.listRows()); ok {
		d.optCur = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Choose):
		return d.picked()
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	d.err = ""
	if d.step != bkValue {
		d.optCur = 0
		d.match()
	}
	return cmd
}

// picked takes the chosen field, name or value.
func (d *bulkDialog) picked() tea.Cmd {
	switch d.step {
	case bkValue:
		v := strings.TrimSpace(d.input.Value())
		if err := (&contact.Contact{}).Set(d.op.field, v, d.sh.setOptions("bulk")); err != nil {
			d.err = err.Error()
			return nil
		}
		d.op.value = v
		d.setStep(bkConfirm)
		return nil
	}
	if d.optCur >= len(d.options) {
		d.err = "nothing chosen: type a name"
		return nil
	}
	name := strings.TrimPrefix(d.options[d.optCur], newPrefix)
	switch {
	case d.step == bkField:
		d.op.field = name
		d.input.Reset()
		d.input.Prompt = columnLabel(name) + ": "
		d.input.Placeholder = "the new value (empty clears it)"
		d.setStep(bkValue)
	case d.op.kind == bulkSetConsent:
		d.op.names = []string{name}
		d.setStep(bkYesNo)
	default:
		d.op.names = []string{name}
		d.setStep(bkConfirm)
	}
	return nil
}

func (d *bulkDialog) checklistKey(msg tea.KeyPressMsg) tea.Cmd {
	k := d.keys
	if c, ok := k.move(msg, d.optCur, len(d.options), d.listRows()); ok {
		d.optCur = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Toggle):
		if d.optCur < len(d.options) {
			n := d.options[d.optCur]
			d.checked[n] = !d.checked[n]
		}
	case key.Matches(msg, k.Choose):
		d.op.names = nil
		for _, n := range d.options {
			if d.checked[n] {
				d.op.names = append(d.op.names, n)
			}
		}
		if len(d.op.names) == 0 {
			d.err = "check at least one with space"
			return nil
		}
		d.setStep(bkConfirm)
	}
	return nil
}

package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
	"rolo/importer"
)

// The options step: key, mode, empty cells, default country, groups, tags,
// unsubscribe all, the suppression list and dry run, with a sentence that
// says in plain words what the import will do.

// optRow is one line of the options step.
type optRow int

const (
	orKey optRow = iota
	orMode
	orEmpty
	orKeyless
	orCountry
	orGroups
	orTags
	orUnsub
	orSuppress
	orDry
	orStart
)

// wizOptions is the options step's state: the import's options as chosen.
type wizOptions struct {
	cursor     int
	key        string // --key as text: "" (e-mail, else phone), "email", "phone,email"…
	mode       importer.Mode
	clearEmpty bool
	country    string
	groups     []string
	tags       []string
	unsubAll   bool
	suppressed importer.Suppression
	dryRun     bool
	readOnly   bool // a read-only store: only a dry run
	// keyless is what becomes of rows without a key ("" the format's
	// default); keylessCs its two choices, the default first (see
	// wizard_keyless.go), and keylessCount how many rows it is about.
	keyless      importer.Keyless
	keylessCs    []optChoice
	keylessCount wizKeyless
}

func newWizOptions(sh *shared) wizOptions {
	return wizOptions{mode: importer.ModeUpsert, suppressed: importer.SuppressSkip, dryRun: sh.readOnly,
		readOnly: sh.readOnly, country: sh.country()}
}

// A choice row's values and their words.
type optChoice struct{ value, label string }

var (
	keyChoices = []optChoice{
		{"", "e-mail, else phone"}, {"email", "e-mail only"}, {"phone,email", "phone, else e-mail"}, {"phone", "phone only"},
		{"crm_id,email,phone", "CRM ID, else e-mail, else phone"}, {"crm_id", "CRM ID only"},
		{"tax_id,email,phone", "tax ID, else e-mail, else phone"}, {"tax_id", "tax ID only"},
	}
	modeChoices = []optChoice{
		{"upsert", "add new, update existing"}, {"create", "add new only (existing left alone)"}, {"update", "update existing only (add no one)"},
	}
	emptyChoices = []optChoice{{"keep", "never overwrite a stored value"}, {"clear", "clear the stored value"}}
	suppChoices  = []optChoice{
		{"skip", "leave them out"}, {"include", "import them, never granting a consent"}, {"resubscribe", "import them and grant consents"},
	}
	boolChoices = []optChoice{{"no", "no"}, {"yes", "yes"}}
)

// choices returns a choice row's values and the index of the current one.
func (o *wizOptions) choices(r optRow) ([]optChoice, int) {
	idx := func(cs []optChoice, v string) int {
		return max(slices.IndexFunc(cs, func(c optChoice) bool { return c.value == v }), 0)
	}
	b := func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}
	switch r {
	case orKey:
		return keyChoices, idx(keyChoices, o.key)
	case orMode:
		return modeChoices, idx(modeChoices, string(o.mode))
	case orEmpty:
		e := "keep"
		if o.clearEmpty {
			e = "clear"
		}
		return emptyChoices, idx(emptyChoices, e)
	case orKeyless:
		cs := o.keylessCs
		if cs == nil {
			cs = []optChoice{{"", "reject them"}, {string(importer.KeylessKeep), "keep them"}}
		}
		return cs, idx(cs, string(o.keyless))
	case orUnsub:
		return boolChoices, idx(boolChoices, b(o.unsubAll))
	case orSuppress:
		return suppChoices, idx(suppChoices, string(o.suppressed))
	case orDry:
		return boolChoices, idx(boolChoices, b(o.dryRun))
	}
	return nil, 0
}

// setChoice moves a choice row by d.
func (o *wizOptions) setChoice(r optRow, d int) {
	cs, i := o.choices(r)
	if cs == nil {
		return
	}
	v := cs[cycle(i, d, len(cs))].value
	switch r {
	case orKey:
		o.key = v
	case orMode:
		o.mode = importer.Mode(v)
	case orEmpty:
		o.clearEmpty = v == "clear"
	case orKeyless:
		o.keyless = importer.Keyless(v)
	case orUnsub:
		o.unsubAll = v == "yes"
	case orSuppress:
		o.suppressed = importer.Suppression(v)
	case orDry:
		o.dryRun = v == "yes" || o.readOnly
	}
}

// importOptions are the engine's options as chosen in the wizard.
func (w *importWizard) importOptions() importer.Options {
	o := w.opts
	maps := make([]importer.Mapping, len(w.mapg.maps))
	for i, m := range w.mapg.maps {
		maps[i] = importer.Mapping{Columns: slices.Clone(m.Columns)}
	}
	keys, _ := importer.ParseKey(o.key) // one of keyChoices, or a mapping file's (checked when read)
	return importer.Options{
		Read: w.read.goodRO, Mappings: maps, Country: o.country, Key: keys, Mode: o.mode, ClearEmpty: o.clearEmpty,
		Groups: slices.Clone(o.groups), Tags: slices.Clone(o.tags), UnsubscribeAll: o.unsubAll,
		Suppressed: o.suppressed, DryRun: o.dryRun || o.readOnly, Now: w.sh.now, Keyless: o.keyless,
	}
}

// optionsKey handles the options step's keys.
func (w *importWizard) optionsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := w.keys
	o := &w.opts
	r := optRow(o.cursor)
	if c, ok := k.move(msg, o.cursor, int(orStart)+1, int(orStart)+1); ok {
		o.cursor = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Left), key.Matches(msg, k.Right), key.Matches(msg, k.Toggle):
		d := 1
		if key.Matches(msg, k.Left) {
			d = -1
		}
		o.setChoice(r, d)
		return w.recheck()
	case key.Matches(msg, k.Choose):
		switch r {
		case orStart:
			return w.startImport()
		case orCountry:
			return w.startTyping(inOption, "default country: ", o.country, "an ISO code such as PL, or a country name")
		case orGroups:
			return w.startTyping(inOption, "groups: ", strings.Join(o.groups, ", "), "names, separated by commas")
		case orTags:
			return w.startTyping(inOption, "tags: ", strings.Join(o.tags, ", "), "names, separated by commas")
		}
		o.setChoice(r, 1)
		return w.recheck()
	case key.Matches(msg, k.Start):
		return w.startImport()
	case key.Matches(msg, k.SaveMapping):
		return w.startTyping(inSaveMapping, "save the mapping as: ", w.defaultMappingPath(), "a file name (JSON)")
	case key.Matches(msg, k.Prev):
		w.step = wzMap
	}
	return nil
}

// optionEntered takes a typed country, groups or tags.
func (w *importWizard) optionEntered(v string) tea.Cmd {
	o := &w.opts
	switch optRow(o.cursor) {
	case orCountry:
		cc, err := contact.CheckCountry(v)
		if err != nil {
			w.err = err.Error()
			return nil
		}
		o.country = cc
	case orGroups:
		o.groups = splitNames(v)
	case orTags:
		o.tags = splitNames(v)
	}
	w.stopTyping()
	return w.recheck()
}

// splitNames reads "a, b ,c" as three names.
func splitNames(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// optionsView draws the options, the sentence and what the import creates.
func (w *importWizard) optionsView(h int) string {
	st := &w.sh.styles
	o := &w.opts
	labels := [...]string{"Match by", "Mode", "Empty cells", "Rows without key", "Default country", "Groups", "Tags",
		"Unsubscribe all", "Suppressed people", "Dry run", ""}
	lines := []string{"How to import:"}
	for r := orKey; r <= orStart; r++ {
		var value string
		switch r {
		case orCountry:
			value = "[" + o.country + "]"
			if o.country != "" {
				value += " " + contact.CountryName(o.country)
			} else {
				value += " none: phones need a + or the row's country"
			}
		case orGroups:
			value = "[" + strings.Join(o.groups, ", ") + "]"
			if len(w.info.groups) > 0 {
				value += st.Faint.Render("  existing: " + strings.Join(w.info.groups, ", "))
			}
		case orTags:
			value = "[" + strings.Join(o.tags, ", ") + "]"
		case orStart:
			value = "▶ Start the import"
			if o.dryRun || o.readOnly {
				value = "▶ Start the dry run"
			}
		default:
			cs, i := o.choices(r)
			value = "‹ " + cs[i].label + " ›"
			if r == orKeyless {
				value += st.Faint.Render("  " + w.keylessNote())
			}
			if r == orDry && o.readOnly {
				value += st.Faint.Render("  (the store is open read-only)")
			}
		}
		if w.inputFor == inOption && int(r) == o.cursor {
			value = inputView(w.input)
		}
		plain := padRight(labels[r], 19) + value
		if int(r) == o.cursor && w.inputFor != inOption {
			lines = append(lines, st.CursorRow.Render(fitLine("> "+plain, w.sh.width)))
		} else {
			lines = append(lines, "  "+plain)
		}
	}
	for i := range lines {
		lines[i] = fitLine(lines[i], w.sh.width)
	}
	lines = append(lines, "", wrapBlock(st.Title.Render("In words: ")+w.summary(), w.sh.width))
	consents, _ := w.newDefinitions()
	if len(consents) > 0 {
		lines = append(lines, wrapBlock(st.Warn.Render("New consents this import creates: ")+strings.Join(consents, ", "), w.sh.width))
	}
	lines = append(lines, wrapBlock(w.checkLine(), w.sh.width))
	lines = append(lines, wrapBlock(st.Muted.Render(identityWords(w.importOptions().Key)), w.sh.width))
	if strings.Count(strings.Join(lines, "\n"), "\n")+1 > h {
		// Short of room (80×24): the blank line between the options and
		// the sentence goes first.
		lines = slices.Delete(lines, int(orStart)+2, int(orStart)+3)
	}
	return strings.Join(lines, "\n")
}

package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"rolo/contact"
	"rolo/importer"
)

// summary says in plain words what the import will do with the options
// chosen: "Add new contacts and update existing ones matched by e-mail;
// phones without a country code are Polish; add all to group 'Newsletter
// 2026'."
func (w *importWizard) summary() string {
	s := importSummary(w.importOptions())
	if k := w.keylessWords(); k != "" {
		s = strings.TrimSuffix(s, ".") + "; " + k + "."
	}
	return s
}

func importSummary(o importer.Options) string {
	by := o.Key.Describe()
	var parts []string
	switch o.Mode {
	case importer.ModeCreate:
		parts = append(parts, "Add new contacts and leave existing ones (matched by "+by+") untouched")
	case importer.ModeUpdate:
		parts = append(parts, "Update existing contacts matched by "+by+" and add no one new")
	default:
		parts = append(parts, "Add new contacts and update existing ones matched by "+by)
	}
	if o.DryRun {
		parts[0] = "Dry run, nothing is written: " + strings.ToLower(parts[0][:1]) + parts[0][1:]
	}
	switch {
	case o.Country == "":
		parts = append(parts, "phones without a country code need the row's own country (no default)")
	case demonyms[o.Country] != "":
		parts = append(parts, "phones without a country code are "+demonyms[o.Country])
	default:
		parts = append(parts, "phones without a country code are from "+contact.CountryName(o.Country))
	}
	if o.ClearEmpty {
		parts = append(parts, "empty cells clear the stored value")
	}
	if len(o.Groups) > 0 {
		parts = append(parts, "add all to "+plural(len(o.Groups), "group", "groups")+" "+quoteList(o.Groups))
	}
	if len(o.Tags) > 0 {
		parts = append(parts, "tag all "+quoteList(o.Tags))
	}
	if o.UnsubscribeAll {
		parts = append(parts, "mark everyone as unsubscribed and put them on the suppression list")
	}
	switch o.Suppressed {
	case importer.SuppressInclude:
		parts = append(parts, "import people on the suppression list without granting them any consent")
	case importer.SuppressResubscribe:
		parts = append(parts, "import people on the suppression list and grant them the file's consents again")
	}
	return strings.Join(parts, "; ") + "."
}

// demonyms say "phones … are Polish" for the countries rolo's users import
// most; others are "from <country>".
var demonyms = map[string]string{
	"PL": "Polish", "DE": "German", "GB": "British", "US": "American", "BR": "Brazilian", "RU": "Russian",
	"UA": "Ukrainian", "FR": "French", "ES": "Spanish", "PT": "Portuguese", "IT": "Italian", "AU": "Australian",
	"CZ": "Czech", "SK": "Slovak", "NL": "Dutch", "AT": "Austrian", "CH": "Swiss", "CA": "Canadian",
	"IE": "Irish", "IN": "Indian", "MX": "Mexican", "AR": "Argentinian", "SE": "Swedish", "NO": "Norwegian",
	"DK": "Danish", "FI": "Finnish", "LT": "Lithuanian", "LV": "Latvian", "EE": "Estonian", "BY": "Belarusian",
	"KZ": "Kazakh", "HU": "Hungarian", "RO": "Romanian", "BG": "Bulgarian", "GR": "Greek", "TR": "Turkish",
}

// quoteList writes 'a', 'b' and 'c'.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// wrapBlock wraps every line of s at word boundaries to w cells.
func wrapBlock(s string, w int) string {
	if w <= 0 {
		return s
	}
	return ansi.Wordwrap(s, w, "")
}

// identityWords says how rows find their contact, in plain words: the
// identity rules of the import (see importer/identity.go).
func identityWords(keys importer.KeyList) string {
	switch keys.Only() {
	case contact.KeyPhone:
		return "Same person: same phone (a phone several contacts share is rejected)."
	case "":
		return "Same person: same e-mail, CRM ID or tax ID; a shared phone if names agree."
	}
	return "Same person: same " + keys.Describe() + " (a new name is flagged)."
}

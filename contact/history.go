package contact

import (
	"slices"
	"strings"
	"time"
)

// Event kinds written to a contact's history.
const (
	EventCreate  = "create"
	EventUpdate  = "update"
	EventMerge   = "merge"
	EventErase   = "erase"
	EventUndo    = "undo"
	EventConsent = "consent"
)

// Event is one change to a contact: when, by what (an import job such as
// "import:12", "card", "bulk", "merge"), and which fields went from what to
// what.
type Event struct {
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	Source  string    `json:"source"`
	By      string    `json:"by,omitempty"` // the operating-system user who made it
	Note    string    `json:"note,omitempty"`
	Changes []Change  `json:"changes,omitempty"`
	// Before, on the merge event of the contact a merge kept, holds every
	// contact of the merge as it was just before it, the kept one first:
	// what undoing the merge restores. Erasure drops it with the values.
	Before []*Contact `json:"before,omitempty"`
}

// Change is one field's move from Old to New (as text cells, see Get).
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// diffFields are the fields compared by Diff, in display order. Derived and
// maintained fields (id, full_name, updated_at, changed_by) are left out.
var diffFields = func() []string {
	var out []string
	for _, f := range canonical {
		switch f.Name {
		case "id", "full_name", "updated_at", "created_at", "changed_by":
			continue
		}
		out = append(out, f.Name)
	}
	return out
}()

// Diff lists the changes that turn a into b, field by field, including each
// custom field and consent (a consent's change of time or source alone is a
// change too, so the history shows when it was given again).
func Diff(a, b *Contact) []Change {
	var out []Change
	for _, f := range diffFields {
		if f == "addresses" && a.Address.Kind == b.Address.Kind && slices.Equal(a.MoreAddresses, b.MoreAddresses) {
			continue // only the preferred address's parts changed: street, city… say how
		}
		if va, vb := a.Get(f), b.Get(f); va != vb {
			out = append(out, Change{Field: f, Old: va, New: vb})
		}
	}
	for _, name := range unionNames(a.Custom, b.Custom, func(c Custom) string { return c.Name }) {
		va, _ := a.CustomValue(name)
		vb, _ := b.CustomValue(name)
		if va != vb {
			out = append(out, Change{Field: CustomPrefix + name, Old: va, New: vb})
		}
	}
	for _, name := range unionNames(a.Consents, b.Consents, func(c Consent) string { return c.Name }) {
		ka, _ := a.Consent(name)
		kb, _ := b.Consent(name)
		if !ka.equal(kb) {
			out = append(out, Change{Field: ConsentPrefix + name, Old: ka.describe(), New: kb.describe()})
		}
	}
	return out
}

func (k Consent) equal(o Consent) bool {
	return k.Name == o.Name && k.Granted == o.Granted && k.At.Equal(o.At) && k.Source == o.Source
}

// describe writes a consent for the history: "yes (2026-11-02, import:3)".
func (k Consent) describe() string {
	if k.Name == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(FormatBool(k.Granted))
	var meta []string
	if !k.At.IsZero() {
		meta = append(meta, k.At.UTC().Format("2006-01-02 15:04"))
	}
	if k.Source != "" {
		meta = append(meta, k.Source)
	}
	if len(meta) > 0 {
		b.WriteString(" (" + strings.Join(meta, ", ") + ")")
	}
	return b.String()
}

// Equal reports whether two contacts hold the same data (ID and the
// maintained timestamps aside).
func Equal(a, b *Contact) bool { return len(Diff(a, b)) == 0 }

func unionNames[T any](a, b []T, name func(T) string) []string {
	out := make([]string, 0, len(a)+len(b))
	for _, x := range a {
		out = append(out, name(x))
	}
	for _, x := range b {
		out = append(out, name(x))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

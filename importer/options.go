package importer

import (
	"fmt"
	"strings"
	"time"
)

// Mode says what an import may do.
type Mode string

// Modes.
const (
	ModeUpsert Mode = "upsert" // add new contacts, update existing ones
	ModeCreate Mode = "create" // add new contacts, leave existing ones untouched
	ModeUpdate Mode = "update" // only update existing contacts
)

// ParseMode reads --mode.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return ModeUpsert, nil
	case ModeUpsert, ModeCreate, ModeUpdate:
		return m, nil
	}
	return "", fmt.Errorf("--mode must be upsert, create or update, not %q", s)
}

// Suppression says what happens to people on the suppression list.
type Suppression string

// Suppression handling.
const (
	SuppressSkip        Suppression = "skip"        // default: leave them out, reported per row
	SuppressInclude     Suppression = "include"     // import them, but never grant a consent back
	SuppressResubscribe Suppression = "resubscribe" // import them and grant consents (they asked to come back)
)

// Options are everything an import needs besides the file and the sink.
// They are recorded with the job (JSON), so a resume runs with the same.
type Options struct {
	Read       ReadOptions  `json:"read"`
	Map        []MapEntry   `json:"map,omitempty"`        // --map, applied last
	Remembered []MapEntry   `json:"remembered,omitempty"` // the mapping last used for this header set
	File       *MappingFile `json:"mapping_file,omitempty"`
	// Mappings, when set (a resume, or the wizard), is the final mapping of
	// each table: detection and overrides are skipped.
	Mappings       []Mapping   `json:"mappings,omitempty"`
	Country        string      `json:"country,omitempty"` // default country for phones in national form
	Key            KeyList     `json:"key,omitempty"`
	Mode           Mode        `json:"mode,omitempty"`
	Keyless        Keyless     `json:"keyless,omitempty"`     // --keyless: what rows without any key become
	ClearEmpty     bool        `json:"clear_empty,omitempty"` // --empty clear
	Groups         []string    `json:"groups,omitempty"`
	Tags           []string    `json:"tags,omitempty"`
	UnsubscribeAll bool        `json:"unsubscribe_all,omitempty"`
	Suppressed     Suppression `json:"suppressed,omitempty"`
	DryRun         bool        `json:"dry_run,omitempty"`
	BatchSize      int         `json:"-"` // rows per transaction (default 5000)
	Workers        int         `json:"-"` // normalising goroutines (default GOMAXPROCS)
	// Now is the clock for consent times (default time.Now).
	Now func() time.Time `json:"-"`
	// Resume, when set, goes on with that job (the sink reports where it
	// stopped); the options must be the job's own.
	Resume uint64 `json:"-"`
}

func (o *Options) defaults() {
	if o.Mode == "" {
		o.Mode = ModeUpsert
	}
	if o.Suppressed == "" {
		o.Suppressed = SuppressSkip
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 5000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
}

// Mappings works out the final mapping of every table of src: detection,
// then the remembered mapping, the mapping file and --map, in that order.
func (o *Options) mappings(src *Source) ([]Mapping, error) {
	if len(o.Mappings) == len(src.Tables) && len(o.Mappings) > 0 {
		return o.Mappings, nil
	}
	out := make([]Mapping, len(src.Tables))
	for i, t := range src.Tables {
		now := t.clock() // the clock the file was opened with
		if t.now == nil && o.Now != nil {
			now = o.Now()
		}
		m := autoMap(t, now)
		for _, e := range o.Remembered {
			_ = m.Override([]MapEntry{e})
		}
		if o.File != nil {
			m.ApplyFile(o.File)
		}
		if err := m.Override(o.Map); err != nil {
			if len(src.Tables) > 1 {
				return nil, fmt.Errorf("%s: %w", t.Name, err)
			}
			return nil, err
		}
		m.HoldDoubts()
		out[i] = m
	}
	return out, nil
}

package importer

import (
	"fmt"
	"strings"
)

// layout is a program's export layout: a set of headers that together say
// which program wrote the file, and what some of them mean in its files
// only (Wave's customer_name is the company, Thunderbird writes the
// birthday in three columns). A dictionary section [layout NAME] lists
// them: "Header = target" overrides the mapping, a bare "Header" only has
// to be there.
type layout struct {
	name string
	cols map[string]string // normalised header -> target ("" only required)
}

func (lay *layout) add(line string) error {
	header, target, ok := strings.Cut(line, "=")
	if !ok {
		lay.cols[normHeader(line)] = ""
		return nil
	}
	t, err := ParseTarget(target)
	if err != nil {
		return fmt.Errorf("layout %s: %w", lay.name, err)
	}
	if normHeader(header) == "" {
		return fmt.Errorf("layout %s: %q names no header", lay.name, line)
	}
	lay.cols[normHeader(header)] = t
	return nil
}

// applyLayouts maps the columns of every layout whose headers the table
// has, surely, naming the layout as the reason.
func (m *Mapping) applyLayouts(columns []string) {
	have := map[string]int{}
	for i, c := range columns {
		if _, dup := have[normHeader(c)]; !dup {
			have[normHeader(c)] = i
		}
	}
	for _, lay := range lex().layouts {
		if !lay.matches(have) {
			continue
		}
		for h, target := range lay.cols {
			if target == "" {
				continue
			}
			c := &m.Columns[have[h]]
			c.Field, c.Sure, c.Reason = target, true, "the "+lay.name+" export layout"
		}
	}
}

func (lay layout) matches(have map[string]int) bool {
	if len(lay.cols) == 0 {
		return false
	}
	for h := range lay.cols {
		if _, ok := have[h]; !ok {
			return false
		}
	}
	return true
}

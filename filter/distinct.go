package filter

import (
	"strings"

	"rolo/contact"
)

// Distinct lists a field's values with how many contacts have each, most
// frequent first (ties alphabetically), for typeahead and group pickers.
// List fields (groups, tags, e-mails, phones) count each element; empty
// values are left out.
func (ix *Index) Distinct(field string) []ValueCount {
	fd, ok := contact.LookupField(field)
	if !ok {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	counts := map[string]int{}
	switch c := st.column(fd.Name).(type) {
	case nil:
		if fd.Name != "id" {
			return nil
		}
	case *strCol:
		if c.ar == nil {
			per := make([]int, len(c.dict))
			c.codes.count(per)
			for code, n := range per {
				if code != 0 && n > 0 {
					counts[c.dict[code]] = n
				}
			}
			return sortCounts(counts)
		}
	case *listCol:
		for code, m := range c.members {
			if n := m.count(); n > 0 {
				counts[c.dict[code]] = n
			}
		}
		return sortCounts(counts)
	}
	multi := fd.Kind == contact.KindEmails || fd.Kind == contact.KindPhones
	st.needIDs()
	for r, id := range st.ids {
		if st.dead.has(uint32(r)) {
			continue
		}
		var v string
		if fd.Name == "id" {
			counts[uitoa(id)]++
			continue
		}
		v = st.column(fd.Name).cell(uint32(r))
		if v == "" {
			continue
		}
		if multi {
			for _, e := range strings.Split(v, contact.ListSep) {
				counts[strings.Clone(e)]++
			}
			continue
		}
		if _, ok := counts[v]; !ok {
			v = strings.Clone(v)
		}
		counts[v]++
	}
	return sortCounts(counts)
}

func uitoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

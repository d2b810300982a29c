package storesink

import (
	"slices"
	"strings"

	"rolo/importer"
	"rolo/store"
)

// The mapping a user chose for a header set is remembered in the store's
// preferences, so that next week's export from the same system maps
// itself: in the wizard and in rolo import alike.

// MappingPref is the preference key of a header set's mapping.
func MappingPref(columns []string) string { return "import.mapping." + importer.HeaderKey(columns) }

// Remembered returns the mapping remembered for a header set (nil if none),
// as overrides by column name.
func Remembered(s *store.Store, columns []string) ([]importer.MapEntry, error) {
	var m map[string]string
	ok, err := s.Pref(MappingPref(columns), &m)
	if err != nil || !ok {
		return nil, err
	}
	var out []importer.MapEntry
	for col, field := range m {
		if f, err := importer.ParseTarget(field); err == nil {
			out = append(out, importer.MapEntry{Column: col, Field: f})
		}
	}
	slices.SortFunc(out, func(a, b importer.MapEntry) int { return strings.Compare(a.Column, b.Column) })
	return out, nil
}

// Remember stores a table's mapping for its header set.
func Remember(s *store.Store, columns []string, m importer.Mapping) error {
	return s.SetPref(MappingPref(columns), m.Entries())
}

package contact

import (
	"slices"
	"strings"
)

// Identity: when two records may be the same person.
//
// An e-mail, a CRM ID or a tax ID is a strong key: two records that share
// one are the same person. A phone is a weak key: households, offices and
// switchboards share numbers, so a shared phone makes two records one
// person only when their names do not conflict (NamesAgree).

// NamesAgree reports whether a and b may name the same person: one of them
// has no name, or their names are the same after folding case, accents and
// script ("Łukasz Żak" = "LUKASZ ZAK", "Сергей Иванов" = "Sergei Ivanov"),
// in any order, and with a middle name only one of them gives.
func NamesAgree(a, b *Contact) bool {
	na, nb := identityName(a), identityName(b)
	if na.empty() || nb.empty() {
		return true
	}
	if slices.Equal(na.all, nb.all) {
		return true
	}
	// A middle name only one side gives does not make two people.
	if len(na.middle) == 0 || len(nb.middle) == 0 {
		return slices.Equal(na.outer, nb.outer)
	}
	return false
}

// SameName reports whether a and b have names and NamesAgree: the
// difference between "no name to go by" and "the same name".
func SameName(a, b *Contact) bool {
	return !identityName(a).empty() && !identityName(b).empty() && NamesAgree(a, b)
}

type nameWords struct {
	all    []string // every word, folded and sorted
	outer  []string // first and last name words, folded and sorted
	middle []string
}

func (n nameWords) empty() bool { return len(n.all) == 0 }

// identityName is a contact's name as identity compares it: the personal
// name, or the company for a contact without one.
func identityName(c *Contact) nameWords {
	var n nameWords
	first, last := words(c.FirstName), words(c.LastName)
	n.middle = words(c.MiddleName)
	if len(first)+len(last)+len(n.middle) == 0 {
		first = words(c.Company)
	}
	n.outer = append(first, last...)
	slices.Sort(n.outer)
	n.all = append(slices.Clone(n.outer), n.middle...)
	slices.Sort(n.all)
	return n
}

func words(s string) []string {
	if s == "" {
		return nil
	}
	return strings.FieldsFunc(Translit(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '.' || r == ',' || r == '\'' || r == '\t'
	})
}

package filter

import (
	"slices"
	"strings"

	"rolo/contact"
)

// Search is the quick search: contacts whose name, company or e-mail holds
// every word of query (case-, accent- and script-insensitive: "kowalski
// jan", "ivanov"). A query written like a phone number is searched as its
// digits, in phones and e-mails; a whole number typed in national form is
// normalised with Options.Country first, so "601 234 567" finds
// +48601234567. At most limit IDs (all when limit <= 0), ascending.
//
// Rows are searched a slice at a time, in ID order, so a common name stops
// as soon as limit contacts are found.
func (ix *Index) Search(query string, limit int) []uint64 {
	q := fold(contact.CleanText(query))
	words := strings.Fields(q)
	if len(words) == 0 {
		return nil
	}
	digits := searchDigits(query, ix.opt.Country)
	if digits != "" {
		// A number is one word, whatever its spacing ("601 234 567").
		words = []string{onlyDigits(query)}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	st.needIDs()
	n := st.rows()
	name := st.column("full_name").(*nameCol)
	emails := st.column("emails").(*strCol)
	phones := st.column("phones").(*strCol)
	companyCol := st.column("company").(*strCol)
	// A company column with a dictionary is tested once per distinct value
	// for the whole index; an arena one a slice at a time like the rest.
	companyFull := make([]bitset, len(words))
	if companyCol.ar == nil {
		fd, _ := contact.LookupField("company")
		for i, w := range words {
			companyFull[i] = newBitset(n)
			companyCol.eval(&pred{field: fd, op: Contains, texts: []string{w}}, companyFull[i])
		}
	}
	hits, word := newBitset(n), newBitset(n)
	var out []uint64
	slice := ix.searchSlice
	for r0 := 0; r0 < n; r0 += slice {
		r1 := min(n, r0+slice)
		w0, w1 := r0/64, (r1+63)/64
		hits[w0:w1].fill(r1 - r0)
		for i, w := range words {
			clear(word[w0:w1])
			name.ar.scanRange(w, mContains, r0, r1, word)
			emails.ar.scanRange(w, mContains, r0, r1, word)
			if companyCol.ar == nil {
				word[w0:w1].or(companyFull[i][w0:w1])
			} else {
				companyCol.ar.scanRange(w, mContains, r0, r1, word)
			}
			hits[w0:w1].and(word[w0:w1])
		}
		if digits != "" {
			phones.ar.scanRange(digits, mContains, r0, r1, hits)
		}
		hits[w0:w1].andNot(st.dead[w0:min(w1, len(st.dead))])
		done := false
		hits[w0:w1].each(func(r uint32) bool {
			out = append(out, st.ids[r0+int(r)])
			done = st.sorted && limit > 0 && len(out) >= limit
			return !done
		})
		if done {
			break
		}
	}
	if !st.sorted {
		slices.Sort(out)
		if limit > 0 && len(out) > limit {
			out = out[:limit]
		}
	}
	return out
}

// searchDigits is what a query is searched for among phone numbers: the
// E.164 digits when it is a whole number (national form normalised with the
// default country), else its digits when it is written like a phone
// number (digits, spaces, + - . / ( )) with at least three digits, else "".
func searchDigits(query, country string) string {
	q := contact.CleanText(query)
	digits := 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" -()+./", r):
		default:
			return ""
		}
	}
	if digits < 3 {
		return ""
	}
	if p, err := contact.NormalizePhone(q, country); err == nil {
		return strings.TrimPrefix(p.Number, "+")
	}
	return strings.TrimPrefix(onlyDigits(q), "00")
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

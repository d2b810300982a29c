package filter

import (
	"slices"
	"strings"

	"rolo/contact"
)

// Search is the quick search: contacts whose name, company or e-mail holds
// every word of query (case-, accent- and script-insensitive: "kowalski
// jan", "ivanov"), or whose phone holds its digits (a number typed in
// national form is normalised with Options.Country first, so "601 234 567"
// finds +48601234567). At most limit IDs (all when limit <= 0), ascending.
func (ix *Index) Search(query string, limit int) []uint64 {
	q := fold(contact.CleanText(query))
	words := strings.Fields(q)
	if len(words) == 0 {
		return nil
	}
	digits := searchDigits(query, ix.opt.Country)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	n := st.rows()
	name := st.cols["full_name"].(*nameCol)
	company, _ := contact.LookupField("company")
	emails, _ := contact.LookupField("emails")
	hits := newBitset(n)
	hits.fill(n)
	word := newBitset(n)
	for _, w := range words {
		clear(word)
		name.ar.scan(w, mContains, word)
		for _, f := range []contact.Field{company, emails} {
			st.cols[f.Name].eval(&pred{field: f, op: Contains, texts: []string{w}}, word)
		}
		hits.and(word)
	}
	if digits != "" {
		st.cols["phones"].(*strCol).ar.scan(digits, mContains, hits)
	}
	hits.andNot(st.dead)
	var out []uint64
	hits.each(func(r uint32) bool {
		out = append(out, st.ids[r])
		return !st.sorted || limit <= 0 || len(out) < limit
	})
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
	var b strings.Builder
	for _, r := range q {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return strings.TrimPrefix(b.String(), "00")
}

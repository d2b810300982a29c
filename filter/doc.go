// Package filter is rolo's filter engine: the condition model, the --where
// text syntax, evaluation, and the in-memory Index that filters, sorts and
// searches a million contacts at once. It is shared by the command line
// (rolo list, count, export) and the TUI's filter builder. It imports
// contact/ and nothing else of rolo (never store/, never bubbletea).
//
// # The model
//
// A Filter is a list of Conditions joined by AND; a Condition is a field, an
// operator and one or more values joined by OR. The zero Filter matches
// everything. Fields are canonical names (contact.LookupField), custom:<name>
// and consent:<name>; Parse canonicalises aliases (group → groups, email →
// emails). The text form round-trips: Parse(f.String()) equals f for any f
// Parse returned.
//
//	city = Kraków, Łódź and consent:sms = yes and points >= 100 and email exists and group not in Churned
//
// # Semantics, by field type
//
//   - Negative operators (!=, not in, not exists) are the negation of their
//     positive form: "city != A, B" is "neither A nor B", and a contact with
//     no city passes it.
//   - Text (=, contains, starts with) ignores case, accents and script:
//     both sides are folded with contact.Translit, so "lodz" finds "Łódź",
//     "wisniewski" finds "Wiśniewski", "strasse" finds "Straße", "sao" finds
//     "São", "ivanov" finds "Иванов". Tax IDs are compared normalised
//     (contact.NormalizeTaxID); countries by ISO code, given as a code or a
//     name ("country = Polska").
//   - Lists (groups, tags, emails, phones): "=", "in" hold when any element
//     matches any value; "!=", "not in" when none does; exists when the list
//     is not empty.
//   - Phones: a value that is a whole number is normalised to E.164 (a
//     national form with Options.Country) and compared exactly; otherwise
//     its digits are compared with the number's digits. contains searches
//     digits; starts with a national prefix gets the default country's
//     calling code ("starts with 0151" with DE is +49151…).
//   - Numbers (points, paid_total, id) compare as numbers; an absent number
//     passes only != and not exists.
//   - Dates and times (birth_date, created_at, updated_at) take 2026-11-02
//     (or any form contact.ParseDateIn reads), 2026-11, 2026, an RFC 3339
//     time, today, yesterday, tomorrow, or relative -30d, -2w, -6m, -1y,
//     +7d. A date names a whole day (month, year) in UTC: "=" is within it,
//     ">" after it, ">=" from its start, "<" before it, "<=" up to its end;
//     so "created_at >= -30d" is "created in the last 30 days". A date
//     whose day and month could be swapped (4/12/1959) is read in the
//     default country's order. birth_date = --07-22 (or --07, a month)
//     is a birthday of any year, also one stored without a year.
//   - Consents: consent:sms = yes (granted), = no (refused or withdrawn),
//     exists (recorded either way), not exists (never asked), != yes (not
//     granted, including never asked); with a date, when it was given:
//     "consent:sms >= -30d" is granted in the last 30 days.
//   - Status and priority take one of their values; Parse refuses others.
//
// # The Index and the first screen
//
// NewIndex + Build(st.ScanLean) makes the in-memory copy the TUI keeps
// for Match, Count, Sort, Search, Value and Distinct; Upsert and Delete keep
// it in step with edits. Building it for a million contacts takes about a
// second, so a screen shows its first page before that:
//
//	total, _ := st.Count()                       // meta counter, instant
//	ids, ok, _ := filter.LoadOrder(st, "full_name") // saved order, if current
//	if ok { rows, _ := st.GetMany(ids[:pageSize]) } // first page: draw it
//	go func() { ix.Reserve(total); ix.Build(st.ScanLean); send(indexReadyMsg{ix}) }()
//	// when ready: switch to the Index; if !ok, filter.SaveOrder(st, ix, "full_name")
//
// st.ScanLean is st.ScanBorrowed that drops the store file's pages behind
// it as it goes (st.ReleasePages does it once, after any pass), so the
// process does not keep some 500 MB of the file resident after reading a
// million contacts; the index itself is about 290 MB (Index.Memory).
// Reserve(total) before Build sizes the columns once, so the build peaks
// near that (360 MB resident for 1M) instead of copying growing columns
// (550 MB).
//
// LoadOrder only returns an order saved at the store's current generation
// (any change to contacts makes it stale), so it never shows a deleted or
// misplaced contact. *store.Store satisfies Cache. SaveOrder on a read-only
// store fails harmlessly; ignore its error there.
//
// # API notes for callers
//
// The surface in /work/briefs/filter-api.md is fixed; additions are listed
// here:
//   - Filter.Compile(Options) (Matcher, error): test contacts one at a time
//     while streaming a store (exports, counts without an Index).
//   - Condition.String, Condition.Describe: one condition's text and words.
//   - SyntaxError.Column: the 1-based character column of the word.
//   - Index.Memory: about how many bytes the index holds.
//   - Index.Reserve(n): the number of contacts the next Build will read.
//   - Sorter (NewSorter, Add, IDs): Index.Sort's order in one pass over a
//     store, without an Index (rolo list --sort).
//   - (*store.Store).ScanLean and ReleasePages (store/cache.go): see above.
package filter

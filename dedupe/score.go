package dedupe

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"rolo/contact"
)

// entry is what the finder keeps of one contact: the values that identify
// a person, copied (the finder is fed borrowed contacts), and compared
// forms prepared once.
type entry struct {
	id        uint64
	updated   int64
	who       person
	emails    []string // as stored: trimmed, lower-case
	canon     []string // canonicalEmail of each, or nil when every one is its own
	phones    []string // E.164, WhatsApp and Viber numbers included
	tax       string   // NormalizeTaxID without a country prefix
	taxShow   string
	crm       string
	birth     string // YYYY-MM-DD
	city      string // as written
	cityKey   string // folded and transliterated
	postal    string // country + postal code reduced to letters and digits
	street    string // street and house as written
	streetKey string // city, street and house, folded
	// How many contacts of the city there are, and how many of them have
	// this first name and this last name (set by the finder; 0 when
	// unknown): how likely a namesake is.
	cityPop, cityFirst, cityLast uint32
}

func newEntry(c *contact.Contact, cache tokens) *entry {
	e := &entry{id: c.ID, updated: c.UpdatedAt.UnixNano(), who: newPerson(c, cache)}
	for _, m := range c.Emails {
		if m != "" {
			e.emails = append(e.emails, strings.Clone(m))
		}
	}
	for i, m := range e.emails {
		if cm := canonicalEmail(m); cm != m && e.canon == nil {
			e.canon = slices.Clone(e.emails)
			e.canon[i] = cm
		} else if e.canon != nil {
			e.canon[i] = cm
		}
	}
	for _, p := range c.Phones {
		e.addPhone(p.Number)
	}
	e.addPhone(c.WhatsApp)
	e.addPhone(c.Viber)
	if t := taxKey(c.TaxID); t != "" {
		e.tax, e.taxShow = t, strings.Clone(c.TaxID)
	}
	e.crm = strings.Clone(strings.TrimSpace(c.CRMID))
	e.birth = strings.Clone(c.BirthDate)
	if city := strings.TrimSpace(c.Address.City); city != "" {
		tk := cache.of(city)
		e.city, e.cityKey = tk.raw, tk.t
	}
	if pc := contact.NormalizeTaxID(c.Address.PostalCode); pc != "" {
		e.postal = c.Address.Country + " " + pc // a new string: nothing borrowed
	}
	if c.Address.Street != "" && c.Address.House != "" && e.cityKey != "" {
		e.street = strings.Clone(strings.TrimSpace(c.Address.Street) + " " + strings.TrimSpace(c.Address.House))
		e.streetKey = e.cityKey + "|" + cache.of(strings.TrimSpace(c.Address.Street)).t + " " + contact.Translit(strings.TrimSpace(c.Address.House))
	}
	return e
}

func (e *entry) addPhone(p string) {
	if p != "" && !slices.Contains(e.phones, p) {
		e.phones = append(e.phones, strings.Clone(p))
	}
}

// taxKey reduces a tax ID to compare it across formats: letters and digits,
// without a two-letter country prefix (PL 123-456-32-18 = 1234563218).
func taxKey(s string) string {
	t := contact.NormalizeTaxID(s)
	if len(t) > 2 && unicode.IsLetter(rune(t[0])) && unicode.IsLetter(rune(t[1])) {
		t = t[2:]
	}
	if len(t) < 6 {
		return ""
	}
	return t
}

// canonicalEmail makes addresses that reach one mailbox equal: a +tag is
// dropped, and for Gmail the dots in the local part and the googlemail.com
// domain.
func canonicalEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	if at <= 0 {
		return e
	}
	local, domain := e[:at], e[at+1:]
	plus := strings.IndexByte(local, '+')
	gmail := domain == "gmail.com" || domain == "googlemail.com"
	if plus <= 0 && !gmail {
		return e
	}
	if plus > 0 {
		local = local[:plus]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}

// Weights of the evidence. A score is their sum, clamped to [0, 1]; the
// defaults report pairs from 0.6 and merge from 0.8. They were set against
// the generated test set (see gen_test.go): an identifier with a similar
// name, or a similar name with a birth date, or a similar name with an
// address, is a duplicate; a name alone, even in the same city, is not;
// two birth dates that differ are two people.
const (
	wTax          = 0.9
	wEmail        = 0.9
	wEmailCanon   = 0.8
	wCRM          = 0.9
	wPhone        = 0.6
	wPhoneShared  = 0.4  // a number more than two contacts have
	wMoreIDs      = 0.1  // each further kind of identifier in common
	wNameSame     = 0.35 // same up to case, accents, script or spelling; swapped
	wNameTypo     = 0.25
	wNameInitial  = 0.2
	wCommonName   = -0.1  // a name many in the city have (a namesake is likely)
	wFirstDiffers = -0.35 // one family, two people (a shared home phone)
	wNamesDiffer  = -0.5
	wMiddleDiffer = -0.8 // two patronymics or middle names: two people
	wBirth        = 0.35
	wBirthTypo    = -0.1 // dates one slip apart (a digit, day and month swapped)
	wBirthDiffers = -0.8
	wCity         = 0.1
	wRareInCity   = 0.25
	wPostal       = 0.15
	wStreet       = 0.3
)

// compare scores a pair. With explain it also says why in words, strongest
// evidence first: "same phone +48601234567; names differ only in accents"
// (the finder asks only for pairs that make the threshold). shared counts
// the contacts of phones held by more than two.
func compare(a, b *entry, shared map[string]int, explain bool) (float64, string) {
	var why []string
	say := func(s string) {
		if explain {
			why = append(why, s)
		}
	}
	strong := 0.0
	kinds := 0
	found := func(w float64) {
		kinds++
		strong = max(strong, w)
	}
	if a.tax != "" && a.tax == b.tax {
		found(wTax)
		say("same tax ID " + a.taxShow)
	}
	if e := commonString(a.emails, b.emails); e != "" {
		found(wEmail)
		say("same e-mail " + e)
	} else if ea, eb := commonCanonical(a, b); ea != "" {
		found(wEmailCanon)
		say("e-mails reach one mailbox (" + ea + " / " + eb + ")")
	}
	if p := commonString(a.phones, b.phones); p != "" {
		if n := shared[p]; n > 2 {
			found(wPhoneShared)
			if explain {
				say(fmt.Sprintf("phone %s, which %d contacts share", p, n))
			}
		} else {
			found(wPhone)
			say("same phone " + p)
		}
	}
	phoneOnly := kinds == 1 && strong <= wPhone
	if a.crm != "" && a.crm == b.crm {
		found(wCRM)
		say("same CRM ID " + a.crm)
		phoneOnly = false
	}
	score := strong
	if kinds > 1 {
		score += wMoreIDs * float64(kinds-1)
	}
	m := compareNames(a.who, b.who)
	switch m {
	case nameSame, nameCase, nameAccents, nameScript, nameSpelling, nameSwapped:
		score += wNameSame
	case nameTypo:
		score += wNameTypo
	case nameInitial:
		score += wNameInitial
	case nameFirstDiffers:
		score += wFirstDiffers
	case nameDiffer:
		score += wNamesDiffer
	}
	if explain && m != nameMissing {
		say(describeNames(a.who, b.who, m))
	}
	// The identity rule (see contact/identity.go): a shared phone is a
	// household's or an office's as often as one person's, so two
	// contacts whose only link is a phone and whose names conflict are
	// two people, whatever the minimum score asked for.
	if phoneOnly && (m == nameFirstDiffers || m == nameDiffer) {
		say("a shared phone alone does not make them one person")
		return 0, strings.Join(why, "; ")
	}
	if m.similar() && middleDiffers(a.who, b.who) {
		score += wMiddleDiffer
		say("middle names differ (" + a.who.middle + " / " + b.who.middle + ")")
	}
	// Where and when only count for names that may be one person's: a
	// household shares the address, not the person.
	if !m.similar() && m != nameMissing {
		return clamp(score), strings.Join(why, "; ")
	}
	switch {
	case a.birth == "" || b.birth == "":
	case a.birth == b.birth:
		score += wBirth
		say("same birth date " + a.birth)
	case (strings.HasPrefix(a.birth, "--") || strings.HasPrefix(b.birth, "--")) && a.birth[len(a.birth)-5:] == b.birth[len(b.birth)-5:]:
		// A birthday without a year (--07-22) agrees with any year's.
		score += wBirth / 2
		say("same birthday " + a.birth[len(a.birth)-5:] + ", one without a year")
	case birthSlip(a.birth, b.birth):
		score += wBirthTypo
		say("birth dates one slip apart (" + a.birth + " / " + b.birth + ")")
	default:
		score += wBirthDiffers
		say("birth dates differ (" + a.birth + " / " + b.birth + ")")
	}
	sameCity := a.cityKey != "" && a.cityKey == b.cityKey
	if a.streetKey != "" && a.streetKey == b.streetKey {
		score += wStreet
		say("same address " + a.street + ", " + a.city)
	} else if sameCity {
		score += wCity
		say("both in " + a.city)
	}
	if a.postal != "" && a.postal == b.postal {
		score += wPostal
		say("same postal code")
	}
	if sameCity && m.similar() {
		switch namesakes := expectedNamesakes(a, b); {
		case namesakes < 0:
		case namesakes < rareExpected:
			score += wRareInCity
			say("nobody else in " + a.city + " has this name")
		case namesakes >= commonExpected:
			score += wCommonName
			say("a common name in " + a.city)
		}
	}
	return clamp(score), strings.Join(why, "; ")
}

func clamp(score float64) float64 {
	return math.Round(min(max(score, 0), 1)*100) / 100
}

// birthSlip reports whether two dates differ by one character or by day
// and month swapped: a typing slip rather than two people.
func birthSlip(a, b string) bool {
	if len(a) != 10 || len(b) != 10 {
		return false
	}
	if a[:4] == b[:4] && a[5:7] == b[8:10] && a[8:10] == b[5:7] {
		return true
	}
	diff := 0
	for i := range len(a) {
		if a[i] != b[i] {
			diff++
		}
	}
	return diff == 1
}

// expectedNamesakes is how many contacts of the pair's city would share
// both their names by chance: the city's size times how common each name
// is there (-1 when unknown). Two Anna Kowalskas in Warsaw are two people;
// two Zbigniew Brzęczyszczykiewiczes are probably one.
func expectedNamesakes(a, b *entry) float64 {
	if a.cityPop == 0 || b.cityPop == 0 {
		return -1
	}
	first := float64(max(a.cityFirst, b.cityFirst))
	last := float64(max(a.cityLast, b.cityLast))
	return first * last / float64(a.cityPop)
}

// Thresholds on expectedNamesakes: below rareExpected a name is rare in
// the city, from commonExpected on it is common.
const (
	rareExpected   = 0.1
	commonExpected = 3
)

func commonString(a, b []string) string {
	for _, x := range a {
		if slices.Contains(b, x) {
			return x
		}
	}
	return ""
}

// commonCanonical finds an e-mail of a and one of b that reach one
// mailbox.
func commonCanonical(a, b *entry) (string, string) {
	if a.canon == nil && b.canon == nil {
		return "", "" // no +tag, no Gmail: only equal addresses match
	}
	ca, cb := a.canon, b.canon
	if ca == nil {
		ca = a.emails
	}
	if cb == nil {
		cb = b.emails
	}
	for i, x := range ca {
		if j := slices.Index(cb, x); j >= 0 {
			return a.emails[i], b.emails[j]
		}
	}
	return "", ""
}

// Compare scores two contacts as the finder would (without knowing how
// common their name or phone is in the store) and says why: for a screen
// that shows two contacts side by side.
func Compare(a, b *contact.Contact) Pair {
	ea, eb := newEntry(a, nil), newEntry(b, nil)
	score, why := compare(ea, eb, nil, true)
	return Pair{A: a.ID, B: b.ID, Score: score, Reason: why}
}

package dedupe

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"rolo/contact"
	"rolo/demo"
)

// A generated set with known duplicates: demo contacts, and for a share of
// them one or two copies written the way the same person turns up again in
// another system: accents dropped, Cyrillic transliterated (in more than
// one romanisation), a typo, other letter case, first and last name
// swapped, an e-mail with a +tag or Gmail dots, a tax ID formatted
// otherwise, and each copy keeping only some of what identifies the person
// (the phone, the e-mail, the birth date, the address). Households that
// share a landline, and the many namesakes of demo data (its names come
// from short lists), are there to be told apart.

type labelled struct {
	contacts []*contact.Contact
	truth    map[[2]uint64]bool // every pair of contacts that are one person
	variants map[string]int     // how many copies of each kind of name variation
}

var genNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// generateLabelled makes n demo contacts plus duplicates of dupShare of
// them (a tenth of those duplicated twice). IDs are positions from 1.
func generateLabelled(n int, dupShare float64, seed uint64) *labelled {
	g := demo.New(seed, 0, genNow)
	r := rand.New(rand.NewPCG(seed, 99))
	out := &labelled{truth: map[[2]uint64]bool{}, variants: map[string]int{}}
	add := func(c *contact.Contact) uint64 {
		c.ID = uint64(len(out.contacts) + 1)
		out.contacts = append(out.contacts, c)
		return c.ID
	}
	for range n {
		orig := g.Next()
		id := add(orig)
		if r.Float64() >= dupShare {
			continue
		}
		copies := 1
		if r.IntN(10) == 0 {
			copies = 2
		}
		ids := []uint64{id}
		for range copies {
			d, kind := duplicateOf(r, orig)
			out.variants[kind]++
			ids = append(ids, add(d))
		}
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				out.truth[[2]uint64{ids[i], ids[j]}] = true
			}
		}
	}
	return out
}

// duplicateOf writes orig again, as another system would have it.
func duplicateOf(r *rand.Rand, orig *contact.Contact) (*contact.Contact, string) {
	d := &contact.Contact{
		FirstName: orig.FirstName, MiddleName: orig.MiddleName, LastName: orig.LastName,
		Status: contact.StatusContact, Source: "import:dup",
		CreatedAt: orig.CreatedAt.Add(time.Duration(r.IntN(1000)) * time.Hour),
	}
	d.UpdatedAt = d.CreatedAt
	kind := "same"
	switch v := r.IntN(8); {
	case v == 0 && hasAccents(orig.FirstName+orig.LastName):
		d.FirstName, d.LastName, kind = stripAccents(orig.FirstName), stripAccents(orig.LastName), "accents dropped"
	case v <= 1 && isCyrillic(orig.LastName):
		d.FirstName, d.LastName, kind = romanise(r, orig.FirstName), romanise(r, orig.LastName), "transliterated"
	case v == 2 && len(orig.LastName) >= 5:
		d.LastName, kind = typo(r, orig.LastName), "typo"
	case v == 3 && len(orig.FirstName) >= 5:
		d.FirstName, kind = typo(r, orig.FirstName), "typo"
	case v == 4:
		d.FirstName, d.LastName, kind = strings.ToUpper(orig.FirstName), strings.ToUpper(orig.LastName), "upper case"
	case v == 5:
		d.FirstName, d.LastName, kind = orig.LastName, orig.FirstName, "swapped"
	}
	if r.IntN(4) == 0 {
		d.MiddleName = ""
	}
	// What the copy shares with the original: each at random, at least one.
	shared := 0
	if len(orig.Phones) > 0 && r.IntN(10) < 6 {
		p := orig.Phones[0]
		p.Raw = contact.FormatPhone(p.Number) // written otherwise; the number is the same
		d.Phones = []contact.Phone{p}
		shared++
	}
	if len(orig.Emails) > 0 {
		switch r.IntN(10) {
		case 0, 1, 2:
			d.Emails = []string{orig.Emails[0]}
			shared++
		case 3, 4:
			d.Emails = []string{plusTag(orig.Emails[0])}
			shared++
		}
	}
	if orig.BirthDate != "" && r.IntN(10) < 6 {
		d.BirthDate = orig.BirthDate
		shared++
	}
	d.Address.City, d.Address.Country = orig.Address.City, orig.Address.Country
	if r.IntN(2) == 0 {
		d.Address = orig.Address
		shared++
	}
	if orig.TaxID != "" && r.IntN(3) == 0 {
		d.TaxID = contact.NormalizeTaxID(orig.TaxID) // digits only
		shared++
	}
	if shared == 0 && len(orig.Phones) > 0 {
		d.Phones = []contact.Phone{orig.Phones[0]}
	} else if shared == 0 {
		d.Address = orig.Address
	}
	if r.IntN(5) == 0 { // some come with their own new e-mail
		d.AddEmail(fmt.Sprintf("new%d@example.net", r.IntN(1_000_000_000)))
	}
	return d, kind
}

func hasAccents(s string) bool { return stripAccents(s) != s }

// stripAccents drops accents keeping case: Łucja Wiśniewska → Lucja
// Wisniewska, as a system without diacritics writes it.
func stripAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ł':
			b.WriteRune('l')
		case r == 'Ł':
			b.WriteRune('L')
		case r == 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// romanise writes a Cyrillic name in Latin letters, in the passport style
// Translit uses or in the older English one (Sergey, Yuliya, Aleksey).
func romanise(r *rand.Rand, s string) string {
	l := contact.Translit(s)
	if r.IntN(2) == 0 {
		l = strings.NewReplacer("ei", "ey", "ii", "iy", "iu", "yu", "ia", "ya").Replace(l)
	}
	if l == "" {
		return l
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// typo makes one slip: a letter dropped, doubled, swapped with the next or
// replaced by a neighbour on the keyboard.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	i := 1 + r.IntN(len(rs)-2)
	switch r.IntN(4) {
	case 0:
		return string(append(rs[:i:i], rs[i+1:]...))
	case 1:
		return string(append(rs[:i+1:i+1], rs[i:]...))
	case 2:
		rs[i], rs[i+1] = rs[i+1], rs[i]
		return string(rs)
	}
	rs[i] = 'e'
	if rs[i] == []rune(s)[i] {
		rs[i] = 'a'
	}
	return string(rs)
}

// plusTag writes an e-mail that reaches the same mailbox.
func plusTag(e string) string {
	at := strings.LastIndexByte(e, '@')
	if strings.HasSuffix(e, "@gmail.com") {
		return strings.Replace(e[:at], ".", "", 1) + "+shop" + e[at:]
	}
	return e[:at] + "+news" + e[at:]
}

// evaluate scores clusters against the truth: every pair within a cluster
// is a predicted duplicate pair.
func (l *labelled) evaluate(clusters []Cluster) (precision, recall float64, tp, fp int) {
	for _, c := range clusters {
		for i := range c.IDs {
			for j := i + 1; j < len(c.IDs); j++ {
				if l.truth[[2]uint64{c.IDs[i], c.IDs[j]}] {
					tp++
				} else {
					fp++
				}
			}
		}
	}
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	recall = float64(tp) / float64(len(l.truth))
	return precision, recall, tp, fp
}

// only keeps the clusters (or their parts) held together at or above a
// score.
func only(cs []Cluster, min float64) []Cluster {
	var out []Cluster
	for _, c := range cs {
		out = append(out, c.Split(min)...)
	}
	return out
}

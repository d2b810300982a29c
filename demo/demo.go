// Package demo makes realistic, multi-country contacts: for a new user's first
// look at rolo, and as the data every benchmark runs on. The same seed
// always gives the same contacts.
package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"rolo/contact"
)

// Generator makes contacts one at a time.
type Generator struct {
	r     *rand.Rand
	hard  *rand.Rand // draws the hard cases, apart from r so that adding one changes no other contact
	more  *rand.Rand // draws second addresses, apart from both for the same reason
	seq   int
	now   time.Time
	total int // sum of country weights
	prev  *contact.Contact
	latin map[string]string // names in e-mail form, computed once each
}

// New returns a generator. start offsets the sequence that keeps e-mails,
// CRM IDs and tax IDs unique, so a second batch added to a store that has
// the first does not collide with it.
func New(seed uint64, start int, now time.Time) *Generator {
	g := &Generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), hard: rand.New(rand.NewPCG(seed^0x51ed2705, seed)),
		more: rand.New(rand.NewPCG(seed^0x2545f491, seed+1)), seq: start, now: now.UTC(), latin: map[string]string{}}
	for _, c := range countries {
		g.total += c.weight
	}
	return g
}

func (g *Generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *Generator) digits(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}

func (g *Generator) country() *country {
	n := g.r.IntN(g.total)
	for i := range countries {
		if n < countries[i].weight {
			return &countries[i]
		}
		n -= countries[i].weight
	}
	return &countries[0]
}

// pattern fills # with random digits.
func (g *Generator) pattern(p string) string { return patternWith(g.r, p) }

// patternWith fills the # of a pattern with digits drawn from rnd.
func patternWith(rnd *rand.Rand, p string) string {
	var b strings.Builder
	for _, r := range p {
		if r == '#' {
			b.WriteByte(byte('0' + rnd.IntN(10)))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Next returns a new contact (without an ID).
func (g *Generator) Next() *contact.Contact {
	g.seq++
	co := g.country()
	female := g.r.IntN(2) == 0
	c := &contact.Contact{Status: contact.StatusSubscriber, Source: "demo"}
	li := g.r.IntN(len(co.lastM))
	if female {
		c.FirstName = g.pick(co.female)
		c.LastName = co.lastM[li]
		if co.lastF != nil {
			c.LastName = co.lastF[li]
		}
		if co.middleF != nil {
			c.MiddleName = g.pick(co.middleF)
		}
	} else {
		c.FirstName = g.pick(co.male)
		c.LastName = co.lastM[li]
		if co.middleM != nil {
			c.MiddleName = g.pick(co.middleM)
		}
	}
	if g.r.IntN(10) == 0 {
		c.Status = contact.StatusContact
	}
	// A few households share a landline with the previous contact.
	household := false
	if p := g.prev; p != nil && g.r.IntN(100) == 0 && len(p.Phones) > 0 && p.Address.Country == co.code {
		c.LastName, c.Address = p.LastName, p.Address
		c.Phones = append(c.Phones, p.Phones[len(p.Phones)-1])
		household = true
	}
	namesake := g.hardCases(c, co, household)
	g.email(c, co)
	if household && !namesake && g.hard.IntN(3) == 0 {
		c.Emails = nil // the family reads the first member's mailbox
	}
	g.phones(c, co)
	g.address(c, co)
	g.workAddress(c, co)
	g.profile(c, co)
	g.state(c)
	g.prev = c
	return c
}

// hardCases makes the contacts that keep people apart on purpose, drawn
// from their own random stream: a household member with the other's name
// is renamed (two people, one landline, two names), a namesake of the
// previous contact (another person: other e-mail, other phone), and
// values a spreadsheet would run as a formula. It reports a namesake.
func (g *Generator) hardCases(c *contact.Contact, co *country, household bool) bool {
	p := g.prev
	if household && c.FirstName == p.FirstName {
		names := co.male
		if slices.Contains(co.female, p.FirstName) {
			names = co.female
		}
		for c.FirstName == p.FirstName {
			c.FirstName = names[g.hard.IntN(len(names))]
		}
	}
	namesake := false
	if !household && p != nil && p.Address.Country == co.code && g.hard.IntN(150) == 0 {
		c.FirstName, c.MiddleName, c.LastName = p.FirstName, p.MiddleName, p.LastName
		namesake = true
	}
	if g.hard.IntN(60) == 0 {
		c.SetCustom("referral", formulaLike[g.hard.IntN(len(formulaLike))])
	}
	return namesake
}

// formulaLike are values that begin as a spreadsheet formula would.
var formulaLike = []string{"@partner_shop", "=VIP=", "+10% on the next order", "-5 points (late return)", "@ann: call back", "'quoted' on purpose"}

func (g *Generator) email(c *contact.Contact, co *country) {
	if g.r.IntN(20) == 0 {
		return // no e-mail: phone only
	}
	first := g.emailName(c.FirstName)
	c.Emails = []string{fmt.Sprintf("%s.%s%d@%s", first, g.emailName(c.LastName), g.seq, g.pick(co.domains))}
	if g.r.IntN(8) == 0 {
		c.Emails = append(c.Emails, fmt.Sprintf("%s.work%d@%s", first, g.seq, "example.com"))
	}
}

// emailName writes a name the way it appears in an e-mail address.
func (g *Generator) emailName(name string) string {
	if l, ok := g.latin[name]; ok {
		return l
	}
	l := strings.NewReplacer(" ", "", "'", "").Replace(contact.Translit(name))
	g.latin[name] = l
	return l
}

func (g *Generator) phones(c *contact.Contact, co *country) {
	cc := map[string]string{"PL": "48", "DE": "49", "RU": "7", "BR": "55", "GB": "44", "US": "1"}[co.code]
	mobile := "+" + cc + g.pick(co.mobiles) + g.digits(co.mobileLen)
	if co.code == "US" { // NXX: an exchange never starts with 0 or 1
		mobile = "+" + cc + g.pick(co.mobiles) + fmt.Sprint(2+g.r.IntN(8)) + g.digits(6)
	}
	p := contact.Phone{Number: mobile, Raw: mobile, Origin: contact.OriginExplicit}
	c.Phones = append([]contact.Phone{p}, c.Phones...)
	if g.r.IntN(6) == 0 && len(c.Phones) == 1 {
		land := "+" + cc + g.pattern(g.pick(co.landlines))
		c.Phones = append(c.Phones, contact.Phone{Number: land, Raw: land, Origin: contact.OriginExplicit})
	}
	if g.r.IntN(3) == 0 {
		c.WhatsApp = mobile
	}
	if co.code == "RU" && g.r.IntN(2) == 0 {
		c.Telegram = "@" + g.emailName(c.FirstName) + fmt.Sprint(g.seq%1000)
	}
}

func (g *Generator) address(c *contact.Contact, co *country) {
	if c.Address.Country != "" {
		return // shares a household address
	}
	ci := co.cities[g.r.IntN(len(co.cities))]
	c.Address = contact.Address{
		Street: g.pick(co.streets), House: fmt.Sprint(1 + g.r.IntN(180)),
		PostalCode: g.pattern(ci.postal), City: ci.name, Region: ci.region, Country: co.code,
	}
	if g.r.IntN(4) == 0 {
		c.Address.House += "/" + fmt.Sprint(1+g.r.IntN(60))
	}
	if g.r.IntN(10) == 0 {
		c.Shipping = c.Address
		c.Shipping.Street = g.pick(co.streets)
	}
}

// workAddress gives one contact in 20 a work address besides its home.
func (g *Generator) workAddress(c *contact.Contact, co *country) {
	if g.more.IntN(20) != 0 {
		return
	}
	ci := co.cities[g.more.IntN(len(co.cities))]
	c.Address.Kind = contact.AddressHome
	c.AddAddress(contact.Address{Kind: contact.AddressWork, Street: co.streets[g.more.IntN(len(co.streets))],
		House: fmt.Sprint(1 + g.more.IntN(180)), PostalCode: patternWith(g.more, ci.postal), City: ci.name, Region: ci.region, Country: co.code})
}

func (g *Generator) profile(c *contact.Contact, co *country) {
	c.CRMID = fmt.Sprintf("C%07d", g.seq)
	if g.r.IntN(2) == 0 {
		c.TaxID = g.taxID(co.code)
	}
	if g.r.IntN(3) == 0 {
		c.Company = g.pick(co.companies)
		c.JobTitle = g.pick(co.jobs)
	}
	if g.r.IntN(4) != 0 {
		age := 18 + g.r.IntN(62)
		b := g.now.AddDate(-age, 0, -g.r.IntN(365))
		c.BirthDate = b.Format(time.DateOnly)
	}
	c.Manager = g.pick(managers)
	c.Timezone = co.timezone
	c.Points = contact.Num(float64(g.r.IntN(5000)))
	if g.r.IntN(3) != 0 {
		c.PaidTotal = contact.Num(float64(g.r.IntN(2000000)) / 100)
	}
	c.Priority = contact.Priorities[g.r.IntN(3)]
	if g.r.IntN(5) == 0 {
		c.Description = "Prefers contact in the morning"
	}
	if g.r.IntN(3) == 0 {
		c.SetCustom("loyalty_card", fmt.Sprintf("LC-%06d", g.seq%1000000))
	}
	c.SetCustom("language", strings.ToLower(co.code))
}

func (g *Generator) state(c *contact.Contact) {
	days := g.r.IntN(3 * 365)
	c.CreatedAt = g.now.AddDate(0, 0, -days).Add(-time.Duration(g.r.IntN(86400)) * time.Second)
	c.UpdatedAt = c.CreatedAt
	if days > 30 && g.r.IntN(3) == 0 {
		c.UpdatedAt = c.CreatedAt.AddDate(0, 0, g.r.IntN(days))
	}
	for _, name := range consents {
		if g.r.IntN(4) == 0 {
			continue
		}
		c.SetConsent(contact.Consent{Name: name, Granted: g.r.IntN(3) != 0, At: c.CreatedAt, Source: "demo"})
	}
	for _, gr := range groupNames {
		if g.r.IntN(6) == 0 {
			c.AddGroup(gr)
		}
	}
	for _, t := range tagNames {
		if g.r.IntN(8) == 0 {
			c.AddTag(t)
		}
	}
	if k, ok := c.Consent("email"); ok && !k.Granted && g.r.IntN(4) == 0 {
		c.Status = contact.StatusUnsubscribed
	}
}

// taxID makes a well-formed, unique tax identifier of the country: a Polish
// NIP, a Brazilian CPF or a Russian personal INN, with valid check digits.
func (g *Generator) taxID(code string) string {
	base := fmt.Sprintf("%09d", (g.seq*7919)%1000000000)
	switch code {
	case "PL":
		w := []int{6, 5, 7, 2, 3, 4, 5, 6, 7}
		sum := 0
		for i, d := range base {
			sum += int(d-'0') * w[i]
		}
		if sum%11 == 10 {
			return "" // no NIP has a check digit of 10
		}
		n := base + fmt.Sprint(sum%11)
		return n[:3] + "-" + n[3:6] + "-" + n[6:8] + "-" + n[8:]
	case "BR":
		d := base
		for _, start := range []int{10, 11} {
			sum := 0
			for i, r := range d {
				sum += int(r-'0') * (start - i)
			}
			v := sum * 10 % 11 % 10
			d += fmt.Sprint(v)
		}
		return d[:3] + "." + d[3:6] + "." + d[6:9] + "-" + d[9:]
	case "RU":
		d := "7" + base
		for _, w := range [][]int{{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}, {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}} {
			sum := 0
			for i, r := range d {
				sum += int(r-'0') * w[i]
			}
			d += fmt.Sprint(sum % 11 % 10)
		}
		return d
	case "DE":
		return fmt.Sprintf("DE%09d", g.seq) // a VAT number
	}
	return ""
}

package demo

import (
	"testing"
	"time"

	"rolo/contact"
)

// TestGeneratedDataIsValid checks what the demo promises a new user: every
// phone is a valid E.164 number, every e-mail valid, unique keys unique, and
// the same seed gives the same contacts.
func TestGeneratedDataIsValid(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	g := New(1, 0, now)
	emails, crm, tax := map[string]bool{}, map[string]bool{}, map[string]bool{}
	countries := map[string]int{}
	shared := 0
	phoneOwners := map[string]int{}
	for i := 0; i < 5000; i++ {
		c := g.Next()
		countries[c.Address.Country]++
		if c.FirstName == "" || c.LastName == "" {
			t.Fatalf("contact %d has no name: %+v", i, c)
		}
		for _, p := range c.Phones {
			got, err := contact.NormalizePhone(p.Number, "")
			if err != nil || got.Number != p.Number {
				t.Errorf("%s %s: phone %s is not valid E.164: %v", c.Address.Country, c.FullName(), p.Number, err)
			}
			phoneOwners[p.Number]++
			if phoneOwners[p.Number] == 2 {
				shared++
			}
		}
		for _, e := range c.Emails {
			if n, err := contact.NormalizeEmail(e); err != nil || n != e {
				t.Errorf("e-mail %q: %v", e, err)
			}
			if emails[e] {
				t.Errorf("e-mail %s repeated", e)
			}
			emails[e] = true
		}
		if crm[c.CRMID] {
			t.Errorf("CRM ID %s repeated", c.CRMID)
		}
		crm[c.CRMID] = true
		if c.TaxID != "" {
			n := contact.NormalizeTaxID(c.TaxID)
			if tax[n] {
				t.Errorf("tax ID %s repeated", c.TaxID)
			}
			tax[n] = true
		}
		if _, err := time.LoadLocation(c.Timezone); err != nil {
			t.Errorf("time zone %q: %v", c.Timezone, err)
		}
	}
	for _, cc := range []string{"PL", "DE", "RU", "BR", "GB", "US"} {
		if countries[cc] < 300 {
			t.Errorf("only %d contacts from %s", countries[cc], cc)
		}
	}
	if shared == 0 {
		t.Error("no household shares a phone; the shared-phone paths go untested")
	}
	a, b := New(7, 0, now).Next(), New(7, 0, now).Next()
	if !contact.Equal(a, b) {
		t.Error("the same seed gave different contacts")
	}
}

package dedupe

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/contact"
)

var mt0 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

func cluster() []*contact.Contact {
	a := &contact.Contact{ID: 3, FirstName: "Łucja", LastName: "Wiśniewska", Emails: []string{"lucja@wp.pl"},
		Phones: []contact.Phone{{Number: "+48601234567"}}, Groups: []string{"VIP"}, Tags: []string{"b2b"},
		Address:   contact.Address{Street: "ul. Długa", House: "7", City: "Łódź", Country: "PL"},
		Consents:  []contact.Consent{{Name: "email", Granted: true, At: mt0.Add(-48 * time.Hour)}, {Name: "sms", Granted: true, At: mt0}},
		Status:    contact.StatusSubscriber,
		CreatedAt: mt0.Add(-100 * time.Hour), UpdatedAt: mt0.Add(-10 * time.Hour), Source: "import:1"}
	a.SetCustom("loyalty", "LC-1")
	b := &contact.Contact{ID: 9, FirstName: "Lucja", LastName: "Wisniewska", Emails: []string{"l.w@firma.pl"},
		Phones: []contact.Phone{{Number: "+48601234567"}, {Number: "+48221234567"}}, Groups: []string{"Newsletter"},
		BirthDate: "1985-03-07", Company: "Żabka",
		Address:   contact.Address{Street: "ul. Łąkowa", House: "1", City: "Kraków", Country: "PL"},
		Consents:  []contact.Consent{{Name: "email", Granted: false, At: mt0.Add(-time.Hour)}, {Name: "sms", Granted: false, At: mt0}},
		Status:    contact.StatusUnsubscribed,
		CreatedAt: mt0.Add(-200 * time.Hour), UpdatedAt: mt0.Add(-time.Hour), Source: "import:2"}
	b.SetCustom("loyalty", "LC-2")
	b.SetCustom("language", "pl")
	return []*contact.Contact{a, b}
}

func TestDefaultPickAndMerge(t *testing.T) {
	cs := cluster()
	survivor, pick := DefaultPick(cs)
	if survivor != 3 {
		t.Errorf("survivor %d, want the oldest ID 3", survivor)
	}
	// b was updated last: its values win where it has one.
	for k, want := range map[string]uint64{"name": 9, "address": 9, "company": 9, "birth_date": 9, "status": 9, "custom:loyalty": 9, "custom:language": 9} {
		if pick[k] != want {
			t.Errorf("pick[%s] = %d, want %d", k, pick[k], want)
		}
	}
	m, err := Merge(cs, survivor, pick)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]string{
		"id": "3", "full_name": "Lucja Wisniewska", "company": "Żabka", "birth_date": "1985-03-07",
		"city": "Kraków", "street": "ul. Łąkowa", "status": contact.StatusUnsubscribed,
		"emails": "lucja@wp.pl; l.w@firma.pl", "phones": "+48601234567; +48221234567",
		"groups": "VIP; Newsletter", "tags": "b2b", "custom:loyalty": "LC-2", "custom:language": "pl",
		"consent:email": "no", // withdrawn later than it was granted
		"consent:sms":   "no", // a tie: the withdrawal wins
		"source":        "import:1",
	}
	for f, want := range checks {
		if got := m.Get(f); got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
	if !m.CreatedAt.Equal(mt0.Add(-200*time.Hour)) || !m.UpdatedAt.Equal(mt0.Add(-10*time.Hour)) {
		t.Errorf("times: created %v updated %v (want the earliest creation and the survivor's update)", m.CreatedAt, m.UpdatedAt)
	}
	// The inputs are untouched.
	if cs[0].FirstName != "Łucja" || len(cs[0].Emails) != 1 {
		t.Errorf("Merge changed its input: %+v", cs[0])
	}
}

func TestMergeExplicitPicks(t *testing.T) {
	cs := cluster()
	m, err := Merge(cs, 9, map[string]uint64{"name": 3, "address": 3, "city": 9, "status": 3})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%d %s | %s %s %s | %s | %s", m.ID, m.FullName(), m.Address.Street, m.Address.House, m.Address.City, m.Status, m.BirthDate)
	if want := "9 Łucja Wiśniewska | ul. Długa 7 Kraków | subscriber | 1985-03-07"; got != want {
		t.Errorf("merged %q\n  want %q", got, want)
	}
	if m.Emails[0] != "l.w@firma.pl" {
		t.Errorf("the survivor's e-mail should stay first: %v", m.Emails)
	}
	for _, tt := range []struct {
		cs       []*contact.Contact
		survivor uint64
		pick     map[string]uint64
		err      string
	}{
		{cs[:1], 3, nil, "at least two"},
		{cs, 4, nil, "not among"},
		{cs, 3, map[string]uint64{"name": 77}, "not being merged"},
		{cs, 3, map[string]uint64{"emails": 9}, "unioned"},
		{[]*contact.Contact{cs[0], {ID: 5, Status: contact.StatusErased}}, 3, nil, "erased"},
		{[]*contact.Contact{cs[0], cs[0]}, 3, nil, "twice"},
	} {
		if _, err := Merge(tt.cs, tt.survivor, tt.pick); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("Merge(%v) = %v, want an error with %q", tt.pick, err, tt.err)
		}
	}
}

func TestPickKeysAndDiffering(t *testing.T) {
	cs := cluster()
	keys := PickKeys(cs)
	for _, k := range []string{"name", "address", "shipping", "status", "custom:language", "custom:loyalty"} {
		if !slices.Contains(keys, k) {
			t.Errorf("PickKeys lacks %s: %v", k, keys)
		}
	}
	d := Differing(cs)
	if !slices.Contains(d, "name") || !slices.Contains(d, "birth_date") || slices.Contains(d, "manager") || slices.Contains(d, "shipping") {
		t.Errorf("Differing = %v", d)
	}
}

func TestMergeKeepsEveryAddress(t *testing.T) {
	a := &contact.Contact{ID: 1, FirstName: "Eva", Emails: []string{"eva@example.se"},
		Address: contact.Address{Kind: contact.AddressHome, Street: "Storgatan 1", City: "Uppsala"}}
	b := &contact.Contact{ID: 2, FirstName: "Eva", Emails: []string{"eva@work.se"},
		Address:       contact.Address{Kind: contact.AddressWork, Street: "Kungsgatan 9", City: "Stockholm"},
		MoreAddresses: []contact.Address{{City: "Visby"}}}
	out, err := Merge([]*contact.Contact{a, b}, 1, map[string]uint64{"address": 2})
	if err != nil {
		t.Fatal(err)
	}
	want := []contact.Address{b.Address, a.Address, {City: "Visby"}}
	if got := out.Addresses(); !slices.Equal(got, want) {
		t.Errorf("merged addresses\n got %+v\nwant %+v", got, want)
	}
}

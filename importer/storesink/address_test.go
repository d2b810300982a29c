package storesink

import (
	"slices"
	"testing"

	"rolo/contact"
	"rolo/importer"
)

// An Outlook export with a business and a home address: both are kept,
// the business one preferred; importing the file again changes nothing,
// and a row that moves the business address keeps the old one too.
func TestOutlookAddressesSurviveReimports(t *testing.T) {
	s, _ := openStore(t)
	header := "First Name;Last Name;E-mail Address;Business Street;Business City;Business Postal Code;Home Street;Home City"
	path := csvFile(t, header, "Eva;Lund;eva@example.se;Kungsgatan 9;Stockholm;111 43;Storgatan 1;Uppsala")
	rep := mustImport(t, s, path, importer.Options{Country: "SE"})
	if got := countsOf(rep); got != (counts{rows: 1, created: 1}) {
		t.Fatalf("first import: %+v, rejected %+v", got, rep.Rejected)
	}
	want := []contact.Address{
		{Kind: "work", Street: "Kungsgatan 9", PostalCode: "111 43", City: "Stockholm"},
		{Kind: "home", Street: "Storgatan 1", City: "Uppsala"},
	}
	if c := find(t, s, contact.KeyEmail, "eva@example.se"); !slices.Equal(c.Addresses(), want) || len(c.Custom) > 0 {
		t.Fatalf("stored addresses %+v, custom %+v", c.Addresses(), c.Custom)
	}
	rep = mustImport(t, s, path, importer.Options{Country: "SE"})
	if got := countsOf(rep); got != (counts{rows: 1, unchanged: 1}) {
		t.Errorf("second import: %+v", got)
	}
	moved := csvFile(t, header, "Eva;Lund;eva@example.se;Sveavägen 1;Stockholm;111 57;Storgatan 1;Uppsala")
	rep = mustImport(t, s, moved, importer.Options{Country: "SE"})
	if got := countsOf(rep); got != (counts{rows: 1, updated: 1}) {
		t.Errorf("moved: %+v", got)
	}
	c := find(t, s, contact.KeyEmail, "eva@example.se")
	if got := c.Addresses(); len(got) != 3 || got[0].Street != "Sveavägen 1" || got[0].Kind != "work" || !slices.Contains(got, want[0]) || !slices.Contains(got, want[1]) {
		t.Errorf("after the move: %+v", got)
	}
	// --empty clear makes the file the whole truth.
	rep = mustImport(t, s, moved, importer.Options{Country: "SE", ClearEmpty: true})
	if got := c.Get("city"); got != "Stockholm" || countsOf(rep).updated != 1 {
		t.Errorf("--empty clear: city %q, %+v", got, countsOf(rep))
	}
	if got := find(t, s, contact.KeyEmail, "eva@example.se").Addresses(); len(got) != 2 || got[0].Street != "Sveavägen 1" {
		t.Errorf("after --empty clear: %+v", got)
	}
	verify(t, s)
}

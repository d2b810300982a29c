package importer

import (
	"fmt"
	"strings"
	"testing"
)

// birthdays audits a CSV of e-mails and birthdays read with a country and
// returns each row's birth date and its date warnings.
func birthdays(t *testing.T, country string, dates ...string) (got []string, warnings []string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("E-mail Address,Birthday\n")
	for i, d := range dates {
		fmt.Fprintf(&b, "p%d@example.com,%s\n", i, d)
	}
	for _, r := range auditText(t, "contacts.csv", b.String(), country) {
		got = append(got, r.Contact.BirthDate)
		for _, w := range r.Warnings {
			warnings = append(warnings, w.Kind()+": "+w.Message)
		}
	}
	return got, warnings
}

func TestDateOrderIsDecidedByTheColumn(t *testing.T) {
	// A US export: 6/21/2003 can only be month-first, so the whole column
	// is, whatever the default country.
	for _, country := range []string{"US", "PL", ""} {
		got, warns := birthdays(t, country, "11/3/1977", "4/12/1959", "6/21/2003", "0/0/00")
		if strings.Join(got, " ") != "1977-11-03 1959-04-12 2003-06-21 " || len(warns) != 0 {
			t.Errorf("%s: %v %v", country, got, warns)
		}
	}
	// Day-first values decide the other way.
	got, warns := birthdays(t, "US", "11/3/1977", "21/06/2003")
	if strings.Join(got, " ") != "1977-03-11 2003-06-21" || len(warns) != 0 {
		t.Errorf("day-first column: %v %v", got, warns)
	}
}

func TestUndecidedDatesFollowTheCountryWithAWarning(t *testing.T) {
	got, warns := birthdays(t, "US", "11/3/1977", "4/12/1959", "5/5/1990")
	if strings.Join(got, " ") != "1977-11-03 1959-04-12 1990-05-05" {
		t.Errorf("US: %v", got)
	}
	if len(warns) != 2 || !strings.HasPrefix(warns[0], `ambiguous_date: "11/3/1977" could be day-first or month-first`) ||
		!strings.Contains(warns[0], "read month-first (the convention of US): 1977-11-03") {
		t.Errorf("US warnings: %q", warns)
	}
	got, warns = birthdays(t, "PL", "11/3/1977", "4/12/1959")
	if strings.Join(got, " ") != "1977-03-11 1959-12-04" || len(warns) != 2 || !strings.Contains(warns[1], "read day-first (the convention of PL)") {
		t.Errorf("PL: %v %q", got, warns)
	}
}

func TestAValueAgainstTheColumnsOrderIsFlagged(t *testing.T) {
	got, warns := birthdays(t, "PL", "6/21/2003", "7/22/2004", "25/12/1985")
	if strings.Join(got, " ") != "2003-06-21 2004-07-22 1985-12-25" || len(warns) != 1 ||
		!strings.Contains(warns[0], `"25/12/1985" can only be read day-first, though the column reads dates month-first`) {
		t.Errorf("%v %q", got, warns)
	}
}

// The deciding value lies past the sample: every value is read first.
func TestDateOrderReadsPastTheSample(t *testing.T) {
	dates := make([]string, SampleSize+50)
	for i := range dates {
		dates[i] = fmt.Sprintf("%d/%d/1980", i%12+1, i%11+1)
	}
	dates[SampleSize+20] = "6/21/2003"
	got, warns := birthdays(t, "PL", dates...)
	if got[1] != "1980-02-02" || got[2] != "1980-03-03" || got[12] != "1980-01-02" || len(warns) != 0 {
		t.Errorf("%v… %d warnings: %q", got[:13], len(warns), warns[:min(3, len(warns))])
	}
}

func TestBirthdaysWithoutAYear(t *testing.T) {
	text := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-07-22\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob Ray\r\nEMAIL:bob@example.com\r\nBDAY:--0229\r\nEND:VCARD\r\n"
	rows := auditText(t, "contacts.vcf", text, "")
	if len(rows) != 2 || rows[0].Contact.BirthDate != "--07-22" || rows[1].Contact.BirthDate != "--02-29" {
		for _, r := range rows {
			t.Errorf("%q %v", r.Contact.BirthDate, r.Warnings)
		}
	}
}

package dedupe

import (
	"testing"

	"rolo/contact"
)

func TestCompareScoresAndReasons(t *testing.T) {
	phone := func(n string) []contact.Phone { return []contact.Phone{{Number: n}} }
	for _, tt := range []struct {
		name     string
		a, b     contact.Contact
		min, max float64
		why      string
	}{
		{"the issue's example",
			contact.Contact{FirstName: "Łucja", LastName: "Wiśniewska", Phones: phone("+48601234567")},
			contact.Contact{FirstName: "Lucja", LastName: "Wisniewska", Phones: phone("+48601234567")},
			0.95, 0.95, "same phone +48601234567; names differ only in accents"},
		{"script, birth date and city",
			contact.Contact{FirstName: "Sergei", LastName: "Ivanov", BirthDate: "1980-05-01", Address: contact.Address{City: "Moscow"}},
			contact.Contact{FirstName: "Сергей", LastName: "Иванов", BirthDate: "1980-05-01", Address: contact.Address{City: "Moscow"}},
			0.8, 0.8, "names differ only in script (Sergei Ivanov / Сергей Иванов); same birth date 1980-05-01; both in Moscow"},
		{"a household's landline is not a duplicate",
			contact.Contact{FirstName: "Anna", LastName: "Kowalska", Phones: phone("+48221234567"), Address: contact.Address{City: "Łódź", Street: "Długa", House: "7"}},
			contact.Contact{FirstName: "Jan", LastName: "Kowalski", Phones: phone("+48221234567"), Address: contact.Address{City: "Łódź", Street: "Długa", House: "7"}},
			0, 0, "same phone +48221234567; different first names (Anna / Jan); a shared phone alone does not make them one person"},
		{"father and son: same name, other birth date",
			contact.Contact{FirstName: "John", LastName: "Smith", BirthDate: "1950-01-01", Emails: []string{"smiths@example.com"}},
			contact.Contact{FirstName: "John", LastName: "Smith", BirthDate: "1980-06-01", Emails: []string{"smiths@example.com"}},
			0.45, 0.45, "same e-mail smiths@example.com; same name; birth dates differ (1950-01-01 / 1980-06-01)"},
		{"a birth date typed with day and month swapped",
			contact.Contact{FirstName: "Ewa", LastName: "Nowak", BirthDate: "1980-05-07", Phones: phone("+48601000001")},
			contact.Contact{FirstName: "Ewa", LastName: "Nowak", BirthDate: "1980-07-05", Phones: phone("+48601000001")},
			0.85, 0.85, "same phone +48601000001; same name; birth dates one slip apart (1980-05-07 / 1980-07-05)"},
		{"tax ID in two formats",
			contact.Contact{FirstName: "Ana", LastName: "Souza", TaxID: "123.456.789-09"},
			contact.Contact{FirstName: "ANA", LastName: "SOUZA", TaxID: "12345678909"},
			1, 1, "same tax ID 123.456.789-09; names differ only in case"},
		{"Gmail dots and a +tag",
			contact.Contact{FirstName: "Kate", LastName: "Green", Emails: []string{"kate.green@gmail.com"}},
			contact.Contact{FirstName: "Kate", LastName: "Green", Emails: []string{"kategreen+shop@googlemail.com"}},
			1, 1, "e-mails reach one mailbox (kate.green@gmail.com / kategreen+shop@googlemail.com); same name"},
		{"a name alone is nothing",
			contact.Contact{FirstName: "Anna", LastName: "Nowak"},
			contact.Contact{FirstName: "Anna", LastName: "Nowak"},
			0.35, 0.35, "same name"},
		{"different patronymics",
			contact.Contact{FirstName: "Татьяна", MiddleName: "Андреевна", LastName: "Смирнова", BirthDate: "1970-01-01"},
			contact.Contact{FirstName: "Татьяна", MiddleName: "Михайловна", LastName: "Смирнова", BirthDate: "1970-01-01"},
			0, 0, "same name; middle names differ (Андреевна / Михайловна); same birth date 1970-01-01"},
	} {
		a, b := tt.a, tt.b
		a.ID, b.ID = 1, 2
		p := Compare(&a, &b)
		if p.Score < tt.min || p.Score > tt.max || p.Reason != tt.why {
			t.Errorf("%s: %.2f %q\nwant %.2f…%.2f %q", tt.name, p.Score, p.Reason, tt.min, tt.max, tt.why)
		}
	}
}

func TestCanonicalEmailAndTaxKey(t *testing.T) {
	for in, want := range map[string]string{
		"kate.green@gmail.com":        "kategreen@gmail.com",
		"Kate.Green+x@googlemail.com": "KateGreen@gmail.com",
		"anna+news@wp.pl":             "anna@wp.pl",
		"anna.nowak@wp.pl":            "anna.nowak@wp.pl",
		"+tag@example.com":            "+tag@example.com",
		"broken":                      "broken",
	} {
		if got := canonicalEmail(in); got != want {
			t.Errorf("canonicalEmail(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"PL 123-456-32-18": "1234563218", "123-456-32-18": "1234563218",
		"DE123456789": "123456789", "12345": "", "123.456.789-09": "12345678909",
	} {
		if got := taxKey(in); got != want {
			t.Errorf("taxKey(%q) = %q, want %q", in, got, want)
		}
	}
}

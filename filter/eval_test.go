package filter

import (
	"reflect"
	"testing"
	"time"

	"rolo/contact"
)

var testNow = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func testOptions() Options {
	return Options{Country: "PL", Now: func() time.Time { return testNow }}
}

// people is a small, varied set: Polish, German, Portuguese and Russian
// names, lists, consents, numbers and dates, with gaps.
func people() []*contact.Contact {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	cs := []*contact.Contact{
		{ID: 1, FirstName: "Łucja", LastName: "Wiśniewska", Emails: []string{"lucja@wp.pl"},
			Phones:  []contact.Phone{{Number: "+48601234567"}},
			Address: contact.Address{City: "Łódź", Country: "PL"}, Points: contact.Num(150), PaidTotal: contact.Num(-20.5),
			Status: "subscriber", Priority: "high", Groups: []string{"VIP"}, Tags: []string{"b2b"},
			Consents:  []contact.Consent{{Name: "sms", Granted: true, At: day("2026-10-20")}},
			CreatedAt: day("2026-10-20"), UpdatedAt: day("2026-10-25"), BirthDate: "1985-03-07", TaxID: "123-456-32-18",
			Custom: []contact.Custom{{Name: "loyalty card", Value: "LC-1"}}},
		{ID: 2, FirstName: "Jürgen", LastName: "Groß", Emails: []string{"j.gross@gmx.de", "work@example.com"},
			Phones:  []contact.Phone{{Number: "+4915112345678"}, {Number: "+493012345678"}},
			Address: contact.Address{City: "Köln", Country: "DE"}, Points: contact.Num(99),
			Status: "contact", Groups: []string{"VIP", "Churned"},
			Consents:  []contact.Consent{{Name: "email", Granted: false, At: day("2025-01-01")}, {Name: "sms", Granted: false, At: day("2025-01-01")}},
			CreatedAt: day("2024-05-01"), UpdatedAt: day("2024-05-01"), BirthDate: "1990-12-31"},
		{ID: 3, FirstName: "João", LastName: "São Paulo", Address: contact.Address{City: "São Paulo", Country: "BR"},
			Phones: []contact.Phone{{Number: "+5511987654321"}}, Status: "unsubscribed",
			CreatedAt: day("2026-10-31"), UpdatedAt: day("2026-11-02")},
		{ID: 4, FirstName: "Сергей", LastName: "Иванов", Emails: []string{"sergei@mail.ru"},
			Address: contact.Address{City: "Москва", Country: "RU"}, Points: contact.Num(100), Tags: []string{"b2c"},
			Consents:  []contact.Consent{{Name: "sms", Granted: true, At: day("2026-01-15")}},
			CreatedAt: day("2026-01-15"), UpdatedAt: day("2026-01-15"), Company: "ООО «Ёлка»"},
		{ID: 5, Company: "Budimex S.A.", Address: contact.Address{City: "Kraków", Country: "PL"}, CRMID: "C0001",
			CreatedAt: day("2023-01-01"), UpdatedAt: day("2023-01-01"), Status: "contact"},
	}
	return cs
}

func matchIDs(t *testing.T, expr string) []uint64 {
	t.Helper()
	f, err := Parse(expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	m, err := f.Compile(testOptions())
	if err != nil {
		t.Fatalf("Compile(%q): %v", expr, err)
	}
	var ids []uint64
	for _, c := range people() {
		if m(c) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func ids(v ...uint64) []uint64 { return v }

var evalCases = []struct {
	expr string
	want []uint64
}{
	{"", ids(1, 2, 3, 4, 5)},
	// Text: case, accents, script.
	{"city = lodz", ids(1)},
	{"city = ŁÓDŹ", ids(1)},
	{"city = lodz, krakow", ids(1, 5)},
	{"city = koln", ids(2)},
	{"city = sao paulo", ids(3)},
	{"city = moskva", ids(4)},
	{"city = МОСКВА", ids(4)},
	{"last_name = wisniewska", ids(1)},
	{"last_name contains wisn", ids(1)},
	{"last_name contains gross", ids(2)},
	{"last_name = Groß", ids(2)},
	{"last_name starts with iva", ids(4)},
	{"last_name starts with Ива", ids(4)},
	{"company contains елка", ids(4)},
	{"full_name contains jurgen gr", ids(2)},
	{"full_name = budimex s.a.", ids(5)},
	{"city != lodz", ids(2, 3, 4, 5)},
	{"city != lodz, krakow", ids(2, 3, 4)},
	{"last_name exists", ids(1, 2, 3, 4)},
	{"last_name not exists", ids(5)},
	{"crm_id = c0001", ids(5)},
	{"tax_id = 1234563218", ids(1)},
	{`custom:"loyalty card" = lc-1`, ids(1)},
	{`custom:"loyalty card" not exists`, ids(2, 3, 4, 5)},
	{`city = ""`, ids()},
	// Lists.
	{"group in VIP", ids(1, 2)},
	{"group = vip", ids(1, 2)},
	{"group not in Churned", ids(1, 3, 4, 5)},
	{"group in VIP and group not in Churned", ids(1)},
	{"group exists", ids(1, 2)},
	{"group not exists", ids(3, 4, 5)},
	{"tag in b2b, b2c", ids(1, 4)},
	{"tag starts with b2", ids(1, 4)},
	{"email = WORK@example.com", ids(2)},
	{"email contains @gmx", ids(2)},
	{"email not exists", ids(3, 5)},
	// Phones: national form with the default country, digits.
	{"phone = 601 234 567", ids(1)},
	{"phone = +48 601-234-567", ids(1)},
	{"phone = 0048601234567", ids(1)},
	{"phone contains 1234567", ids(1, 2)},
	{"phone contains 601 234", ids(1)},
	{"phone starts with +49", ids(2)},
	{"phone starts with 601", ids(1)},
	{"phone != 601234567", ids(2, 3, 4, 5)},
	{"phones not exists", ids(4, 5)},
	// Numbers.
	{"points >= 100", ids(1, 4)},
	{"points > 100", ids(1)},
	{"points < 100", ids(2)},
	{"points <= 100", ids(2, 4)},
	{"points = 99, 150", ids(1, 2)},
	{"points != 99", ids(1, 3, 4, 5)},
	{"points < 1 000", ids(1, 2, 4)},
	{"points = 99,5, 150", ids(1)},
	{"points = 99, 150", ids(1, 2)},
	{"paid_total < 0", ids(1)},
	{"paid_total = -20,5", ids(1)},
	{"points exists", ids(1, 2, 4)},
	{"id > 3", ids(4, 5)},
	{"id = 2", ids(2)},
	// A long list of IDs (the contacts an import touched) is searched.
	{"id = 107, 2, 100, 101, 4, 102, 103, 104, 105, 106", ids(2, 4)},
	{"id != 1, 3, 100, 101, 102, 103, 104, 105, 106, 107", ids(2, 4, 5)},
	// Dates and times.
	{"created_at >= -30d", ids(1, 3)},
	{"created_at = 2026-10-20", ids(1)},
	{"created_at = 20.10.2026", ids(1)},
	{"created_at = 2026-10", ids(1, 3)},
	{"created_at = 2026", ids(1, 3, 4)},
	{"created_at < 2024", ids(5)},
	{"created_at > 2026-10-20", ids(3)},
	{"created_at <= 2026-10-20", ids(1, 2, 4, 5)},
	{"updated_at = today", ids(3)},
	{"updated_at = yesterday", ids()},
	{"created_at >= -1y and created_at < -30d", ids(4)},
	{"birth_date < 1990", ids(1)},
	{"birth_date = 1990-12", ids(2)},
	{"birth_date not exists", ids(3, 4, 5)},
	{"birth_date != 1985-03-07", ids(2, 3, 4, 5)},
	// Consents.
	{"consent:sms = yes", ids(1, 4)},
	{"consent:sms = tak", ids(1, 4)},
	{"consent:sms = no", ids(2)},
	{"consent:sms != yes", ids(2, 3, 5)},
	{"consent:sms exists", ids(1, 2, 4)},
	{"consent:sms not exists", ids(3, 5)},
	{"consent:sms >= -30d", ids(1)},
	{"consent:sms = 2026-01-15", ids(4)},
	{"consent:email = no", ids(2)},
	// Enums and countries.
	{"status = subscriber", ids(1)},
	{"status = CONTACT", ids(2, 5)},
	{"status != contact", ids(1, 3, 4)},
	{"priority = high", ids(1)},
	{"priority not exists", ids(2, 3, 4, 5)},
	{"country = Polska", ids(1, 5)},
	{"country = de, Brazil", ids(2, 3)},
	{"country = Россия", ids(4)},
	// Everything together.
	{"city = Kraków, Łódź and consent:sms = yes and points >= 100 and email exists and group not in Churned", ids(1)},
}

func TestCompile(t *testing.T) {
	for _, tt := range evalCases {
		if got := matchIDs(t, tt.expr); !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("%s: got %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestCompileRejectsBadConditions(t *testing.T) {
	for _, f := range []Filter{
		{Conds: []Condition{cond("nope", Eq, "x")}},
		{Conds: []Condition{cond("points", Contains, "1")}},
		{Conds: []Condition{cond("points", Eq, "many")}},
		{Conds: []Condition{cond("city", Eq)}},
		{Conds: []Condition{cond("created_at", Gt, "later")}},
	} {
		if _, err := f.Compile(testOptions()); err == nil {
			t.Errorf("Compile(%s) accepted", f)
		}
	}
}

func TestDatesFollowTheDefaultCountry(t *testing.T) {
	c := &contact.Contact{BirthDate: "1959-04-12"}
	for country, want := range map[string]bool{"US": true, "PL": false, "": false} {
		f, err := Parse("birth_date = 4/12/1959")
		if err != nil {
			t.Fatal(err)
		}
		m, err := f.Compile(Options{Country: country})
		if err != nil {
			t.Fatal(err)
		}
		if m(c) != want {
			t.Errorf("%q: 4/12/1959 matches 1959-04-12: %v", country, !want)
		}
	}
}

func TestBirthdaysOfAnyYear(t *testing.T) {
	cs := []*contact.Contact{{BirthDate: "1980-07-22"}, {BirthDate: "--07-22"}, {BirthDate: "1980-07-23"}, {BirthDate: "1990-08-22"}, {}}
	for expr, want := range map[string]string{
		"birth_date = --07-22":        "11000",
		"birth_date = --0722":         "11000",
		"birth_date in --07-22, --08": "11010",
		"birth_date = --07":           "11100",
		"birth_date exists":           "11110",
		"birth_date != --07-22":       "00111",
		"birth_date = 1980-07-22":     "10000",
	} {
		f, err := Parse(expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		m, err := f.Compile(Options{})
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		got := ""
		for _, c := range cs {
			got += map[bool]string{true: "1", false: "0"}[m(c)]
		}
		if got != want {
			t.Errorf("%s: %s, want %s", expr, got, want)
		}
	}
	if _, err := Parse("birth_date > --07-22"); err == nil {
		t.Error("a birthday of any year compared with >")
	}
}

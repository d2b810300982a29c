package contact

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeEmail(t *testing.T) {
	good := map[string]string{
		"Anna.Nowak@Example.PL":               "anna.nowak@example.pl",
		"  jan@firma.com.pl\u00a0":            "jan@firma.com.pl",
		"\u200bo'brien+news@mail.co.uk":       "o'brien+news@mail.co.uk",
		"Jan Kowalski <JAN@EXAMPLE.COM>":      "jan@example.com",
		"mailto:ivan@yandex.ru":               "ivan@yandex.ru",
		"müller@bücher.de":                    "müller@bücher.de",
		"сергей@почта.рф":                     "сергей@почта.рф",
		"first_last-1@sub.domain.example.org": "first_last-1@sub.domain.example.org",
	}
	for in, want := range good {
		got, err := NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "plainaddress", "a@b", "@example.com", "a@@b.com", "a..b@c.com", ".a@b.com",
		"a@b..com", "a b@c.com", "a@-b.com", "a@b.c", "a@b.123", "jan@firma,pl", "a@b_c.com"} {
		if got, err := NormalizeEmail(bad); err == nil {
			t.Errorf("NormalizeEmail(%q) = %q, want an error", bad, got)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Łódź": "lodz", "Wiśniewski": "wisniewski", "Straße": "strasse", "São Paulo": "sao paulo",
		"Ёлкин": "елкин", "JOÃO": "joao", "Gdańsk": "gdansk", "Zażółć gęślą jaźń": "zazolc gesla jazn",
		"Ørsted": "orsted", "plain": "plain", "MiXeD": "mixed", "Müller": "muller",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"1985-03-07": "1985-03-07", "1985/03/07": "1985-03-07", "07.03.1985": "1985-03-07",
		"07/03/1985": "1985-03-07", "7-3-1985": "1985-03-07", "12/25/1985": "1985-12-25",
		"7 Mar 1985": "1985-03-07", "March 7, 1985": "1985-03-07", "1985-03-07T00:00:00Z": "1985-03-07",
		"29.02.2000": "2000-02-29", "07.03.85": "1985-03-07",
	} {
		got, err := ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "31.02.1990", "1990", "soon", "13/13/1990", "00.01.1990"} {
		if got, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", bad, got)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{
		"1234.5": 1234.5, "1 234,50": 1234.5, "1.234,50": 1234.5, "1,234.50": 1234.5, "-12": -12,
		"€ 12,00": 12, "12 zł": 12, "12,5": 12.5, "1,234": 1234, "1.234.567": 1234567, "0,5": 0.5,
		"\u2212" + "3": -3, "R$ 1.500,00": 1500,
	} {
		got, err := ParseNumber(in)
		if err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1-2", "--"} {
		if _, err := ParseNumber(bad); err == nil {
			t.Errorf("ParseNumber(%q) accepted", bad)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, s := range []string{"1", "yes", "TAK", "да", "Ja", "sim", "oui", "x"} {
		if v, ok := ParseBool(s); !ok || !v {
			t.Errorf("ParseBool(%q) = %v, %v", s, v, ok)
		}
	}
	for _, s := range []string{"0", "no", "nie", "Нет", "nein", "não", "non"} {
		if v, ok := ParseBool(s); !ok || v {
			t.Errorf("ParseBool(%q) = %v, %v", s, v, ok)
		}
	}
	if _, ok := ParseBool("maybe"); ok {
		t.Error("ParseBool(maybe) accepted")
	}
}

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{
		"PL": "PL", "pl": "PL", "POL": "PL", "Poland": "PL", "Polska": "PL", "Niemcy": "DE",
		"Deutschland": "DE", "Germany": "DE", "Россия": "RU", "Brasil": "BR", "Brazil": "BR",
		"Alemanha": "DE", "Allemagne": "DE", "United Kingdom": "GB", "UK": "GB", "USA": "US",
		"Estados Unidos": "US", "Rosja": "RU", "Германия": "DE",
	} {
		if got, ok := CountryCode(in); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := CountryCode("Atlantis"); ok {
		t.Error("CountryCode(Atlantis) accepted")
	}
}

func TestSetAndGet(t *testing.T) {
	c := &Contact{Address: Address{Country: "PL"}}
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	opt := SetOptions{Source: "card", Now: now}
	sets := []struct{ field, value, want string }{
		{"first_name", "  Anna ", "Anna"},
		{"email", "Anna@Example.com, anna2@example.com", "anna@example.com; anna2@example.com"},
		{"phones", "601 234 567; +49 1512 3456789", "+48601234567; +4915123456789"},
		{"birth_date", "07.03.1985", "1985-03-07"},
		{"points", "1 200", "1200"},
		{"priority", "HIGH", "high"},
		{"country", "Niemcy", "DE"},
		{"ship_city", "Łódź", "Łódź"},
		{"groups", "VIP; Newsletter 2026", "VIP; Newsletter 2026"},
		{"custom:Loyalty card", "A-17", "A-17"},
		{"consent:sms", "tak", "yes"},
		{"whatsapp", "+48 601 234 567", "+48601234567"},
		{"timezone", "Europe/Warsaw", "Europe/Warsaw"},
	}
	for _, s := range sets {
		if err := c.Set(s.field, s.value, opt); err != nil {
			t.Fatalf("Set(%s, %q): %v", s.field, s.value, err)
		}
		f, _ := LookupField(s.field)
		if got := c.Get(f.Name); got != s.want {
			t.Errorf("Get(%s) = %q, want %q", f.Name, got, s.want)
		}
	}
	if k, _ := c.Consent("sms"); !k.Granted || !k.At.Equal(now) || k.Source != "card" {
		t.Errorf("consent = %+v", k)
	}
	for _, bad := range []struct{ field, value string }{
		{"emails", "not-an-email"}, {"phones", "12"}, {"birth_date", "31.02.1990"}, {"points", "many"},
		{"priority", "urgent"}, {"country", "Atlantis"}, {"consent:sms", "maybe"}, {"id", "7"},
		{"full_name", "X"}, {"nonsense", "x"}, {"timezone", "Mars/Olympus"},
	} {
		before := *c.Clone()
		if err := c.Set(bad.field, bad.value, opt); err == nil {
			t.Errorf("Set(%s, %q) accepted", bad.field, bad.value)
		}
		if !Equal(&before, c) {
			t.Errorf("a refused Set(%s) changed the contact", bad.field)
		}
	}
	if err := c.Set("custom:Loyalty card", "", opt); err != nil || len(c.Custom) != 0 {
		t.Errorf("clearing a custom field left %v (%v)", c.Custom, err)
	}
}

func TestDiff(t *testing.T) {
	a := &Contact{FirstName: "Anna", Emails: []string{"a@x.pl"}, Custom: []Custom{{"tier", "gold"}}}
	b := a.Clone()
	b.FirstName = "Anna Maria"
	b.AddEmail("b@x.pl")
	b.SetCustom("tier", "silver")
	b.SetConsent(Consent{Name: "email", Granted: true})
	got := Diff(a, b)
	var fields []string
	for _, ch := range got {
		fields = append(fields, ch.Field)
	}
	if strings.Join(fields, ",") != "first_name,emails,custom:tier,consent:email" {
		t.Errorf("Diff fields = %v", fields)
	}
	if got[1].Old != "a@x.pl" || got[1].New != "a@x.pl; b@x.pl" {
		t.Errorf("emails change = %+v", got[1])
	}
	if !Equal(a, a.Clone()) {
		t.Error("a clone differs")
	}
}

func TestFullName(t *testing.T) {
	c := &Contact{FirstName: "Сергей", MiddleName: "Петрович", LastName: "Иванов"}
	if c.FullName() != "Сергей Петрович Иванов" {
		t.Error(c.FullName())
	}
	if (&Contact{Company: "ACME"}).FullName() != "ACME" {
		t.Error("company fallback")
	}
}

func TestLookupField(t *testing.T) {
	for in, want := range map[string]string{"email": "emails", "Phone": "phones", "city": "city",
		"custom:Loyalty": "custom:Loyalty", "consent:sms": "consent:sms", "group": "groups"} {
		if f, ok := LookupField(in); !ok || f.Name != want {
			t.Errorf("LookupField(%q) = %q, %v", in, f.Name, ok)
		}
	}
	for _, bad := range []string{"", "custom:", "nope"} {
		if _, ok := LookupField(bad); ok {
			t.Errorf("LookupField(%q) accepted", bad)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1 000", 1000000: "1 000 000", -12431: "-12 431"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q", n, got)
		}
	}
}

package contact

import "testing"

func TestNamesAgree(t *testing.T) {
	p := func(first, middle, last string) *Contact {
		return &Contact{FirstName: first, MiddleName: middle, LastName: last}
	}
	cases := []struct {
		a, b      *Contact
		agree     bool
		same      bool
		situation string
	}{
		{p("Marek", "", "Kowalski"), p("Anna", "", "Wróbel"), false, false, "two people"},
		{p("Renata", "", "Jasińska"), p("RENATA", "", "JASINSKA"), true, true, "case and accents"},
		{p("Sergei", "", "Ivanov"), p("Сергей", "", "Иванов"), true, true, "script"},
		{p("Jan", "", "Kowalski"), p("Kowalski", "", "Jan"), true, true, "order"},
		{p("Jan", "Maria", "Kowalski"), p("Jan", "", "Kowalski"), true, true, "a middle name one side lacks"},
		{p("Jan", "Maria", "Kowalski"), p("Jan", "Piotr", "Kowalski"), false, false, "different middle names"},
		{p("", "", ""), p("Anna", "", "Wróbel"), true, false, "one side without a name"},
		{&Contact{Company: "ACME"}, p("Anna", "", "Wróbel"), false, false, "a company is a name"},
		{p("Sebastian", "", "Schäfer"), p("Andreas", "", "Schäfer"), false, false, "family"},
	}
	for _, c := range cases {
		if got := NamesAgree(c.a, c.b); got != c.agree {
			t.Errorf("%s: NamesAgree = %v, want %v", c.situation, got, c.agree)
		}
		if got := NamesAgree(c.b, c.a); got != c.agree {
			t.Errorf("%s (swapped): NamesAgree = %v, want %v", c.situation, got, c.agree)
		}
		if got := SameName(c.a, c.b); got != c.same {
			t.Errorf("%s: SameName = %v, want %v", c.situation, got, c.same)
		}
	}
}

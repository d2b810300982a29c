package dedupe

import (
	"testing"

	"rolo/contact"
)

func TestSkeleton(t *testing.T) {
	for _, group := range [][]string{
		{"Sergei", "Sergey", "Сергей", "SERGEJ"},
		{"Wiktor", "Viktor", "Виктор"},
		{"Dmitrii", "Dmitriy", "Dmitry", "Дмитрий"},
		{"Ekaterina", "Yekaterina", "Екатерина"},
		{"Aleksei", "Alexey", "Алексей"},
		{"Anna", "Ana", "Anná"},
		{"Yuliya", "Iuliia", "Юлия"},
		{"Łucja", "Lucja"},
		{"Kowalski", "Kowalsky"},
		{"Shchukin", "Щукин", "Schukin"},
	} {
		want := skeleton(group[0])
		for _, s := range group[1:] {
			if got := skeleton(s); got != want {
				t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q; want equal", s, got, group[0], want)
			}
		}
	}
	for _, pair := range [][2]string{{"Jan", "Anna"}, {"Ivanov", "Ivanova"}, {"Müller", "Miller"}} {
		if skeleton(pair[0]) == skeleton(pair[1]) {
			t.Errorf("skeleton made %q and %q equal", pair[0], pair[1])
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kowalski", "kowalski", 2, 0},
		{"kowalski", "kowalsk", 2, 1},
		{"kowalski", "kowlaski", 2, 1}, // transposition
		{"kowalski", "kovalsky", 2, 2},
		{"kowalski", "nowak", 2, 3},
		{"", "abc", 1, 2},
		{"lopez", "lpoez", 1, 1},
	} {
		if got := distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestCompareNames(t *testing.T) {
	p := func(first, middle, last string) person {
		return newPerson(&contact.Contact{FirstName: first, MiddleName: middle, LastName: last}, nil)
	}
	for _, tt := range []struct {
		a, b person
		want nameMatch
		why  string
	}{
		{p("Anna", "", "Nowak"), p("Anna", "", "Nowak"), nameSame, "same name"},
		{p("ANNA", "", "NOWAK"), p("Anna", "", "Nowak"), nameCase, "names differ only in case"},
		{p("Łucja", "", "Wiśniewska"), p("Lucja", "", "Wisniewska"), nameAccents, "names differ only in accents"},
		{p("Sergei", "", "Ivanov"), p("Сергей", "", "Иванов"), nameScript, "names differ only in script (Sergei Ivanov / Сергей Иванов)"},
		{p("Sergey", "", "Ivanov"), p("Сергей", "", "Иванов"), nameSpelling, "names are spelling variants (Sergey Ivanov / Сергей Иванов)"},
		{p("Jürgen", "", "Müller"), p("Juergen", "", "Mueller"), nameSpelling, "names are spelling variants (Jürgen Müller / Juergen Mueller)"},
		{p("Anna", "", "Nowak"), p("Nowak", "", "Anna"), nameSwapped, "first and last name swapped (Anna Nowak / Nowak Anna)"},
		{p("A.", "", "Nowak"), p("Anna", "", "Nowak"), nameInitial, "first name given as an initial (A. Nowak / Anna Nowak)"},
		{p("Anna", "", "Kowalska"), p("Anna", "", "Kowlaska"), nameTypo, "names differ by a typo (Kowalska / Kowlaska)"},
		{p("Jennifer", "", "Smith"), p("Jennifer", "", "Sith"), nameTypo, "names differ by a typo (Smith / Sith)"},
		{p("Przemysław", "", "Jworski"), p("Jaworski", "", "Przemysław"), nameTypo, "first and last name swapped, with a typo (Przemysław Jworski / Jaworski Przemysław)"},
		{p("Anna", "", "Kowalska"), p("Jan", "", "Kowalski"), nameFirstDiffers, "different first names (Anna / Jan)"},
		{p("Anna", "", "Nowak"), p("Piotr", "", "Zieliński"), nameDiffer, "different names (Anna Nowak / Piotr Zieliński)"},
		{p("", "", ""), p("Anna", "", "Nowak"), nameMissing, ""},
	} {
		got := compareNames(tt.a, tt.b)
		if why := describeNames(tt.a, tt.b, got); got != tt.want || why != tt.why {
			t.Errorf("%s / %s = %d %q, want %d %q", tt.a.full(), tt.b.full(), got, why, tt.want, tt.why)
		}
	}
	if !middleDiffers(p("Татьяна", "Андреевна", "Смирнова"), p("Татьяна", "Михайловна", "Смирнова")) {
		t.Error("different patronymics are not told apart")
	}
	if middleDiffers(p("Татьяна", "Андреевна", "Смирнова"), p("Tatiana", "Andreevna", "Smirnova")) {
		t.Error("one patronymic in two scripts is told apart")
	}
}

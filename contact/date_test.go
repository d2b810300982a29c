package contact

import "testing"

func TestParseDateInOrder(t *testing.T) {
	for _, tt := range []struct {
		in       string
		order    DateOrder
		want     string
		dayFirst bool // DateReadings: both readings differ
	}{
		{"11/3/1977", MonthFirst, "1977-11-03", true},
		{"11/3/1977", DayFirst, "1977-03-11", true},
		{"4/12/1959", MonthFirst, "1959-04-12", true},
		{"6/21/2003", DayFirst, "2003-06-21", false}, // only month-first
		{"21/6/2003", MonthFirst, "2003-06-21", false},
		{"12/31/1990", DayFirst, "1990-12-31", false},
		{"5/5/1990", MonthFirst, "1990-05-05", false}, // both readings agree
		{"1990-04-12", MonthFirst, "1990-04-12", false},
		{"1604-07-22", DayFirst, "--07-22", false}, // Apple: no year
		{"--07-22", DayFirst, "--07-22", false},    // vCard 4
		{"--0722", DayFirst, "--07-22", false},
		{"--02-29", DayFirst, "--02-29", false},
		{"22.07.1604", DayFirst, "--07-22", false},
		{"07.03.1985", MonthFirst, "1985-03-07", false}, // dots: day-first
	} {
		got, err := ParseDateIn(tt.in, tt.order)
		if err != nil || got != tt.want {
			t.Errorf("ParseDateIn(%q, %v) = %q, %v; want %q", tt.in, tt.order, got, err, tt.want)
		}
		if d, m := DateReadings(tt.in); d != tt.dayFirst || m != tt.dayFirst {
			t.Errorf("DateReadings(%q) = %v %v", tt.in, d, m)
		}
	}
	for _, bad := range []string{"--13-01", "--02-30", "--7-22", "1603-07-22x"} {
		if got, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", bad, got)
		}
	}
	if o, ok := DateOnlyOneWay("6/21/2003"); !ok || o != MonthFirst {
		t.Errorf("6/21/2003: %v %v", o, ok)
	}
	if o, ok := DateOnlyOneWay("21.06.2003"); !ok || o != DayFirst {
		t.Errorf("21.06.2003: %v %v", o, ok)
	}
	if _, ok := DateOnlyOneWay("4/12/1959"); ok {
		t.Error("4/12/1959 read only one way")
	}
	if DateOrderFor("us") != MonthFirst || DateOrderFor("PL") != DayFirst || DateOrderFor("") != DayFirst {
		t.Error("DateOrderFor")
	}
}

func TestSetDateFollowsTheCountry(t *testing.T) {
	var c Contact
	if err := c.Set("birth_date", "4/12/1959", SetOptions{Country: "US"}); err != nil || c.BirthDate != "1959-04-12" {
		t.Errorf("US: %q %v", c.BirthDate, err)
	}
	if err := c.Set("birth_date", "4/12/1959", SetOptions{Country: "PL"}); err != nil || c.BirthDate != "1959-12-04" {
		t.Errorf("PL: %q %v", c.BirthDate, err)
	}
	if err := c.Set("birth_date", "--07-22", SetOptions{}); err != nil || c.BirthDate != "--07-22" {
		t.Errorf("no year: %q %v", c.BirthDate, err)
	}
}

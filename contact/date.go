package contact

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateOrder says how a date whose first two numbers could each be the day
// or the month (04/12/1959) is read.
type DateOrder uint8

const (
	DayFirst   DateOrder = iota // 04/12/1959 is 4 December
	MonthFirst                  // 04/12/1959 is 12 April
)

func (o DateOrder) String() string {
	if o == MonthFirst {
		return "month-first"
	}
	return "day-first"
}

// monthFirstCountries write dates month first: the United States and
// their territories, and the few countries that follow them.
var monthFirstCountries = map[string]bool{
	"US": true, "PR": true, "GU": true, "AS": true, "VI": true, "MP": true, "UM": true,
	"PH": true, "FM": true, "MH": true, "PW": true, "BZ": true,
}

// DateOrderFor is a country's convention (ISO alpha-2; day-first when
// unknown or empty).
func DateOrderFor(country string) DateOrder {
	if monthFirstCountries[strings.ToUpper(strings.TrimSpace(country))] {
		return MonthFirst
	}
	return DayFirst
}

// NoYear is the year Apple's address books write for a birthday without
// one (vCard 4 writes --MM-DD): rolo stores such a date as --MM-DD.
const NoYear = 1604

// ParseDate reads a date as ParseDateFor does for a day-first country.
func ParseDate(s string) (string, error) { return ParseDateIn(s, DayFirst) }

// ParseDateFor reads a date with the convention of a country ("" is
// day-first): see ParseDateIn.
func ParseDateFor(s, country string) (string, error) {
	return ParseDateIn(s, DateOrderFor(country))
}

// ParseDateIn reads a calendar date and returns it as YYYY-MM-DD, or as
// --MM-DD for a date without a year: 1985-03-07, 1985/03/07, 07.03.1985,
// 03/07/1985, 7-3-1985, 07.03.85, "7 Mar 1985", "March 7, 1985", ISO
// date-times, vCard 4's --03-07 and --0307, and Apple's 1604-03-07 (no
// year). A date whose first two numbers could each be the day is read in
// the given order; one that can be read only one way (25/12/1985,
// 12/25/1985) is read that way, and one written with dots (07.03.1985)
// day-first.
func ParseDateIn(s string, order DateOrder) (string, error) {
	d, err := parseDate(s, order)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}

// DateReadings reports how a date can be read: ISO, with a month name or
// unambiguous (both false when it is no date); dayFirst and monthFirst
// both true when the two readings differ (04/12/1959).
func DateReadings(s string) (dayFirst, monthFirst bool) {
	d, errD := parseDate(s, DayFirst)
	m, errM := parseDate(s, MonthFirst)
	if errD != nil || errM != nil || d == m || !d.ambiguous {
		return false, false
	}
	return true, true
}

// DateOnlyOneWay reports the only order a date can be read in when its
// first two numbers are a day and a month and only one reading is a date
// (25/12/1985 day-first, 12/25/1985 month-first); ok is false otherwise.
func DateOnlyOneWay(s string) (order DateOrder, ok bool) {
	d, err := parseDate(s, DayFirst)
	if err != nil || !d.twoWay {
		return 0, false
	}
	if d.day > 12 {
		if d.first == 0 {
			return DayFirst, true
		}
		return MonthFirst, true
	}
	return 0, false
}

// date is a parsed date; year 0 is no year.
type date struct {
	year, month, day int
	// twoWay: the day and month are the first two numbers; ambiguous:
	// both are 12 or less and differ.
	twoWay, ambiguous bool
	first             int // 0: the day came first, 1: the month did
}

func (d date) String() string {
	if d.year == 0 {
		return fmt.Sprintf("--%02d-%02d", d.month, d.day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
}

var monthNames = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

func parseDate(s string, order DateOrder) (date, error) {
	orig := s
	bad := func() (date, error) {
		return date{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD or DD.MM.YYYY)", orig)
	}
	s = CleanText(s)
	if rest, ok := strings.CutPrefix(s, "--"); ok { // vCard 4: --MM-DD, --MMDD
		rest = strings.ReplaceAll(rest, "-", "")
		if len(rest) != 4 || !IsDigits(rest) {
			return bad()
		}
		m, _ := strconv.Atoi(rest[:2])
		d, _ := strconv.Atoi(rest[2:])
		return checkDate(orig, date{month: m, day: d})
	}
	if i := strings.IndexAny(s, "T "); i == 10 && len(s) > 10 { // 1985-03-07T00:00:00
		s = s[:10]
	}
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == ' ' || r == ','
	})
	if len(parts) != 3 {
		return bad()
	}
	nums := [3]int{}
	month := -1
	for i, p := range parts {
		if m, ok := monthNames[p]; ok {
			nums[i], month = int(m), i
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return bad()
		}
		nums[i] = n
	}
	var d date
	switch {
	case month == 0: // March 7, 1985
		d = date{month: nums[0], day: nums[1], year: nums[2]}
	case month == 1: // 7 Mar 1985
		d = date{day: nums[0], month: nums[1], year: nums[2]}
	case len(parts[0]) == 4: // 1985-03-07
		d = date{year: nums[0], month: nums[1], day: nums[2]}
	default:
		d = date{year: nums[2], twoWay: true}
		a, b := nums[0], nums[1]
		// Dots are a day-first convention (07.03.1985): nobody writes
		// month-first dates with them.
		dotted := strings.Count(s, ".") == 2
		d.ambiguous = a <= 12 && b <= 12 && a != b && !dotted
		if dotted {
			order = DayFirst
		}
		switch {
		case b > 12 && a <= 12: // 12/25/1985: only month-first
			d.month, d.day, d.first = a, b, 1
		case a > 12: // 25/12/1985: only day-first
			d.day, d.month = a, b
		case order == MonthFirst:
			d.month, d.day, d.first = a, b, 1
		default:
			d.day, d.month = a, b
		}
	}
	if len(parts[2]) == 2 && month != 0 && len(parts[0]) != 4 {
		d.year += 1900
		if d.year+100 <= time.Now().Year() {
			d.year += 100
		}
	}
	if d.year == NoYear {
		d.year = 0
	} else if d.year < 1000 || d.year > 9999 {
		return date{}, fmt.Errorf("%q is not a valid date", orig)
	}
	return checkDate(orig, d)
}

// checkDate refuses a day the month does not have (a date without a year
// may be 29 February).
func checkDate(orig string, d date) (date, error) {
	y := d.year
	if y == 0 {
		y = 2000 // a leap year
	}
	t := time.Date(y, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC)
	if d.month < 1 || d.month > 12 || t.Day() != d.day || int(t.Month()) != d.month {
		return date{}, fmt.Errorf("%q is not a valid date", orig)
	}
	return d, nil
}

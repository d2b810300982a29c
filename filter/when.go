package filter

import (
	"math"
	"strconv"
	"strings"
	"time"

	"rolo/contact"
)

// span is a half-open interval of Unix seconds [lo, hi): a date value names
// a whole day, month or year, so "created_at = 2026-11-02" holds all day and
// "created_at > 2026-11-02" starts the next day.
type span struct{ lo, hi int64 }

// zeroNow is the clock used to check a value's form when no clock is at
// hand (a relative date is valid whatever the day).
func zeroNow() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }

func daySpan(t time.Time) span {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return span{d.Unix(), d.AddDate(0, 0, 1).Unix()}
}

// parseWhen reads a date value: today, yesterday, tomorrow; relative days,
// weeks, months or years (-30d, -2w, -6m, -1y, +7d); a year (2026) or a
// month (2026-11); any date contact.ParseDateIn reads, in the default
// country's order (04/12/1959 is 12 April in the US); and, for points in
// time, an RFC 3339 time. Dates are days in UTC, as stored times are shown.
func parseWhen(v string, isTime bool, now func() time.Time, order contact.DateOrder) (span, bool) {
	s := strings.ToLower(contact.CleanText(v))
	switch s {
	case "today":
		return daySpan(now().UTC()), true
	case "yesterday":
		return daySpan(now().UTC().AddDate(0, 0, -1)), true
	case "tomorrow":
		return daySpan(now().UTC().AddDate(0, 0, 1)), true
	}
	if sp, ok := parseRelative(s, now); ok {
		return sp, true
	}
	if len(s) == 4 && contact.IsDigits(s) {
		y, _ := strconv.Atoi(s)
		t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return span{t.Unix(), t.AddDate(1, 0, 0).Unix()}, true
	}
	if len(s) == 7 && contact.IsDigits(s[:4]) && (s[4] == '-' || s[4] == '/') && contact.IsDigits(s[5:]) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[5:])
		if m >= 1 && m <= 12 {
			t := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			return span{t.Unix(), t.AddDate(0, 1, 0).Unix()}, true
		}
		return span{}, false
	}
	if isTime && len(s) > 10 {
		if t, err := time.Parse(time.RFC3339, strings.ToUpper(s)); err == nil {
			return span{t.Unix(), t.Unix() + 1}, true
		}
	}
	d, err := contact.ParseDateIn(s, order)
	if err != nil {
		return span{}, false
	}
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return span{}, false
	}
	return daySpan(t), true
}

// parseRelative reads [+-]N followed by d, w, m or y: the day that many
// days, weeks, months or years from today.
func parseRelative(s string, now func() time.Time) (span, bool) {
	if len(s) < 3 || (s[0] != '-' && s[0] != '+') {
		return span{}, false
	}
	unit := s[len(s)-1]
	digits := s[1 : len(s)-1]
	if !contact.IsDigits(digits) || len(digits) > 6 {
		return span{}, false
	}
	n, _ := strconv.Atoi(digits)
	if s[0] == '-' {
		n = -n
	}
	t := now().UTC()
	switch unit {
	case 'd':
		t = t.AddDate(0, 0, n)
	case 'w':
		t = t.AddDate(0, 0, 7*n)
	case 'm':
		t = t.AddDate(0, n, 0)
	case 'y':
		t = t.AddDate(n, 0, 0)
	default:
		return span{}, false
	}
	return daySpan(t), true
}

// inSpan applies an operator to a point x and a span: = is inside, > after,
// >= from its start, < before, <= up to its end.
func inSpan(x int64, sp span, op Op) bool {
	switch op {
	case Eq, In:
		return x >= sp.lo && x < sp.hi
	case Gt:
		return x >= sp.hi
	case Ge:
		return x >= sp.lo
	case Lt:
		return x < sp.lo
	case Le:
		return x < sp.hi
	}
	return false
}

// bounds turns "x op span" into x in [lo, hi).
func (sp span) bounds(op Op) (lo, hi int64) {
	switch op {
	case Eq, In:
		return sp.lo, sp.hi
	case Gt:
		return sp.hi, math.MaxInt64
	case Ge:
		return sp.lo, math.MaxInt64
	case Lt:
		return math.MinInt64, sp.lo
	case Le:
		return math.MinInt64, sp.hi
	}
	return 0, 0
}

// dateSeconds turns a stored YYYY-MM-DD into Unix seconds at midnight UTC.
func dateSeconds(d string) (int64, bool) {
	if len(d) != 10 {
		return 0, false
	}
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return 0, false
	}
	return t.Unix(), true
}

func parseID(v string) (uint64, error) {
	return strconv.ParseUint(strings.TrimSpace(v), 10, 64)
}

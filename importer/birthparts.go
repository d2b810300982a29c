package importer

import (
	"fmt"
	"strconv"
	"strings"

	"rolo/contact"
)

// birthParts collects a birthday written in three columns (Thunderbird's
// Birth Year, Birth Month, Birth Day).
type birthParts struct {
	year, month, day string
	col              string // a column's name, for warnings
}

func (b *birthParts) set(cp *colPlan, v string) {
	switch cp.sub {
	case TargetBirthYear:
		b.year = v
	case TargetBirthMonth:
		b.month = v
	case TargetBirthDay:
		b.day = v
	}
	if b.col == "" || cp.sub == TargetBirthYear {
		b.col = cp.name
	}
}

// apply writes the birthday: YYYY-MM-DD, or --MM-DD without a year. A
// part that is no number, or a date that does not exist, is a warning.
func (b *birthParts) apply(r *rowData) {
	if b.year == "" && b.month == "" && b.day == "" {
		return
	}
	num := func(s string) (int, bool) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		return n, err == nil && n > 0
	}
	m, okM := num(b.month)
	d, okD := num(b.day)
	if !okM || !okD {
		r.warn("invalid_date", b.col, "birthday %q-%q-%q has no month or day; dropped", b.year, b.month, b.day)
		return
	}
	s := fmt.Sprintf("--%02d-%02d", m, d)
	if b.year != "" {
		y, ok := num(b.year)
		if !ok {
			r.warn("invalid_date", b.col, "birth year %q is not a year; dropped", b.year)
			return
		}
		s = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	date, err := contact.ParseDate(s)
	if err != nil {
		r.warn("invalid_date", b.col, "%s; dropped", err)
		return
	}
	r.c.BirthDate = date
	r.set |= 1 << sBirth
	r.empty &^= 1 << sBirth
}

// typeColumn finds the column that types a numbered phone column: Google
// Contacts writes "Phone 1 - Type" beside "Phone 1 - Value".
func typeColumn(columns []string, name string) int {
	h := normHeader(name)
	base, ok := strings.CutSuffix(h, " value")
	if !ok {
		return -1
	}
	for i, c := range columns {
		if normHeader(c) == base+" type" {
			return i
		}
	}
	return -1
}

// isFaxType reports a phone type naming a fax or a pager ("Work Fax",
// "Home Fax", "Pager"; Google may list several as "Mobile ::: Work Fax"
// only when the cell holds several numbers, which then share the type).
func isFaxType(t string) bool {
	t = strings.ToLower(t)
	return strings.Contains(t, "fax") || strings.Contains(t, "pager")
}

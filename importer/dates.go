package importer

import (
	"fmt"
	"io"

	"rolo/contact"
)

// dateColumn is how a date column is read: in one order for the whole
// column, decided by its values or, when none decides, by the country's
// convention (fallback: each value that could be read both ways then gets
// a warning).
type dateColumn struct {
	order    contact.DateOrder
	fallback bool
	country  string // whose convention the fallback followed ("" none)
}

// decideDateOrders reads every value of the table's date columns first:
// a value that can be read only one way (a day over 12: 25/12/1985 or
// 12/25/1985) votes for its order, and the majority decides the column.
// The sample is read first; the rest of the file only when the sample did
// not decide some column.
func (p *plan) decideDateOrders() error {
	var cols []int
	for i := range p.cols {
		if p.cols[i].kind == kDate {
			cols = append(cols, i)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	votes := make([][2]int, len(cols))
	count := func(rec Record) {
		if rec.raw != nil {
			rec = p.table.decodeJSONL(rec)
		}
		for k, ci := range cols {
			if o, ok := contact.DateOnlyOneWay(cell(rec.Cells, p.cols[ci].idx)); ok {
				votes[k][o]++
			}
		}
	}
	for _, r := range p.table.Sample {
		count(r)
	}
	undecided := func() bool {
		for _, v := range votes {
			if v[0] == 0 && v[1] == 0 {
				return true
			}
		}
		return false
	}
	if undecided() && len(p.table.Sample) >= SampleSize {
		if err := p.scanDates(count); err != nil {
			return err
		}
	}
	for k, ci := range cols {
		dc := &dateColumn{}
		switch v := votes[k]; {
		case v[contact.DayFirst] > v[contact.MonthFirst]:
			dc.order = contact.DayFirst
		case v[contact.MonthFirst] > v[contact.DayFirst]:
			dc.order = contact.MonthFirst
		default:
			dc.order, dc.fallback, dc.country = contact.DateOrderFor(p.opt.Country), true, p.opt.Country
		}
		p.cols[ci].date = dc
	}
	return nil
}

// scanDates hands every data record of the table past the sample to count.
func (p *plan) scanDates(count func(Record)) error {
	tr, err := p.table.open()
	if err != nil {
		return fmt.Errorf("reading the dates of %s: %w", p.table.Name, err)
	}
	defer tr.Close()
	for n := 0; ; n++ {
		rec, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the dates of %s: %w", p.table.Name, err)
		}
		if n >= len(p.table.Sample) && rec.Problem == "" {
			count(rec)
		}
	}
}

// readDate reads one value of a date column, with a warning where the
// column's order was a guess and the value could be read both ways, or
// where the value can be read only against the column's order.
func (r *rowData) readDate(cp *colPlan, v string) (string, bool) {
	dc := cp.date
	if dc == nil {
		dc = &dateColumn{}
	}
	d, err := contact.ParseDateIn(v, dc.order)
	if err != nil {
		if isEmptyDate(v) {
			return "", false
		}
		r.warn("invalid_date", cp.name, "%s; dropped", err)
		return "", false
	}
	if o, ok := contact.DateOnlyOneWay(v); ok && o != dc.order {
		r.warn("ambiguous_date", cp.name, "%q can only be read %s, though the column reads dates %s; read as %s", v, o, dc.order, d)
	} else if day, month := contact.DateReadings(v); dc.fallback && day && month {
		how := "no country given"
		if dc.country != "" {
			how = "the convention of " + dc.country
		}
		r.warn("ambiguous_date", cp.name, "%q could be day-first or month-first and no value in the column decides; read %s (%s): %s", v, dc.order, how, d)
	}
	return d, true
}

// isEmptyDate: what programs write for no date (Outlook's 0/0/00).
func isEmptyDate(v string) bool {
	switch cleanText(v) {
	case "0/0/00", "0/0/0000", "00/00/0000", "00.00.0000", "0000-00-00", "00/00/00", "0.0.00":
		return true
	}
	return false
}

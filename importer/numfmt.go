package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Spreadsheets store numbers and dates as numbers plus a display format;
// the importer shows them the way a person sees them in Excel, with two
// deliberate differences: numbers are never written in scientific notation
// (a phone or an ID in a General cell would lose digits), and dates are
// written as ISO dates (the displayed order of day and month depends on
// the locale of whoever opens the file, so it cannot be trusted).

type numKind uint8

const (
	numGeneral numKind = iota
	numFixed           // digits with a fixed number of decimals or zero padding
	numPercent
	numDate
	numTime
	numDateTime
	numText
	numElapsed // [h]:mm: a duration in hours
)

type numFormat struct {
	kind      numKind
	decimals  int
	intDigits int // zero padding: "000000" shows 123 as 000123
	thousands bool
}

// builtinFormats are Excel's numbered formats that are not General.
var builtinFormats = map[int]numFormat{
	1: {kind: numFixed, intDigits: 1}, 2: {kind: numFixed, intDigits: 1, decimals: 2},
	3: {kind: numFixed, intDigits: 1, thousands: true}, 4: {kind: numFixed, intDigits: 1, decimals: 2, thousands: true},
	5: {kind: numFixed, intDigits: 1, thousands: true}, 6: {kind: numFixed, intDigits: 1, thousands: true},
	7: {kind: numFixed, intDigits: 1, decimals: 2, thousands: true}, 8: {kind: numFixed, intDigits: 1, decimals: 2, thousands: true},
	9: {kind: numPercent, intDigits: 1}, 10: {kind: numPercent, intDigits: 1, decimals: 2},
	14: {kind: numDate}, 15: {kind: numDate}, 16: {kind: numDate}, 17: {kind: numDate},
	18: {kind: numTime}, 19: {kind: numTime}, 20: {kind: numTime}, 21: {kind: numTime}, 22: {kind: numDateTime},
	37: {kind: numFixed, intDigits: 1, thousands: true}, 38: {kind: numFixed, intDigits: 1, thousands: true},
	39: {kind: numFixed, intDigits: 1, decimals: 2, thousands: true}, 40: {kind: numFixed, intDigits: 1, decimals: 2, thousands: true},
	41: {kind: numFixed, intDigits: 1, thousands: true}, 42: {kind: numFixed, intDigits: 1, thousands: true},
	43: {kind: numFixed, intDigits: 1, decimals: 2, thousands: true}, 44: {kind: numFixed, intDigits: 1, decimals: 2, thousands: true},
	45: {kind: numTime}, 46: {kind: numTime}, 47: {kind: numTime}, 49: {kind: numText},
}

func init() {
	// The East Asian date formats.
	for _, id := range []int{27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58} {
		builtinFormats[id] = numFormat{kind: numDate}
	}
	for _, id := range []int{32, 33, 55, 56} {
		builtinFormats[id] = numFormat{kind: numTime}
	}
}

// parseNumFormat reads a custom format code (its first section decides).
func parseNumFormat(code string) numFormat {
	var b strings.Builder
	inQuote, bracket := false, false
	elapsed := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case bracket:
			if c == ']' {
				bracket = false
			} else if c == 'h' || c == 'H' || c == 'm' || c == 's' {
				elapsed = true // [h]:mm
			}
		case c == '"':
			inQuote = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // an escaped or padding character
		case c == ';':
			i = len(code) // only the first section
		default:
			b.WriteByte(c)
		}
	}
	f := strings.ToLower(b.String())
	if strings.TrimSpace(f) == "@" {
		return numFormat{kind: numText}
	}
	if strings.Contains(f, "general") || f == "" {
		return numFormat{}
	}
	if strings.Contains(f, "e+") || strings.Contains(f, "e-") || strings.Contains(f, "/") && !strings.ContainsAny(f, "ymd") {
		return numFormat{} // scientific or fraction: shown plain instead
	}
	hasDate := strings.ContainsAny(f, "yd") || (strings.Contains(f, "m") && !strings.ContainsAny(f, "hs") && !elapsed)
	hasTime := strings.ContainsAny(f, "hs") || elapsed
	switch {
	case elapsed && !hasDate:
		return numFormat{kind: numElapsed}
	case hasDate && hasTime:
		return numFormat{kind: numDateTime}
	case hasDate:
		return numFormat{kind: numDate}
	case hasTime:
		return numFormat{kind: numTime}
	}
	nf := numFormat{kind: numFixed}
	intPart, fracPart, _ := strings.Cut(f, ".")
	for _, c := range intPart {
		if c == '0' {
			nf.intDigits++
		}
	}
	nf.thousands = strings.Contains(strings.Trim(intPart, ","), ",")
	for _, c := range fracPart {
		if c == '0' || c == '#' || c == '?' {
			nf.decimals++
		}
	}
	if strings.Contains(f, "%") {
		nf.kind = numPercent
	}
	if nf.intDigits == 0 && nf.decimals == 0 && !strings.ContainsAny(f, "#?") {
		return numFormat{} // no digits at all: a literal-only format
	}
	return nf
}

// show writes a stored number as it is displayed.
func (nf numFormat) show(raw string, date1904 bool) string {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil {
		return raw // not a number after all: show what is there
	}
	switch nf.kind {
	case numElapsed:
		secs := int64(math.Round(v * 86400))
		sign := ""
		if secs < 0 {
			sign, secs = "-", -secs
		}
		return fmt.Sprintf("%s%d:%02d:%02d", sign, secs/3600, secs/60%60, secs%60)
	case numDate, numTime, numDateTime:
		t, err := excelize.ExcelDateToTime(v, date1904)
		if err != nil {
			return plainNumber(v)
		}
		// Round to the second: serials carry float noise.
		t = t.Add(500 * time.Millisecond).Truncate(time.Second)
		switch nf.kind {
		case numDate:
			return t.Format(time.DateOnly)
		case numTime:
			return t.Format(time.TimeOnly)
		}
		return t.Format(time.DateTime)
	case numFixed, numPercent:
		if nf.kind == numPercent {
			v *= 100
		}
		s := strconv.FormatFloat(math.Abs(v), 'f', nf.decimals, 64)
		intPart, frac, _ := strings.Cut(s, ".")
		if len(intPart) < nf.intDigits {
			intPart = strings.Repeat("0", nf.intDigits-len(intPart)) + intPart
		}
		if nf.intDigits == 0 && intPart == "0" && frac != "" {
			intPart = ""
		}
		if nf.thousands {
			intPart = groupThousands(intPart)
		}
		out := intPart
		if frac != "" {
			out += "." + frac
		}
		if nf.kind == numPercent {
			out += "%"
		}
		if v < 0 && strings.Trim(out, "0.,%") != "" {
			out = "-" + out
		}
		return out
	}
	return plainNumber(v)
}

// plainNumber writes a number as Excel's General format would, to 15
// significant digits, but never with an exponent.
func plainNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'e', 14, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func groupThousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

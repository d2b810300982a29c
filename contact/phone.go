package contact

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone is one phone number of a contact.
type Phone struct {
	Number string      // E.164, e.g. +48601234567
	Raw    string      // as it was written in the source
	Origin PhoneOrigin // how its country was decided
	Region string      // the country applied to a national number, if any
}

// PhoneOrigin records how a number's country was decided, for the card and
// the audit: a number rolo had to guess about should say so.
type PhoneOrigin uint8

// Phone origins.
const (
	OriginUnknown      PhoneOrigin = iota // older data or typed by hand
	OriginExplicit                        // written with + or an international prefix (00, 011, 8~10)
	OriginDefault                         // national form, the default country applied
	OriginRowCountry                      // national form, the row's own country applied
	OriginRestoredPlus                    // international digits that had lost their +
)

// String describes the origin for people.
func (o PhoneOrigin) String() string {
	switch o {
	case OriginExplicit:
		return "written with country code"
	case OriginDefault:
		return "default country"
	case OriginRowCountry:
		return "row's country"
	case OriginRestoredPlus:
		return "restored lost +"
	}
	return "unknown"
}

// ErrPhone is wrapped by every phone validation error.
var ErrPhone = errors.New("invalid phone")

// NormalizePhone turns a phone number as people write it into E.164.
// country (ISO alpha-2) is used for numbers in national form; it may be ""
// when only international numbers are expected. Handled: trunk prefixes
// (8 (912) 345-67-89 in RU, 0412 345 678 in AU), numbers that lost their
// leading zero in a spreadsheet (412345678), 00 and other international
// prefixes, and international numbers that lost their + (48601234567).
// An invalid number is an error, never a guess.
func NormalizePhone(raw, country string) (Phone, error) {
	return normalizePhone(raw, country, OriginDefault)
}

// NormalizePhoneRow is NormalizePhone where country came from the row's own
// country column rather than the default.
func NormalizePhoneRow(raw, country string) (Phone, error) {
	return normalizePhone(raw, country, OriginRowCountry)
}

func normalizePhone(raw, country string, national PhoneOrigin) (Phone, error) {
	s := CleanText(raw)
	if s == "" {
		return Phone{}, fmt.Errorf("%w: empty", ErrPhone)
	}
	if strings.HasPrefix(strings.ToLower(s), "tel:") {
		s = strings.TrimSpace(s[4:])
	}
	s = strings.TrimSuffix(s, ".0") // a spreadsheet number read as a float
	country = strings.ToUpper(country)
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 3 {
		return Phone{}, fmt.Errorf("%w: %q has too few digits", ErrPhone, raw)
	}
	if p, ok := fastPhone(raw, s, country, national); ok {
		return p, nil
	}
	return slowPhone(raw, s, country, national, digits)
}

// slowPhone is the full parser: every input libphonenumber understands, and
// the error messages.
func slowPhone(raw, s, country string, national PhoneOrigin, digits int) (Phone, error) {
	plus := strings.HasPrefix(s, "+") || strings.HasPrefix(s, "\uff0b")
	region := country
	if region == "" || plus {
		region = "ZZ"
	}
	// Keeping the raw input is what makes the parser record whether the
	// country code was written (+, 00) or came from the default region.
	num, err := phonenumbers.ParseAndKeepRawInput(s, region)
	if err == nil && phonenumbers.IsValidNumber(num) {
		p := Phone{Number: phonenumbers.Format(num, phonenumbers.E164), Raw: raw}
		switch num.GetCountryCodeSource() {
		case phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY:
			p.Origin, p.Region = national, country
		case phonenumbers.PhoneNumber_FROM_NUMBER_WITHOUT_PLUS_SIGN:
			p.Origin = OriginRestoredPlus // the parser found the country code in digits without +
		default:
			p.Origin = OriginExplicit
		}
		return p, nil
	}
	// International digits that lost their + (48601234567): only when the
	// number is long enough to carry a country code and is valid that way.
	if !plus && digits >= 10 {
		d := phonenumbers.NormalizeDigitsOnly(s)
		if n2, err2 := phonenumbers.Parse("+"+d, "ZZ"); err2 == nil && phonenumbers.IsValidNumber(n2) {
			return Phone{Number: phonenumbers.Format(n2, phonenumbers.E164), Raw: raw, Origin: OriginRestoredPlus}, nil
		}
	}
	return Phone{}, phoneError(raw, country, num, err)
}

func phoneError(raw, country string, num *phonenumbers.PhoneNumber, err error) error {
	switch {
	case err != nil && country == "":
		return fmt.Errorf("%w: %q has no country code and no default country is set", ErrPhone, raw)
	case err != nil:
		return fmt.Errorf("%w: %q is not a phone number", ErrPhone, raw)
	}
	where := country
	if r := phonenumbers.GetRegionCodeForNumber(num); r != "" && r != "ZZ" {
		where = r
	}
	switch phonenumbers.IsPossibleNumberWithReason(num) {
	case phonenumbers.TOO_SHORT, phonenumbers.INVALID_LENGTH:
		return fmt.Errorf("%w: %q is too short for %s", ErrPhone, raw, regionLabel(where))
	case phonenumbers.TOO_LONG:
		return fmt.Errorf("%w: %q is too long for %s", ErrPhone, raw, regionLabel(where))
	case phonenumbers.INVALID_COUNTRY_CODE:
		return fmt.Errorf("%w: %q has an unknown country code", ErrPhone, raw)
	}
	return fmt.Errorf("%w: %q is not a valid number in %s", ErrPhone, raw, regionLabel(where))
}

func regionLabel(cc string) string {
	if cc == "" || cc == "ZZ" {
		return "any country"
	}
	return cc
}

// PhoneInfo describes a stored E.164 number for the card: its line type
// (mobile, fixed, …) and its country.
func PhoneInfo(e164 string) (kind, country string) {
	num, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil {
		return "", ""
	}
	country = phonenumbers.GetRegionCodeForNumber(num)
	switch phonenumbers.GetNumberType(num) {
	case phonenumbers.MOBILE:
		kind = "mobile"
	case phonenumbers.FIXED_LINE:
		kind = "fixed"
	case phonenumbers.FIXED_LINE_OR_MOBILE:
		kind = "fixed or mobile"
	case phonenumbers.TOLL_FREE:
		kind = "toll-free"
	case phonenumbers.PREMIUM_RATE:
		kind = "premium"
	case phonenumbers.VOIP:
		kind = "VoIP"
	default:
		kind = "other"
	}
	return kind, country
}

// FormatPhone writes an E.164 number in international format with spaces,
// for people (+48 601 234 567).
func FormatPhone(e164 string) string {
	num, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil {
		return e164
	}
	return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
}

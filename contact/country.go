package contact

import (
	"fmt"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryLanguages are the languages whose country names CountryCode knows.
var countryLanguages = []language.Tag{
	language.English, language.Polish, language.Russian, language.German,
	language.BrazilianPortuguese, language.EuropeanPortuguese, language.Spanish,
	language.French, language.Italian, language.Ukrainian, language.Dutch, language.Czech,
}

// countryNames maps folded country names and codes to ISO alpha-2 codes. It
// is built once, on first use, and never changes afterwards.
var countryNames = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 4096)
	for cc := range phonenumbers.GetSupportedRegions() {
		r, err := language.ParseRegion(cc)
		if err != nil {
			continue
		}
		m[Fold(cc)] = cc
		if iso3 := r.ISO3(); iso3 != "" {
			m[Fold(iso3)] = cc
		}
		for _, t := range countryLanguages {
			if name := display.Regions(t).Name(r); name != "" {
				m[Fold(name)] = cc
			}
		}
	}
	// Names people write that the CLDR tables spell differently.
	for name, cc := range map[string]string{
		"uk": "GB", "england": "GB", "great britain": "GB", "britain": "GB", "scotland": "GB", "wales": "GB",
		"usa": "US", "u.s.a.": "US", "u.s.": "US", "united states of america": "US", "america": "US",
		"россия": "RU", "рф": "RU", "российская федерация": "RU", "russian federation": "RU",
		"brasil": "BR", "deutschland": "DE", "polska": "PL", "rzeczpospolita polska": "PL",
		"україна": "UA", "беларусь": "BY", "czechia": "CZ", "czech republic": "CZ", "holland": "NL",
		"españa": "ES", "italia": "IT", "österreich": "AT", "schweiz": "CH", "suisse": "CH",
	} {
		m[Fold(name)] = cc
	}
	return m
})

// CountryCode resolves an ISO alpha-2 or alpha-3 code, or a country's name in
// English, Polish, Russian, German, Portuguese, Spanish, French and a few
// more, to its ISO alpha-2 code (case- and accent-insensitive).
func CountryCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	cc, ok := countryNames()[Fold(s)]
	return cc, ok
}

// CountryName returns the English name of an ISO alpha-2 code, or the code.
func CountryName(cc string) string {
	r, err := language.ParseRegion(cc)
	if err != nil {
		return cc
	}
	if n := display.Regions(language.English).Name(r); n != "" {
		return n
	}
	return cc
}

// LocaleCountry reads the country of the user's locale from LC_ALL,
// LC_CTYPE or LANG (pl_PL.UTF-8 → PL): the default country for phones when
// neither the command nor the store names one. "" when the locale has none.
func LocaleCountry(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		l := getenv(v)
		if l == "" || l == "C" || l == "POSIX" || strings.HasPrefix(l, "C.") {
			continue
		}
		l, _, _ = strings.Cut(l, ".")
		l, _, _ = strings.Cut(l, "@")
		if _, cc, ok := strings.Cut(l, "_"); ok && len(cc) == 2 {
			if c, err := CheckCountry(cc); err == nil {
				return c
			}
		}
		return ""
	}
	return ""
}

// CheckCountry validates a default country (an ISO code or a name).
func CheckCountry(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	cc, ok := CountryCode(s)
	if !ok {
		return "", fmt.Errorf("%q is not a country (use an ISO code such as PL, or a country name)", s)
	}
	return cc, nil
}

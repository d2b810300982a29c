package book

import (
	"fmt"
	"strings"

	"rolo/contact"
)

// Store setting keys.
const (
	// CountryKey is the default country for phones written in national
	// form ("601 234 567"), an ISO alpha-2 code.
	CountryKey = "default_country"
	// ColumnsKey is the interface's choice of columns (field names).
	ColumnsKey = "ui.columns"
)

// Prefs is the part of a store's definitions (store.Definitions) that
// holds its settings, by key.
type Prefs interface {
	Pref(key string, v any) (bool, error)
	SetPref(key string, v any) error
	DeletePref(key string) error
}

// Where a setting's value came from.
const (
	FromFlag   = "flag"   // the command's own flag (--country)
	FromStore  = "store"  // the store's setting (rolo config set)
	FromLocale = "locale" // the user's locale (LANG, LC_ALL, LC_CTYPE)
	FromUser   = "system" // the operating system (the user's login name)
	FromNone   = "unset"  // nothing gave a value
)

// Setting is a setting's resolved value and where it came from.
type Setting struct {
	Key   string
	Value string // "" when nothing gave one
	From  string // FromFlag, FromStore, FromLocale, FromUser or FromNone
}

// Country resolves the default country for phones in national form: the
// flag (validated: a wrong one is an error naming it), else the store's
// setting, else the locale's country, else none.
func Country(p Prefs, flag string, getenv func(string) string) (Setting, error) {
	s := Setting{Key: CountryKey}
	if strings.TrimSpace(flag) != "" {
		cc, err := contact.CheckCountry(flag)
		if err != nil {
			return s, fmt.Errorf("--country: %w", err)
		}
		s.Value, s.From = cc, FromFlag
		return s, nil
	}
	cc, err := storeCountry(p)
	if err != nil {
		return s, err
	}
	if cc != "" {
		s.Value, s.From = cc, FromStore
		return s, nil
	}
	if cc := contact.LocaleCountry(getenv); cc != "" {
		s.Value, s.From = cc, FromLocale
		return s, nil
	}
	s.From = FromNone
	return s, nil
}

// storeCountry is the store's own setting, "" when it has none (or one
// this version cannot read, which it then ignores as if unset).
func storeCountry(p Prefs) (string, error) {
	var cc string
	if _, err := p.Pref(CountryKey, &cc); err != nil {
		return "", fmt.Errorf("reading the default country: %w", err)
	}
	if c, err := contact.CheckCountry(cc); err == nil {
		return c, nil
	}
	return "", nil
}

// SetCountry sets the store's default country (an ISO code or a country
// name) and returns the code it stored; "" clears the setting.
func SetCountry(p Prefs, value string) (string, error) {
	cc, err := contact.CheckCountry(value)
	if err != nil {
		return "", err
	}
	if cc == "" {
		if err := p.DeletePref(CountryKey); err != nil {
			return "", fmt.Errorf("clearing the default country: %w", err)
		}
		return "", nil
	}
	if err := p.SetPref(CountryKey, cc); err != nil {
		return "", fmt.Errorf("setting the default country: %w", err)
	}
	return cc, nil
}

// Columns is the interface's saved choice of columns (nil: its default).
func Columns(p Prefs) ([]string, error) {
	var cols []string
	if _, err := p.Pref(ColumnsKey, &cols); err != nil {
		return nil, fmt.Errorf("reading the columns: %w", err)
	}
	return cols, nil
}

// List is every setting with its value and source, as `rolo config`
// shows them: the default country, the columns and the user.
func List(p Prefs, flag string, getenv func(string) string, user string) ([]Setting, error) {
	country, err := Country(p, flag, getenv)
	if err != nil {
		return nil, err
	}
	cols, err := Columns(p)
	if err != nil {
		return nil, err
	}
	columns := Setting{Key: "columns", Value: strings.Join(cols, ","), From: FromStore}
	if len(cols) == 0 {
		columns.From = FromNone
	}
	return []Setting{country, columns, {Key: "user", Value: user, From: FromUser}}, nil
}

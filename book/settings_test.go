package book

import (
	"encoding/json"
	"strings"
	"testing"
)

// prefs is a store's settings in memory.
type prefs map[string][]byte

func (p prefs) Pref(key string, v any) (bool, error) {
	data, ok := p[key]
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal(data, v)
}

func (p prefs) SetPref(key string, v any) error {
	data, err := json.Marshal(v)
	p[key] = data
	return err
}

func (p prefs) DeletePref(key string) error { delete(p, key); return nil }

func env(lang string) func(string) string {
	return func(k string) string {
		if k == "LANG" {
			return lang
		}
		return ""
	}
}

func TestCountryOrder(t *testing.T) {
	p := prefs{}
	check := func(flag, lang, wantValue, wantFrom string) {
		t.Helper()
		s, err := Country(p, flag, env(lang))
		if err != nil || s.Value != wantValue || s.From != wantFrom || s.Key != CountryKey {
			t.Errorf("Country(%q, LANG=%q) = %+v, %v; want %s from %s", flag, lang, s, err, wantValue, wantFrom)
		}
	}
	check("", "", "", FromNone)
	check("", "de_DE.UTF-8", "DE", FromLocale)
	if cc, err := SetCountry(p, "Polska"); cc != "PL" || err != nil {
		t.Fatalf("SetCountry(Polska) = %q, %v", cc, err)
	}
	check("", "de_DE.UTF-8", "PL", FromStore)
	check("brazil", "de_DE.UTF-8", "BR", FromFlag)
	if _, err := Country(p, "XX", nil); err == nil || !strings.Contains(err.Error(), `--country: "XX" is not a country`) {
		t.Errorf("a wrong flag: %v", err)
	}
	if _, err := SetCountry(p, "XX"); err == nil {
		t.Error("SetCountry(XX) should fail")
	}
	check("", "", "PL", FromStore) // the refused value changed nothing
	if cc, err := SetCountry(p, " "); cc != "" || err != nil {
		t.Fatalf("SetCountry(blank) = %q, %v", cc, err)
	}
	if _, ok := p[CountryKey]; ok {
		t.Error("a cleared country is still stored")
	}
	check("", "fr_FR", "FR", FromLocale)
}

func TestList(t *testing.T) {
	p := prefs{}
	_ = p.SetPref(ColumnsKey, []string{"emails", "city"})
	list, err := List(p, "", env(""), "ana")
	if err != nil || len(list) != 3 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if list[1].Value != "emails,city" || list[1].From != FromStore || list[2].Value != "ana" || list[2].From != FromUser {
		t.Errorf("List = %+v", list)
	}
}

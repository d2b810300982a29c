package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigListsAndSetsTheDefaultCountry(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	addContacts(t, db, person("Jonas", "Becker", "jonas@example.de", "+4915112345678"),
		person("Anna", "Nowak", "anna@example.pl", "+48601234567"))
	code, out, _ := run(t, "--db", db, "config")
	if code != ExitOK || !strings.Contains(out, "default_country  -      unset") || !strings.Contains(out, "user") {
		t.Fatalf("config on a new store: %d %q", code, out)
	}
	// A wrong country is one line and changes nothing.
	code, out, errs := run(t, "--db", db, "config", "set", "default_country", "XX")
	if code != ExitUsage || out != "" || !strings.HasPrefix(errs, `rolo: default_country: "XX" is not a country`) {
		t.Fatalf("set XX: %d %q %q", code, out, errs)
	}
	for _, args := range [][]string{{"set", "columns", "x"}, {"set", "colour", "x"}, {"unset", "user"}} {
		if code, _, errs := run(t, append([]string{"--db", db, "config"}, args...)...); code != ExitUsage || strings.Count(errs, "rolo:") != 1 {
			t.Errorf("config %v: %d %q", args, code, errs)
		}
	}
	if code, _, errs := run(t, "--db", db, "--read-only", "config", "set", "default_country", "PL"); code != ExitUsage || !strings.Contains(errs, "--read-only") {
		t.Errorf("set on --read-only: %d %q", code, errs)
	}
	code, out, _ = run(t, "--db", db, "config", "set", "default_country", "Poland")
	if code != ExitOK || out != "default_country is now PL (Poland)\n" {
		t.Fatalf("set Poland: %d %q", code, out)
	}
	if _, out, _ := run(t, "--db", db, "config"); !strings.Contains(out, "default_country  PL     store") {
		t.Errorf("config after set: %q", out)
	}
	// The store's country reads national numbers everywhere; --country wins.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"count", "--where", "phones = 601 234 567"}, "1\n"},
		{[]string{"count", "--where", "phones = 0151 12345678"}, "0\n"},
		{[]string{"count", "--where", "phones = 0151 12345678", "--country", "DE"}, "1\n"},
		{[]string{"list", "--where", "phones = 0151 12345678", "--country", "de", "--columns", "last_name"}, "last_name\nBecker\n"},
		{[]string{"list", "--where", "phones = 601234567", "--columns", "last_name"}, "last_name\nNowak\n"},
	} {
		if code, out, errs := run(t, append([]string{"--db", db}, tt.args...)...); code != ExitOK || out != tt.want {
			t.Errorf("%v: %d %q %q, want %q", tt.args, code, out, errs, tt.want)
		}
	}
	if code, _, errs := run(t, "--db", db, "count", "--country", "XX"); code != ExitUsage || !strings.Contains(errs, `--country: "XX" is not a country`) {
		t.Errorf("count --country XX: %d %q", code, errs)
	}
	code, out, errs = run(t, "--db", db, "unsubscribe", "--phone", "601 234 567")
	if code != ExitOK || !strings.Contains(out, "unsubscribed 1 contact (#2)") {
		t.Errorf("unsubscribe --phone in national form: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, "--db", db, "erase", "--phone", "0151 12345678", "--country", "DE", "--yes")
	if code != ExitOK || !strings.Contains(out, "#1") {
		t.Errorf("erase --phone with --country: %d %q %q", code, out, errs)
	}
	// rolo audit (and rolo open) read a file's phones with the store's country.
	csv := writeFile(t, "a.csv", "name,phone\nOla Lis,602 345 678\n")
	if _, out, errs := run(t, "--db", db, "audit", csv, "--json"); !strings.Contains(out, `"country": "PL"`) {
		t.Errorf("audit with the store's country: %q %q", out, errs)
	}
	// Unset (or set "") clears it: nothing else gives a country here.
	for _, args := range [][]string{{"unset", "default_country"}, {"set", "default_country", ""}} {
		code, out, _ = run(t, append([]string{"--db", db, "config"}, args...)...)
		if code != ExitOK || out != "default_country is not set: phones in national form need a + or the contact's country\n" {
			t.Errorf("config %v: %d %q", args, code, out)
		}
	}
	if _, out, _ := run(t, "--db", db, "count", "--where", "phones = 601 234 567"); out != "0\n" {
		t.Errorf("after unset a national number should match nothing: %q", out)
	}
}

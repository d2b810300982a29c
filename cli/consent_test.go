package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestConsentAddListRm(t *testing.T) {
	db, _ := privacyStore(t, person("Anna", "Nowak", "anna@example.com", ""), person("Jan", "Kowalski", "jan@example.com", ""))
	code, out, errs := run(t, "--db", db, "consent", "add", "sms_offers", "--channel", "SMS", "--description", "Offers by text")
	if code != ExitOK || out != "added consent sms_offers (sms)\n" {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	// newsletter was created on first use; add makes it deliberate.
	code, out, _ = run(t, "--db", db, "consent", "add", "newsletter", "--description", "Monthly news")
	if code != ExitOK || !strings.Contains(out, "created on first use; it is now defined (email)") {
		t.Errorf("confirming an auto consent: %d %q", code, out)
	}
	code, out, _ = run(t, "--db", db, "consent", "list")
	want := "NAME\tCHANNEL\tGRANTED\tWITHDRAWN\tAUTO\tDESCRIPTION\n" +
		"newsletter\temail\t2\t0\tno\tMonthly news\n" +
		"sms_offers\tsms\t0\t0\tno\tOffers by text\n"
	if code != ExitOK || out != want {
		t.Errorf("list:\n%s\nwant\n%s", out, want)
	}
	code, out, _ = run(t, "--db", db, "consent", "list", "--json")
	var rows []consentRow
	if err := json.Unmarshal([]byte(out), &rows); code != ExitOK || err != nil || len(rows) != 2 || rows[0].Granted != 2 {
		t.Errorf("list --json: %d %v %s", code, err, out)
	}
	// Removing a consent contacts hold needs --force.
	args := []string{"--db", db, "consent", "rm", "newsletter"}
	code, _, errs = run(t, args...)
	oneLine(t, args, code, errs, ExitError, `consent "newsletter" is held by 2 contacts (2 granted, 0 refused, 0 withdrawn); add --force`)
	code, out, _ = run(t, append(args, "--force")...)
	if code != ExitOK || out != "removed consent newsletter from 2 contacts and deleted its definition\n" {
		t.Errorf("rm --force: %d %q", code, out)
	}
	code, out, _ = run(t, "--db", db, "consent", "rm", "sms_offers")
	if code != ExitOK || out != "deleted consent sms_offers\n" {
		t.Errorf("rm: %d %q", code, out)
	}
	if _, out, _ = run(t, "--db", db, "consent", "list"); !strings.Contains(out, "no consents yet") {
		t.Errorf("list after rm: %q", out)
	}
}

func TestConsentErrors(t *testing.T) {
	db, _ := privacyStore(t)
	run(t, "--db", db, "consent", "add", "newsletter")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"consent"}, ExitUsage, "say what to do: add, list or rm"},
		{[]string{"consent", "add"}, ExitUsage, "accepts 1 arg"},
		{[]string{"consent", "add", "x", "--channel", "pigeon"}, ExitUsage, `--channel "pigeon" is not one of email, sms, phone, whatsapp, other`},
		{[]string{"consent", "add", " padded"}, ExitUsage, "starts or ends with a space"},
		{[]string{"consent", "add", "newsletter"}, ExitError, `consent "newsletter" exists already`},
		{[]string{"consent", "rm", "nope"}, ExitError, `no consent named "nope"`},
		{[]string{"--read-only", "consent", "add", "x"}, ExitUsage, "drop --read-only"},
	} {
		args := append([]string{"--db", db}, tt.args...)
		code, _, errs := run(t, args...)
		oneLine(t, args, code, errs, tt.code, tt.want)
	}
}

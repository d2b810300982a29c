package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// A client list under a title, a blank line and the list's name.
const titledClients = "Billing Hub v4.5.17 - Clients export\n" +
	"\n" +
	"CLIENTS\n" +
	"Name,City,Work Phone,Email\n" +
	"Acme Tools,Leeds,+44 113 496 0000,office@acme.example\n" +
	"Berg & Sons,Uppsala,+46 18 123 456,info@berg.example\n"

func TestTitleLinesAreSkippedNotRejected(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	path := writeTemp(t, "clients.csv", titledClients)
	code, out, errs := run(t, "--db", db, "import", path, "--country", "GB")
	if code != ExitOK {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	for _, want := range []string{"with a header on line 4", "skipped lines 1–3 above the header", "rows:       2", "created:    2", "rejected:   0"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestHeaderRowFlag(t *testing.T) {
	path := writeTemp(t, "clients.csv", titledClients)
	code, out, errs := run(t, "audit", path, "--header-row", "4", "--country", "GB")
	if code != ExitOK || !strings.Contains(out, "with a header on line 4") || !strings.Contains(out, ", 2 rows") {
		t.Errorf("audit --header-row 4: %d %q %q", code, out, errs)
	}
	code, _, errs = run(t, "audit", path, "--header-row", "2")
	if code == ExitOK || !strings.Contains(errs, "--header-row 2: line 2 of clients.csv holds no row") {
		t.Errorf("a blank header row: %d %q", code, errs)
	}
	code, _, errs = run(t, "audit", path, "--header-row", "-1")
	if code == ExitOK || !strings.Contains(errs, "--header-row") {
		t.Errorf("a negative header row: %d %q", code, errs)
	}
}

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// A Windows-1250 file with CRLF line ends, as Polish Excel saves it,
// with a rejected row holding a formula.
func windows1250CSV(t *testing.T) string {
	t.Helper()
	text := "Imię;Nazwisko;E-mail;Uwagi\r\n" +
		"Łucja;Gołąb;lucja@example.pl;stała klientka\r\n" +
		"Zdzisław;Bąk;;=HYPERLINK(\"http://x.example\")\r\n"
	b, err := charmap.Windows1250.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, "kontakty.csv", b)
}

func TestRejectsFileOpensInExcel(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	file := windows1250CSV(t)
	rejects := filepath.Join(dir, "rejects.csv")
	if code, _, errs := run(t, "--db", db, "import", file, "--country", "PL", "--rejects", rejects, "--bom"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, _ := os.ReadFile(rejects)
	want := "\uFEFFImię;Nazwisko;E-mail;Uwagi;rolo_reject_reason\r\n" +
		"Zdzisław;Bąk;;\"'=HYPERLINK(\"\"http://x.example\"\")\";no usable key: no valid e-mail or phone\r\n"
	if string(got) != want {
		t.Errorf("rejects file\n%q\nwant\n%q", got, want)
	}

	// --profile raw keeps the cell as it was read; no --bom, no mark.
	if code, _, errs := run(t, "--db", db, "import", file, "--country", "PL", "--rejects", rejects, "--profile", "raw"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, _ = os.ReadFile(rejects)
	if want := strings.Replace(strings.TrimPrefix(want, "\uFEFF"), "\"'=", "\"=", 1); string(got) != want {
		t.Errorf("raw rejects file\n%q\nwant\n%q", got, want)
	}
}

func TestRejectsOptionsNeedARejectsFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	file := windows1250CSV(t)
	for _, args := range [][]string{{"--bom"}, {"--profile", "raw"}, {"--rejects", "x.csv", "--profile", "libreoffice"}} {
		code, _, errs := run(t, append([]string{"--db", db, "import", file, "--country", "PL"}, args...)...)
		if first, _, _ := strings.Cut(errs, "\n"); code != ExitUsage || !strings.Contains(first, "--") {
			t.Errorf("%v: exit %d, %q; want a usage error naming the flag", args, code, errs)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused command created the store")
	}
}

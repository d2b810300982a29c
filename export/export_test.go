package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"rolo/contact"
)

func TestNeutralise(t *testing.T) {
	// Payloads a spreadsheet would run come out as text.
	for _, in := range []string{
		"=HYPERLINK(\"http://evil\",\"click\")", "=1+2", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
		"@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+2", "\r=1+2", "\x00=1+2", "-", "+", "=", "@", "+48 601 234 567",
		"-1e5", "+48601234567; =cmd", "-1,5,5", "--1",
	} {
		if got := Neutralise(in); got != "'"+in {
			t.Errorf("Neutralise(%q) = %q, want it prefixed with '", in, got)
		}
	}
	// Harmless values stay readable.
	for _, in := range []string{
		"+48601234567", "+48601234567; +4915112345678", "-20.5", "-20,5", "-1500", "+7", "2026-11-02",
		"2026-11-02T10:00:00Z", "jan@wp.pl", "Łódź", "", "O'Brien", "a=b", "100", " =x",
	} {
		if got := Neutralise(in); got != in {
			t.Errorf("Neutralise(%q) = %q, want it untouched", in, got)
		}
	}
}

var day = time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)

func sample() []*contact.Contact {
	return []*contact.Contact{
		{ID: 1, FirstName: "Łucja", LastName: "Wiśniewska", Company: "Kowalski, Nowak i \"Synowie\"",
			Emails: []string{"lucja@wp.pl", "l.w@example.com"}, Phones: []contact.Phone{{Number: "+48601234567"}, {Number: "+48221234567"}},
			Faxes: []string{"+48221234599"}, Prefix: "dr", Suffix: "PhD", Department: "Księgowość", Role: "Approver",
			BirthDate: "1985-03-07", Points: contact.Num(150), PaidTotal: contact.Num(-20.5),
			Address:     contact.Address{Street: "ul. Długa", House: "5/3", PostalCode: "90-001", City: "Łódź", Country: "PL"},
			Description: "=HYPERLINK(\"http://evil\")\nsecond line", Groups: []string{"VIP", "Partners; Gold"}, Tags: []string{"b2b"},
			Status: "subscriber", Consents: []contact.Consent{{Name: "email", Granted: false}, {Name: "sms", Granted: true, At: day, Source: "import:3"}},
			Custom: []contact.Custom{{Name: "loyalty card", Value: "@LC-1"}}, CreatedAt: day, UpdatedAt: day.Add(time.Hour), Source: "import:3"},
		{ID: 2, Company: "Budimex S.A.", Status: "contact", CreatedAt: day, UpdatedAt: day},
	}
}

func each(cs []*contact.Contact) Source {
	return func(fn func(*contact.Contact) error) error {
		for _, c := range cs {
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	}
}

func write(t *testing.T, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := Run(context.Background(), &buf, each(sample()), nil, opt, nil)
	if err != nil || n != 2 {
		t.Fatalf("Run: %d %v", n, err)
	}
	return buf.Bytes()
}

var cols = []string{"first_name", "last_name", "company", "emails", "phones", "points", "paid_total", "birth_date",
	"description", "groups", "custom:loyalty card", "consent:sms", "consent:email"}

func TestCSV(t *testing.T) {
	for _, tt := range []struct {
		opt  Options
		sep  rune
		desc string
		card string
	}{
		{Options{Format: CSV, Columns: cols}, ',', "'=HYPERLINK(\"http://evil\")\nsecond line", "'@LC-1"},
		{Options{Format: CSV, Columns: cols, Profile: Raw}, ',', "=HYPERLINK(\"http://evil\")\nsecond line", "@LC-1"},
		{Options{Format: TXT, Columns: cols, BOM: true}, '\t', "'=HYPERLINK(\"http://evil\")\nsecond line", "'@LC-1"},
	} {
		out := write(t, tt.opt)
		if tt.opt.BOM != bytes.HasPrefix(out, []byte("\ufeff")) {
			t.Errorf("%s: BOM %v", tt.opt.Format, tt.opt.BOM)
		}
		if !bytes.Contains(out, []byte("\r\n")) {
			t.Errorf("%s: lines do not end in CRLF", tt.opt.Format)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\ufeff"))))
		r.Comma = tt.sep
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", tt.opt.Format, err)
		}
		if !reflect.DeepEqual(rows[0], cols) || len(rows) != 3 {
			t.Fatalf("%s: header %v, %d rows", tt.opt.Format, rows[0], len(rows))
		}
		want := []string{"Łucja", "Wiśniewska", `Kowalski, Nowak i "Synowie"`, "lucja@wp.pl; l.w@example.com",
			"+48601234567; +48221234567", "150", "-20.5", "1985-03-07", tt.desc, "VIP; Partners; Gold", tt.card, "yes", "no"}
		if !reflect.DeepEqual(rows[1], want) {
			t.Errorf("%s %s: row\n got %q\nwant %q", tt.opt.Format, tt.opt.Profile, rows[1], want)
		}
	}
}

func TestCSVKeepsLineBreaksInValues(t *testing.T) {
	c := &contact.Contact{Description: "one\ntwo\r\nthree", FirstName: " padded", LastName: "tab\there", Company: "plain"}
	for _, f := range []Format{CSV, TXT} {
		var buf bytes.Buffer
		if _, err := Run(context.Background(), &buf, each([]*contact.Contact{c}), nil,
			Options{Format: f, Columns: []string{"description", "first_name", "last_name", "company"}, Profile: Raw}, nil); err != nil {
			t.Fatal(err)
		}
		raw := buf.String()
		if !strings.Contains(raw, "\"one\ntwo\r\nthree\"") {
			t.Errorf("%s: a line break inside a value was changed: %q", f, raw)
		}
		r := csv.NewReader(&buf)
		if f == TXT {
			r.Comma = '\t'
		}
		rows, err := r.ReadAll()
		// encoding/csv reads \r\n inside quotes as \n; what matters is that
		// the writer did not add a \r to the lone \n.
		if err != nil || len(rows) != 2 || rows[1][0] != "one\ntwo\nthree" || rows[1][1] != " padded" || rows[1][2] != "tab\there" || rows[1][3] != "plain" {
			t.Errorf("%s: %q %v", f, rows, err)
		}
	}
}

func TestXLSX(t *testing.T) {
	out := write(t, Options{Format: XLSX, Columns: cols})
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetName)
	if err != nil || len(rows) != 3 || !reflect.DeepEqual(rows[0], cols) {
		t.Fatalf("rows %v %v", rows, err)
	}
	for cell, want := range map[string]excelize.CellType{
		"E2": excelize.CellTypeSharedString, // phones: text, + kept
		"I2": excelize.CellTypeSharedString, // "=HYPERLINK…": a string
		"F2": excelize.CellTypeUnset,        // points: a number
	} {
		got, _ := f.GetCellType(sheetName, cell)
		if want == excelize.CellTypeSharedString && got == excelize.CellTypeInlineString {
			got = want // text either way
		}
		if got != want {
			t.Errorf("%s type %v, want %v", cell, got, want)
		}
	}
	if v, _ := f.GetCellValue(sheetName, "E2"); v != "+48601234567; +48221234567" {
		t.Errorf("phones cell %q", v)
	}
	if v, _ := f.GetCellValue(sheetName, "I2"); !strings.HasPrefix(v, "=HYPERLINK") {
		t.Errorf("description cell %q", v)
	}
	if fo, _ := f.GetCellFormula(sheetName, "I2"); fo != "" {
		t.Errorf("a formula was written: %q", fo)
	}
	if v, _ := f.GetCellValue(sheetName, "G2"); v != "-20.5" {
		t.Errorf("paid_total %q", v)
	}
	if v, _ := f.GetCellValue(sheetName, "F3"); v != "" {
		t.Errorf("absent points %q", v)
	}
}

func TestJSONL(t *testing.T) {
	opt := Options{Format: JSONL, Columns: DefaultColumns(JSONL, []string{"loyalty card"}, []string{"email", "sms"})}
	out := write(t, opt)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil {
		t.Fatal(err)
	}
	checks := map[string]any{
		"id": 1.0, "first_name": "Łucja", "emails": []any{"lucja@wp.pl", "l.w@example.com"}, "phones": []any{"+48601234567", "+48221234567"},
		"points": 150.0, "paid_total": -20.5, "groups": []any{"VIP", "Partners; Gold"}, "tags": []any{"b2b"},
		"description": "=HYPERLINK(\"http://evil\")\nsecond line", "custom": map[string]any{"loyalty card": "@LC-1"},
		"consents":   map[string]any{"sms": map[string]any{"granted": true, "at": "2026-10-20T08:00:00Z", "source": "import:3"}, "email": map[string]any{"granted": false}},
		"created_at": "2026-10-20T08:00:00Z", "updated_at": "2026-10-20T09:00:00Z", "source": "import:3", "middle_name": "", "status": "subscriber",
	}
	for k, want := range checks {
		if !reflect.DeepEqual(m[k], want) {
			t.Errorf("%s = %#v, want %#v", k, m[k], want)
		}
	}
	if strings.Index(lines[0], `"custom"`) > strings.Index(lines[0], `"consents"`) || !strings.HasPrefix(lines[0], `{"id":1,"first_name"`) {
		t.Errorf("key order: %s", lines[0])
	}
	var m2 map[string]any
	json.Unmarshal([]byte(lines[1]), &m2)
	if m2["points"] != nil || !reflect.DeepEqual(m2["emails"], []any{}) || !reflect.DeepEqual(m2["consents"], map[string]any{}) {
		t.Errorf("empty values: %s", lines[1])
	}
	if got := string(appendJSONString(nil, "a\x01\u2028\xff")); got != `"a\u0001\u2028\ufffd"` {
		t.Errorf("escaping: %s", got)
	}
}

func TestVCard(t *testing.T) {
	opt := Options{Format: VCard, Columns: append(DefaultColumns(VCard, []string{"loyalty card"}, []string{"sms"}), "id")}
	c := sample()[0]
	c.JobTitle = strings.Repeat("Główna księgowa; ", 8)
	var buf bytes.Buffer
	if _, err := Run(context.Background(), &buf, each([]*contact.Contact{c, sample()[1]}), nil, opt, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, line := range strings.Split(out, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:rolo:1\r\n", "FN:Łucja Wiśniewska\r\n", "N:Wiśniewska;Łucja;;dr;PhD\r\n",
		`ORG:Kowalski\, Nowak i "Synowie";Księgowość` + "\r\n", "ROLE:Approver\r\n", "EMAIL;PREF=1:lucja@wp.pl\r\n", "EMAIL:l.w@example.com\r\n",
		"TEL;VALUE=uri;PREF=1:tel:+48601234567\r\n", "TEL;TYPE=fax;VALUE=uri:tel:+48221234599\r\n", "BDAY:19850307\r\n", "ADR;X-ROLO-HOUSE=5/3:;;ul. Długa 5/3;Łódź;;90-001;Poland\r\n",
		`NOTE:=HYPERLINK("http://evil")\nsecond line` + "\r\n", `CATEGORIES:VIP,Partners\; Gold` + "\r\n",
		"X-ROLO-CUSTOM;NAME=loyalty card:@LC-1\r\n", "X-ROLO-CONSENT;NAME=sms;AT=20261020T080000Z;SOURCE=\"import:3\":yes\r\n",
		"TITLE:" + strings.Repeat(`Główna księgowa\; `, 8) + "\r\n", "KIND:org\r\nFN:Budimex S.A.\r\nORG:Budimex S.A.\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("vCard lacks %q:\n%s", want, unfolded)
		}
	}
	if strings.Count(out, "BEGIN:VCARD") != 2 || strings.Count(out, "END:VCARD\r\n") != 2 {
		t.Error("two cards expected")
	}
}

func TestColumnsAndFormats(t *testing.T) {
	got, err := CheckColumns([]string{"Email", " city ", "custom:Shoe size", "consent:sms", "name"})
	if err != nil || !reflect.DeepEqual(got, []string{"emails", "city", "custom:Shoe size", "consent:sms", "full_name"}) {
		t.Errorf("CheckColumns = %v %v", got, err)
	}
	for _, bad := range [][]string{{"nope"}, {"city", "City"}, {""}} {
		if _, err := CheckColumns(bad); err == nil {
			t.Errorf("CheckColumns(%q) accepted", bad)
		}
	}
	def := DefaultColumns(CSV, []string{"x"}, []string{"sms"})
	for _, c := range []string{"id", "full_name", "created_at", "updated_at", "source"} {
		for _, d := range def {
			if d == c {
				t.Errorf("default columns hold %s, which an import cannot write back", c)
			}
		}
	}
	if def[len(def)-2] != "custom:x" || def[len(def)-1] != "consent:sms" {
		t.Errorf("default columns end %v", def[len(def)-2:])
	}
	for in, want := range map[string]Format{"CSV": CSV, "vcard": VCard, "tsv": TXT, "xlsx": XLSX, "jsonl": JSONL} {
		if f, err := ParseFormat(in); err != nil || f != want {
			t.Errorf("ParseFormat(%s) = %v %v", in, f, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("pdf accepted")
	}
	if f, ok := FormatOf("out.VCF"); !ok || f != VCard {
		t.Error("FormatOf")
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, &bytes.Buffer{}, each(sample()), nil, Options{Format: CSV, Columns: cols}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	calls := 0
	var buf bytes.Buffer
	n, err := Run(context.Background(), &buf, each(sample()), func(c *contact.Contact) bool { return c.ID == 2 },
		Options{Format: CSV, Columns: []string{"company"}}, func(int) { calls++ })
	if err != nil || n != 1 || calls != 1 || buf.String() != "company\r\nBudimex S.A.\r\n" {
		t.Errorf("keep: %d %v %d %q", n, err, calls, buf.String())
	}
}

func TestSelect(t *testing.T) {
	cs := sample()
	get := func(ids []uint64) ([]*contact.Contact, error) {
		out := make([]*contact.Contact, len(ids))
		for i, id := range ids {
			for _, c := range cs {
				if c.ID == id {
					out[i] = c
				}
			}
		}
		return out, nil
	}
	var got []uint64
	Select([]uint64{2, 9, 1}, get)(func(c *contact.Contact) error { got = append(got, c.ID); return nil })
	if !reflect.DeepEqual(got, []uint64{2, 1}) {
		t.Errorf("Select = %v", got)
	}
}

func TestDecodeJSONLReadsWhatTheWriterWrites(t *testing.T) {
	cs := sample()
	opt := Options{Format: JSONL, Columns: DefaultColumns(JSONL, []string{"loyalty card"}, []string{"email", "sms"})}
	var buf bytes.Buffer
	if _, err := Run(context.Background(), &buf, each(cs), nil, opt, nil); err != nil {
		t.Fatal(err)
	}
	var got []*contact.Contact
	err := DecodeJSONL(&buf, func(line int, c *contact.Contact) error {
		if line != len(got)+1 {
			t.Errorf("line %d", line)
		}
		got = append(got, c)
		return nil
	})
	if err != nil || len(got) != len(cs) {
		t.Fatalf("DecodeJSONL: %d contacts, %v", len(got), err)
	}
	for i := range cs {
		if d := contact.Diff(cs[i], got[i]); len(d) > 0 || got[i].ID != cs[i].ID ||
			!got[i].CreatedAt.Equal(cs[i].CreatedAt) || !got[i].UpdatedAt.Equal(cs[i].UpdatedAt) || got[i].Source != cs[i].Source {
			t.Errorf("contact %d came back different: %+v", i, d)
		}
	}
	for _, bad := range []string{
		`{"nope":"x"}`, `{"emails":["not an e-mail"]}`, `{"phones":["12"]}`, `{"points":"many"}`,
		`{"consents":{"sms":{"at":"2026-01-01T00:00:00Z"}}}`, `{"created_at":"yesterday"}`, `[1,2]`, `{"status":"gone"}`,
	} {
		err := DecodeJSONL(strings.NewReader("\n"+bad+"\n"), func(int, *contact.Contact) error { return nil })
		if err == nil || !strings.HasPrefix(err.Error(), "line 2: ") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

package storesink

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/importer"
)

// The run reads a JSONL file like any other: rejected lines are rows with
// their line numbers, the rest is imported, and the rejects file keeps a
// bad line whole.
func TestJSONLRowsThroughAnImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.jsonl")
	err := os.WriteFile(path, []byte(strings.Join([]string{
		`{"first_name":"Anna","emails":["anna@x.pl"],"consents":{"sms":{"granted":true,"at":"2026-01-02T03:04:05Z"}}}`,
		`{"first_name":"Broken","emails":["b@x.pl"]`,
		`{"first_name":"No key"}`,
		`{"first_name":"Jan","phones":["+48 601 234 567"],"custom":{"vip":"yes"}}`,
	}, "\n")), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := openStore(t)
	rep := mustImport(t, s, path, importer.Options{Country: "PL"})
	if rep.Rows != 4 || rep.Created != 2 || len(rep.Rejected) != 2 {
		t.Fatalf("rows %d created %d rejected %+v", rep.Rows, rep.Created, rep.Rejected)
	}
	if r := rep.Rejected[0]; r.Row != 2 || r.Line != 2 || r.Reason != "not valid JSON: expected ',' or '}' (the line ends too soon)" {
		t.Errorf("rejected %+v", r)
	}
	if r := rep.Rejected[1]; r.Row != 3 || r.Reason != "no usable key: no valid e-mail or phone" {
		t.Errorf("rejected %+v", r)
	}
	anna := find(t, s, contact.KeyEmail, "anna@x.pl")
	if k, _ := anna.Consent("sms"); !k.Granted || !k.At.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) || k.Source != "import:1" {
		t.Errorf("consent %+v", k)
	}
	if jan := find(t, s, contact.KeyPhone, "+48601234567"); jan.PrimaryPhone() != "+48601234567" || jan.Get("custom:vip") != "yes" {
		t.Errorf("jan %+v", jan)
	}
	var rejects bytes.Buffer
	if err := rep.WriteRejects(&rejects); err != nil {
		t.Fatal(err)
	}
	want := "first_name,emails,consent:sms,phones,custom:vip,rolo_reject_line,rolo_reject_reason\r\n" +
		`,,,,,"{""first_name"":""Broken"",""emails"":[""b@x.pl""]",` + `"not valid JSON: expected ',' or '}' (the line ends too soon)"` + "\r\n" +
		"No key,,,,,,no usable key: no valid e-mail or phone\r\n"
	if rejects.String() != want {
		t.Errorf("rejects file\n%s\nwant\n%s", rejects.String(), want)
	}
}

package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzFile is what every whole-file fuzz target checks: a file of any
// content, opened and read to its end as an import reads it, never panics
// or hangs, and a file that cannot be read is refused in one line.
func fuzzFile(t *testing.T, name string, data []byte) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Open(path, ReadOptions{MaxSize: 1 << 20})
	if err != nil {
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("a refusal in more than one line: %q", err)
		}
		return
	}
	defer src.Close()
	if _, err := Audit(context.Background(), src, "PL", nil); err != nil && strings.Contains(err.Error(), "\n") {
		t.Fatalf("a read error in more than one line: %q", err)
	}
}

// FuzzOpenJSONL reads JSON Lines files through Open and a whole audit.
func FuzzOpenJSONL(f *testing.F) {
	for _, s := range []string{
		`{"first_name":"Anna","email":"anna@example.com","phones":["+48601234567"]}` + "\n",
		`{"email":"a@b.pl","consents":{"sms":{"granted":true,"at":"2026-01-02T03:04:05Z"}}}` + "\n" + `{"email":"c@d.pl","groups":["VIP"]}`,
		`{"email":"x@y.z","custom":{"loyalty card":"123"}}` + "\r\n" + `{"email":` + "\n",
		"\xef\xbb\xbf{\"email\":\"bom@example.com\"}\n",
		`{"a":[1,{"b":null}],"email":"n@example.com"}` + "\n\n\n",
		`[1,2,3]` + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, "contacts.jsonl", b) })
}

// FuzzOpenZIP reads ZIP archives (of CSV, vCard and JSON Lines members)
// through Open and a whole audit.
func FuzzOpenZIP(f *testing.F) {
	f.Add(zipOf(f, map[string]string{"contacts.csv": "first_name,email\nAnna,anna@example.com\n"}))
	f.Add(zipOf(f, map[string]string{
		"a.csv":      "Imię;Telefon\nJan;601 234 567\n",
		"b.vcf":      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ola\r\nEMAIL:ola@example.com\r\nEND:VCARD\r\n",
		"c.jsonl":    `{"email":"c@example.com"}` + "\n",
		"readme.txt": "not a table",
	}))
	f.Add(zipOf(f, map[string]string{"nested/inner.zip": "PK\x03\x04 not really"}))
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, "export.zip", b) })
}

func zipOf(f *testing.F, members map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range members {
		w, err := zw.Create(name)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			f.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

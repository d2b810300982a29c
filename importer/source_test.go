package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type zipEntry struct {
	name   string
	data   []byte
	method uint16
}

func makeZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Whole-file checks refuse with one clear line and read nothing.
func TestWholeFileRefusals(t *testing.T) {
	bomb := bytes.Repeat([]byte("a"), 50<<20) // 50 MB of one letter packs to ~50 KB
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 100)...)
	for _, tt := range []struct {
		name string
		file string
		data []byte
		opt  ReadOptions
		want string
	}{
		{"empty", "a.csv", nil, ReadOptions{}, "a.csv: is empty"},
		{"blank lines only", "a.csv", []byte("\n\r\n  \n"), ReadOptions{}, "has no rows"},
		{"header only", "a.csv", []byte("first_name,email,phone\n"), ReadOptions{}, "has a header row but no data rows"},
		{"binary named .csv", "a.csv", append([]byte("id,x\n"), bytes.Repeat([]byte{0, 0xff, 0x10}, 300)...), ReadOptions{}, "is not a supported format: it holds binary data"},
		{"image named .csv", "photo.csv", png, ReadOptions{}, "is a PNG image, not a contact file"},
		{"text named .xlsx", "a.xlsx", []byte("a,b\n1,2\n"), ReadOptions{}, "is named .xlsx but is not a spreadsheet"},
		{"over the size limit", "a.csv", []byte("email\nx@y.pl\n"), ReadOptions{MaxSize: 5}, "over the limit of 5 bytes (see --max-size)"},
		{"zip member escaping", "a.zip", makeZip(t, zipEntry{name: "../../etc/passwd.csv", data: []byte("email\nx@y.pl\n")}), ReadOptions{}, `member "../../etc/passwd.csv" points outside its folder`},
		{"zip absolute member", "a.zip", makeZip(t, zipEntry{name: "/tmp/x.csv", data: []byte("email\nx@y.pl\n")}), ReadOptions{}, "points outside its folder"},
		{"zip bomb", "a.zip", makeZip(t, zipEntry{name: "big.csv", data: bomb, method: zip.Deflate}), ReadOptions{}, "out of all proportion (a zip bomb?)"},
		{"zip over the limit unpacked", "a.zip", makeZip(t, zipEntry{name: "a.csv", data: bytes.Repeat([]byte("email\nx@y.pl\n"), 100), method: zip.Deflate}), ReadOptions{MaxSize: 500}, "over the limit of 500 bytes"},
		{"zip with no contact file", "a.zip", makeZip(t, zipEntry{name: "readme.pdf", data: []byte("%PDF")}), ReadOptions{}, "holds no contact file"},
		{"vcard cut short", "a.vcf", []byte("BEGIN:VCARD\nVERSION:3.0\nFN:x\n"), ReadOptions{}, "has no END:VCARD"},
		{"missing sheet", "a.xlsx", xlsxFile(t, map[string]string{"Kontakty": sheetXML(row(1, inline("A1", "email")), row(2, inline("A2", "x@y.pl")))}, nil), ReadOptions{Sheet: "Nope"}, `has no sheet "Nope" (its sheets: "Kontakty")`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.data)
			src, err := Open(path, tt.opt)
			if err == nil {
				src.Close()
				t.Fatal("the file was accepted")
			}
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q; want a one-line refusal containing %q", err, tt.want)
			}
		})
	}
}

func TestZipOfSeveralFiles(t *testing.T) {
	data := makeZip(t,
		zipEntry{name: "export/", data: nil},
		zipEntry{name: "export/a.csv", data: []byte("email;name\na@x.pl;Ann\n"), method: zip.Deflate},
		zipEntry{name: "export/b.vcf", data: []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob B\r\nEMAIL:b@x.pl\r\nEND:VCARD\r\n")},
		zipEntry{name: "export/empty.csv", data: []byte("email\n")},
		zipEntry{name: "__MACOSX/._a.csv", data: []byte{0, 1}},
		zipEntry{name: "export/notes.docx", data: []byte("PK")},
	)
	src, err := Open(writeFile(t, "contacts.zip", data), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if src.Format != FormatZIP || len(src.Tables) != 2 {
		t.Fatalf("format %s, %d tables", src.Format, len(src.Tables))
	}
	if src.Tables[0].Name != "export/a.csv" || src.Tables[0].Delimiter != ';' || src.Tables[1].Format != FormatVCard {
		t.Errorf("tables: %+v %+v", src.Tables[0], src.Tables[1])
	}
	if len(src.Skipped) != 2 || !strings.Contains(strings.Join(src.Skipped, "|"), "notes.docx") || !strings.Contains(strings.Join(src.Skipped, "|"), "empty.csv: has a header row but no data rows") {
		t.Errorf("skipped: %q", src.Skipped)
	}
	recs := readTable(t, src.Tables[0])
	if len(recs) != 1 || recs[0].Member != "export/a.csv" || recs[0].Cells[0] != "a@x.pl" {
		t.Errorf("member records: %+v", recs)
	}
}

func TestHeaderDetection(t *testing.T) {
	for _, tt := range []struct {
		in   string
		mode HeaderMode
		want bool
	}{
		{"Imię;Nazwisko;Telefon\nJan;Kowalski;601234567\n", HeaderAuto, true},
		{"jan@x.pl;Jan;601234567\nanna@x.pl;Anna;602345678\n", HeaderAuto, false},
		{"Kolumna A;Kolumna B\nJan;601 234 567\n", HeaderAuto, true}, // unknown names over data
		{"Jan;Kowalski\nAnna;Nowak\n", HeaderNo, false},
		{"jan@x.pl;Jan\nanna@x.pl;Anna\n", HeaderYes, true},
	} {
		src, err := Open(writeFile(t, "a.csv", []byte(tt.in)), ReadOptions{Header: tt.mode})
		if err != nil {
			t.Fatal(err)
		}
		tb := src.Tables[0]
		if tb.Header != tt.want {
			t.Errorf("%q: header %v, want %v", tt.in, tb.Header, tt.want)
		}
		if !tb.Header && (tb.Columns[0] != "1" || len(tb.Sample) != 2) {
			t.Errorf("%q: columns %q, %d sample rows", tt.in, tb.Columns, len(tb.Sample))
		}
		src.Close()
	}
}

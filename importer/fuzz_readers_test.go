package importer

import (
	"bytes"
	"testing"
)

// The readers take files from anywhere: whatever the bytes, they return
// records or an error, never panic or hang. The seeds run with every
// `go test`; `go test -fuzz FuzzCSVReader ./importer/` explores further.

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n",
		"a;b\r\n\"x;y\";\"say \"\"hi\"\"\"\r\n",
		"a,b,c\n1,\"2,3\n4,5,6\n",
		"a,b,c,d\n1,\"line one\nline two\"\n",
		"\"unclosed\n",
		"a\tb\n\n\t\n",
		",,,\n\"\",\"\"\n",
	} {
		f.Add([]byte(s), byte(','))
		f.Add([]byte(s), byte(';'))
	}
	f.Fuzz(func(t *testing.T, data []byte, delim byte) {
		if delim == '"' || delim == '\n' || delim == '\r' {
			delim = ','
		}
		p := newCSVReader(bytes.NewReader(data), delim)
		for n := 0; ; n++ {
			rec, err := p.Next()
			if err != nil {
				return
			}
			if n > len(data)+1 {
				t.Fatalf("more records (%d) than bytes (%d)", n, len(data))
			}
			_ = rec
		}
	})
}

func FuzzXMLScanner(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
		`<sst><si><t xml:space="preserve"> a &amp; b </t></si><si><r><t>x</t></r></si></sst>`,
		`<c r="XFD1048576" t="inlineStr"><is><t>_x000D_</t></is></c>`,
		`<!-- comment --><![CDATA[ <x> ]]><a b='1'/>`,
		`<a`, `</`, `<a b="`, "&#x110000;&#0;&bogus;",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x := newXMLScanner(bytes.NewReader(data))
		for n := 0; n <= len(data)+1; n++ {
			tok, err := x.next()
			if err != nil {
				return
			}
			if tok.kind == xmlStart && n%2 == 0 {
				_, _ = x.text(tok.name)
			}
		}
		t.Fatalf("more tokens than bytes (%d)", len(data))
	})
}

func FuzzVCardReader(f *testing.F) {
	for _, s := range []string{
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\nBDAY:1604-07-22\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\nVERSION:2.1\nNOTE;ENCODING=QUOTED-PRINTABLE:a=0D=0A=\nb\nORG:Joe's Pizza\nEND:VCARD\n",
		"BEGIN:VCARD\r\nADR;TYPE=HOME:;;Main St 1;Town;;12345;US\r\n folded\r\nEND:VCARD",
		"BEGIN:VCARD\r\nEND:VCARD\r\nBEGIN:VCARD\r\n",
		"junk\r\nBEGIN:VCARD\r\nTEL;TYPE=FAX:+1 202 555 0143\r\nEND:VCARD\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _, _ = readVCardTable("f.vcf", bytes.NewReader(data), UTF8)
	})
}

func FuzzXLSReader(f *testing.F) {
	f.Add(cfbFile(testXLS()))
	f.Add(testXLS())
	f.Add([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := readXLS("f.xls", bytes.NewReader(data), 1<<20)
		if err != nil {
			return
		}
		for _, sh := range b.sheets {
			_, _ = b.rows(sh)
		}
	})
}

package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Realistic samples: a header and a few rows, as the systems that write
// these code pages would.
var (
	polishCSV = "Imię;Nazwisko;Miasto;Ulica\n" +
		"Łucja;Brzęczyszczykiewicz;Łódź;ul. Łąkowa\n" +
		"Paweł;Wiśniewski;Kraków;ul. Żeromskiego\n" +
		"Małgorzata;Woźniak;Wrocław;ul. Świętokrzyska\n" +
		"Grażyna;Dąbrowska;Gdańsk;ul. Słowackiego\n"
	russianCSV = "Фамилия;Имя;Отчество;Город\n" +
		"Иванов;Сергей;Петрович;Москва\n" +
		"Смирнова;Ольга;Ивановна;Санкт-Петербург\n" +
		"Кузнецов;Дмитрий;Николаевич;Новосибирск\n" +
		"Фёдорова;Наталья;Андреевна;Екатеринбург\n"
	westernCSV = "Vorname;Nachname;Ort;Straße\n" +
		"Jürgen;Müller;München;Königsallee\n" +
		"João;Gonçalves;São Paulo;Rua da Conceição\n" +
		"Käthe;Weiß;Köln;Hauptstraße\n" +
		"Sebastião;Magalhães;Brasília;Avenida Paulista\n"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	if enc == nil {
		return []byte(s)
	}
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodingsAreDetectedAndDecoded(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		enc  encoding.Encoding
		bom  []byte
		want string
	}{
		{"utf-8", polishCSV, nil, nil, "utf-8"},
		{"utf-8 with BOM", russianCSV, nil, utf8BOM, "utf-8"},
		{"utf-16le with BOM", polishCSV, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), nil, "utf-16le"},
		{"utf-16be with BOM", russianCSV, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), nil, "utf-16be"},
		{"utf-16le without BOM", westernCSV, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), nil, "utf-16le"},
		{"windows-1250", polishCSV, charmap.Windows1250, nil, "windows-1250"},
		{"iso-8859-2", polishCSV, charmap.ISO8859_2, nil, "iso-8859-2"},
		{"windows-1251", russianCSV, charmap.Windows1251, nil, "windows-1251"},
		{"koi8-r", russianCSV, charmap.KOI8R, nil, "koi8-r"},
		{"windows-1252", westernCSV, charmap.Windows1252, nil, "windows-1252"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := append(append([]byte(nil), tt.bom...), encode(t, tt.enc, tt.text)...)
			path := filepath.Join(t.TempDir(), "contacts.csv")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			src, err := Open(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			tb := src.Tables[0]
			if tb.Encoding != tt.want {
				t.Errorf("encoding %s, want %s (alternatives %v)", tb.Encoding, tt.want, tb.Alternatives)
			}
			lines := strings.Split(strings.TrimSpace(tt.text), "\n")
			if got := strings.Join(tb.Columns, ";"); got != lines[0] {
				t.Errorf("header %q, want %q", got, lines[0])
			}
			recs := readTable(t, tb)
			if len(recs) != len(lines)-1 {
				t.Fatalf("%d records", len(recs))
			}
			for i, r := range recs {
				if got := strings.Join(r.Cells, ";"); got != lines[i+1] {
					t.Errorf("row %d = %q, want %q", i+1, got, lines[i+1])
				}
			}
		})
	}
}

func TestEncodingOverride(t *testing.T) {
	// A Windows-1250 file read as ISO-8859-2 on purpose: the override
	// wins, and the letters the two code pages place differently become
	// other letters (and warnings an audit shows).
	path := filepath.Join(t.TempDir(), "a.csv")
	os.WriteFile(path, encode(t, charmap.Windows1250, "Imię;E-mail\nŚwiątek;a@x.pl\n"), 0o644)
	src, err := Open(path, ReadOptions{Encoding: "latin2"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if e := src.Tables[0].Encoding; e != "iso-8859-2" {
		t.Errorf("encoding = %s", e)
	}
	if _, err := LookupEncoding("klingon"); err == nil {
		t.Error("an unknown encoding was accepted")
	}
	for name, want := range map[string]string{"cp1251": "windows-1251", "UTF8": "utf-8", "utf-16": "utf-16le", "KOI8-R": "koi8-r", "latin1": "windows-1252"} {
		if e, err := LookupEncoding(name); err != nil || e.Name != want {
			t.Errorf("LookupEncoding(%q) = %v, %v; want %s", name, e.Name, err, want)
		}
	}
}

func TestInvalidBytesInUTF8FileAreWarnedNotHidden(t *testing.T) {
	// Mostly UTF-8, one cell written by another program in Windows-1250.
	text := []byte(polishCSV + "Jan;")
	text = append(text, encode(t, charmap.Windows1250, "Kowalczyk-Łoś")...)
	text = append(text, []byte(";Łódź;ul. Długa\n")...)
	enc, _ := DetectEncoding(text)
	if enc.Name != "utf-8" {
		t.Fatalf("detected %s", enc.Name)
	}
	tb := &Table{Columns: []string{"a", "b", "c", "d"}, Encoding: "utf-8"}
	p := &plan{table: tb, opt: &Options{}}
	r := &rowData{}
	got := p.checkText(r, "Nazwisko", string(encode(t, charmap.Windows1250, "Łoś")))
	if !strings.Contains(got, "\uFFFD") || len(r.warnings) != 1 || r.warnings[0].kind != "mojibake" {
		t.Errorf("checkText = %q, warnings %+v", got, r.warnings)
	}
}

func TestMojibakeIsRecognised(t *testing.T) {
	for in, want := range map[string]string{
		string(encode(t, charmap.Windows1252, "x")): "",
		"Å‚Ã³dÅº":      "łódź",
		"SÃ£o JoÃ£o":   "São João",
		"РЎРµСЂРіРµР№": "Сергей",
		"Łódź":         "",
		"Straße":       "",
		"Иванов":       "",
		string(bytes.ToValidUTF8(encode(t, charmap.Windows1250, "ż"), nil)): "",
	} {
		got, _ := mojibake(in)
		if got != want {
			t.Errorf("mojibake(%q) = %q, want %q", in, got, want)
		}
	}
}

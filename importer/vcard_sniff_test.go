package importer

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

const twoCards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nowak;Anna;;;\r\nEMAIL:anna@example.pl\r\n" +
	"NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0ALine two=0Dthree\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Olle;;;\r\nTEL:+46 8 123 456\r\nEND:VCARD\r\n"

func TestVCardAfterAFewJunkLinesIsReadWithANote(t *testing.T) {
	for _, name := range []string{"contacts.vcf", "export.txt"} {
		t.Run(name, func(t *testing.T) {
			data := "Exported by PhoneSync 2.3\r\nContacts: 2\r\n\r\n" + twoCards
			src, err := Open(writeFile(t, name, []byte(data)), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			if src.Format != FormatVCard {
				t.Fatalf("format %s", src.Format)
			}
			want := `lines 1–2 before the first BEGIN:VCARD (not part of a card: "Exported by PhoneSync 2.3")`
			if !slices.Equal(src.Skipped, []string{want}) {
				t.Errorf("skipped %q, want %q", src.Skipped, want)
			}
			recs := readTable(t, src.Tables[0])
			if len(recs) != 2 {
				t.Fatalf("%d cards", len(recs))
			}
			if recs[0].Line != 4 {
				t.Errorf("the first card is on line %d, want 4", recs[0].Line)
			}
			note := recs[0].Cells[vcNote]
			if note != "Line one\nLine two\nthree" {
				t.Errorf("note %q keeps a carriage return or lost a line", note)
			}
		})
	}
}

func TestVCardFileWithoutACardIsRefusedAsAVCard(t *testing.T) {
	for name, data := range map[string]string{
		"csv.vcf":   "Name,Email\nAnna,anna@example.pl\n",
		"empty.vcf": "\n\n   \n",
		"junk.vcf":  "one\ntwo\nthree\nfour\nfive\nsix\n" + twoCards,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Open(writeFile(t, name, []byte(data)), ReadOptions{})
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("not refused: %v", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "column") || !strings.Contains(msg, "vCard") {
				t.Errorf("message %q does not speak of vCards", msg)
			}
		})
	}
}

func TestCSVThatMentionsAVCardLaterStaysCSV(t *testing.T) {
	data := "Name,Note\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\nBEGIN:VCARD,x\n"
	src, err := Open(writeFile(t, "notes.csv", []byte(data)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if src.Format != FormatCSV {
		t.Errorf("format %s", src.Format)
	}
}

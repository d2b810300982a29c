package importer

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func readAllCSV(t *testing.T, r io.Reader, d byte) []Record {
	t.Helper()
	p := newCSVReader(r, d)
	var out []Record
	for {
		rec, err := p.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

func TestCSVReader(t *testing.T) {
	type row struct {
		line    int
		cells   []string
		problem string
	}
	for _, tt := range []struct {
		name  string
		in    string
		delim byte
		want  []row
	}{
		{"LF", "a,b\n1,2\n", ',', []row{{1, []string{"a", "b"}, ""}, {2, []string{"1", "2"}, ""}}},
		{"CRLF no final newline", "a,b\r\n1,2", ',', []row{{1, []string{"a", "b"}, ""}, {2, []string{"1", "2"}, ""}}},
		{"CR only", "a;b\r1;2\r3;4", ';', []row{{1, []string{"a", "b"}, ""}, {2, []string{"1", "2"}, ""}, {3, []string{"3", "4"}, ""}}},
		{"blank lines skipped", "a\tb\n\n1\t2\n\r\n3\t4\n", '\t', []row{{1, []string{"a", "b"}, ""}, {3, []string{"1", "2"}, ""}, {5, []string{"3", "4"}, ""}}},
		{"quotes and escapes", "a|b\n\"x|y\"|\"say \"\"hi\"\"\"\n", '|', []row{{1, []string{"a", "b"}, ""}, {2, []string{"x|y", `say "hi"`}, ""}}},
		{"multi-line field keeps CRLF", "a,b\r\n\"one\r\ntwo\",2\r\n3,4\r\n", ',', []row{{1, []string{"a", "b"}, ""}, {2, []string{"one\r\ntwo", "2"}, ""}, {4, []string{"3", "4"}, ""}}},
		{"empty trailing cells", "a,b,c\n1,,\n", ',', []row{{1, []string{"a", "b", "c"}, ""}, {2, []string{"1", "", ""}, ""}}},
		{"quote inside unquoted field is data", "a,b\n12\" pizza,=SUM(A1)\n", ',', []row{{1, []string{"a", "b"}, ""}, {2, []string{`12" pizza`, "=SUM(A1)"}, ""}}},
		{"unbalanced quote never closed", "a,b,c\n1,\"2,3\n4,5,6\n7,8,9\n", ',', []row{
			{1, []string{"a", "b", "c"}, ""},
			{2, []string{"1", `"2`, "3"}, "unbalanced quote: the quote opening column 2 is never closed"},
			{3, []string{"4", "5", "6"}, ""}, {4, []string{"7", "8", "9"}, ""}}},
		{"unbalanced quote closed by a later one", "a,b,c\n1,\"2,3\n4,5,6\n\"7\",8,9\n", ',', []row{
			{1, []string{"a", "b", "c"}, ""},
			{2, []string{"1", `"2`, "3"}, "unbalanced quote: text follows the closing quote of column 2"},
			{3, []string{"4", "5", "6"}, ""},
			{4, []string{"7", "8", "9"}, ""}}},
		{"unbalanced quote making a record of the wrong width", "a,b,c\n1,\"2,3\n4,5,6\"\n7,8,9\n", ',', []row{
			{1, []string{"a", "b", "c"}, ""},
			{2, []string{"1", `"2`, "3"}, "unbalanced quote: the quoted field of column 2 runs past the line end into a record of 2 cells instead of 3"},
			{3, []string{"4", "5", `6"`}, ""},
			{4, []string{"7", "8", "9"}, ""}}},
		{"BOM-less UTF-8 and trailing delimiter", "a;b;\nż;ł;\n", ';', []row{{1, []string{"a", "b", ""}, ""}, {2, []string{"ż", "ł", ""}, ""}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// One byte at a time too: every refill boundary must work.
			for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
				got := readAllCSV(t, r, tt.delim)
				var rows []row
				for _, g := range got {
					rows = append(rows, row{g.Line, g.Cells, g.Problem})
				}
				if !reflect.DeepEqual(rows, tt.want) {
					t.Errorf("got  %+v\nwant %+v", rows, tt.want)
				}
			}
		})
	}
}

func TestDetectDelimiter(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want byte
	}{
		{"a,b,c\n1,2,3\n", ','},
		{"Imię;Nazwisko;Miasto\nJan;Kowalski;Łódź, centrum\nAnna;Nowak;Kraków\n", ';'},
		{"a\tb\tc\n1\t2,5\t3\n", '\t'},
		{"a|b\n1|2\n", '|'},
		{"\"x;y\",b,c\n\"1;2\",2,3\n", ','},
		{"email\njan@x.pl\n", ','},
	} {
		if got := DetectDelimiter(tt.in); got != tt.want {
			t.Errorf("DetectDelimiter(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

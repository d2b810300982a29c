package importer

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"unicode/utf16"
)

// Legacy workbooks are built by hand here: a compound file holding a
// Workbook stream of BIFF8 records, as Excel 97-2003 writes them.

func le16(b []byte, v uint16) { binary.LittleEndian.PutUint16(b, v) }
func le32(b []byte, v uint32) { binary.LittleEndian.PutUint32(b, v) }

// cfbFile wraps a stream named Workbook in a compound file (sector 0 the
// FAT, 1 the directory, then the stream; at least 4 KB, so it lives in
// ordinary sectors rather than the mini stream).
func cfbFile(stream []byte) []byte {
	const sec = 512
	const endOfChain, free, fatSect, noStream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF

	body := append([]byte(nil), stream...)
	for len(body) < 4096 || len(body)%sec != 0 {
		body = append(body, 0)
	}
	n := len(body) / sec
	out := make([]byte, sec*(3+n))
	h := out[:sec]
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le16(h[0x18:], 0x3E)
	le16(h[0x1A:], 3)
	le16(h[0x1C:], 0xFFFE)
	le16(h[0x1E:], 9)
	le16(h[0x20:], 6)
	le32(h[0x2C:], 1)
	le32(h[0x30:], 1)
	le32(h[0x38:], 4096)
	le32(h[0x3C:], endOfChain)
	le32(h[0x44:], endOfChain)
	le32(h[0x4C:], 0)
	for i := 1; i < 109; i++ {
		le32(h[0x4C+4*i:], free)
	}
	fat := out[sec : 2*sec]
	for i := range 128 {
		le32(fat[4*i:], free)
	}
	le32(fat[0:], fatSect)
	le32(fat[4:], endOfChain)
	for i := range n {
		next := uint32(3 + i)
		if i == n-1 {
			next = endOfChain
		}
		le32(fat[4*(2+i):], next)
	}
	dir := out[2*sec : 3*sec]
	entry := func(i int, name string, typ byte, child, start, size uint32) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le16(e[2*j:], c)
		}
		le16(e[0x40:], uint16(2*(len(u)+1)))
		e[0x42], e[0x43] = typ, 1
		le32(e[0x44:], noStream)
		le32(e[0x48:], noStream)
		le32(e[0x4C:], child)
		le32(e[0x74:], start)
		le32(e[0x78:], size)
	}
	entry(0, "Root Entry", 5, 1, endOfChain, 0)
	entry(1, "Workbook", 2, noStream, 2, uint32(len(body))) // padded: a small stream would live in the mini stream
	for i := 2; i < 4; i++ {
		e := dir[128*i:]
		le32(e[0x44:], noStream)
		le32(e[0x48:], noStream)
		le32(e[0x4C:], noStream)
	}
	copy(out[3*sec:], body)
	return out
}

type biff struct{ b []byte }

func (w *biff) rec(typ uint16, parts ...[]byte) int {
	at := len(w.b)
	var data []byte
	for _, p := range parts {
		data = append(data, p...)
	}
	w.b = binary.LittleEndian.AppendUint16(w.b, typ)
	w.b = binary.LittleEndian.AppendUint16(w.b, uint16(len(data)))
	w.b = append(w.b, data...)
	return at
}

func u16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func u32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

// xlstr is an XLUnicodeString: Latin-1 when it fits, UTF-16 otherwise.
func xlstr(s string, short bool) []byte {
	var out []byte
	r := []rune(s)
	if short {
		out = append(out, byte(len(r)))
	} else {
		out = u16(len(r))
	}
	high := strings.IndexFunc(s, func(c rune) bool { return c > 0xFF }) >= 0
	if !high {
		out = append(out, 0)
		for _, c := range r {
			out = append(out, byte(c))
		}
		return out
	}
	out = append(out, 1)
	for _, c := range utf16.Encode(r) {
		out = binary.LittleEndian.AppendUint16(out, c)
	}
	return out
}

func cellHead(row, col, xf int) []byte { return append(append(u16(row), u16(col)...), u16(xf)...) }

func f64(v float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)) }

// testXLS builds a workbook with one sheet "Klienci" (and a hidden "Stare").
func testXLS() []byte {
	var w biff
	w.rec(recBOF, u16(0x0600), u16(0x0005), make([]byte, 12))
	w.rec(recDateMode, u16(0))
	w.rec(recFormat, u16(164), xlstr("000000", false))
	for _, ifmt := range []int{0, 164, 14} { // XF 0 General, 1 zero-padded, 2 a date
		w.rec(recXF, u16(0), u16(ifmt), make([]byte, 16))
	}
	hidden := w.rec(recBoundSheet, u32(0), []byte{1, 0}, xlstr("Stare", true))
	sheet := w.rec(recBoundSheet, u32(0), []byte{0, 0}, xlstr("Klienci", true))
	// Shared strings; the third starts in Latin-1 and goes on, after a
	// CONTINUE, in UTF-16 (a flags byte starts the CONTINUE).
	sst := [][]byte{xlstr("Imię", false), xlstr("E-mail", false), xlstr("Telefon", false), xlstr("Kod", false), xlstr("Zgoda", false), xlstr("Urodziny", false),
		xlstr("Jan", false)}
	var sstData []byte
	sstData = append(sstData, u32(9)...)
	sstData = append(sstData, u32(8)...)
	for _, s := range sst {
		sstData = append(sstData, s...)
	}
	// "Łucja": cch 5, first two chars "Lu" in Latin-1... written as "Łu"
	// split: the record holds the header and nothing, CONTINUE the rest.
	sstData = append(sstData, u16(5)...)
	sstData = append(sstData, 0) // Latin-1 so far
	w.rec(recSST, sstData)
	cont := []byte{1} // UTF-16 from here
	for _, c := range utf16.Encode([]rune("Łucja")) {
		cont = binary.LittleEndian.AppendUint16(cont, c)
	}
	w.rec(recContinue, cont)
	w.rec(recEOF)
	start := len(w.b)
	le32(w.b[sheet+4:], uint32(start))
	w.rec(recBOF, u16(0x0600), u16(0x0010), make([]byte, 12))
	for col, i := range []int{0, 1, 2, 3, 4, 5} {
		w.rec(recLabelSST, cellHead(0, col, 0), u32(i))
	}
	// Row 2: a shared string, a formula with its string result, a phone
	// as a number, a zero-padded code (RK), a boolean, a date (RK).
	w.rec(recLabelSST, cellHead(1, 0, 0), u32(6))
	w.rec(recFormula, cellHead(1, 1, 0), []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, u16(0), u32(0), u16(0))
	w.rec(recString, xlstr("jan@example.pl", false))
	w.rec(recNumber, cellHead(1, 2, 0), f64(48601234567))
	w.rec(recRK, cellHead(1, 3, 1), u32(123<<2|2))
	w.rec(recBoolErr, cellHead(1, 4, 0), []byte{1, 0})
	w.rec(recRK, cellHead(1, 5, 2), u32(31113<<2|2))
	// Row 3: the UTF-16 string, an inline LABEL, MULRK numbers.
	w.rec(recLabelSST, cellHead(2, 0, 0), u32(7))
	w.rec(recLabel, cellHead(2, 1, 0), xlstr("łucja@example.pl", false))
	w.rec(recMulRK, u16(2), u16(2), u16(0), u32(123456<<2|2), u16(1), u32(7<<2|2), u16(3))
	w.rec(recFormula, cellHead(2, 4, 0), []byte{1, 0, 0, 0, 0, 0, 0xFF, 0xFF}, u16(0), u32(0), u16(0))
	w.rec(recEOF)
	other := len(w.b)
	le32(w.b[hidden+4:], uint32(other))
	w.rec(recBOF, u16(0x0600), u16(0x0010), make([]byte, 12))
	w.rec(recEOF)
	return cfbFile(w.b)
}

func TestXLSWorkbook(t *testing.T) {
	src, err := Open(writeFile(t, "klienci.xls", testXLS()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	if src.Format != FormatXLS || tb.Sheet != "Klienci" || strings.Join(tb.Sheets, ",") != "Stare,Klienci" || !tb.Header {
		t.Fatalf("format %s sheet %q of %q header %v", src.Format, tb.Sheet, tb.Sheets, tb.Header)
	}
	if got := strings.Join(tb.Columns, "|"); got != "Imię|E-mail|Telefon|Kod|Zgoda|Urodziny" {
		t.Errorf("header %q", got)
	}
	recs := readTable(t, tb)
	want := [][]string{
		{"Jan", "jan@example.pl", "48601234567", "000123", "TRUE", "1985-03-07"},
		{"Łucja", "łucja@example.pl", "123456", "000007", "FALSE"},
	}
	if len(recs) != 2 {
		t.Fatalf("%d rows", len(recs))
	}
	for i, w := range want {
		if strings.Join(recs[i].Cells, "|") != strings.Join(w, "|") || recs[i].Line != i+2 {
			t.Errorf("row %d (line %d): %q, want %q", i+1, recs[i].Line, recs[i].Cells, w)
		}
	}
	if len(recs[0].Formulas) != 1 || recs[0].Formulas[0] != (Formula{Col: 1, Cached: true}) {
		t.Errorf("formulas %+v", recs[0].Formulas)
	}
	m := AutoMap(tb)
	for i, f := range []string{"first_name", "emails", "phones"} {
		if m.Columns[i].Field != f {
			t.Errorf("column %s → %s", m.Columns[i].Name, m.Columns[i].Field)
		}
	}
}

func TestXLSRefusals(t *testing.T) {
	var w biff
	w.rec(recBOF, u16(0x0500), u16(0x0005))
	w.rec(recEOF)
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"old.xls", cfbFile(w.b), "older than Excel 97"},
		{"cut.xls", cfbFile(testXLS()[3*512 : 3*512+40]), "damaged"},
		{"junk.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "is not a readable Excel .xls file"},
	} {
		_, err := Open(writeFile(t, tt.name, tt.data), ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

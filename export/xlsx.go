package export

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"rolo/contact"
)

// MaxXLSXRows is how many contacts one sheet holds (Excel's 1,048,576
// rows, less the header).
const MaxXLSXRows = 1<<20 - 1

// maxXLSXColumns is Excel's last column, XFD.
const maxXLSXColumns = 16384

// maxCellChars is the longest text a cell holds in Excel (UTF-16 units);
// longer values are cut there, as Excel would on opening.
const maxCellChars = 32767

// sheetName is the one sheet's name.
const sheetName = "Contacts"

// xlsx writes the workbook's XML itself, straight into the zip: a
// minimal package (content types, relationships, workbook, styles, one
// sheet, shared strings). A library's stream writer cost 11 µs a contact
// in per-cell work, spooled the sheet to a temporary file and compressed
// it only on Close, on one core; here the sheet is compressed on the
// other core while rows are still being written (see sheetPipe), and
// repeated short values (cities, statuses, consents) go to the shared
// strings table, which makes the XML to compress a third smaller.
//
// Every text cell is a string (shared or inline), never a formula, so
// phones keep their + and "=…" stays text; points and paid_total are
// numbers.
type xlsx struct {
	zw    *zip.Writer
	pipe  *sheetPipe
	sst   *sharedStrings
	cols  []string
	refs  []string // column letters
	row   int
	rowNo []byte
	err   error
}

func newXLSX(w io.Writer, opt Options) (*xlsx, error) {
	if len(opt.Columns) > maxXLSXColumns {
		return nil, fmt.Errorf("an XLSX sheet holds at most %d columns (%d chosen); export to csv instead", maxXLSXColumns, len(opt.Columns))
	}
	zw := zip.NewWriter(w)
	// Fast deflate: a fifth less time than the default level for a file a
	// quarter bigger.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, p := range openingParts {
		if err := writePart(zw, p.name, p.body); err != nil {
			return nil, err
		}
	}
	entry, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
	if err != nil {
		return nil, fmt.Errorf("making the workbook: %w", err)
	}
	x := &xlsx{zw: zw, pipe: newSheetPipe(entry), sst: newSharedStrings(len(opt.Columns)), cols: opt.Columns}
	x.refs = make([]string, len(opt.Columns))
	for i := range x.refs {
		x.refs[i] = columnName(i)
	}
	x.pipe.buf = append(x.pipe.buf, sheetHead...)
	x.pipe.buf = append(x.pipe.buf, `<row r="1">`...)
	for _, c := range opt.Columns {
		x.pipe.buf = append(x.pipe.buf, `<c s="1" t="inlineStr"><is>`...)
		x.pipe.buf = appendText(x.pipe.buf, c)
		x.pipe.buf = append(x.pipe.buf, `</is></c>`...)
	}
	x.pipe.buf = append(x.pipe.buf, `</row>`...)
	x.row = 1
	return x, nil
}

func (x *xlsx) Write(c *contact.Contact) error {
	if x.err != nil {
		return x.err
	}
	if x.row > MaxXLSXRows {
		return fmt.Errorf("an XLSX sheet holds at most %d contacts; export to csv instead", MaxXLSXRows)
	}
	x.row++
	x.rowNo = strconv.AppendInt(x.rowNo[:0], int64(x.row), 10)
	b := x.pipe.buf
	b = append(b, `<row r="`...)
	b = append(b, x.rowNo...)
	b = append(b, `">`...)
	gap := false // a cell was left out, so the next one says where it is
	for i, col := range x.cols {
		start := len(b)
		b = append(b, `<c`...)
		if gap {
			b = append(b, ` r="`...)
			b = append(b, x.refs[i]...)
			b = append(b, x.rowNo...)
			b = append(b, '"')
		}
		written := true
		switch col {
		case "points", "paid_total":
			n := c.Points
			if col == "paid_total" {
				n = c.PaidTotal
			}
			switch {
			case !n.Valid:
				written = false
			case math.IsNaN(n.Value) || math.IsInf(n.Value, 0):
				b = appendInline(b, strconv.FormatFloat(n.Value, 'g', -1, 64))
			default:
				b = append(b, `><v>`...)
				b = strconv.AppendFloat(b, n.Value, 'f', -1, 64)
				b = append(b, `</v></c>`...)
			}
		default:
			v := c.Get(col)
			switch {
			case v == "":
				written = false
			default:
				if n, ok := x.sst.index(i, v); ok {
					b = append(b, ` t="s"><v>`...)
					b = strconv.AppendInt(b, int64(n), 10)
					b = append(b, `</v></c>`...)
				} else {
					b = appendInline(b, v)
				}
			}
		}
		if !written {
			b = b[:start]
		}
		gap = !written
	}
	b = append(b, `</row>`...)
	x.pipe.buf = b
	if len(b) >= pipeChunk {
		x.err = x.pipe.send()
	}
	return x.err
}

// appendInline finishes an open <c with an inline string.
func appendInline(b []byte, v string) []byte {
	b = append(b, ` t="inlineStr"><is>`...)
	b = appendText(b, v)
	return append(b, `</is></c>`...)
}

func (x *xlsx) Close() error {
	x.pipe.buf = append(x.pipe.buf, sheetTail...)
	if err := x.pipe.close(); err != nil {
		return fmt.Errorf("writing the sheet: %w", err)
	}
	if x.err != nil {
		return x.err
	}
	shared := len(x.sst.list) > 0
	if shared {
		w, err := x.zw.CreateHeader(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("writing the shared strings: %w", err)
		}
		if err := x.sst.writeTo(w); err != nil {
			return fmt.Errorf("writing the shared strings: %w", err)
		}
	}
	for _, p := range closingParts(shared) {
		if err := writePart(x.zw, p.name, p.body); err != nil {
			return err
		}
	}
	if err := x.zw.Close(); err != nil {
		return fmt.Errorf("writing the workbook: %w", err)
	}
	return nil
}

// abort stops the compressing goroutine when an export ends early.
func (x *xlsx) abort() { x.pipe.abort() }

// appendText appends a <t> element holding s: characters XML cannot hold
// dropped (see badXML), markup escaped, a carriage return as a reference
// (a parser would turn a raw one into a line feed), spaces at either end
// preserved, and cut at Excel's limit of a cell.
func appendText(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) > maxCellChars {
		s = cutUTF16(s, maxCellChars)
	}
	if s != "" && (edgeSpace(s[0]) || edgeSpace(s[len(s)-1])) {
		b = append(b, `<t xml:space="preserve">`...)
	} else {
		b = append(b, `<t>`...)
	}
	last := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		var rep string
		switch {
		case ch == '&':
			rep = "&amp;"
		case ch == '<':
			rep = "&lt;"
		case ch == '>':
			rep = "&gt;"
		case ch == '\r':
			rep = "&#13;"
		case ch < 0x20 && ch != '\t' && ch != '\n':
			rep = ""
		case ch == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF):
			// U+FFFE and U+FFFF are not XML characters either.
			b = append(b, s[last:i]...)
			i += 2
			last = i + 1
			continue
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, rep...)
		last = i + 1
	}
	b = append(b, s[last:]...)
	return append(b, `</t>`...)
}

func edgeSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// cutUTF16 cuts s to at most n UTF-16 units, on a character boundary.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if units+u > n {
			return s[:i]
		}
		units += u
	}
	return s
}

// columnName is a column's letters: 0 → A, 25 → Z, 26 → AA.
func columnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

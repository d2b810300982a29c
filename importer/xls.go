package importer

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// Legacy Excel workbooks (.xls, BIFF8: Excel 97 to 2003) are read here:
// mscfb (which excelize already depends on) opens the compound file, and
// this file reads the Workbook stream's records. The Go XLS readers on
// the module proxy were looked at and left: extrame/xls was last released
// in 2017 and shakinm/xlsReader in 2022, and both index into the stream
// without bounds checks (a damaged file panics) and lose which cells hold
// formulas. BIFF8 is small and fully documented ([MS-XLS]); what contact
// files use of it is: the shared string table (with its CONTINUE records),
// number formats and XF records, the sheet list, and cells (LABELSST,
// LABEL, NUMBER, RK, MULRK, BOOLERR, FORMULA with its STRING).

// BIFF record types.
const (
	recBOF        = 0x0809
	recEOF        = 0x000A
	recBoundSheet = 0x0085
	recSST        = 0x00FC
	recContinue   = 0x003C
	recFormat     = 0x041E
	recXF         = 0x00E0
	recDateMode   = 0x0022
	recFilePass   = 0x002F
	recLabelSST   = 0x00FD
	recLabel      = 0x0204
	recNumber     = 0x0203
	recRK         = 0x027E
	recMulRK      = 0x00BD
	recBoolErr    = 0x0205
	recFormula    = 0x0006
	recString     = 0x0207
)

var errBIFF = errors.New("damaged Excel record")

type biffRec struct {
	typ  uint16
	data []byte
	next int // offset of the record after it
}

// record reads the record at off.
func record(stream []byte, off int) (biffRec, bool) {
	if off+4 > len(stream) {
		return biffRec{}, false
	}
	typ := binary.LittleEndian.Uint16(stream[off:])
	n := int(binary.LittleEndian.Uint16(stream[off+2:]))
	if off+4+n > len(stream) {
		return biffRec{}, false
	}
	return biffRec{typ: typ, data: stream[off+4 : off+4+n], next: off + 4 + n}, true
}

// continued returns a record's data followed by its CONTINUE records, as
// separate segments (a string's characters restart with a flags byte at
// each one).
func continued(stream []byte, r biffRec) ([][]byte, int) {
	segs := [][]byte{r.data}
	off := r.next
	for {
		c, ok := record(stream, off)
		if !ok || c.typ != recContinue {
			return segs, off
		}
		segs = append(segs, c.data)
		off = c.next
	}
}

// segReader reads across CONTINUE boundaries.
type segReader struct {
	segs [][]byte
	i    int
	pos  int
}

func (s *segReader) take(n int) ([]byte, error) {
	var out []byte
	for n > 0 {
		if s.i >= len(s.segs) {
			return nil, errBIFF
		}
		seg := s.segs[s.i][s.pos:]
		if len(seg) == 0 {
			s.i, s.pos = s.i+1, 0
			continue
		}
		k := min(n, len(seg))
		out = append(out, seg[:k]...)
		s.pos += k
		n -= k
	}
	return out, nil
}

func (s *segReader) u8() (byte, error) {
	b, err := s.take(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (s *segReader) u16() (int, error) {
	b, err := s.take(2)
	if err != nil {
		return 0, err
	}
	return int(binary.LittleEndian.Uint16(b)), nil
}

func (s *segReader) u32() (int, error) {
	b, err := s.take(4)
	if err != nil {
		return 0, err
	}
	return int(binary.LittleEndian.Uint32(b)), nil
}

// chars reads n characters, one byte each (Latin-1) or two (UTF-16); when
// a CONTINUE record starts in the middle, its first byte says which.
func (s *segReader) chars(n int, high bool) (string, error) {
	var u []uint16
	for n > 0 {
		if s.i >= len(s.segs) {
			return "", errBIFF
		}
		if s.pos >= len(s.segs[s.i]) {
			s.i, s.pos = s.i+1, 0
			if s.i >= len(s.segs) || len(s.segs[s.i]) == 0 {
				return "", errBIFF
			}
			high = s.segs[s.i][0]&1 != 0
			s.pos = 1
			continue
		}
		seg := s.segs[s.i][s.pos:]
		if high {
			k := min(n, len(seg)/2)
			if k == 0 {
				return "", errBIFF
			}
			for j := range k {
				u = append(u, binary.LittleEndian.Uint16(seg[2*j:]))
			}
			s.pos += 2 * k
			n -= k
		} else {
			k := min(n, len(seg))
			for _, c := range seg[:k] {
				u = append(u, uint16(c))
			}
			s.pos += k
			n -= k
		}
	}
	return string(utf16.Decode(u)), nil
}

// unicodeString reads an XLUnicodeRichExtendedString (SST) or, with
// rich false, an XLUnicodeString (cch as 16 bits) / ShortXLUnicodeString.
func (s *segReader) unicodeString(short bool) (string, error) {
	var cch int
	var err error
	if short {
		b, e := s.u8()
		cch, err = int(b), e
	} else {
		cch, err = s.u16()
	}
	if err != nil {
		return "", err
	}
	flags, err := s.u8()
	if err != nil {
		return "", err
	}
	runs, ext := 0, 0
	if flags&0x08 != 0 {
		if runs, err = s.u16(); err != nil {
			return "", err
		}
	}
	if flags&0x04 != 0 {
		if ext, err = s.u32(); err != nil {
			return "", err
		}
	}
	str, err := s.chars(cch, flags&0x01 != 0)
	if err != nil {
		return "", err
	}
	if _, err := s.take(4*runs + ext); err != nil {
		return "", err
	}
	return str, nil
}

// xlsBook is a read workbook: the globals every sheet needs.
type xlsBook struct {
	name     string
	stream   []byte
	sst      []string
	formats  []numFormat // by XF index
	date1904 bool
	sheets   []xlsSheet
}

type xlsSheet struct {
	name   string
	offset int
	hidden bool
}

func readXLS(name string, ra io.ReaderAt, limit int64) (*xlsBook, error) {
	doc, err := mscfb.New(ra)
	if err != nil {
		return nil, refuse(name, "is not a readable Excel .xls file (%v)", err)
	}
	var stream []byte
	for _, f := range doc.File {
		switch f.Name {
		case "Workbook":
			if f.Size > limit {
				return nil, refuse(name, "holds a workbook of %s, over the limit of %s (see --max-size)", byteSize(f.Size), byteSize(limit))
			}
			if stream, err = io.ReadAll(io.LimitReader(f, limit)); err != nil {
				return nil, refuse(name, "is a damaged Excel .xls file (%v)", err)
			}
		case "Book":
			if stream == nil {
				return nil, refuse(name, "is an Excel 5.0/95 workbook, which rolo cannot read: open it in Excel or LibreOffice and save it as .xlsx or .csv")
			}
		}
	}
	if stream == nil {
		return nil, refuse(name, "is an Office file but not an Excel workbook (no Workbook stream)")
	}
	b := &xlsBook{name: name, stream: stream}
	if err := b.readGlobals(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *xlsBook) readGlobals() error {
	r, ok := record(b.stream, 0)
	if !ok || r.typ != recBOF || len(r.data) < 4 {
		return refuse(b.name, "is not an Excel 97-2003 workbook (no BIFF8 start record)")
	}
	if v := binary.LittleEndian.Uint16(r.data); v != 0x0600 {
		return refuse(b.name, "is an Excel workbook older than Excel 97 (BIFF version %#x), which rolo cannot read: save it as .xlsx or .csv", v)
	}
	custom := map[int]numFormat{}
	var xfFormats []int
	for off := r.next; ; {
		r, ok := record(b.stream, off)
		if !ok {
			return refuse(b.name, "is a damaged Excel .xls file (it ends before its sheets)")
		}
		switch r.typ {
		case recEOF:
			for _, id := range xfFormats {
				nf, ok := custom[id]
				if !ok {
					nf = builtinFormats[id]
				}
				b.formats = append(b.formats, nf)
			}
			if len(b.sheets) == 0 {
				return refuse(b.name, "has no sheets")
			}
			return nil
		case recFilePass:
			return refuse(b.name, "is password-protected: open it in Excel, remove the password and save it again")
		case recDateMode:
			b.date1904 = len(r.data) >= 2 && binary.LittleEndian.Uint16(r.data) == 1
		case recXF:
			if len(r.data) >= 4 {
				xfFormats = append(xfFormats, int(binary.LittleEndian.Uint16(r.data[2:])))
			}
		case recFormat:
			if len(r.data) > 2 {
				s := &segReader{segs: [][]byte{r.data[2:]}}
				if code, err := s.unicodeString(false); err == nil {
					custom[int(binary.LittleEndian.Uint16(r.data))] = parseNumFormat(code)
				}
			}
		case recBoundSheet:
			if len(r.data) < 8 {
				return refuse(b.name, "has a damaged sheet list")
			}
			s := &segReader{segs: [][]byte{r.data[6:]}}
			name, err := s.unicodeString(true)
			if err != nil {
				return refuse(b.name, "has a damaged sheet list")
			}
			if r.data[5] == 0 { // worksheets only: not charts or macros
				b.sheets = append(b.sheets, xlsSheet{name: name, offset: int(binary.LittleEndian.Uint32(r.data)), hidden: r.data[4] != 0})
			}
		case recSST:
			segs, next := continued(b.stream, r)
			if err := b.readSST(segs); err != nil {
				return refuse(b.name, "has a damaged shared string table")
			}
			off = next
			continue
		}
		off = r.next
	}
}

func (b *xlsBook) readSST(segs [][]byte) error {
	s := &segReader{segs: segs}
	if _, err := s.u32(); err != nil { // total references
		return err
	}
	n, err := s.u32()
	if err != nil {
		return err
	}
	b.sst = make([]string, 0, min(n, 1<<20))
	for range n {
		str, err := s.unicodeString(false)
		if err != nil {
			return err
		}
		b.sst = append(b.sst, str)
	}
	return nil
}

// sheet finds a sheet by name (case-insensitive); "" is the first visible.
func (b *xlsBook) sheet(name string) (xlsSheet, error) {
	if name == "" {
		for _, s := range b.sheets {
			if !s.hidden {
				return s, nil
			}
		}
		return b.sheets[0], nil
	}
	for _, s := range b.sheets {
		if strings.EqualFold(s.name, name) {
			return s, nil
		}
	}
	names := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		names[i] = strconv.Quote(s.name)
	}
	return xlsSheet{}, refuse(b.name, "has no sheet %q (its sheets: %s)", name, strings.Join(names, ", "))
}

type xlsCell struct {
	col     int
	value   string
	formula bool
}

// rows reads a whole sheet (an .xls sheet has at most 65,536 rows).
func (b *xlsBook) rows(sh xlsSheet) ([]Record, error) {
	r, ok := record(b.stream, sh.offset)
	if !ok || r.typ != recBOF {
		return nil, refuse(b.name, "has a damaged sheet %q", sh.name)
	}
	cells := map[int][]xlsCell{}
	put := func(row, col, xf int, v string, formula bool) {
		cells[row] = append(cells[row], xlsCell{col: col, value: v, formula: formula})
	}
	show := func(xf int, v float64) string {
		nf := numFormat{}
		if xf >= 0 && xf < len(b.formats) {
			nf = b.formats[xf]
		}
		return nf.show(strconv.FormatFloat(v, 'g', -1, 64), b.date1904)
	}
	for off := r.next; ; {
		r, ok := record(b.stream, off)
		if !ok {
			return nil, refuse(b.name, "has a damaged sheet %q (it ends early)", sh.name)
		}
		off = r.next
		d := r.data
		if r.typ == recEOF {
			break
		}
		if len(d) < 6 {
			continue
		}
		row, col, xf := int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:])), int(binary.LittleEndian.Uint16(d[4:]))
		switch r.typ {
		case recLabelSST:
			if len(d) >= 10 {
				if i := int(binary.LittleEndian.Uint32(d[6:])); i < len(b.sst) {
					put(row, col, xf, b.sst[i], false)
				}
			}
		case recLabel:
			segs, next := continued(b.stream, r)
			segs[0] = segs[0][6:]
			s := &segReader{segs: segs}
			if v, err := s.unicodeString(false); err == nil {
				put(row, col, xf, v, false)
			}
			off = next
		case recNumber:
			if len(d) >= 14 {
				put(row, col, xf, show(xf, math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))), false)
			}
		case recRK:
			if len(d) >= 10 {
				put(row, col, xf, show(xf, rkValue(binary.LittleEndian.Uint32(d[6:]))), false)
			}
		case recMulRK:
			for i := 4; i+6 <= len(d)-2; i += 6 {
				x := int(binary.LittleEndian.Uint16(d[i:]))
				put(row, col+(i-4)/6, x, show(x, rkValue(binary.LittleEndian.Uint32(d[i+2:]))), false)
			}
		case recBoolErr:
			if len(d) >= 8 {
				put(row, col, xf, boolErr(d[6], d[7]), false)
			}
		case recFormula:
			if len(d) < 14 {
				continue
			}
			val := d[6:14]
			if val[6] != 0xFF || val[7] != 0xFF {
				put(row, col, xf, show(xf, math.Float64frombits(binary.LittleEndian.Uint64(val))), true)
				continue
			}
			switch val[0] {
			case 0: // a string: the STRING record that follows holds it
				v := ""
				if sr, ok := record(b.stream, off); ok && sr.typ == recString {
					segs, next := continued(b.stream, sr)
					if s, err := (&segReader{segs: segs}).unicodeString(false); err == nil {
						v = s
					}
					off = next
				}
				put(row, col, xf, v, true)
			case 1:
				put(row, col, xf, boolErr(val[2], 0), true)
			case 2:
				put(row, col, xf, boolErr(val[2], 1), true)
			default:
				put(row, col, xf, "", true)
			}
		}
	}
	rowNums := make([]int, 0, len(cells))
	for n := range cells {
		rowNums = append(rowNums, n)
	}
	slices.Sort(rowNums)
	out := make([]Record, 0, len(rowNums))
	for _, n := range rowNums {
		rec := Record{Line: n + 1}
		for _, c := range cells[n] {
			for len(rec.Cells) <= c.col {
				rec.Cells = append(rec.Cells, "")
			}
			rec.Cells[c.col] = c.value
			if c.formula {
				rec.Formulas = append(rec.Formulas, Formula{Col: c.col, Cached: true})
			}
		}
		out = append(out, rec)
	}
	return out, nil
}

// rkValue decodes Excel's compressed RK number.
func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&0xFFFFFFFC) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

func boolErr(v, isErr byte) string {
	if isErr == 0 {
		if v != 0 {
			return "TRUE"
		}
		return "FALSE"
	}
	switch v {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#ERROR"
}

// xlsTable reads a legacy Excel workbook's chosen sheet.
func xlsTable(name, member string, ra io.ReaderAt, size int64, ro ReadOptions) (*Table, error) {
	if member != "" {
		name = member
	}
	book, err := readXLS(name, ra, ro.maxSize())
	if err != nil {
		return nil, err
	}
	t := &Table{Name: name, Member: member, Format: FormatXLS}
	for _, s := range book.sheets {
		t.Sheets = append(t.Sheets, s.name)
	}
	sh, err := book.sheet(ro.Sheet)
	if err != nil {
		return nil, err
	}
	t.Sheet = sh.name
	recs, err := book.rows(sh)
	if err != nil {
		return nil, err
	}
	var data []Record
	for _, r := range recs {
		if !r.blank() {
			data = append(data, r)
		}
	}
	start, err := t.setHeader(data, ro)
	if err != nil {
		return nil, err
	}
	data = data[start:]
	t.records = data
	t.Size = int64(len(data))
	return t, nil
}

package importer

import (
	"archive/zip"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// An XLSX file is a ZIP of XML parts. The workbook, its relationships,
// styles and shared strings are small and read whole; a sheet is streamed
// row by row (see xmlscan.go for why it is not excelize's row iterator).

// xlsxBook is an opened workbook.
type xlsxBook struct {
	name     string
	zr       *zip.Reader
	sheets   []sheetInfo
	sst      []string
	formats  []numFormat // by cell style index (cellXfs)
	date1904 bool
	limit    int64 // the most a part may unpack to (zip-bomb guard)
}

type sheetInfo struct {
	Name   string
	part   string
	Hidden bool
}

func openXLSX(name string, ra io.ReaderAt, size, limit int64) (*xlsxBook, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, refuse(name, "is not a readable XLSX file (%v)", err)
	}
	b := &xlsxBook{name: name, zr: zr, limit: limit}
	for _, f := range zr.File {
		if err := checkMember(name, f, limit); err != nil {
			return nil, err
		}
	}
	wbPath := "xl/workbook.xml"
	if rels, err := b.rels("_rels/.rels"); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPath = r.target
			}
		}
	}
	if err := b.readWorkbook(wbPath); err != nil {
		return nil, err
	}
	dir := path.Dir(wbPath)
	rels, _ := b.rels(path.Join(dir, "_rels", path.Base(wbPath)+".rels"))
	for _, r := range rels {
		switch {
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			if err := b.readSharedStrings(r.target); err != nil {
				return nil, err
			}
		case strings.HasSuffix(r.typ, "/styles"):
			if err := b.readStyles(r.target); err != nil {
				return nil, err
			}
		}
	}
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.id] = r.target
	}
	for i := range b.sheets {
		b.sheets[i].part = byID[b.sheets[i].part]
	}
	if len(b.sheets) == 0 {
		return nil, refuse(name, "has no sheets")
	}
	return b, nil
}

func (b *xlsxBook) open(part string) (io.ReadCloser, error) {
	part = strings.TrimPrefix(part, "/")
	for _, f := range b.zr.File {
		if f.Name == part || strings.EqualFold(f.Name, part) {
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("reading %s in %s: %w", part, b.name, err)
			}
			return struct {
				io.Reader
				io.Closer
			}{io.LimitReader(rc, b.limit), rc}, nil
		}
	}
	return nil, fmt.Errorf("%s has no part %s", b.name, part)
}

type rel struct{ id, typ, target string }

// rels reads a relationships part; targets are made absolute.
func (b *xlsxBook) rels(part string) ([]rel, error) {
	rc, err := b.open(part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	base := path.Dir(strings.Replace(part, "_rels/", "", 1))
	var out []rel
	x := newXMLScanner(rc)
	for {
		tok, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s in %s: %w", part, b.name, err)
		}
		if (tok.kind == xmlStart || tok.kind == xmlEmpty) && string(tok.name) == "Relationship" {
			id, _ := attr(tok.attrs, "Id")
			typ, _ := attr(tok.attrs, "Type")
			target, _ := attr(tok.attrs, "Target")
			if mode, _ := attr(tok.attrs, "TargetMode"); mode == "External" {
				continue
			}
			if strings.HasPrefix(target, "/") {
				target = target[1:]
			} else {
				target = path.Join(base, target)
			}
			out = append(out, rel{id, typ, target})
		}
	}
}

func (b *xlsxBook) readWorkbook(part string) error {
	rc, err := b.open(part)
	if err != nil {
		return refuse(b.name, "is not an XLSX workbook (no %s)", part)
	}
	defer rc.Close()
	x := newXMLScanner(rc)
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return refuse(b.name, "has a damaged workbook part (%v)", err)
		}
		if tok.kind != xmlStart && tok.kind != xmlEmpty {
			continue
		}
		switch string(tok.name) {
		case "workbookPr":
			v, _ := attr(tok.attrs, "date1904")
			b.date1904 = v == "1" || v == "true"
		case "sheet":
			name, _ := attr(tok.attrs, "name")
			id, _ := attr(tok.attrs, "r:id")
			if id == "" {
				id, _ = attr(tok.attrs, "id")
			}
			state, _ := attr(tok.attrs, "state")
			b.sheets = append(b.sheets, sheetInfo{Name: name, part: id, Hidden: state == "hidden" || state == "veryHidden"})
		}
	}
}

func (b *xlsxBook) readSharedStrings(part string) error {
	rc, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLScanner(rc)
	var cur strings.Builder
	inSI, inPhonetic := false, false
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return refuse(b.name, "has damaged shared strings (%v)", err)
		}
		switch tok.kind {
		case xmlStart:
			switch string(tok.name) {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				inPhonetic = true
			case "t":
				text, err := x.text(tok.name)
				if err != nil {
					return refuse(b.name, "has damaged shared strings (%v)", err)
				}
				if inSI && !inPhonetic {
					cur.WriteString(text)
				}
			}
		case xmlEmpty:
			if string(tok.name) == "si" {
				b.sst = append(b.sst, "")
			}
		case xmlEnd:
			switch string(tok.name) {
			case "si":
				b.sst = append(b.sst, ooxmlUnescape(cur.String()))
				inSI = false
			case "rPh":
				inPhonetic = false
			}
		}
	}
}

func (b *xlsxBook) readStyles(part string) error {
	rc, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLScanner(rc)
	custom := map[int]numFormat{}
	inXfs := false
	for {
		tok, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return refuse(b.name, "has damaged styles (%v)", err)
		}
		name := string(tok.name)
		switch tok.kind {
		case xmlStart, xmlEmpty:
			switch {
			case name == "numFmt":
				id, _ := attr(tok.attrs, "numFmtId")
				code, _ := attr(tok.attrs, "formatCode")
				if n, err := strconv.Atoi(id); err == nil {
					custom[n] = parseNumFormat(code)
				}
			case name == "cellXfs":
				inXfs = tok.kind == xmlStart
			case name == "xf" && inXfs:
				id, _ := attr(tok.attrs, "numFmtId")
				n, _ := strconv.Atoi(id)
				nf, ok := custom[n]
				if !ok {
					nf = builtinFormats[n]
				}
				b.formats = append(b.formats, nf)
			}
		case xmlEnd:
			if name == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// sheet finds a sheet by name (case-insensitive); "" is the first visible.
func (b *xlsxBook) sheet(name string) (sheetInfo, error) {
	if name == "" {
		for _, s := range b.sheets {
			if !s.Hidden {
				return s, nil
			}
		}
		return b.sheets[0], nil
	}
	for _, s := range b.sheets {
		if strings.EqualFold(s.Name, name) {
			return s, nil
		}
	}
	names := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		names[i] = strconv.Quote(s.Name)
	}
	return sheetInfo{}, refuse(b.name, "has no sheet %q (its sheets: %s)", name, strings.Join(names, ", "))
}

// rows opens a sheet for reading.
func (b *xlsxBook) rows(s sheetInfo) (*sheetReader, error) {
	rc, err := b.open(s.part)
	if err != nil {
		return nil, err
	}
	return &sheetReader{book: b, rc: rc, x: newXMLScanner(rc)}, nil
}

// sheetReader streams the rows of a sheet.
type sheetReader struct {
	book   *xlsxBook
	rc     io.ReadCloser
	x      *xmlScanner
	row    int
	inData bool
	done   bool
	// lay places a cell of the sheet's grid in the table's columns (see
	// xlsx_layout.go); nil while the sample is read sparsely, and then
	// grid holds the sheet column of each cell of the last record.
	lay  *sheetLayout
	grid []int32
}

func (s *sheetReader) Close() error { return s.rc.Close() }

func (s *sheetReader) Next() (Record, error) {
	for !s.done {
		tok, err := s.x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Record{}, fmt.Errorf("reading %s: %w", s.book.name, err)
		}
		switch {
		case tok.kind == xmlStart && string(tok.name) == "sheetData":
			s.inData = true
		case tok.kind == xmlEnd && string(tok.name) == "sheetData":
			s.done = true
		case s.inData && (tok.kind == xmlStart || tok.kind == xmlEmpty) && string(tok.name) == "row":
			s.row++
			if r, ok := attr(tok.attrs, "r"); ok {
				if n, err := strconv.Atoi(r); err == nil {
					s.row = n
				}
			}
			if tok.kind == xmlEmpty {
				continue
			}
			rec, err := s.readRow()
			if err != nil {
				return Record{}, fmt.Errorf("reading %s row %d: %w", s.book.name, s.row, err)
			}
			return rec, nil
		}
	}
	return Record{}, io.EOF
}

func (s *sheetReader) readRow() (Record, error) {
	rec := Record{Line: s.row}
	s.grid = s.grid[:0]
	col := -1
	for {
		tok, err := s.x.next()
		if err != nil {
			return rec, errXML
		}
		if tok.kind == xmlEnd && string(tok.name) == "row" {
			return rec, nil
		}
		if (tok.kind != xmlStart && tok.kind != xmlEmpty) || string(tok.name) != "c" {
			continue
		}
		col++
		if ref, ok := attr(tok.attrs, "r"); ok {
			if c := columnIndex(ref); c >= 0 {
				col = c
			}
		}
		typ, _ := attr(tok.attrs, "t")
		style := 0
		if v, ok := attr(tok.attrs, "s"); ok {
			style, _ = strconv.Atoi(v)
		}
		if tok.kind == xmlEmpty {
			continue
		}
		val, hasV, formula, err := s.readCell()
		if err != nil {
			return rec, err
		}
		v := s.book.display(typ, style, val, hasV)
		if s.lay == nil {
			// The sample is read sparsely: a cell far to the right costs
			// one cell, not the columns before it.
			if formula {
				rec.Formulas = append(rec.Formulas, Formula{Col: len(rec.Cells), Cached: hasV})
			}
			rec.Cells = append(rec.Cells, v)
			s.grid = append(s.grid, int32(col))
			continue
		}
		s.lay.place(&rec, col, v, formula, hasV)
	}
}

// readCell reads a cell's children: its value (<v>, or the text of an
// inline string) and whether it holds a formula.
func (s *sheetReader) readCell() (val string, hasV, formula bool, err error) {
	for {
		tok, err := s.x.next()
		if err != nil {
			return "", false, false, errXML
		}
		switch tok.kind {
		case xmlEnd:
			if string(tok.name) == "c" {
				return val, hasV, formula, nil
			}
		case xmlEmpty:
			if string(tok.name) == "f" {
				formula = true
			}
		case xmlStart:
			switch string(tok.name) {
			case "v":
				if val, err = s.x.text(tok.name); err != nil {
					return "", false, false, err
				}
				hasV = true
			case "f":
				formula = true
				if err := s.x.skip(); err != nil {
					return "", false, false, err
				}
			case "is":
				if val, err = s.inlineString(); err != nil {
					return "", false, false, err
				}
				hasV = true
			default:
				if err := s.x.skip(); err != nil {
					return "", false, false, err
				}
			}
		}
	}
}

// inlineString reads <is>: the <t> texts, phonetic runs left out.
func (s *sheetReader) inlineString() (string, error) {
	var b strings.Builder
	phonetic := false
	for {
		tok, err := s.x.next()
		if err != nil {
			return "", errXML
		}
		switch {
		case tok.kind == xmlEnd && string(tok.name) == "is":
			return b.String(), nil
		case tok.kind == xmlStart && string(tok.name) == "rPh":
			phonetic = true
		case tok.kind == xmlEnd && string(tok.name) == "rPh":
			phonetic = false
		case tok.kind == xmlStart && string(tok.name) == "t":
			t, err := s.x.text(tok.name)
			if err != nil {
				return "", err
			}
			if !phonetic {
				b.WriteString(t)
			}
		}
	}
}

// display writes a cell's value as shown.
func (b *xlsxBook) display(typ string, style int, v string, hasV bool) string {
	if !hasV {
		return ""
	}
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(b.sst) {
			return ""
		}
		return b.sst[i]
	case "str", "inlineStr":
		return ooxmlUnescape(v)
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	case "e":
		return v
	case "d":
		return isoCellDate(v)
	}
	nf := numFormat{}
	if style >= 0 && style < len(b.formats) {
		nf = b.formats[style]
	}
	return nf.show(v, b.date1904)
}

// isoCellDate shortens an ISO 8601 date-time cell (t="d") to what it holds.
func isoCellDate(v string) string {
	v = strings.TrimSpace(v)
	if d, t, ok := strings.Cut(v, "T"); ok {
		t = strings.TrimSuffix(strings.TrimSuffix(t, "Z"), ".000")
		if t == "00:00:00" {
			return d
		}
		return d + " " + t
	}
	return v
}

// columnIndex turns a cell reference (AB12) into a 0-based column.
func columnIndex(ref string) int {
	n := 0
	i := 0
	for ; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		n = n*26 + int(c-'A'+1)
	}
	if i == 0 || n > 16384 {
		return -1
	}
	return n - 1
}

// isXLSX reports whether a ZIP's members are those of a workbook.
func isXLSX(zr *zip.Reader) bool {
	hasTypes, hasBook := false, false
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			hasTypes = true
		case strings.HasPrefix(f.Name, "xl/") && strings.HasSuffix(f.Name, ".xml") && strings.Contains(f.Name, "workbook"):
			hasBook = true
		}
	}
	return hasTypes && hasBook
}

package export

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// part is one file of the package.
type part struct{ name, body string }

// openingParts are written before the sheet: the least Excel, LibreOffice
// and rolo's own reader need to open a workbook (SpreadsheetML
// transitional, ECMA-376 part 1) and a bold style for the header row.
var openingParts = []part{
	{"_rels/.rels", xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`</Relationships>`},
	{"xl/workbook.xml", xmlDecl + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<bookViews><workbookView/></bookViews><sheets><sheet name="` + sheetName + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	{"xl/styles.xml", xmlDecl + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`},
}

// closingParts are written after the sheet: the content types and the
// workbook's relationships, which name the shared strings only when the
// sheet uses some (an empty table is a part some readers refuse).
func closingParts(shared bool) []part {
	types := xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
	rels := xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	if shared {
		types += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels += `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	return []part{{"[Content_Types].xml", types + `</Types>`}, {"xl/_rels/workbook.xml.rels", rels + `</Relationships>`}}
}

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// sheetHead opens the sheet with the header row frozen.
const sheetHead = xmlDecl + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
	`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
	`<sheetFormatPr defaultRowHeight="15"/><sheetData>`

const sheetTail = `</sheetData></worksheet>`

func writePart(zw *zip.Writer, name, body string) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err == nil {
		_, err = io.WriteString(w, body)
	}
	if err != nil {
		return fmt.Errorf("making the workbook: %w", err)
	}
	return nil
}

// Limits of the shared strings table. A column whose values keep being
// new (names, e-mails, phones) gains nothing from it, so it is watched in
// windows of sstWindow values and left inline once a window brings more
// than sstMaxNew new strings; the whole table is bounded so memory stays
// flat whatever the data.
const (
	sstWindow     = 512
	sstMaxNew     = 64
	sstMaxLen     = 80
	sstMaxEntries = 1 << 17
	sstMaxBytes   = 8 << 20
)

// sharedStrings is the workbook's table of repeated strings: a cell that
// refers to it costs about 20 bytes of XML instead of 40 and more.
type sharedStrings struct {
	ids   map[string]int
	list  []string
	bytes int
	cols  []sstColumn
}

type sstColumn struct {
	seen, added int
	off         bool
}

func newSharedStrings(columns int) *sharedStrings {
	return &sharedStrings{ids: map[string]int{}, cols: make([]sstColumn, columns)}
}

// index returns v's place in the table, adding it if the column still
// shares its values and the table has room; false: write v inline. v may
// be borrowed: it is copied when kept.
func (s *sharedStrings) index(col int, v string) (int, bool) {
	c := &s.cols[col]
	if c.off || len(v) > sstMaxLen {
		return 0, false
	}
	n, ok := s.ids[v]
	if !ok {
		if len(s.list) >= sstMaxEntries || s.bytes+len(v) > sstMaxBytes {
			return 0, false
		}
		n = len(s.list)
		v = strings.Clone(v)
		s.ids[v] = n
		s.list = append(s.list, v)
		s.bytes += len(v)
		c.added++
	}
	if c.seen++; c.seen == sstWindow {
		c.off = c.added > sstMaxNew
		c.seen, c.added = 0, 0
	}
	return n, true
}

func (s *sharedStrings) writeTo(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xmlDecl + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="`)
	bw.WriteString(strconv.Itoa(len(s.list)))
	bw.WriteString(`">`)
	var b []byte
	for _, v := range s.list {
		b = append(b[:0], `<si>`...)
		b = appendText(b, v)
		b = append(b, `</si>`...)
		bw.Write(b)
	}
	bw.WriteString(`</sst>`)
	return bw.Flush()
}

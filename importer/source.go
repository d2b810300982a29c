package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

// Format is the kind of a file.
type Format string

// Formats the importer reads.
const (
	FormatCSV   Format = "csv" // CSV and TXT, any delimiter
	FormatXLSX  Format = "xlsx"
	FormatXLS   Format = "xls"
	FormatVCard Format = "vcard"
	FormatZIP   Format = "zip"
	// FormatJSONL (JSON Lines) is in jsonl.go.
)

// HeaderMode says whether the first record names the columns.
type HeaderMode int8

// Header modes.
const (
	HeaderAuto HeaderMode = iota // detected
	HeaderYes
	HeaderNo
)

// DefaultMaxSize is the largest file (or unpacked archive) read by default.
const DefaultMaxSize = 256 << 20

// SampleSize is how many records Open reads for detection and preview.
const SampleSize = 500

// ReadOptions say how to read a file; zero values mean "detect".
type ReadOptions struct {
	Encoding  string     // --encoding
	Delimiter byte       // --delimiter
	Header    HeaderMode // --header / --no-header
	HeaderRow int        // --header-row: the line (sheet row) that names the columns; 0 detects it
	Sheet     string     // --sheet
	MaxSize   int64      // --max-size (default DefaultMaxSize)
	// Now is the clock the guesses read (recent dates are not birth
	// dates); default time.Now.
	Now func() time.Time `json:"-"`
}

func (ro ReadOptions) maxSize() int64 {
	if ro.MaxSize > 0 {
		return ro.MaxSize
	}
	return DefaultMaxSize
}

// Source is an opened file: one table, or several (the members of an
// archive).
type Source struct {
	Path    string
	Name    string // the file's base name
	Size    int64
	Format  Format
	Tables  []*Table
	Skipped []string // archive members or empty tables left out, and why
	file    *os.File
}

// Close releases the file.
func (s *Source) Close() error {
	if s.file == nil {
		return nil
	}
	return s.file.Close()
}

// Table is one table of a file: the file itself, one sheet of a workbook,
// or one member of an archive. Open fills in what was detected; the run
// reads it again from the start.
type Table struct {
	Name         string // the file name, or the member's name in an archive
	Member       string // the member's name in an archive, else ""
	Format       Format
	Encoding     string          // what the text was read as ("" for spreadsheets)
	Alternatives []EncodingGuess // other plausible encodings (they read the file differently)
	Delimiter    byte            // CSV and TXT
	Sheets       []string        // spreadsheets: every sheet
	Sheet        string          // spreadsheets: the sheet read
	Header       bool            // the first record names the columns
	HeaderLine   int             // where the header is (0: none)
	HeaderLines  []int           // the lines of the first records: where a header could be
	Columns      []string        // column names: the header cells, or "1", "2"… without one
	Sample       []Record        // the first data records
	Size         int64           // bytes the run reads (for progress)
	Skipped      []string        // lines left out before the data, and why ("lines 1–2 above the header …")

	enc      Encoding
	raw      []byte // the start of the table's bytes (detection)
	opener   func() (io.ReadCloser, error)
	book     *xlsxBook
	layout   *sheetLayout     // XLSX: where each sheet column goes
	now      func() time.Time // ReadOptions.Now
	records  []Record         // vCard, XLS and in-memory tables are read whole
	inMemory bool             // NewSource: records hold the data rows
	json     *jsonl           // JSONL: the column of each key
}

// Open reads a file far enough to know its format, encoding, delimiter,
// sheets and header, and samples its first records. A file that cannot be
// imported at all is refused with an error wrapping ErrRefused whose text
// says why in one line.
func Open(path string, ro ReadOptions) (*Source, error) {
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, refuse(name, "is a folder, not a file")
	}
	if !fi.Mode().IsRegular() {
		// A pipe, a socket or a device (/dev/zero never ends, /dev/null
		// says nothing): its size says nothing and it cannot be read twice.
		return nil, refuse(name, "is not a regular file (a device, a pipe or a socket); save it to a file and import that")
	}
	limit := ro.maxSize()
	if fi.Size() == 0 {
		return nil, refuse(name, "is empty")
	}
	if fi.Size() > limit {
		return nil, refuse(name, "is %s, over the limit of %s (see --max-size)", byteSize(fi.Size()), byteSize(limit))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	abs, _ := filepath.Abs(path)
	src := &Source{Path: abs, Name: name, Size: fi.Size(), file: f}
	if err := src.open(ro); err != nil {
		f.Close()
		return nil, err
	}
	return src, nil
}

func (src *Source) open(ro ReadOptions) error {
	head := make([]byte, min(src.Size, 1<<20))
	if _, err := io.ReadFull(src.file, head); err != nil {
		return fmt.Errorf("reading %s: %w", src.Path, err)
	}
	format, err := sniff(src.Name, head)
	if err != nil {
		return err
	}
	fileOpener := func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(src.file, 0, src.Size)), nil
	}
	limit := ro.maxSize()
	switch format {
	case FormatZIP:
		zr, err := zip.NewReader(src.file, src.Size)
		if err != nil {
			return refuse(src.Name, "is not a readable ZIP file (%v)", err)
		}
		if isXLSX(zr) {
			src.Format = FormatXLSX
			book, err := openXLSX(src.Name, src.file, src.Size, limit)
			if err != nil {
				return err
			}
			t, err := xlsxTable(src.Name, "", book, ro)
			if err != nil {
				return err
			}
			src.Tables = []*Table{t}
			break
		}
		src.Format = FormatZIP
		members, skipped, err := zipMembers(src.Name, zr, limit)
		if err != nil {
			return err
		}
		src.Skipped = skipped
		for _, m := range members {
			t, err := memberTable(src.Name, m, ro, limit)
			if err != nil {
				return err
			}
			src.Tables = append(src.Tables, t)
		}
	case FormatXLS:
		src.Format = FormatXLS
		t, err := xlsTable(src.Name, "", src.file, src.Size, ro)
		if err != nil {
			return err
		}
		src.Tables = []*Table{t}
	case FormatVCard:
		src.Format = FormatVCard
		t, err := vcardTable(src.Name, "", head, fileOpener, ro)
		if err != nil {
			return err
		}
		src.Tables = []*Table{t}
	case FormatJSONL:
		src.Format = FormatJSONL
		t, err := jsonlTable(src.Name, "", head, src.Size, fileOpener, ro)
		if err != nil {
			return err
		}
		src.Tables = []*Table{t}
	default:
		if ext := strings.ToLower(filepath.Ext(src.Name)); ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" {
			return refuse(src.Name, "is named %s but is not a spreadsheet (it holds text; rename it .csv to import it as CSV)", ext)
		}
		src.Format = FormatCSV
		t, err := csvTable(src.Name, "", head, src.Size, fileOpener, ro)
		if err != nil {
			return err
		}
		src.Tables = []*Table{t}
	}
	for _, t := range src.Tables {
		t.now = ro.Now
	}
	return src.dropEmpty()
}

// clock is the time the table's guesses read.
func (t *Table) clock() time.Time {
	if t.now != nil {
		return t.now()
	}
	return time.Now()
}

// dropEmpty refuses a file whose every table is empty, and leaves out the
// empty members of an archive that has others.
func (src *Source) dropEmpty() error {
	var kept []*Table
	var reasons []string
	for _, t := range src.Tables {
		if len(t.Sample) > 0 {
			kept = append(kept, t)
			continue
		}
		why := "has no rows"
		if t.Header {
			why = "has a header row but no data rows"
		}
		reasons = append(reasons, why)
		if t.Member != "" {
			src.Skipped = append(src.Skipped, fmt.Sprintf("%s: %s", t.Member, why))
		}
	}
	if len(kept) == 0 {
		if len(src.Tables) == 1 {
			return refuse(src.Name, "%s", reasons[0])
		}
		return refuse(src.Name, "has no data rows in any of its files")
	}
	src.Tables = kept
	for _, t := range kept {
		for _, sk := range t.Skipped {
			if t.Member != "" {
				sk = t.Member + ": " + sk
			}
			src.Skipped = append(src.Skipped, sk)
		}
	}
	return nil
}

// sniff tells the format from the first bytes; binary files that are not
// spreadsheets or archives are refused, saying what they seem to be.
func sniff(name string, head []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return FormatZIP, nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return FormatXLS, nil
	}
	for _, m := range []struct{ magic, what string }{
		{"%PDF", "a PDF document"}, {"\x89PNG", "a PNG image"}, {"\xFF\xD8\xFF", "a JPEG image"}, {"GIF8", "a GIF image"},
		{"\x1F\x8B", "a gzip archive"}, {"Rar!", "a RAR archive"}, {"7z\xBC\xAF", "a 7-Zip archive"}, {"\x7FELF", "a program"},
		{"MZ", "a Windows program"}, {"{\\rtf", "an RTF document"}, {"SQLite format 3", "an SQLite database"},
	} {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			return "", refuse(name, "is %s, not a contact file (rolo reads CSV, TXT, XLSX, XLS, ZIP, vCard and JSON Lines)", m.what)
		}
	}
	enc, _ := DetectEncoding(head)
	if !strings.HasPrefix(enc.Name, "utf-16") && looksBinary(head) {
		return "", refuse(name, "is not a supported format: it holds binary data, not text (rolo reads CSV, TXT, XLSX, XLS, ZIP, vCard and JSON Lines)")
	}
	text := enc.decode(head[:min(len(head), 4096)])
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".vcf" || ext == ".vcard" || beginsVCard(text) {
		return FormatVCard, nil
	}
	if t := strings.TrimLeft(text, " \t\r\n\ufeff"); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		ok, err := looksJSONL(name, enc.decode(head[:min(len(head), 64<<10)]), len(head) > 64<<10)
		if err != nil {
			return "", err
		}
		if ok {
			return FormatJSONL, nil
		}
	}
	return FormatCSV, nil
}

// beginsVCard reports a BEGIN:VCARD line among the first lines of text,
// after at most maxVCardPreamble lines of something else.
func beginsVCard(text string) bool {
	seen := 0
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" {
			continue
		}
		if hasPrefixFold(line, "BEGIN:VCARD") {
			return true
		}
		if seen++; seen > maxVCardPreamble {
			return false
		}
	}
	return false
}

// looksBinary reports NUL bytes or more than 1% control characters.
func looksBinary(b []byte) bool {
	b = b[:min(len(b), 64<<10)]
	ctl := 0
	for i, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v':
			if c == 0x1A && i == len(b)-1 {
				continue // the old DOS end-of-file mark
			}
			ctl++
		}
	}
	return ctl*100 > len(b)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// countingReader counts the bytes read through it (for progress; read by
// another goroutine).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// textEncoding names a table read from an archive after its member and
// picks its text encoding: the one asked for, else the one detected in head
// (with the other plausible ones kept for the preview).
func (t *Table) textEncoding(member string, head []byte, ro ReadOptions) error {
	if member != "" {
		t.Name = member
	}
	if ro.Encoding != "" {
		enc, err := LookupEncoding(ro.Encoding)
		if err != nil {
			return err
		}
		t.enc = enc
	} else {
		t.enc, t.Alternatives = DetectEncoding(head)
	}
	t.Encoding = t.enc.Name
	return nil
}

// csvTable detects the encoding, delimiter and header of a CSV or TXT file.
func csvTable(name, member string, head []byte, size int64, opener func() (io.ReadCloser, error), ro ReadOptions) (*Table, error) {
	t := &Table{Name: name, Member: member, Format: FormatCSV, Size: size, raw: head, opener: opener}
	if err := t.textEncoding(member, head, ro); err != nil {
		return nil, err
	}
	t.Delimiter = ro.Delimiter
	if t.Delimiter == 0 {
		t.Delimiter = DetectDelimiter(t.enc.decode(head[:min(len(head), 256<<10)]))
	}
	rc, err := opener()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	p := newCSVReader(t.enc.reader(rc), t.Delimiter)
	recs, err := readSample(p, sampleWithHeader(ro))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", t.Name, err)
	}
	if _, err := t.setHeader(recs, ro); err != nil {
		return nil, err
	}
	return t, nil
}

func readSample(r rowReader, n int) ([]Record, error) {
	var out []Record
	for len(out) < n {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if rec.blank() && rec.Problem == "" {
			continue
		}
		out = append(out, rec)
	}
	return out, nil
}

// xlsxTable picks the sheet and detects its header.
func xlsxTable(name, member string, book *xlsxBook, ro ReadOptions) (*Table, error) {
	t := &Table{Name: name, Member: member, Format: FormatXLSX, book: book}
	if member != "" {
		t.Name = member
	}
	for _, s := range book.sheets {
		t.Sheets = append(t.Sheets, s.Name)
	}
	sh, err := book.sheet(ro.Sheet)
	if err != nil {
		return nil, err
	}
	t.Sheet = sh.Name
	for _, f := range book.zr.File {
		if f.Name == strings.TrimPrefix(sh.part, "/") {
			t.Size = int64(f.UncompressedSize64)
		}
	}
	r, err := book.rows(sh)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	recs, lay, err := readSparseSample(r, sampleWithHeader(ro))
	if err != nil {
		return nil, err
	}
	if _, err := t.setHeader(recs, ro); err != nil {
		return nil, err
	}
	lay.width = len(t.Columns)
	t.layout = lay
	return t, nil
}

// vcardTable reads every card.
func vcardTable(name, member string, head []byte, opener func() (io.ReadCloser, error), ro ReadOptions) (*Table, error) {
	t := &Table{Name: name, Member: member, Format: FormatVCard, Header: true, Columns: vcardHeader}
	if err := t.textEncoding(member, head, ro); err != nil {
		return nil, err
	}
	rc, err := opener()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var r io.Reader = rc
	text := t.enc
	if strings.HasPrefix(t.enc.Name, "utf-16") {
		r, text = t.enc.reader(rc), UTF8 // line structure needs UTF-8 bytes
	}
	cards, header, skipped, err := readVCardTable(t.Name, r, text)
	if err != nil {
		return nil, err
	}
	if skipped != "" {
		t.Skipped = append(t.Skipped, skipped)
	}
	t.Columns = header
	t.records = cards
	t.Sample = cards[:min(len(cards), SampleSize)]
	t.Size = int64(len(cards))
	return t, nil
}

// memberTable opens one member of an archive.
func memberTable(archive string, m zipMember, ro ReadOptions, limit int64) (*Table, error) {
	name := m.file.Name
	opener := func() (io.ReadCloser, error) { return m.file.Open() }
	switch m.format {
	case FormatXLSX, FormatXLS:
		data, err := readMember(m)
		if err != nil {
			return nil, err
		}
		if m.format == FormatXLS {
			return xlsTable(archive, name, bytes.NewReader(data), int64(len(data)), ro)
		}
		book, err := openXLSX(name, bytes.NewReader(data), int64(len(data)), limit)
		if err != nil {
			return nil, err
		}
		return xlsxTable(archive, name, book, ro)
	}
	rc, err := m.file.Open()
	if err != nil {
		return nil, refuse(archive, "member %q cannot be unpacked (%v)", name, err)
	}
	head, err := io.ReadAll(io.LimitReader(rc, 1<<20))
	rc.Close()
	if err != nil {
		return nil, refuse(archive, "member %q cannot be unpacked (%v)", name, err)
	}
	format, err := sniff(name, head)
	if err != nil {
		return nil, err
	}
	switch format {
	case FormatVCard:
		return vcardTable(archive, name, head, opener, ro)
	case FormatJSONL:
		return jsonlTable(archive, name, head, int64(m.file.UncompressedSize64), opener, ro)
	case FormatCSV:
		return csvTable(archive, name, head, int64(m.file.UncompressedSize64), opener, ro)
	}
	return nil, refuse(archive, "member %q is not the %s its name says", name, m.format)
}

func readMember(m zipMember) ([]byte, error) {
	rc, err := m.file.Open()
	if err != nil {
		return nil, fmt.Errorf("unpacking %s: %w", m.file.Name, err)
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, int64(m.file.UncompressedSize64)))
}

// tableReader reads a table's data records from the start (after the
// header), counting what it has read for progress.
type tableReader struct {
	rowReader
	closer io.Closer
	count  *countingReader
	n      atomic.Int64 // records read (vCard progress)
	t      *Table
}

// Close releases the table's stream.
func (r *tableReader) Close() error {
	if r.closer == nil {
		return nil
	}
	return r.closer.Close()
}

// done returns how far the reader is, in the units of Table.Size.
func (r *tableReader) done() int64 {
	if r.count != nil {
		return r.count.n.Load()
	}
	return r.n.Load()
}

func (r *tableReader) Next() (Record, error) {
	for {
		rec, err := r.rowReader.Next()
		if err != nil {
			return rec, err
		}
		r.n.Add(1)
		if rec.blank() && rec.Problem == "" {
			continue
		}
		rec.Member = r.t.Member
		return rec, nil
	}
}

// open starts reading the table's data records.
func (t *Table) open() (*tableReader, error) {
	tr := &tableReader{t: t}
	if t.inMemory {
		tr.rowReader = &sliceReader{recs: t.records}
		return tr, nil
	}
	switch t.Format {
	case FormatVCard:
		tr.rowReader = &sliceReader{recs: t.records}
		return tr, nil
	case FormatXLSX:
		sh, err := t.book.sheet(t.Sheet)
		if err != nil {
			return nil, err
		}
		r, err := t.book.rows(sh)
		if err != nil {
			return nil, err
		}
		tr.count = &countingReader{r: r.rc}
		r.x = newXMLScanner(tr.count)
		r.lay = t.layout
		tr.rowReader, tr.closer = r, r
	case FormatXLS:
		tr.rowReader = &sliceReader{recs: t.records} // the header is already left out
		return tr, nil
	case FormatJSONL:
		rc, err := t.opener()
		if err != nil {
			return nil, err
		}
		tr.count = &countingReader{r: rc}
		tr.rowReader, tr.closer = newJSONLReader(t.enc.reader(tr.count)), rc
		return tr, nil // no header: the keys name the columns
	default:
		rc, err := t.opener()
		if err != nil {
			return nil, err
		}
		tr.count = &countingReader{r: rc}
		tr.rowReader, tr.closer = newCSVReader(t.enc.reader(tr.count), t.Delimiter), rc
	}
	return tr, t.skipHeader(tr)
}

func (t *Table) skipHeader(tr *tableReader) error {
	if !t.Header {
		return nil
	}
	for {
		rec, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			tr.Close()
			return err
		}
		if rec.Line == t.HeaderLine {
			return nil
		}
	}
}

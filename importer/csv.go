package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The CSV reader is hand-written rather than encoding/csv because an
// unbalanced quote must cost one line, not the rest of the file: it keeps
// the bytes of the record it is reading, and when the record turns out to
// be malformed (a quote never closed, text after a closing quote, a quoted
// field running over many lines into a record of the wrong width) it
// rejects the record's first physical line and starts again on the next.
// It also keeps CR LF inside quoted fields as written (RFC 4180), reads
// CR-only line ends, and allocates one string per record.

// Defaults of the CSV reader.
const (
	csvBufSize   = 256 << 10
	maxRecordLen = 1 << 20  // a quoted field longer than this is an unbalanced quote
	maxLineLen   = 16 << 20 // a physical line longer than this is not a CSV file
)

type csvReader struct {
	r      io.Reader
	buf    []byte
	pos    int // start of unread data
	end    int // end of data
	eof    bool
	err    error // read error to return once the buffer is used up
	delim  byte
	line   int // physical line number at pos
	expect int // cells per record (0: the first record decides)
	out    []byte
	ends   []int
	// swallow is the most delimiters on one line inside the record's
	// multi-line quoted fields: a quote left open swallows whole records.
	swallow int
}

func newCSVReader(r io.Reader, delim byte) *csvReader {
	return &csvReader{r: r, buf: make([]byte, csvBufSize), delim: delim, line: 1}
}

// parse outcomes.
const (
	parsedOK = iota
	needMore
	malformed
)

// fill moves the unread data to the front of the buffer, growing it when a
// record does not fit, and reads more.
func (p *csvReader) fill() error {
	if p.eof {
		return nil
	}
	if p.pos > 0 {
		copy(p.buf, p.buf[p.pos:p.end])
		p.end -= p.pos
		p.pos = 0
	}
	if p.end == len(p.buf) {
		if len(p.buf) >= maxLineLen+maxRecordLen {
			return fmt.Errorf("line %d is longer than %d MB: this is not a CSV file", p.line, maxLineLen>>20)
		}
		nb := make([]byte, 2*len(p.buf))
		copy(nb, p.buf[:p.end])
		p.buf = nb
	}
	n, err := p.r.Read(p.buf[p.end:])
	p.end += n
	if err == io.EOF {
		p.eof = true
	} else if err != nil {
		p.eof = true
		p.err = err
	}
	return nil
}

// Next returns the next record, skipping blank lines.
func (p *csvReader) Next() (Record, error) {
	for {
		if p.pos == p.end {
			if p.eof {
				if p.err != nil {
					return Record{}, p.err
				}
				return Record{}, io.EOF
			}
			if err := p.fill(); err != nil {
				return Record{}, err
			}
			continue
		}
		rec, n, lines, multi, status, problem := p.parse()
		switch status {
		case needMore:
			if p.end-p.pos > maxRecordLen && !p.eof {
				// A quoted field this long is a quote that never closes.
				status, problem = malformed, "unbalanced quote: a quoted field runs on for more than 1 MB"
				break
			}
			if err := p.fill(); err != nil {
				return Record{}, err
			}
			continue
		case parsedOK:
			if multi > 0 && p.expect > 0 && len(rec.Cells) != p.expect && !p.shortRecord(len(rec.Cells)) {
				status, problem = malformed, fmt.Sprintf("unbalanced quote: the quoted field of column %d runs past the line end into a record of %d cells instead of %d", multi, len(rec.Cells), p.expect)
			}
		}
		if status == malformed {
			r, ok, err := p.rejectLine(problem)
			if err != nil {
				return Record{}, err
			}
			if !ok {
				continue // needed more data
			}
			return r, nil
		}
		rec.Line = p.line
		p.pos += n
		p.line += lines
		if len(rec.Cells) == 1 && rec.Cells[0] == "" {
			continue // a blank line
		}
		if p.expect == 0 {
			p.expect = len(rec.Cells)
		}
		return rec, nil
	}
}

// shortRecord reports whether a record of n cells holding a multi-line
// quoted field is a short record (its trailing cells left out, as a
// spreadsheet writes them) rather than a quote left open: it has fewer
// cells than the header, and no line inside its quoted text carries the
// delimiters of a record of its own.
func (p *csvReader) shortRecord(n int) bool {
	return n < p.expect && p.swallow < max(2, (p.expect-1)/2)
}

// rejectLine turns the physical line at pos into a rejected record and
// moves past it. ok is false when the line's end is not in the buffer yet.
func (p *csvReader) rejectLine(problem string) (Record, bool, error) {
	data := p.buf[p.pos:p.end]
	k := bytes.IndexAny(data, "\r\n")
	if k < 0 && !p.eof {
		if err := p.fill(); err != nil {
			return Record{}, false, err
		}
		return Record{}, false, nil
	}
	next := len(data)
	if k >= 0 {
		next = k + 1
		if data[k] == '\r' && k+1 < len(data) && data[k+1] == '\n' {
			next++
		} else if data[k] == '\r' && k+1 == len(data) && !p.eof {
			if err := p.fill(); err != nil {
				return Record{}, false, err
			}
			return Record{}, false, nil
		}
	} else {
		k = len(data)
	}
	line := string(data[:k])
	rec := Record{Line: p.line, Cells: strings.Split(line, string(p.delim)), Problem: problem}
	p.pos += next
	p.line++
	return rec, true, nil
}

// parse reads one record at pos. It returns the record, the bytes it
// used, the line ends it crossed, the first column (1-based) whose quoted
// field held a line end (0: none), and the outcome.
func (p *csvReader) parse() (rec Record, used, lines, multi int, status int, problem string) {
	buf, end, d := p.buf, p.end, p.delim
	i := p.pos
	p.out = p.out[:0]
	p.ends = p.ends[:0]
	p.swallow = 0
	field := func() { p.ends = append(p.ends, len(p.out)) }
	for {
		col := len(p.ends) + 1
		if i == end {
			if !p.eof {
				return rec, 0, 0, 0, needMore, ""
			}
			field()
			break
		}
		if buf[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(buf[i:end], '"')
				if j < 0 {
					if !p.eof {
						return rec, 0, 0, 0, needMore, ""
					}
					return rec, 0, 0, 0, malformed, fmt.Sprintf("unbalanced quote: the quote opening column %d is never closed", col)
				}
				seg := buf[i : i+j]
				if n := countLineEnds(seg); n > 0 {
					lines += n
					if multi == 0 {
						multi = col
					}
					p.swallow = max(p.swallow, delimitersPerLine(seg, d))
				}
				p.out = append(p.out, seg...)
				i += j + 1
				if i == end && !p.eof {
					return rec, 0, 0, 0, needMore, ""
				}
				if i < end && buf[i] == '"' {
					p.out = append(p.out, '"')
					i++
					continue
				}
				break
			}
			field()
			if i == end {
				break
			}
			switch c := buf[i]; {
			case c == d:
				i++
				continue
			case c == '\n' || c == '\r':
				n, more := lineEnd(buf[i:end], p.eof)
				if more {
					return rec, 0, 0, 0, needMore, ""
				}
				i += n
				lines++
			default:
				return rec, 0, 0, 0, malformed, fmt.Sprintf("unbalanced quote: text follows the closing quote of column %d", col)
			}
			break
		}
		k := i
		for k < end && buf[k] != d && buf[k] != '\n' && buf[k] != '\r' {
			k++
		}
		if k == end && !p.eof {
			return rec, 0, 0, 0, needMore, ""
		}
		p.out = append(p.out, buf[i:k]...)
		field()
		i = k
		if i == end {
			break
		}
		if buf[i] == d {
			i++
			if i == end && p.eof {
				field() // a delimiter at the very end: one more empty cell
				break
			}
			continue
		}
		n, more := lineEnd(buf[i:end], p.eof)
		if more {
			return rec, 0, 0, 0, needMore, ""
		}
		i += n
		lines++
		break
	}
	s := string(p.out)
	cells := make([]string, len(p.ends))
	start := 0
	for k, e := range p.ends {
		cells[k] = s[start:e]
		start = e
	}
	rec.Cells = cells
	return rec, i - p.pos, lines, multi, parsedOK, ""
}

// lineEnd returns the length of the line end at the start of b (CR LF, LF
// or CR); more is set when b ends with a CR whose LF may follow.
func lineEnd(b []byte, eof bool) (n int, more bool) {
	if b[0] == '\n' {
		return 1, false
	}
	if len(b) == 1 {
		return 1, !eof
	}
	if b[1] == '\n' {
		return 2, false
	}
	return 1, false
}

// delimitersPerLine returns the most delimiters on one line of b.
func delimitersPerLine(b []byte, d byte) int {
	most := 0
	for len(b) > 0 {
		k := bytes.IndexAny(b, "\r\n")
		if k < 0 {
			k = len(b)
		}
		most = max(most, bytes.Count(b[:k], []byte{d}))
		b = b[min(k+1, len(b)):]
	}
	return most
}

// countLineEnds counts CR LF, LF and lone CR line ends.
func countLineEnds(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if bytes.IndexByte(b, '\r') >= 0 {
		n += bytes.Count(b, []byte{'\r'}) - bytes.Count(b, []byte("\r\n"))
	}
	return n
}

// delimiters are the candidates detection tries, in the order that breaks
// ties.
var delimiters = []byte{',', ';', '\t', '|'}

// DetectDelimiter picks the delimiter of a CSV or TXT sample: the candidate
// that splits the most records into the same number of cells, then the one
// that makes more cells. A file with no candidate at all has one column
// (comma).
func DetectDelimiter(sample string) byte {
	best, bestFrac, bestMode := byte(','), -1.0, 0
	for _, d := range delimiters {
		counts := countPerRecord(sample, d, 50)
		if len(counts) == 0 {
			continue
		}
		freq := map[int]int{}
		mode := 0
		for _, c := range counts {
			freq[c]++
			if freq[c] > freq[mode] || (freq[c] == freq[mode] && c > mode) {
				mode = c
			}
		}
		if mode == 0 {
			continue
		}
		frac := float64(freq[mode]) / float64(len(counts))
		if frac > bestFrac+1e-9 || (frac > bestFrac-1e-9 && mode > bestMode) {
			best, bestFrac, bestMode = d, frac, mode
		}
	}
	return best
}

// countPerRecord counts the delimiters outside quotes in each of the first
// max complete records of sample (the last, maybe cut short, is left out
// unless it is the only one).
func countPerRecord(sample string, d byte, max int) []int {
	var counts []int
	inQuote, n, blank := false, 0, true
	for i := 0; i < len(sample) && len(counts) < max; i++ {
		c := sample[i]
		switch {
		case c == '"':
			inQuote = !inQuote
			blank = false
		case inQuote:
		case c == d:
			n++
			blank = false
		case c == '\n' || c == '\r':
			if !blank {
				counts = append(counts, n)
			}
			n, blank = 0, true
		default:
			blank = false
		}
	}
	if len(counts) == 0 && !blank {
		counts = append(counts, n)
	}
	return counts
}

// ParseDelimiter reads a --delimiter value: one character, or a name
// (comma, semicolon, tab, pipe, \t).
func ParseDelimiter(s string) (byte, error) {
	switch strings.ToLower(s) {
	case "comma", ",":
		return ',', nil
	case "semicolon", ";":
		return ';', nil
	case "tab", `\t`, "\t":
		return '\t', nil
	case "pipe", "|":
		return '|', nil
	}
	if len(s) == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r' {
		return s[0], nil
	}
	return 0, errors.New(`the delimiter must be one character such as , ; | or "tab"`)
}

// DelimiterName writes a delimiter for people.
func DelimiterName(d byte) string {
	switch d {
	case '\t':
		return "tab"
	case 0:
		return ""
	}
	return string(d)
}

package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlScanner is a minimal pull tokenizer for the parts of an XLSX file. It
// exists because encoding/xml (which excelize's row iterator uses) spends
// about 7 µs a cell: a 100k-row sheet took 8 s to read. Spreadsheet XML is
// machine-written and simple (no DTDs, namespaces only as prefixes), so a
// tokenizer that slices tags and text out of a bufio buffer reads the same
// sheet about ten times faster. Tokens are valid until the next call.
type xmlScanner struct {
	r    *bufio.Reader
	long []byte // a tag or text longer than the buffer, accumulated
}

type xmlKind uint8

const (
	xmlStart xmlKind = iota + 1
	xmlEnd
	xmlEmpty // <tag/>
	xmlText
)

type xmlToken struct {
	kind  xmlKind
	name  []byte // local name: the prefix (x:, r:) is dropped
	attrs []byte // raw attribute text of a start tag
	text  []byte // raw (still escaped) text; CDATA is already plain
	cdata bool
}

var errXML = errors.New("malformed XML")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 64<<10)}
}

// readUntil reads through the next delim, across buffer refills.
func (x *xmlScanner) readUntil(delim byte) ([]byte, error) {
	b, err := x.r.ReadSlice(delim)
	if err != bufio.ErrBufferFull {
		return b, err
	}
	x.long = append(x.long[:0], b...)
	for {
		b, err = x.r.ReadSlice(delim)
		x.long = append(x.long, b...)
		if err != bufio.ErrBufferFull {
			return x.long, err
		}
	}
}

func (x *xmlScanner) next() (xmlToken, error) {
	for {
		c, err := x.r.ReadByte()
		if err != nil {
			return xmlToken{}, err
		}
		if c != '<' {
			x.r.UnreadByte()
			b, err := x.readUntil('<')
			if err == nil {
				x.r.UnreadByte()
				b = b[:len(b)-1]
			} else if err != io.EOF {
				return xmlToken{}, err
			}
			return xmlToken{kind: xmlText, text: b}, nil
		}
		peek, _ := x.r.Peek(8)
		switch {
		case len(peek) > 0 && peek[0] == '?':
			if _, err := x.readUntil('>'); err != nil {
				return xmlToken{}, err
			}
			continue
		case bytes.HasPrefix(peek, []byte("!--")):
			if err := x.skipPast("-->"); err != nil {
				return xmlToken{}, err
			}
			continue
		case bytes.HasPrefix(peek, []byte("![CDATA[")):
			x.r.Discard(8)
			text, err := x.readPast("]]>")
			if err != nil {
				return xmlToken{}, err
			}
			return xmlToken{kind: xmlText, text: text, cdata: true}, nil
		case len(peek) > 0 && peek[0] == '!':
			if _, err := x.readUntil('>'); err != nil {
				return xmlToken{}, err
			}
			continue
		}
		tag, err := x.readUntil('>')
		if err != nil {
			if err == io.EOF {
				err = errXML
			}
			return xmlToken{}, err
		}
		tag = tag[:len(tag)-1]
		tok := xmlToken{kind: xmlStart}
		if len(tag) > 0 && tag[0] == '/' {
			tok.kind = xmlEnd
			tag = tag[1:]
		} else if len(tag) > 0 && tag[len(tag)-1] == '/' {
			tok.kind = xmlEmpty
			tag = tag[:len(tag)-1]
		}
		name := tag
		if i := bytes.IndexAny(tag, " \t\r\n"); i >= 0 {
			name, tok.attrs = tag[:i], tag[i:]
		}
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		tok.name = name
		return tok, nil
	}
}

func (x *xmlScanner) readPast(end string) ([]byte, error) {
	var out []byte
	for {
		b, err := x.readUntil(end[len(end)-1])
		out = append(out, b...)
		if err != nil {
			return nil, errXML
		}
		if bytes.HasSuffix(out, []byte(end)) {
			return out[:len(out)-len(end)], nil
		}
	}
}

func (x *xmlScanner) skipPast(end string) error {
	_, err := x.readPast(end)
	return err
}

// text reads the text of the element just started, up to its end tag, and
// returns it unescaped (nested elements are skipped).
func (x *xmlScanner) text(name []byte) (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := x.next()
		if err != nil {
			return "", errXML
		}
		switch tok.kind {
		case xmlText:
			if depth == 0 {
				if tok.cdata {
					b.Write(tok.text)
				} else {
					b.WriteString(xmlUnescape(tok.text))
				}
			}
		case xmlStart:
			depth++
		case xmlEnd:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		}
		_ = name
	}
}

// skip skips to the end of the element just started.
func (x *xmlScanner) skip() error {
	depth := 0
	for {
		tok, err := x.next()
		if err != nil {
			return errXML
		}
		switch tok.kind {
		case xmlStart:
			depth++
		case xmlEnd:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// attr returns the value of the named attribute (as written, with any
// prefix: "r:id") in raw attribute text, unescaped.
func attr(attrs []byte, name string) (string, bool) {
	for i := 0; i < len(attrs); {
		j := bytes.Index(attrs[i:], []byte(name))
		if j < 0 {
			return "", false
		}
		k := i + j
		i = k + len(name)
		// It must be a whole name: preceded by a space, followed by =.
		if k > 0 && !isXMLSpace(attrs[k-1]) {
			continue
		}
		rest := bytes.TrimLeft(attrs[i:], " \t\r\n")
		if len(rest) < 2 || rest[0] != '=' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return "", false
		}
		q := rest[0]
		end := bytes.IndexByte(rest[1:], q)
		if end < 0 {
			return "", false
		}
		return xmlUnescape(rest[1 : 1+end]), true
	}
	return "", false
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// xmlUnescape decodes the five named entities and numeric references.
func xmlUnescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 12 {
			out.WriteByte('&')
			b = b[1:]
			continue
		}
		ent := string(b[1:semi])
		switch ent {
		case "amp":
			out.WriteByte('&')
		case "lt":
			out.WriteByte('<')
		case "gt":
			out.WriteByte('>')
		case "quot":
			out.WriteByte('"')
		case "apos":
			out.WriteByte('\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = errXML
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				out.Write(b[:semi+1])
			} else {
				out.WriteRune(rune(n))
			}
		}
		b = b[semi+1:]
	}
	return out.String()
}

// ooxmlUnescape decodes the _xHHHH_ escapes OOXML uses in strings for
// characters XML cannot hold (_x000D_ is a carriage return).
func ooxmlUnescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 || s[i+6] != '_' {
			b.WriteString(s)
			return b.String()
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(n))
		s = s[i+7:]
	}
}

package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"rolo/contact"
)

// jsonl writes one JSON object per contact per line. The exact form is in
// the package documentation.
type jsonl struct {
	bw       *bufio.Writer
	cols     []string
	consents []string // consent names asked for, in column order
	custom   []string
	buf      []byte
}

func newJSONL(w io.Writer, opt Options) *jsonl {
	j := &jsonl{bw: bufio.NewWriterSize(w, 64<<10)}
	for _, c := range opt.Columns {
		switch {
		case strings.HasPrefix(c, contact.ConsentPrefix):
			if len(j.consents) == 0 {
				j.cols = append(j.cols, "consents")
			}
			j.consents = append(j.consents, c[len(contact.ConsentPrefix):])
		case strings.HasPrefix(c, contact.CustomPrefix):
			if len(j.custom) == 0 {
				j.cols = append(j.cols, "custom")
			}
			j.custom = append(j.custom, c[len(contact.CustomPrefix):])
		default:
			j.cols = append(j.cols, c)
		}
	}
	return j
}

func (j *jsonl) Write(c *contact.Contact) error {
	b := append(j.buf[:0], '{')
	for i, col := range j.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, col)
		b = append(b, ':')
		b = j.appendValue(b, c, col)
	}
	b = append(b, '}', '\n')
	j.buf = b
	_, err := j.bw.Write(b)
	return err
}

func (j *jsonl) appendValue(b []byte, c *contact.Contact, col string) []byte {
	switch col {
	case "id":
		return strconv.AppendUint(b, c.ID, 10)
	case "emails", "phones", "faxes", "groups", "tags":
		b = append(b, '[')
		for i, v := range c.Values(col) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, v)
		}
		return append(b, ']')
	case "addresses":
		return appendAddresses(b, c)
	case "points", "paid_total":
		v := c.Get(col)
		if v == "" {
			return append(b, "null"...)
		}
		return append(b, v...)
	case "consents":
		b = append(b, '{')
		n := 0
		for _, name := range j.consents {
			k, ok := c.Consent(name)
			if !ok {
				continue
			}
			if n++; n > 1 {
				b = append(b, ',')
			}
			b = appendJSONString(b, name)
			b = append(b, `:{"granted":`...)
			b = strconv.AppendBool(b, k.Granted)
			if !k.At.IsZero() {
				b = append(b, `,"at":`...)
				b = appendJSONString(b, k.At.UTC().Format(time.RFC3339))
			}
			if k.Source != "" {
				b = append(b, `,"source":`...)
				b = appendJSONString(b, k.Source)
			}
			b = append(b, '}')
		}
		return append(b, '}')
	case "custom":
		b = append(b, '{')
		n := 0
		for _, name := range j.custom {
			v, ok := c.CustomValue(name)
			if !ok {
				continue
			}
			if n++; n > 1 {
				b = append(b, ',')
			}
			b = appendJSONString(b, name)
			b = append(b, ':')
			b = appendJSONString(b, v)
		}
		return append(b, '}')
	}
	return appendJSONString(b, c.Get(col))
}

func (j *jsonl) Close() error { return j.bw.Flush() }

// appendJSONString writes s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD, and U+2028
// and U+2029 escaped so a line is one record in JavaScript too.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

package importer

// The JSON scanner under the JSON Lines reader: it checks each line as
// encoding/json would (the fuzz test holds them to it) but hands out raw
// member values without decoding them, which is what keeps a million-line
// file quick to read.

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonString decodes a JSON string (with its quotes) already checked by
// the parser. Bytes that are not UTF-8 are kept as they are.
func jsonString(q []byte) string {
	s := q[1 : len(q)-1]
	if bytes.IndexByte(s, '\\') < 0 {
		return string(s)
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch s[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(hex4(s[i+1 : i+5]))
			i += 4
			if utf16.IsSurrogate(r) && i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
				if r2 := utf16.DecodeRune(r, rune(hex4(s[i+3:i+7]))); r2 != utf8.RuneError {
					r = r2
					i += 6
				}
			}
			out = utf8.AppendRune(out, r) // a lone surrogate becomes U+FFFD
		default: // " \ /
			out = append(out, s[i])
		}
	}
	return string(out)
}

func hex4(b []byte) int {
	n := 0
	for _, c := range b {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			n |= int(c-'A') + 10
		}
	}
	return n
}

// errNotObject is a line that is valid JSON but not an object.
var errNotObject = errors.New("not a JSON object")

// jsonParser checks JSON (RFC 8259) and hands out the members of objects
// and the elements of arrays as raw values, without decoding them.
type jsonParser struct {
	b     []byte
	i     int
	depth int
}

func (p *jsonParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) errorf(format string, a ...any) error {
	at := fmt.Sprintf(" at character %d", utf8.RuneCount(p.b[:min(p.i, len(p.b))])+1)
	if p.i >= len(p.b) {
		at = " (the line ends too soon)"
	}
	return fmt.Errorf(format+at, a...)
}

// object checks that the whole of p.b is one object and calls fn (if not
// nil) with each member: its key (quoted, as written), the kind of its
// value (the value's first byte: " { [ t f n, or 0 for a number) and the
// value as written.
func (p *jsonParser) object(fn func(key []byte, kind byte, v []byte) error) error {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] != '{' {
		start := p.i
		kind, err := p.value()
		if err == nil {
			if p.ws(); p.i == len(p.b) {
				what := map[byte]string{'[': "an array", '"': "a string", 't': "true", 'f': "false", 'n': "null", 0: "a number"}[kind]
				return fmt.Errorf("%w: the line is %s", errNotObject, what)
			}
		}
		p.i = start
		return p.errorf("expected a JSON object")
	}
	if err := p.members(fn); err != nil {
		return err
	}
	if p.ws(); p.i != len(p.b) {
		return p.errorf("unexpected text after the object")
	}
	return nil
}

// members reads an object starting at p.i ("{").
func (p *jsonParser) members(fn func(key []byte, kind byte, v []byte) error) error {
	if p.depth++; p.depth > maxJSONDepth {
		return p.errorf("nested too deep")
	}
	defer func() { p.depth-- }()
	p.i++ // {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return nil
	}
	for {
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return p.errorf("expected a key in double quotes")
		}
		ks := p.i
		if err := p.str(); err != nil {
			return err
		}
		key := p.b[ks:p.i]
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return p.errorf("expected ':' after the key %s", key)
		}
		p.i++
		p.ws()
		vs := p.i
		kind, err := p.value()
		if err != nil {
			return err
		}
		if fn != nil {
			if err := fn(key, kind, p.b[vs:p.i]); err != nil {
				return err
			}
		}
		p.ws()
		if p.i >= len(p.b) {
			return p.errorf("expected ',' or '}'")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return p.errorf("expected ',' or '}'")
		}
	}
}

// array checks that p.b is one array and calls fn with each element.
func (p *jsonParser) array(fn func(kind byte, v []byte)) error {
	p.ws()
	if p.i >= len(p.b) || p.b[p.i] != '[' {
		return p.errorf("expected an array")
	}
	return p.elements(fn)
}

func (p *jsonParser) elements(fn func(kind byte, v []byte)) error {
	if p.depth++; p.depth > maxJSONDepth {
		return p.errorf("nested too deep")
	}
	defer func() { p.depth-- }()
	p.i++ // [
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return nil
	}
	for {
		p.ws()
		vs := p.i
		kind, err := p.value()
		if err != nil {
			return err
		}
		if fn != nil {
			fn(kind, p.b[vs:p.i])
		}
		p.ws()
		if p.i >= len(p.b) {
			return p.errorf("expected ',' or ']'")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return nil
		default:
			return p.errorf("expected ',' or ']'")
		}
	}
}

// value reads one value and returns its kind: its first byte (" { [ t f
// n), or 0 for a number.
func (p *jsonParser) value() (kind byte, err error) {
	if p.i >= len(p.b) {
		return 0, p.errorf("expected a value")
	}
	switch c := p.b[p.i]; c {
	case '"':
		return '"', p.str()
	case '{':
		return '{', p.members(nil)
	case '[':
		return '[', p.elements(nil)
	case 't', 'f', 'n':
		lit := "null"
		switch c {
		case 't':
			lit = "true"
		case 'f':
			lit = "false"
		}
		if !bytes.HasPrefix(p.b[p.i:], []byte(lit)) {
			return 0, p.errorf("unknown word")
		}
		p.i += len(lit)
		return c, nil
	default:
		return 0, p.number()
	}
}

// strStop marks the bytes a string's plain run ends at: the closing
// quote, an escape, a control character.
var strStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// str reads a string: no raw control characters, valid escapes.
func (p *jsonParser) str() error {
	p.i++ // "
	for p.i < len(p.b) {
		for p.i < len(p.b) && !strStop[p.b[p.i]] {
			p.i++ // the plain run, a table lookup a byte
		}
		if p.i == len(p.b) {
			break
		}
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return nil
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return p.errorf("unfinished escape")
			}
			switch p.b[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(p.b) {
					return p.errorf("unfinished \\u escape")
				}
				for _, h := range p.b[p.i+2 : p.i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return p.errorf("bad \\u escape")
					}
				}
				p.i += 6
			default:
				return p.errorf("bad escape \\%c", p.b[p.i+1])
			}
		case c < 0x20:
			return p.errorf("a control character inside a string")
		default:
			p.i++
		}
	}
	return p.errorf("a string is not closed")
}

// number reads a number as RFC 8259 writes it.
func (p *jsonParser) number() error {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.b) && p.b[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		p.i = start
		return p.errorf("expected a value")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return p.errorf("expected digits after '.'")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return p.errorf("expected digits in the exponent")
		}
	}
	return nil
}

package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"rolo/contact"
)

// JSON Lines (.jsonl, .ndjson): one JSON object a line, as rolo export
// --format jsonl writes it (see the export package's documentation):
// canonical field names as keys, lists as arrays, "custom" and "consents"
// as objects, plus rolo's own id, created_at, updated_at and source.
//
// A JSONL file becomes a table whose columns are the keys: every top-level
// key, with the members of "custom" and "consents" as custom:<name> and
// consent:<name> columns, in the order they first appear. The whole file
// is scanned for its keys when it is opened (a key first used on the last
// line is a column too), which also finds out whether any line is an
// object at all. Lines are parsed by the normalisers, in parallel: the
// reader only cuts the file into lines. A line that is not valid JSON, or
// is not an object, is a rejected row naming what is wrong; the rest of
// the file is read.
//
// The parser is written here rather than taken from encoding/json because
// a line must be checked and cut into cells without building a map and a
// value per key (a million lines of forty keys), and because a cell keeps
// the bytes as written: text that is not UTF-8 gets the same mojibake
// warning as in a CSV file instead of being silently replaced.

// FormatJSONL is JSON Lines.
const FormatJSONL Format = "jsonl"

// Limits of the JSONL reader.
const (
	maxJSONLine  = 16 << 20 // a line longer than this is not a contact
	maxJSONDepth = 64
)

// jsonListSep joins the elements of an array in one cell: a line break,
// which the e-mail, phone, group and tag columns split at and which no
// group name holds (a comma or a semicolon may be part of one).
const jsonListSep = "\n"

// jsonl is what a JSONL table needs to cut lines into cells: the column of
// each key (read only once the table is open: shared by the normalisers).
type jsonl struct {
	top      map[string]int // top-level key → column
	custom   map[string]int // member of "custom" → column
	consents map[string]int // member of "consents" → column
}

// column returns the column of a key (adding it while scanning).
func (j *jsonl) column(t *Table, m map[string]int, key, name string, add bool) (int, bool) {
	if i, ok := m[key]; ok {
		return i, true
	}
	if !add {
		return 0, false
	}
	for i, c := range t.Columns { // "custom:x" as a top-level key and as a member
		if c == name {
			m[key] = i
			return i, true
		}
	}
	m[key] = len(t.Columns)
	t.Columns = append(t.Columns, name)
	return m[key], true
}

// looksJSONL decides, from the start of a file (truncated: the file goes
// on) and its name, whether it is JSON Lines: a .jsonl, .ndjson or .json
// name with text starting with "{", or any name whose first line is a
// whole JSON object. A .json file holding an array is refused with a word
// on what rolo reads instead.
func looksJSONL(name, text string, truncated bool) (bool, error) {
	t := strings.TrimLeft(text, " \t\r\n\ufeff")
	ext := strings.ToLower(filepath.Ext(name))
	if strings.HasPrefix(t, "[") && ext == ".json" {
		return false, refuse(name, "holds a JSON array; rolo reads JSON Lines (one contact object a line, as rolo export --format jsonl writes)")
	}
	if !strings.HasPrefix(t, "{") {
		return false, nil
	}
	if ext == ".jsonl" || ext == ".ndjson" || ext == ".json" {
		return true, nil
	}
	line, _, full := strings.Cut(t, "\n")
	if !full && truncated {
		return strings.HasPrefix(t, `{"`), nil // a first line longer than the sample
	}
	p := jsonParser{b: []byte(strings.TrimRight(line, "\r"))}
	return p.object(nil) == nil, nil
}

// jsonlMapping maps a JSONL table: canonical keys (and the model's own
// aliases, case aside) fill their field, custom:<name> and consent:<name>
// columns theirs, rolo's own id, created_at, updated_at and source are
// left out (an import never sets them), and any other key is kept as a
// custom field. No header dictionary is consulted: keys are names, not
// labels.
func jsonlMapping(t *Table) Mapping {
	m := Mapping{Columns: make([]Column, len(t.Columns))}
	for i, name := range t.Columns {
		c := Column{Index: i, Name: name, Sure: true, Reason: "key names the field"}
		f, ok := contact.LookupField(name)
		switch {
		case strings.EqualFold(name, "id"):
			c.Field, c.Reason = TargetIgnore, "rolo's own ID: an import never sets it"
		case ok && f.Name == TargetFullName:
			c.Field = TargetFullName
		case ok && f.ReadOnly:
			c.Field, c.Reason = TargetIgnore, "maintained by rolo: an import never sets it"
		case ok:
			c.Field = f.Name
		case strings.TrimSpace(name) == "":
			c.Field, c.Sure, c.Reason = TargetIgnore, false, "a key with no name"
		default:
			c.Field, c.Sure, c.Reason = contact.CustomPrefix+strings.TrimSpace(name), false, "unknown key: kept as a custom field"
		}
		m.Columns[i] = c
	}
	m.resolve()
	return m
}

// jsonlTable scans a JSONL file for its keys and samples its first lines.
func jsonlTable(name, member string, head []byte, size int64, opener func() (io.ReadCloser, error), ro ReadOptions) (*Table, error) {
	t := &Table{Name: name, Member: member, Format: FormatJSONL, Size: size, Header: true, opener: opener,
		json: &jsonl{top: map[string]int{}, custom: map[string]int{}, consents: map[string]int{}}}
	if err := t.textEncoding(member, head, ro); err != nil {
		return nil, err
	}
	rc, err := opener()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	lr := newJSONLReader(t.enc.reader(rc))
	objects, lines := 0, 0
	var firstErr string
	for {
		rec, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", t.Name, err)
		}
		lines++
		p := jsonParser{b: rec.raw}
		err = p.object(func(key []byte, kind byte, v []byte) error { return t.json.scan(t, key, kind, v) })
		switch {
		case err == nil:
			objects++
		case firstErr == "":
			firstErr = fmt.Sprintf("line %d: %v", rec.Line, err)
		}
		if len(t.Sample) < SampleSize {
			t.Sample = append(t.Sample, rec) // cut into cells below, once every column is known
		}
	}
	switch {
	case lines == 0:
		return nil, refuse(t.Name, "has no rows")
	case objects == 0:
		return nil, refuse(t.Name, "is not JSON Lines: no line is a JSON object (%s)", firstErr)
	}
	for i, rec := range t.Sample {
		t.Sample[i] = t.decodeJSONL(rec)
	}
	return t, nil
}

// scan records the columns of one key of a line.
func (j *jsonl) scan(t *Table, key []byte, kind byte, v []byte) error {
	if kind == '{' && (string(key) == `"custom"` || string(key) == `"consents"`) {
		m, prefix := j.custom, contact.CustomPrefix
		if string(key) == `"consents"` {
			m, prefix = j.consents, contact.ConsentPrefix
		}
		p := jsonParser{b: v}
		return p.object(func(sub []byte, _ byte, _ []byte) error {
			if _, ok := lookupKey(m, sub); ok {
				return nil
			}
			name := jsonString(sub)
			if strings.TrimSpace(name) == "" {
				return nil // a field needs a name; the value is left out
			}
			j.column(t, m, name, prefix+name, true)
			return nil
		})
	}
	if _, ok := lookupKey(j.top, key); !ok {
		k := jsonString(key)
		j.column(t, j.top, k, k, true)
	}
	return nil
}

// lookupKey finds a key (quoted, as written) in m without building a
// string for it when it has no escapes.
func lookupKey(m map[string]int, key []byte) (int, bool) {
	inner := key[1 : len(key)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		i, ok := m[string(inner)]
		return i, ok
	}
	i, ok := m[jsonString(key)]
	return i, ok
}

// jsonlReader cuts a stream into lines (records with their raw bytes, for
// the normalisers to parse), skipping blank lines.
type jsonlReader struct {
	br   *bufio.Reader
	line int
	buf  []byte
}

func newJSONLReader(r io.Reader) *jsonlReader {
	return &jsonlReader{br: bufio.NewReaderSize(r, 256<<10)}
}

func (r *jsonlReader) Next() (Record, error) {
	for {
		r.buf = r.buf[:0]
		for {
			chunk, err := r.br.ReadSlice('\n')
			r.buf = append(r.buf, chunk...)
			if len(r.buf) > maxJSONLine {
				return Record{}, fmt.Errorf("line %d is longer than %d MB: this is not a contact file", r.line+1, maxJSONLine>>20)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF && len(r.buf) == 0 {
				return Record{}, io.EOF
			}
			if err != nil && err != io.EOF {
				return Record{}, err
			}
			break
		}
		r.line++
		b := bytes.TrimRight(r.buf, "\r\n")
		if r.line == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		return Record{Line: r.line, raw: bytes.Clone(b)}, nil
	}
}

// decodeJSONL cuts a line read by jsonlReader into the table's cells. A
// line that is not a JSON object comes back with its Problem set and the
// line itself as its only cell past the columns (the rejects file keeps
// it as read).
func (t *Table) decodeJSONL(rec Record) Record {
	if rec.raw == nil {
		return rec
	}
	raw := rec.raw
	rec.raw = nil
	cells := make([]string, len(t.Columns))
	j := t.json
	p := jsonParser{b: raw}
	err := p.object(func(key []byte, kind byte, v []byte) error {
		if kind == '{' && (string(key) == `"custom"` || string(key) == `"consents"`) {
			return j.members(&rec, cells, string(key) == `"consents"`, v)
		}
		if i, ok := lookupKey(j.top, key); ok {
			cells[i] = jsonCell(t.Columns[i], kind, v)
		}
		return nil
	})
	if err != nil {
		rec.Problem = "not valid JSON: " + err.Error()
		if errors.Is(err, errNotObject) {
			rec.Problem = err.Error()
		}
		rec.Cells = append(make([]string, len(t.Columns)), string(raw))
		rec.at, rec.src = nil, nil
		return rec
	}
	rec.Cells = cells
	return rec
}

// members reads a "custom" or "consents" object into its columns. A
// consent is {"granted": true, "at": "…", "source": "…"} as rolo writes
// it, or a bare yes/no value; its time, when given, is kept with the
// record (the writer dates the consent with it).
func (j *jsonl) members(rec *Record, cells []string, consents bool, obj []byte) error {
	m := j.custom
	if consents {
		m = j.consents
	}
	p := jsonParser{b: obj}
	return p.object(func(key []byte, kind byte, v []byte) error {
		i, ok := lookupKey(m, key)
		if !ok {
			return nil
		}
		if !consents || kind != '{' {
			cells[i] = jsonCell("", kind, v)
			return nil
		}
		q := jsonParser{b: v}
		return q.object(func(key []byte, kind byte, v []byte) error {
			switch jsonString(key) {
			case "granted":
				cells[i] = jsonCell("", kind, v)
			case "at":
				if kind != '"' {
					return nil
				}
				if at, err := time.Parse(time.RFC3339, jsonString(v)); err == nil {
					if rec.at == nil {
						rec.at = map[int]time.Time{}
					}
					rec.at[i] = at.UTC()
				}
			case "source":
				if kind == '"' && jsonString(v) != "" {
					if rec.src == nil {
						rec.src = map[int]string{}
					}
					rec.src[i] = jsonString(v)
				}
			}
			return nil
		})
	})
}

// jsonCell is a value as a cell: a string as is, a number as written,
// true/false, "" for null, an array's elements one a line (for e-mails,
// phones, groups and tags; "; " between them elsewhere), and any other
// object as its JSON text.
func jsonCell(key string, kind byte, v []byte) string {
	switch kind {
	case '"':
		return jsonString(v)
	case 'n':
		return ""
	case '[':
		if key == "addresses" {
			if cell, err := jsonAddresses(v); err == nil {
				return cell
			}
			return string(v)
		}
		sep := "; "
		switch key {
		case "emails", "phones", "faxes", "groups", "tags":
			sep = jsonListSep
		}
		var parts []string
		p := jsonParser{b: v}
		err := p.array(func(kind byte, e []byte) {
			if kind == '[' || kind == '{' {
				parts = append(parts, string(e))
			} else if s := jsonCell("", kind, e); s != "" {
				parts = append(parts, s)
			}
		})
		if err != nil {
			return string(v)
		}
		return strings.Join(parts, sep)
	}
	return string(v) // numbers, true, false, objects
}

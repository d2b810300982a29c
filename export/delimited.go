package export

import (
	"bufio"
	"io"
	"strings"

	"rolo/contact"
)

// delimited writes CSV (RFC 4180: comma, CRLF between records, a field
// quoted when it holds the delimiter, a quote, a line break or a leading
// space, quotes doubled) and TXT (the same with a tab: what spreadsheets
// save as "Text (Tab delimited)", and what rolo import reads back). Line
// breaks inside a value are written as they are (encoding/csv would turn
// \n into \r\n with CRLF records, changing the value).
type delimited struct {
	bw     *bufio.Writer
	sep    byte
	cols   []string
	safe   bool
	header bool
}

func newDelimited(w io.Writer, sep byte, opt Options) *delimited {
	bw := bufio.NewWriterSize(w, 64<<10)
	if opt.BOM {
		bw.WriteString("\ufeff")
	}
	return &delimited{bw: bw, sep: sep, cols: opt.Columns, safe: opt.Profile != Raw}
}

func (d *delimited) record(cells func(i int) string) error {
	for i := range d.cols {
		if i > 0 {
			d.bw.WriteByte(d.sep)
		}
		d.field(cells(i))
	}
	_, err := d.bw.WriteString("\r\n")
	return err
}

func (d *delimited) field(v string) {
	if !d.needsQuotes(v) {
		d.bw.WriteString(v)
		return
	}
	d.bw.WriteByte('"')
	for {
		i := strings.IndexByte(v, '"')
		if i < 0 {
			break
		}
		d.bw.WriteString(v[:i+1])
		d.bw.WriteByte('"')
		v = v[i+1:]
	}
	d.bw.WriteString(v)
	d.bw.WriteByte('"')
}

func (d *delimited) needsQuotes(v string) bool {
	if v == "" {
		return false
	}
	if v[0] == ' ' || v[0] == '\t' && d.sep != '\t' {
		return true
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '"', '\n', '\r', d.sep:
			return true
		}
	}
	return false
}

func (d *delimited) Write(c *contact.Contact) error {
	if !d.header {
		if err := d.writeHeader(); err != nil {
			return err
		}
	}
	return d.record(func(i int) string {
		v := c.Get(d.cols[i])
		if d.safe {
			v = Neutralise(v)
		}
		return v
	})
}

func (d *delimited) writeHeader() error {
	d.header = true
	return d.record(func(i int) string { return d.cols[i] })
}

func (d *delimited) Close() error {
	if !d.header {
		if err := d.writeHeader(); err != nil {
			return err
		}
	}
	return d.bw.Flush()
}

package export

import (
	"bufio"
	"encoding/csv"
	"io"

	"rolo/contact"
)

// delimited writes CSV (RFC 4180: comma, CRLF line ends, fields quoted when
// they hold a comma, quote, line break or leading space, quotes doubled)
// and TXT (the same with a tab: what spreadsheets save as "Text (Tab
// delimited)", and what rolo import reads back).
type delimited struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	cols   []string
	row    []string
	safe   bool
	header bool
}

func newDelimited(w io.Writer, sep rune, opt Options) *delimited {
	bw := bufio.NewWriterSize(w, 64<<10)
	if opt.BOM {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	cw.Comma = sep
	cw.UseCRLF = true
	return &delimited{bw: bw, cw: cw, cols: opt.Columns, row: make([]string, len(opt.Columns)), safe: opt.Profile != Raw}
}

func (d *delimited) writeHeader() error {
	d.header = true
	return d.cw.Write(d.cols)
}

func (d *delimited) Write(c *contact.Contact) error {
	if !d.header {
		if err := d.writeHeader(); err != nil {
			return err
		}
	}
	for i, col := range d.cols {
		v := c.Get(col)
		if d.safe {
			v = Neutralise(v)
		}
		d.row[i] = v
	}
	return d.cw.Write(d.row)
}

func (d *delimited) Close() error {
	if !d.header {
		if err := d.writeHeader(); err != nil {
			return err
		}
	}
	d.cw.Flush()
	if err := d.cw.Error(); err != nil {
		return err
	}
	return d.bw.Flush()
}

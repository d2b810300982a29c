package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"rolo/contact"
)

// Format is an export file format.
type Format string

// Formats.
const (
	CSV   Format = "csv"
	XLSX  Format = "xlsx"
	TXT   Format = "txt" // tab-separated
	JSONL Format = "jsonl"
	VCard Format = "vcf"
)

// Formats lists the formats in the order the help names them.
var Formats = []Format{CSV, XLSX, TXT, JSONL, VCard}

// ParseFormat reads a --format value (also "vcard", "tsv", "json").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "xlsx", "excel":
		return XLSX, nil
	case "txt", "tsv", "tab":
		return TXT, nil
	case "jsonl", "json", "ndjson":
		return JSONL, nil
	case "vcf", "vcard":
		return VCard, nil
	}
	return "", fmt.Errorf("unknown format %q (use csv, xlsx, txt, jsonl or vcf)", s)
}

// FormatOf guesses the format from a file name's extension.
func FormatOf(name string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV, true
	case ".xlsx":
		return XLSX, true
	case ".txt", ".tsv", ".tab":
		return TXT, true
	case ".jsonl", ".ndjson", ".json":
		return JSONL, true
	case ".vcf", ".vcard":
		return VCard, true
	}
	return "", false
}

// Binary reports whether the format is not text (it must not go to a
// terminal).
func (f Format) Binary() bool { return f == XLSX }

// Profile says how cells are written for the program that will open them.
type Profile string

// Profiles.
const (
	// Excel (the default) makes a file safe to open in a spreadsheet: see
	// Neutralise.
	Excel Profile = "excel"
	// Raw writes values untouched, for moving data between systems.
	Raw Profile = "raw"
)

// ParseProfile reads a --profile value.
func ParseProfile(s string) (Profile, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "excel":
		return Excel, nil
	case "raw":
		return Raw, nil
	}
	return "", fmt.Errorf("unknown profile %q (use excel or raw)", s)
}

// Options say what an export writes.
type Options struct {
	Format Format
	// Columns are the fields to write, in order, as canonical names
	// (CheckColumns canonicalises what people type). Empty means
	// DefaultColumns of the contacts' custom fields and consents.
	Columns []string
	Profile Profile // default Excel
	BOM     bool    // CSV and TXT: start with a UTF-8 byte-order mark (for Excel)
}

// Writer writes contacts one at a time to an io.Writer.
type Writer interface {
	// Write adds one contact. c may be borrowed (store.ScanBorrowed):
	// nothing of it is kept after Write returns.
	Write(c *contact.Contact) error
	// Close finishes the file (XLSX is assembled here) and flushes; it
	// does not close the io.Writer.
	Close() error
}

// NewWriter returns a Writer of opt.Format over w. opt.Columns must be
// set (see DefaultColumns, CheckColumns).
func NewWriter(w io.Writer, opt Options) (Writer, error) {
	if len(opt.Columns) == 0 {
		return nil, errors.New("export: no columns chosen")
	}
	if opt.Profile == "" {
		opt.Profile = Excel
	}
	switch opt.Format {
	case CSV, "":
		return newDelimited(w, ',', opt), nil
	case TXT:
		return newDelimited(w, '\t', opt), nil
	case XLSX:
		return newXLSX(w, opt)
	case JSONL:
		return newJSONL(w, opt), nil
	case VCard:
		return newVCard(w, opt), nil
	}
	return nil, fmt.Errorf("export: unknown format %q", opt.Format)
}

// CheckColumns resolves typed column names (aliases, any case) to
// canonical ones, and refuses unknown names and repeats.
func CheckColumns(names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		f, ok := contact.LookupField(n)
		if !ok {
			return nil, fmt.Errorf("unknown column %q (use a field such as first_name, emails, points, custom:<name> or consent:<name>)", strings.TrimSpace(n))
		}
		if slices.Contains(out, f.Name) {
			return nil, fmt.Errorf("column %s is named twice", f.Name)
		}
		out = append(out, f.Name)
	}
	if len(out) == 0 {
		return nil, errors.New("no columns named")
	}
	return out, nil
}

// DefaultColumns are what "export everything" writes: every field an
// import can write back (the canonical fields rolo does not maintain
// itself: not id, full_name, created_at, updated_at or source), then each
// custom field and consent, so that exporting and importing the file into
// an empty store gives the same contacts back. JSONL adds the maintained
// fields too (it is the lossless format).
func DefaultColumns(f Format, custom, consents []string) []string {
	var out []string
	if f == JSONL {
		out = append(out, "id")
	}
	for _, fd := range contact.Fields() {
		if fd.ReadOnly {
			continue
		}
		out = append(out, fd.Name)
	}
	for _, n := range custom {
		out = append(out, contact.CustomPrefix+n)
	}
	for _, n := range consents {
		out = append(out, contact.ConsentPrefix+n)
	}
	if f == JSONL {
		out = append(out, "created_at", "updated_at", "source")
	}
	return out
}

// Source yields the contacts to export, for example store.ScanBorrowed, or
// Select over a list of IDs. It stops when fn returns an error.
type Source func(fn func(*contact.Contact) error) error

// Select is a Source of the contacts with the given IDs, in that order,
// read get chunk by chunk (store.GetMany); IDs that no longer exist are
// skipped. It is how the TUI exports a selection.
func Select(ids []uint64, get func([]uint64) ([]*contact.Contact, error)) Source {
	const chunk = 512
	return func(fn func(*contact.Contact) error) error {
		for i := 0; i < len(ids); i += chunk {
			cs, err := get(ids[i:min(i+chunk, len(ids))])
			if err != nil {
				return err
			}
			for _, c := range cs {
				if c == nil {
					continue
				}
				if err := fn(c); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// aborter is a Writer with work running beside it (XLSX compresses on
// another goroutine) that must be stopped when an export ends early.
type aborter interface{ abort() }

// Run writes every contact src yields that keep accepts (nil: all) to w,
// calling progress (if not nil) with the number written so far after each
// contact (throttle it in the callback), and stops with ctx.Err() when ctx
// is cancelled. It returns how many contacts it wrote.
func Run(ctx context.Context, w io.Writer, src Source, keep func(*contact.Contact) bool, opt Options, progress func(done int)) (int, error) {
	ew, err := NewWriter(w, opt)
	if err != nil {
		return 0, err
	}
	n := 0
	err = src(func(c *contact.Contact) error {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if keep != nil && !keep(c) {
			return nil
		}
		if err := ew.Write(c); err != nil {
			return err
		}
		n++
		if progress != nil {
			progress(n)
		}
		return nil
	})
	if err != nil {
		if a, ok := ew.(aborter); ok {
			a.abort()
		}
		return n, err
	}
	if err := ew.Close(); err != nil {
		return n, err
	}
	return n, nil
}

package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Exact round trips: a store exported, the file imported into an empty
// store, and that store exported again give the same file, apart from
// what belongs to the store rather than to the people (id, created_at,
// updated_at, source). The demo store holds the hard cases on purpose:
// households sharing a landline (and one mailbox), namesakes, values a
// spreadsheet would run as a formula.

// roundTripSize is the demo store the exact round trips run on; the
// ROLO_ROUNDTRIP environment variable sets another (100000 by hand).
func roundTripSize(t *testing.T) int {
	if s := os.Getenv("ROLO_ROUNDTRIP"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("ROLO_ROUNDTRIP=%q", s)
		}
		return n
	}
	return 10000
}

// storeOwn are the columns (JSONL keys, vCard properties) that are the
// store's, not the person's.
var storeOwn = []string{"id", "created_at", "updated_at", "source"}

func TestExactRoundTrips(t *testing.T) {
	n := roundTripSize(t)
	src := demoStore(t, n)
	for _, tt := range []struct {
		file    string
		args    []string
		compare func(t *testing.T, a, b string) (rows int, diffs []string)
	}{
		{"excel.csv", nil, delimitedDiff(',')},
		{"raw.csv", []string{"--profile", "raw"}, delimitedDiff(',')},
		{"excel.txt", nil, delimitedDiff('\t')},
		{"raw.txt", []string{"--profile", "raw"}, delimitedDiff('\t')},
		{"all.xlsx", nil, xlsxDiff},
		{"all.vcf", nil, vcardDiff},
		{"all.jsonl", nil, jsonlDiff},
	} {
		t.Run(tt.file, func(t *testing.T) {
			dir := t.TempDir()
			first, second := filepath.Join(dir, "first-"+tt.file), filepath.Join(dir, "second-"+tt.file)
			if code, _, errs := run(t, append([]string{"--db", src, "export", "-o", first}, tt.args...)...); code != ExitOK {
				t.Fatalf("export: %s", errs)
			}
			dst := filepath.Join(dir, "copy.db")
			if code, out, errs := run(t, "--db", dst, "import", first); code != ExitOK {
				t.Fatalf("import: %d %s %s", code, out, errs)
			}
			if code, _, errs := run(t, append([]string{"--db", dst, "export", "-o", second}, tt.args...)...); code != ExitOK {
				t.Fatalf("second export: %s", errs)
			}
			if code, out, _ := run(t, "--db", dst, "count"); strings.TrimSpace(out) != strconv.Itoa(n) || code != ExitOK {
				t.Errorf("%s contacts after the import, want %d", strings.TrimSpace(out), n)
			}
			rows, diffs := tt.compare(t, first, second)
			if rows != n {
				t.Errorf("%d contacts in the export, want %d", rows, n)
			}
			for i, d := range diffs {
				if i == 10 {
					t.Errorf("… %d differences in all", len(diffs))
					break
				}
				t.Error(d)
			}
		})
	}
}

// table compares two tables of cells, header first, leaving out the
// store's own columns.
func tableDiff(a, b [][]string) (int, []string) {
	if len(a) == 0 || len(b) == 0 {
		return 0, []string{"an empty export"}
	}
	keep := func(h []string) []int {
		var idx []int
		for i, c := range h {
			if !slices.Contains(storeOwn, c) {
				idx = append(idx, i)
			}
		}
		return idx
	}
	ka, kb := keep(a[0]), keep(b[0])
	pick := func(row []string, idx []int) []string {
		out := make([]string, len(idx))
		for i, j := range idx {
			if j < len(row) {
				out[i] = row[j]
			}
		}
		return out
	}
	var diffs []string
	ha, hb := pick(a[0], ka), pick(b[0], kb)
	if !slices.Equal(ha, hb) {
		return len(a) - 1, []string{fmt.Sprintf("columns %q became %q", ha, hb)}
	}
	if len(a) != len(b) {
		diffs = append(diffs, fmt.Sprintf("%d rows became %d", len(a)-1, len(b)-1))
	}
	for r := 1; r < min(len(a), len(b)); r++ {
		ra, rb := pick(a[r], ka), pick(b[r], kb)
		for i := range ra {
			if ra[i] != rb[i] {
				diffs = append(diffs, fmt.Sprintf("row %d %s: %q came back as %q", r, ha[i], ra[i], rb[i]))
			}
		}
	}
	return len(a) - 1, diffs
}

func delimitedDiff(sep rune) func(t *testing.T, a, b string) (int, []string) {
	read := func(t *testing.T, path string) [][]string {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.Comma = sep
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return rows
	}
	return func(t *testing.T, a, b string) (int, []string) { return tableDiff(read(t, a), read(t, b)) }
}

func xlsxDiff(t *testing.T, a, b string) (int, []string) {
	read := func(path string) [][]string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	return tableDiff(read(a), read(b))
}

// vcardDiff compares the cards line by line (unfolded), without UID, REV,
// X-ROLO-CREATED and X-ROLO-SOURCE.
func vcardDiff(t *testing.T, a, b string) (int, []string) {
	read := func(path string) []string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(data), "\r\n ", "")
		var out []string
		for _, l := range strings.Split(text, "\r\n") {
			name, _, _ := strings.Cut(l, ":")
			name, _, _ = strings.Cut(name, ";")
			switch name {
			case "UID", "REV", "X-ROLO-CREATED", "X-ROLO-SOURCE":
				continue
			}
			out = append(out, l)
		}
		return out
	}
	la, lb := read(a), read(b)
	cards := 0
	var diffs []string
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x == "BEGIN:VCARD" {
			cards++
		}
		if x != y {
			diffs = append(diffs, fmt.Sprintf("line %d: %q came back as %q", i+1, x, y))
		}
	}
	return cards, diffs
}

// jsonlDiff compares the objects line by line without the store's keys.
func jsonlDiff(t *testing.T, a, b string) (int, []string) {
	read := func(path string) [][]byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]byte
		for _, l := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
			var m map[string]any
			if err := json.Unmarshal(l, &m); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, k := range storeOwn {
				delete(m, k)
			}
			norm, _ := json.Marshal(m) // keys sorted
			out = append(out, norm)
		}
		return out
	}
	la, lb := read(a), read(b)
	var diffs []string
	if len(la) != len(lb) {
		diffs = append(diffs, fmt.Sprintf("%d lines became %d", len(la), len(lb)))
	}
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			diffs = append(diffs, fmt.Sprintf("line %d: %s\ncame back as %s", i+1, la[i], lb[i]))
		}
	}
	return len(la), diffs
}

package storesink

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// writeWideCSV writes the hostile shape of a file of 100,000 columns: a
// header of an e-mail and 99,999 unknown names, and three rows of digits
// (1.3 MB). Every column becomes a custom field.
func writeWideCSV(tb testing.TB, dir string, cols, rows int) string {
	path := filepath.Join(dir, fmt.Sprintf("wide-%d.csv", cols))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("Email")
	for i := 1; i < cols; i++ {
		w.WriteString(",c" + strconv.Itoa(i))
	}
	for r := range rows {
		fmt.Fprintf(w, "\nwide%d@example.com", r)
		for i := 1; i < cols; i++ {
			w.WriteByte(',')
			w.WriteByte(byte('0' + (i*7+r)%10))
		}
	}
	w.WriteString("\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkImportWide imports a file of 100,000 columns into an empty
// store end to end (open, map, normalise, write): the hostile shape must
// import in under 2 s.
func BenchmarkImportWide(b *testing.B) {
	path := writeWideCSV(b, b.TempDir(), 100_000, 3)
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	for b.Loop() {
		if rep := importIntoEmptyStore(b, path); rep.Created != 3 {
			b.Fatalf("%d created, %d rejected", rep.Created, len(rep.Rejected))
		}
	}
}

package cli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDamagedStoreIsOneClearLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, _, errs := run(t, "--db", db, "demo", "--count", "20"); code != ExitOK {
		t.Fatalf("demo: %s", errs)
	}
	if err := os.Truncate(db, 0); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(csv, []byte("email\nx@example.com\n"), 0o600)
	for _, args := range [][]string{{"count"}, {"list"}, {"--read-only", "list"}, {"import", csv}, {"export", "-o", filepath.Join(t.TempDir(), "out.csv")}} {
		code, out, errs := run(t, append([]string{"--db", db}, args...)...)
		want := "rolo: the store file is damaged: " + db + ": the file is empty; restore it from a backup\n"
		if code != ExitError || errs != want || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, code, out, errs, want)
		}
		if st, _ := os.Stat(db); st.Size() != 0 {
			t.Fatalf("%v wrote to the damaged store", args)
		}
	}
}

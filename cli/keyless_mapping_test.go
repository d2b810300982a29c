package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"rolo/importer"
)

// --keyless is saved in a mapping file and replayed from it, as the
// wizard's choice is.
func TestKeylessChoiceTravelsInTheMappingFile(t *testing.T) {
	dir := t.TempDir()
	csv := writeFile(t, "people.csv", "Name,E-mail,City\nAnna Lis,anna@example.org,Gdańsk\nPiotr Lis,,Poznań\n")
	mapping := filepath.Join(dir, "people.mapping.json")
	code, out, errs := run(t, "--db", filepath.Join(dir, "a.db"), "import", csv, "--country", "PL", "--keyless", "keep", "--save-mapping", mapping)
	if code != ExitOK || !strings.Contains(out, "created:    2") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	mf, err := importer.ReadMappingFile(mapping)
	if err != nil || mf.Keyless != "keep" {
		t.Fatalf("mapping file: %+v, %v", mf, err)
	}
	code, out, errs = run(t, "--db", filepath.Join(dir, "b.db"), "import", csv, "--mapping", mapping)
	if code != ExitOK || !strings.Contains(out, "created:    2") {
		t.Errorf("replayed: %d %q %q", code, out, errs)
	}
	// The command line wins over the file.
	code, out, errs = run(t, "--db", filepath.Join(dir, "c.db"), "import", csv, "--mapping", mapping, "--keyless", "reject")
	if code != ExitOK || !strings.Contains(out, "created:    1") || !strings.Contains(out, "rejected:   1") {
		t.Errorf("--keyless reject over the file: %d %q %q", code, out, errs)
	}
}

package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"rolo/contact"
	"rolo/store"
)

// A contact without an e-mail or a phone, once erased, stays out of a
// re-import of the file it came from: a vCard found by its UID, and a
// table row kept with --keyless keep found by the UID derived from its
// exact name, company and address. Neither UID is stored in plain.
func TestErasedKeylessContactsStayOut(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/rolo.db"
	vcf := writeFile(t, "book.vcf", strings.ReplaceAll("BEGIN:VCARD\nVERSION:3.0\nUID:urn:uuid:qvx-keyless-0001\nFN:Zorgwyn Pelt\nN:Pelt;Zorgwyn;;;\n"+
		"ADR;TYPE=HOME:;;Quillstraat 7;Utrecht;;3511 AB;Nederland\nEND:VCARD\n"+
		"BEGIN:VCARD\nVERSION:3.0\nFN:Anna Nowak\nN:Nowak;Anna;;;\nEMAIL:anna@example.org\nEND:VCARD\n", "\n", "\r\n"))
	csv := writeFile(t, "people.csv", "Name,Company,Street,City\nXandrel Oomvik,Brievenbus BV,Kerkweg 12,Gouda\n")
	keep := []string{"--db", db, "import", csv, "--country", "NL", "--keyless", "keep"}
	if code, out, errs := run(t, "--db", db, "import", vcf, "--country", "NL"); code != ExitOK || !strings.Contains(out, "created:    2") {
		t.Fatalf("vCard import: %d %q %q", code, out, errs)
	}
	if code, out, errs := run(t, keep...); code != ExitOK || !strings.Contains(out, "created:    1") {
		t.Fatalf("table import: %d %q %q", code, out, errs)
	}
	for _, where := range []string{"last_name = Pelt", "last_name = Oomvik"} {
		if code, out, errs := run(t, "--db", db, "erase", "--where", where, "--yes"); code != ExitOK || !strings.Contains(out, "erased 1 contact") ||
			!strings.Contains(out, "suppression list: 1 UID added as erased\n") {
			t.Fatalf("erase %s: %d %q %q", where, code, out, errs)
		}
	}
	forms := []string{"Zorgwyn", "Quillstraat", "qvx-keyless-0001", "Xandrel", "Oomvik", "Kerkweg"}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".db") {
			continue
		}
		data, _ := os.ReadFile(dir + "/" + e.Name())
		for _, f := range forms {
			if bytes.Contains(data, []byte(f)) {
				t.Errorf("after the erasure %s still holds %q", e.Name(), f)
			}
		}
	}
	// The same files again: both erased people are suppressed, with the
	// reason the suppression list gives; Anna is unchanged.
	for _, args := range [][]string{{"--db", db, "import", vcf, "--country", "NL"}, keep} {
		report := dir + "/report.json"
		code, out, errs := run(t, append(args, "--report", report)...)
		if code != ExitOK || !strings.Contains(out, "suppressed: 1") || strings.Contains(out, "created:    1") {
			t.Fatalf("re-import %s: %d %q %q", args[3], code, out, errs)
		}
		var rep struct {
			Suppressed []struct {
				Reason string `json:"reason"`
			} `json:"suppressed"`
		}
		data, _ := os.ReadFile(report)
		if err := json.Unmarshal(data, &rep); err != nil || len(rep.Suppressed) != 1 || !strings.HasPrefix(rep.Suppressed[0].Reason, "suppressed: erased on ") {
			t.Errorf("re-import %s report: %v %s", args[3], err, data)
		}
	}
	withStore(t, db, func(s *store.Store) {
		if n, _ := s.Count(); n != 3 {
			t.Errorf("count %d after the re-imports, want 3 (two tombstones and Anna)", n)
		}
		for _, id := range []uint64{1, 3} {
			if c, _ := s.Get(id); c.Status != contact.StatusErased || c.FirstName != "" || c.UID != "" {
				t.Errorf("tombstone %d came back to life: %+v", id, c)
			}
		}
	})
	// Without --keyless keep the row is rejected for want of a key, and
	// its cells stay out of the store's log of the job all the same.
	withEmail := writeFile(t, "with-email.csv", "Name,Company,Street,City,E-mail\nXandrel Oomvik,Brievenbus BV,Kerkweg 12,Gouda,\n")
	if code, out, errs := run(t, "--db", db, "import", withEmail, "--country", "NL"); code != ExitOK || !strings.Contains(out, "rejected:   1") {
		t.Fatalf("default import: %d %q %q", code, out, errs)
	}
	data, _ := os.ReadFile(db)
	if bytes.Contains(data, []byte("Oomvik")) {
		t.Error("the rejected row of an erased person was logged in the store")
	}
}

package storesink

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
	"rolo/importer"
	"rolo/store"
)

// Erasing someone and importing an old file that still holds them must not
// put their data back into the store: not as a contact, and not through the
// import's job log (which keeps rejected rows with their cells, for the
// rejects file of a resumed import, and warnings that quote values).

// The marker is a made-up word found nowhere else, in every form the
// person's data could take in the file.
const (
	pvMarker = "Qxvorlith"
	pvEmail  = "qxvorlith.test@example.org"
)

func pvForms() []string {
	return []string{pvMarker, strings.ToLower(pvMarker), strings.ToUpper(pvMarker),
		"48601987321", "601987321", "601 987 321"}
}

// pvFind lists the marker forms found in any file under dir.
func pvFind(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, f := range pvForms() {
			if bytes.Contains(data, []byte(f)) {
				found = append(found, f+" in "+filepath.Base(path))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// pvFile is the old file: the person as they were (with a date that gets
// a warning quoting it), again with only their phone, in a ragged row and
// in a row with an unbalanced quote, among other people.
func pvFile(t *testing.T) string {
	t.Helper()
	lines := []string{
		"First Name,Last Name,E-mail,Phone,Birth Date,City",
		"Anna,Nowak,anna.nowak@example.pl,602 345 678,1980-01-02,Kraków",
		pvMarker + ",Brannigan-" + pvMarker + "," + pvEmail + ",+48 601 987 321," + pvMarker + "-day," + pvMarker + "ville",
		"Jan,Kowalski,jan.k@example.pl,603 456 789,,Łódź",
		pvMarker + ",Brannigan-" + pvMarker + ",,601 987 321,,", // the same person by phone and name
		pvMarker + ",Ragged," + pvEmail + ",601987321,,,more cells than the header",
		"Ewa,Zielińska,ewa.z@example.pl,604 567 890,,Gdańsk",
		`"` + pvMarker + `,Unbalanced,` + pvEmail + `,601987321,,`,
		"Piotr,Wiśniewski,piotr.w@example.pl,605 678 901,,Poznań",
	}
	path := filepath.Join(t.TempDir(), "old-export.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestErasedPersonLeavesNoTraceThroughAReimport(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(filepath.Join(dir, "rolo.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	// Other people around the marker, so its pages are shared.
	g := demo.New(3, 0, now)
	err = s.Update(func(tx *store.Tx) error {
		for range 300 {
			if _, err := tx.Create(g.Next()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := pvFile(t)
	opt := importer.Options{Country: "PL"}
	rep := mustImport(t, s, path, opt)
	if rep.Created != 5 || rep.Merged != 1 || len(rep.Rejected) != 2 {
		t.Fatalf("first import: %d created, rejected %+v", rep.Created, rep.Rejected)
	}
	person := find(t, s, contact.KeyEmail, pvEmail)
	s.Close()
	if len(pvFind(t, dir)) == 0 {
		t.Fatal("the marker is not in the store before the erasure: the test proves nothing")
	}
	if s, err = store.Open(filepath.Join(dir, "rolo.db"), store.Options{Now: func() time.Time { return now }}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Erase(context.Background(), []uint64{person.ID}, store.EraseOptions{Source: "test"})
	if err != nil || res.Erased != 1 || res.ScrubPostponed {
		t.Fatalf("erase: %+v %v", res, err)
	}
	s.Close()
	if found := pvFind(t, dir); len(found) > 0 {
		t.Fatalf("the erasure left %v", found)
	}

	// The old file, imported again in every way that meets the person.
	for _, tt := range []struct {
		name string
		opt  importer.Options
		// suppressed rows, and rejected ones (the ragged and unbalanced
		// rows, plus the person's rows an update finds no contact for)
		suppressed, rejected int
	}{
		{"default", importer.Options{}, 2, 2},
		{"dry run", importer.Options{DryRun: true}, 2, 2},
		{"include suppressed, update only", importer.Options{Suppressed: importer.SuppressInclude, Mode: importer.ModeUpdate}, 0, 4},
		{"block list (last: it puts everyone else on the list)", importer.Options{UnsubscribeAll: true}, 2, 2},
	} {
		if s, err = store.Open(filepath.Join(dir, "rolo.db"), store.Options{Now: func() time.Time { return now }}); err != nil {
			t.Fatal(err)
		}
		tt.opt.Country = "PL"
		rep := mustImport(t, s, path, tt.opt)
		if len(rep.Suppressed) != tt.suppressed || len(rep.Rejected) != tt.rejected {
			t.Errorf("%s: suppressed %+v, rejected %+v", tt.name, rep.Suppressed, rep.Rejected)
		}
		for _, r := range rep.Suppressed {
			if !strings.HasPrefix(r.Reason, "suppressed: erased on ") {
				t.Errorf("%s: row %d: %s", tt.name, r.Row, r.Reason)
			}
		}
		// The files the user asked for keep the rows as they were.
		var rejects bytes.Buffer
		if err := rep.WriteRejects(&rejects); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rejects.String(), pvMarker+",Ragged,"+pvEmail) {
			t.Errorf("%s: the rejects file lost the ragged row:\n%s", tt.name, rejects.String())
		}
		if ids, _ := s.Find(contact.KeyEmail, pvEmail); len(ids) != 0 {
			t.Errorf("%s: the erased person is back: %v", tt.name, ids)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if found := pvFind(t, dir); len(found) > 0 {
			t.Errorf("%s: the store holds the erased person again: %v", tt.name, found)
		}
	}

	// The job's own report, rebuilt from the store, still accounts for
	// every row of the person (where and why, nothing of what).
	if s, err = store.Open(filepath.Join(dir, "rolo.db"), store.Options{ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	j := jobs[1] // the first import after the erasure
	var logs [][]byte
	if err := s.JobLogs(j.ID, func(b []byte) error { logs = append(logs, bytes.Clone(b)); return nil }); err != nil {
		t.Fatal(err)
	}
	jr, _, err := importer.JobReport(j.File, j.Options, logs)
	if err != nil {
		t.Fatal(err)
	}
	if len(jr.Suppressed) != 2 || jr.Suppressed[0].Row != 2 || jr.Suppressed[1].Row != 4 || len(jr.Rejected) != 2 {
		t.Errorf("the job's report: suppressed %+v, rejected %+v", jr.Suppressed, jr.Rejected)
	}
	for _, r := range jr.Rejected {
		if len(r.Cells()) != 0 {
			t.Errorf("row %d kept cells %q", r.Row, r.Cells())
		}
	}
}

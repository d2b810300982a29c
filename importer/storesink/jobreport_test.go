package storesink

import (
	"bytes"
	"slices"
	"testing"

	"rolo/importer"
)

// A past job's report, rebuilt from what the store keeps, has the rejected
// rows with their cells and columns and writes the same rejects file as
// the report the import returned.
func TestJobReportRebuildsAPastImport(t *testing.T) {
	s, _ := openStore(t)
	path := csvFile(t, "E-mail;Imię;Telefon", "a@x.pl;Ann;601 234 567", "bad;Bob;12", "c@x.pl;Cyd;;more cells than the header", "d@x.pl;Dan;+48 601 000 111")
	rep := mustImport(t, s, path, importer.Options{Country: "PL", BatchSize: 2})
	if len(rep.Rejected) != 2 || len(rep.Warnings) == 0 {
		t.Fatalf("import: %d rejected, %d warnings", len(rep.Rejected), len(rep.Warnings))
	}
	j, err := s.Job(rep.Job)
	if err != nil {
		t.Fatal(err)
	}
	var logs [][]byte
	if err := s.JobLogs(j.ID, func(b []byte) error { logs = append(logs, bytes.Clone(b)); return nil }); err != nil {
		t.Fatal(err)
	}
	got, opt, err := importer.JobReport(j.File, j.Options, logs)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Country != "PL" || len(opt.Mappings) != 1 || got.Tables() != 1 {
		t.Errorf("options %+v, %d tables", opt, got.Tables())
	}
	if len(got.Rejected) != len(rep.Rejected) || len(got.Warnings) != len(rep.Warnings) {
		t.Fatalf("rebuilt: %d rejected, %d warnings; want %d, %d", len(got.Rejected), len(got.Warnings), len(rep.Rejected), len(rep.Warnings))
	}
	for i, r := range got.Rejected {
		want := rep.Rejected[i]
		if r.Row != want.Row || r.Line != want.Line || r.Reason != want.Reason || !slices.Equal(r.Cells(), want.Cells()) || r.Table() != 0 {
			t.Errorf("rejected %d: %+v %q, want %+v %q", i, r, r.Cells(), want, want.Cells())
		}
		if cols := got.Columns(r); !slices.Equal(cols, []string{"E-mail", "Imię", "Telefon"}) {
			t.Errorf("columns of rejected %d: %q", i, cols)
		}
	}
	var a, b bytes.Buffer
	if err := rep.WriteRejects(&a); err != nil {
		t.Fatal(err)
	}
	// The job recorded no delimiter (it was detected): the rebuilt
	// rejects file is comma-separated, with the same rows.
	got.Delimiter = ""
	if err := got.WriteRejects(&b); err != nil {
		t.Fatal(err)
	}
	want := bytes.ReplaceAll(a.Bytes(), []byte(";"), []byte(","))
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("rejects file:\n%s\nwant\n%s", b.Bytes(), want)
	}

	// A report whose options name no columns (a job without a mapping)
	// still reads its logs.
	bare, _, err := importer.JobReport("x.csv", nil, logs)
	if err != nil || len(bare.Rejected) != 2 || bare.Columns(bare.Rejected[0]) != nil {
		t.Errorf("bare report: %+v %v", bare, err)
	}
	if _, _, err := importer.JobReport("x.csv", []byte("{"), nil); err == nil {
		t.Error("broken options were read")
	}
}

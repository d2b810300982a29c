package ui

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/cli"
	"rolo/importer"
	"rolo/store"
)

func TestJobsListOpensResultsAndUndoes(t *testing.T) {
	st := testStore(t, 20)
	path := writeCP1250(t, t.TempDir(), "kontakty.csv", polishCSV)
	m := newTestModel(t, st, 120, 30)
	importPolish(t, m, path)
	press(t, m, "esc") // the results close
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("esc on the results shows %T", m.active())
	}
	press(t, m, "I")
	l, ok := m.active().(*jobsList)
	if !ok {
		t.Fatalf("I on the table shows %T", m.active())
	}
	mustContain(t, screenText(m), "Imports", "Job", "kontakty.csv", "done", "2026-11-02 14:03", path)

	// enter: the results, rebuilt from what the job recorded.
	press(t, m, "enter")
	w := wizardOf(t, m)
	if w.step != wzResults || len(w.res.rep.Rejected) != 2 || w.res.rep.Created != 3 {
		t.Fatalf("results of job 1: step %d, %+v", w.step, w.res.rep)
	}
	mustContain(t, screenText(m), "Import job 1: kontakty.csv", "created 3", "[Rejected 2]", "Łucja · Gołąb")
	// Its rejects file can be saved and its rows fixed there too.
	if !w.keys.SaveRejects.Enabled() || !w.keys.Fix.Enabled() {
		t.Error("a past job's results offer no rejects file or fixes")
	}
	press(t, m, "esc")
	if m.active() != screen(l) {
		t.Fatalf("esc on a job's results shows %T", m.active())
	}

	// u asks, y undoes (as a job); the list follows.
	press(t, m, "u")
	mustContain(t, screenText(m), "Undo import job 1 (kontakty.csv): remove the 3 contacts it created")
	press(t, m, "y")
	if n, _ := st.Count(); n != 20 {
		t.Fatalf("%d contacts after the undo", n)
	}
	mustContain(t, screenText(m), "undone", "undid import job 1: 3 removed, 0 restored")
	if l.keys.Undo.Enabled() {
		t.Error("u is offered on an undone job")
	}
	press(t, m, "n")
	if w := wizardOf(t, m); w.step != wzFile {
		t.Fatalf("n in the jobs list opens step %d", w.step)
	}
}

func TestJobsListEmpty(t *testing.T) {
	m := newTestModel(t, testStore(t, 5), 80, 24)
	press(t, m, "I")
	mustContain(t, screenText(m), "No imports yet.")
	press(t, m, "q")
	if _, ok := m.active().(*tableModel); !ok {
		t.Fatalf("q in the jobs list shows %T", m.active())
	}
}

// The mapping chosen for a header set maps the next file with the same
// columns by itself.
func TestWizardRemembersTheMappingPerHeaderSet(t *testing.T) {
	st := testStore(t, 5)
	dir := t.TempDir()
	m := newTestModel(t, st, 120, 30)
	importPolish(t, m, writeCP1250(t, dir, "week1.csv", polishCSV))
	press(t, m, "esc")
	week2 := append([]string{polishCSV[0], "Ewa;Lis;ewa.lis@example.pl;605 000 111;Opole;1;1;nowa"}, polishCSV[2:]...)
	w := toMapping(t, m, writeCP1250(t, dir, "week2.csv", week2))
	if c := mappedColumn(t, w, "Uwagi"); c.Field != "custom:uwagi" || !strings.HasPrefix(c.Reason, "remembered") {
		t.Fatalf("Uwagi next week: %+v", c)
	}
	mustContain(t, screenText(m), "remembered from the last import of these columns")
}

// The mapping file the wizard saves is what `rolo import --mapping`
// replays: the same columns, read the same way, with the same options.
func TestWizardMappingFileReplaysHeadless(t *testing.T) {
	dir := t.TempDir()
	path := writeCP1250(t, dir, "kontakty.csv", polishCSV)
	m := newTestModel(t, testStore(t, 5), 120, 30)
	w := toMapping(t, m, path)
	press(t, m, "j", "j", "j", "j", "i")                                // Miasto: ignore
	press(t, m, "j", "j", "j", "enter", "custom:uwagi", "enter", "tab") // Uwagi: a custom field
	press(t, m, "l", "j", "j", "j", "j", "enter", "ctrl+u", "PL", "enter", "j", "enter", "Weekly", "enter")
	press(t, m, "s")
	mf := filepath.Join(dir, "kontakty.mapping.json")
	if w.input.Value() != mf {
		t.Fatalf("the mapping file is offered as %q", w.input.Value())
	}
	press(t, m, "enter")
	got, err := importer.ReadMappingFile(mf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Columns["Miasto"] != "ignore" || got.Columns["Uwagi"] != "custom:uwagi" || got.Columns["Imię"] != "first_name" ||
		got.Encoding != "windows-1250" || got.Delimiter != ";" || got.Header == nil || !*got.Header ||
		got.Country != "PL" || got.Key != "email" || got.Mode != "upsert" || strings.Join(got.Groups, ",") != "Weekly" {
		t.Fatalf("mapping file: %+v", got)
	}

	// Headless, on a new store.
	db := filepath.Join(dir, "headless.db")
	var out bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" },
		Now: fixedNow, IsTerminal: func(any) bool { return false }}
	if code := cli.Main(env, []string{"--db", db, "import", path, "--mapping", mf}); code != 0 {
		t.Fatalf("rolo import --mapping: exit %d\n%s", code, out.String())
	}
	st, err := store.Open(db, store.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	z := byEmail(t, st, "zofia.wisniewska@example.pl")
	if v, _ := z.CustomValue("uwagi"); v != "stała klientka" || z.Address.City != "" || strings.Join(z.Groups, ",") != "Weekly" ||
		z.Phones[0].Number != "+48601234567" {
		t.Errorf("Zofia imported headless with the wizard's mapping: %+v", z)
	}
	if n, _ := st.Count(); n != 3 {
		t.Errorf("%d contacts imported headless", n)
	}
}

// x cancels: the engine stops after the batch it is writing, the store
// keeps whole batches and the report says cancelled.
func TestImportJobCancels(t *testing.T) {
	st := testStore(t, 0)
	cols := []string{"E-mail", "Imię"}
	var rows [][]string
	for i := range 30000 {
		rows = append(rows, []string{fmt.Sprintf("p%d@example.pl", i), "Ola"})
	}
	src := importer.NewSource("many.csv", cols, rows)
	stop, cancel := context.WithCancel(context.Background())
	ch := make(chan importer.Progress, 1)
	opt := importer.Options{BatchSize: 500, Now: fixedNow}
	work := importJob(st, src, opt, stop, ch, importDoneMsg{file: "many.csv"})
	done := make(chan tea.Msg, 1)
	go func() {
		msg, _ := work(context.Background(), func(int, int) {})
		done <- msg
	}()
	<-ch // the first progress: the run is under way
	cancel()
	for range ch {
	}
	msg := (<-done).(importDoneMsg)
	if msg.rep == nil || msg.rep.Status != "cancelled" || msg.rep.Rows >= len(rows) || msg.rep.Rows%500 != 0 {
		t.Fatalf("cancelled import: %+v, %v", msg.rep, msg.err)
	}
	if n, _ := st.Count(); n != msg.rep.Created {
		t.Errorf("the store has %d contacts, the report says %d created", n, msg.rep.Created)
	}
}

// r in the jobs list goes on with a cancelled import from its last batch;
// the results cover the whole file.
func TestJobsListResumesACancelledImport(t *testing.T) {
	st := testStore(t, 0)
	path := writeDemoCSV(t, t.TempDir(), 12_000)
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	stop, cancel := context.WithCancel(context.Background())
	ch := make(chan importer.Progress, 1)
	opt := importer.Options{Country: "PL", BatchSize: 1000, Now: fixedNow, Mappings: []importer.Mapping{importer.AutoMap(src.Tables[0])}}
	done := make(chan tea.Msg, 1)
	go func() {
		msg, _ := importJob(st, src, opt, stop, ch, importDoneMsg{})(context.Background(), func(int, int) {})
		done <- msg
	}()
	<-ch
	cancel()
	for range ch {
	}
	first := (<-done).(importDoneMsg).rep
	if first.Status != "cancelled" || first.Rows >= 12_000 {
		t.Fatalf("the first run: %s after %d rows", first.Status, first.Rows)
	}

	m := newTestModel(t, st, 120, 30)
	press(t, m, "I")
	l := m.active().(*jobsList)
	if !l.keys.Resume.Enabled() {
		t.Fatalf("r is not offered on a cancelled job:\n%s", screenText(m))
	}
	press(t, m, "r")
	w := wizardOf(t, m)
	if w.step != wzResults || w.res.rep.Status != "done" || w.res.rep.Rows != 12_000 || w.res.rep.ResumedAfter != first.Rows {
		t.Fatalf("resumed: step %d, %+v", w.step, w.res.rep)
	}
	j, err := st.Job(first.Job)
	if err != nil || j.Status != "done" || j.Counts.Rows != 12_000 {
		t.Fatalf("the job after the resume: %+v %v", j, err)
	}
	press(t, m, "esc")
	if l.keys.Resume.Enabled() {
		t.Error("r is still offered on a finished job")
	}
}

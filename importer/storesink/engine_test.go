package storesink

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/contact"
	"rolo/importer"
	"rolo/store"
)

// The engine end to end, on real stores: these are the importer's
// behaviour tests that need a store to say what happened.

var now = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func openStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rolo.db")
	s, err := store.Open(path, store.Options{Now: func() time.Time { return now }, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func csvFile(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, sink importer.Sink, path string, opt importer.Options) (*importer.Report, error) {
	t.Helper()
	return runCtx(t, context.Background(), sink, path, opt)
}

func runCtx(t *testing.T, ctx context.Context, sink importer.Sink, path string, opt importer.Options) (*importer.Report, error) {
	t.Helper()
	src, err := importer.Open(path, opt.Read)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if opt.Now == nil {
		opt.Now = func() time.Time { return now }
	}
	r, err := importer.Start(ctx, src, opt, sink)
	if err != nil {
		return nil, err
	}
	final := 0
	for ev := range r.Progress() {
		if ev.Final {
			final++
		}
	}
	if final != 1 {
		t.Errorf("%d final progress events", final)
	}
	return r.Wait()
}

func mustImport(t *testing.T, s *store.Store, path string, opt importer.Options) *importer.Report {
	t.Helper()
	rep, err := run(t, New(s, false), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func find(t *testing.T, s *store.Store, k contact.Key, v string) *contact.Contact {
	t.Helper()
	ids, err := s.Find(k, v)
	if err != nil || len(ids) != 1 {
		t.Fatalf("Find(%s, %s) = %v, %v", k, v, ids, err)
	}
	c, err := s.Get(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func verify(t *testing.T, s *store.Store) {
	t.Helper()
	if p, err := s.Verify(); err != nil || len(p) > 0 {
		t.Fatalf("store: %v %v", p, err)
	}
}

type counts struct{ rows, created, updated, unchanged, merged, rejected, suppressed int }

func countsOf(r *importer.Report) counts {
	return counts{r.Rows, r.Created, r.Updated, r.Unchanged, r.Merged, len(r.Rejected), len(r.Suppressed)}
}

func TestCreateUpdateAndMergeRowsOfOnePerson(t *testing.T) {
	s, _ := openStore(t)
	path := csvFile(t,
		"E-mail;Imię;Nazwisko;Telefon;Miasto;Grupa",
		"JAN@example.pl;Jan;Kowalski;601 234 567;;Klienci",
		"anna@example.pl;Anna;Nowak;602 345 678;Kraków;",
		"jan@example.pl;;;+48 603 456 789;Łódź;VIP",
		";Piotr;Telefoniczny;604 567 890;;",
	)
	rep := mustImport(t, s, path, importer.Options{Country: "PL", Groups: []string{"Import 2026"}, Tags: []string{"csv"}})
	if got := countsOf(rep); got != (counts{rows: 4, created: 3, merged: 1}) {
		t.Errorf("first import: %+v", got)
	}
	jan := find(t, s, contact.KeyEmail, "jan@example.pl")
	if jan.FirstName != "Jan" || jan.Address.City != "Łódź" || len(jan.Phones) != 2 || jan.Phones[1].Number != "+48603456789" {
		t.Errorf("merged contact: %+v", jan)
	}
	if !slices.Equal(jan.Groups, []string{"Klienci", "Import 2026", "VIP"}) || !slices.Equal(jan.Tags, []string{"csv"}) || jan.Source != "import:1" {
		t.Errorf("groups %v tags %v source %q", jan.Groups, jan.Tags, jan.Source)
	}
	piotr := find(t, s, contact.KeyPhone, "+48604567890")
	if piotr.PrimaryEmail() != "" || piotr.Phones[0].Raw != "604 567 890" || piotr.Phones[0].Origin != contact.OriginDefault || piotr.Phones[0].Region != "PL" {
		t.Errorf("phone-only contact: %+v", piotr)
	}
	// The same file again changes nothing.
	rep = mustImport(t, s, path, importer.Options{Country: "PL", Groups: []string{"Import 2026"}, Tags: []string{"csv"}})
	if got := countsOf(rep); got != (counts{rows: 4, unchanged: 3, merged: 1}) {
		t.Errorf("second import: %+v", got)
	}
	// A changed row updates, and the history says by which job.
	path2 := csvFile(t, "E-mail;Firma", "anna@example.pl;Nowak sp. z o.o.")
	rep = mustImport(t, s, path2, importer.Options{})
	if got := countsOf(rep); got != (counts{rows: 1, updated: 1}) {
		t.Errorf("update: %+v", got)
	}
	anna := find(t, s, contact.KeyEmail, "anna@example.pl")
	hist, _ := s.History(anna.ID)
	if anna.Company != "Nowak sp. z o.o." || anna.Address.City != "Kraków" || len(hist) != 1 || hist[0].Source != "import:3" {
		t.Errorf("updated %+v, history %+v", anna, hist)
	}
	verify(t, s)
}

func TestOneRowPerChannelMergesPerPerson(t *testing.T) {
	s, _ := openStore(t)
	path := csvFile(t,
		"CODCLIENTE;NOME_CLIENTE;CPFCNPJ;TIPO;VALOR",
		"000123;João da Silva;123.456.789-09;TELEFONE;(11) 98765-4321",
		"000123;João da Silva;12345678909;EMAIL;joao@example.com.br",
		"000123;João da Silva;123 456 789 09;CELULAR;11 3456-7890",
		"000456;Maria Souza;;EMAIL;maria@example.com.br",
		"000456;Maria Souza;;TELEFONE;(21) 99876-5432",
		"000789;Sem Contato;;FAX;",
	)
	rep := mustImport(t, s, path, importer.Options{Country: "BR"})
	// A channel row without a value is rejected; the person's other rows
	// import.
	if got := countsOf(rep); got != (counts{rows: 6, created: 2, merged: 3, rejected: 1}) ||
		rep.Rejected[0].Reason != "TIPO FAX with an empty VALOR" {
		t.Errorf("counts %+v, rejected %+v", got, rep.Rejected)
	}
	joao := find(t, s, contact.KeyTaxID, "12345678909")
	if joao.FirstName != "João" || joao.LastName != "da Silva" || joao.CRMID != "000123" || joao.PrimaryEmail() != "joao@example.com.br" || len(joao.Phones) != 2 {
		t.Errorf("João: %+v", joao)
	}
	maria := find(t, s, contact.KeyCRMID, "000456")
	if maria.PrimaryEmail() != "maria@example.com.br" || maria.PrimaryPhone() != "+5521998765432" {
		t.Errorf("Maria: %+v", maria)
	}
	verify(t, s)
}

func TestKeysModesAndAmbiguity(t *testing.T) {
	s, _ := openStore(t)
	a, _ := s.Create(&contact.Contact{FirstName: "A", Emails: []string{"a@x.pl"}, CRMID: "C1", Phones: []contact.Phone{{Number: "+48221234567"}}})
	b, _ := s.Create(&contact.Contact{FirstName: "B", Emails: []string{"b@x.pl"}, CRMID: "C2", Phones: []contact.Phone{{Number: "+48221234567"}}})
	path := csvFile(t,
		"Telefon;Imię;E-mail;CRM ID",
		"22 123 45 67;Shared;;",       // a household phone: ambiguous
		"601 000 001;New;;C9",         // nobody has it
		"601 000 002;Taken;a@x.pl;C3", // its e-mail belongs to contact a
	)
	rep := mustImport(t, s, path, importer.Options{Country: "PL", Key: importer.KeyList{contact.KeyPhone}})
	if got := countsOf(rep); got != (counts{rows: 3, created: 1, rejected: 2}) {
		t.Errorf("key phone: %+v", got)
	}
	want := []string{
		fmt.Sprintf("ambiguous: phone +48221234567 belongs to contacts %d and %d", a, b),
		fmt.Sprintf("e-mail a@x.pl already belongs to contact %d", a),
	}
	for i, w := range want {
		if rep.Rejected[i].Reason != w {
			t.Errorf("rejected %d: %q, want %q", i, rep.Rejected[i].Reason, w)
		}
	}
	// By CRM ID, update only: the unknown one is rejected, C1 updated.
	path = csvFile(t, "CRM ID;Imię", "C1;Alicja", "C7;Nobody")
	rep = mustImport(t, s, path, importer.Options{Key: importer.KeyList{contact.KeyCRMID}, Mode: importer.ModeUpdate})
	if got := countsOf(rep); got != (counts{rows: 2, updated: 1, rejected: 1}) || !strings.Contains(rep.Rejected[0].Reason, "--mode update") {
		t.Errorf("update mode: %+v %+v", got, rep.Rejected)
	}
	// Create only: existing contacts are left alone.
	path = csvFile(t, "E-mail;Imię", "b@x.pl;Changed", "c@x.pl;Cecylia")
	rep = mustImport(t, s, path, importer.Options{Mode: importer.ModeCreate})
	if got := countsOf(rep); got != (counts{rows: 2, created: 1, unchanged: 1}) {
		t.Errorf("create mode: %+v", got)
	}
	if c, _ := s.Get(a); c.FirstName != "Alicja" {
		t.Errorf("a = %+v", c)
	}
	if c, _ := s.Get(b); c.FirstName != "B" {
		t.Errorf("b was changed in create mode: %+v", c)
	}
	// Two e-mails of a row belonging to two contacts: ambiguous.
	path = csvFile(t, "E-mail", `"a@x.pl; b@x.pl"`)
	rep = mustImport(t, s, path, importer.Options{})
	if len(rep.Rejected) != 1 || !strings.HasPrefix(rep.Rejected[0].Reason, "ambiguous: e-mail a@x.pl belongs to contact") {
		t.Errorf("two contacts: %+v", rep.Rejected)
	}
	verify(t, s)
}

func TestEmptyCellsKeepOrClear(t *testing.T) {
	s, _ := openStore(t)
	id, _ := s.Create(&contact.Contact{Emails: []string{"a@x.pl", "old@x.pl"}, Company: "Acme", Address: contact.Address{City: "Łódź"},
		Custom: []contact.Custom{{Name: "Kolor", Value: "zielony"}}, Consents: []contact.Consent{{Name: "sms", Granted: true, At: now.Add(-time.Hour), Source: "card"}}})
	path := csvFile(t, "E-mail;Firma;Miasto;custom:Kolor;Zgoda SMS", "a@x.pl;;Kraków;;")
	rep := mustImport(t, s, path, importer.Options{})
	c, _ := s.Get(id)
	if rep.Updated != 1 || c.Company != "Acme" || c.Address.City != "Kraków" || len(c.Emails) != 2 || len(c.Custom) != 1 {
		t.Errorf("keep: %+v", c)
	}
	rep = mustImport(t, s, path, importer.Options{ClearEmpty: true})
	c, _ = s.Get(id)
	if rep.Updated != 1 || c.Company != "" || c.Address.City != "Kraków" || !slices.Equal(c.Emails, []string{"a@x.pl"}) || len(c.Custom) != 0 {
		t.Errorf("clear: %+v", c)
	}
	if k, _ := c.Consent("sms"); !k.Granted || k.Source != "card" {
		t.Errorf("an empty consent cell changed the consent: %+v", k)
	}
}

func TestConsentsAndTheSuppressionList(t *testing.T) {
	s, _ := openStore(t)
	id, _ := s.Create(&contact.Contact{Emails: []string{"kept@x.pl"}, Consents: []contact.Consent{{Name: "email", Granted: true, At: now.Add(-time.Hour), Source: "card"}}})
	if _, err := s.Suppress(store.SuppressEmail, "gone@x.pl", store.Suppression{Reason: "unsubscribed", At: now.Add(-24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	path := csvFile(t,
		"E-mail;Zgoda e-mail;Zgoda SMS",
		"kept@x.pl;1;0",
		"gone@x.pl;1;1",
		"new@x.pl;1;",
	)
	rep := mustImport(t, s, path, importer.Options{})
	if got := countsOf(rep); got != (counts{rows: 3, updated: 1, created: 1, suppressed: 1}) {
		t.Errorf("default: %+v", got)
	}
	if r := rep.Suppressed[0]; r.Row != 2 || r.Reason != "suppressed: unsubscribed on 2026-11-01" {
		t.Errorf("suppressed row: %+v", r)
	}
	kept, _ := s.Get(id)
	if k, _ := kept.Consent("email"); !k.Granted || k.Source != "card" {
		t.Errorf("a consent granted again was rewritten: %+v", k)
	}
	if k, ok := kept.Consent("sms"); !ok || k.Granted || k.Source != "import:1" || !k.At.Equal(now) {
		t.Errorf("sms withdrawn: %+v", k)
	}
	if newc := find(t, s, contact.KeyEmail, "new@x.pl"); newc.Status != contact.StatusSubscriber {
		t.Errorf("a new contact with a granted consent is %s", newc.Status)
	}
	if !slices.Equal(rep.NewConsents, []string{"sms"}) {
		t.Errorf("new consents %v", rep.NewConsents)
	}
	// Included, the suppressed person comes in without consents.
	rep = mustImport(t, s, path, importer.Options{Suppressed: importer.SuppressInclude})
	gone := find(t, s, contact.KeyEmail, "gone@x.pl")
	if len(gone.Consents) != 0 || rep.Created != 1 {
		t.Errorf("included: %+v", gone)
	}
	blocked := 0
	for _, w := range rep.Warnings {
		if w.Row == 2 && strings.Contains(w.Message, "on the suppression list") {
			blocked++
		}
	}
	if blocked != 2 {
		t.Errorf("warnings for consents not granted: %+v", rep.Warnings)
	}
	// --resubscribe grants them and takes the person off the list.
	mustImport(t, s, path, importer.Options{Suppressed: importer.SuppressResubscribe})
	gone = find(t, s, contact.KeyEmail, "gone@x.pl")
	if k, _ := gone.Consent("email"); !k.Granted {
		t.Errorf("resubscribed: %+v", gone)
	}
	if _, ok, _ := s.Suppressed(store.SuppressEmail, "gone@x.pl"); ok {
		t.Error("still suppressed after --resubscribe")
	}
	// A block list: everyone unsubscribed and suppressed; undo lifts it.
	block := csvFile(t, "E-mail", "kept@x.pl", "spam@x.pl")
	rep = mustImport(t, s, block, importer.Options{UnsubscribeAll: true})
	kept, _ = s.Get(id)
	if kept.Status != contact.StatusUnsubscribed || slices.ContainsFunc(kept.Consents, func(k contact.Consent) bool { return k.Granted }) {
		t.Errorf("unsubscribe-all: %+v", kept)
	}
	for _, e := range []string{"kept@x.pl", "spam@x.pl"} {
		if _, ok, _ := s.Suppressed(store.SuppressEmail, e); !ok {
			t.Errorf("%s not suppressed", e)
		}
	}
	if _, err := s.UndoJob(rep.Job, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Suppressed(store.SuppressEmail, "spam@x.pl"); ok {
		t.Error("undo left the block list's entry")
	}
	if kept, _ = s.Get(id); kept.Status == contact.StatusUnsubscribed {
		t.Error("undo left the contact unsubscribed")
	}
}

func TestUndoRestoresUpdatedAndRemovesCreated(t *testing.T) {
	s, _ := openStore(t)
	id, _ := s.Create(&contact.Contact{FirstName: "Anna", Emails: []string{"anna@x.pl"}, Address: contact.Address{City: "Kraków"}})
	before, _ := s.Get(id)
	path := csvFile(t, "E-mail;Imię;Miasto", "anna@x.pl;Anna;Gdańsk", "new1@x.pl;N1;", "new2@x.pl;N2;", "new1@x.pl;;Sopot")
	rep := mustImport(t, s, path, importer.Options{})
	if got := countsOf(rep); got != (counts{rows: 4, created: 2, updated: 1, merged: 1}) {
		t.Fatalf("import: %+v", got)
	}
	res, err := s.UndoJob(rep.Job, nil)
	if err != nil || res.Removed != 2 || res.Restored != 1 || len(res.Skipped) != 0 {
		t.Fatalf("undo: %+v %v", res, err)
	}
	after, _ := s.Get(id)
	if !contact.Equal(before, after) {
		t.Errorf("restored %+v, want %+v", after, before)
	}
	if n, _ := s.Count(); n != 1 {
		t.Errorf("count %d", n)
	}
	verify(t, s)
}

// cancelAfter cancels the run once n batches have committed.
type cancelAfter struct {
	*Sink
	n      int
	cancel func()
}

func (c *cancelAfter) Batch(fn func(importer.SinkTx) error) (importer.Added, error) {
	a, err := c.Sink.Batch(fn)
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return a, err
}

// dies stops the world after n batches: the next batch fails and End is
// never called (the process was killed), so the job stays "running".
type dies struct {
	*Sink
	n int
}

var errKilled = errors.New("killed")

func (d *dies) Batch(fn func(importer.SinkTx) error) (importer.Added, error) {
	if d.n == 0 {
		return importer.Added{}, errKilled
	}
	d.n--
	return d.Sink.Batch(fn)
}

func (d *dies) End(importer.JobState) error { return nil }

func bigFile(t *testing.T, n int) string {
	lines := []string{"E-mail;Imię;Telefon"}
	for i := range n {
		lines = append(lines, fmt.Sprintf("p%d@x.pl;P%d;+48 601 %03d %03d", i%(n-5), i, i/1000, i%1000))
	}
	return csvFile(t, lines...)
}

func TestResumeAfterCancel(t *testing.T) {
	s, _ := openStore(t)
	path := bigFile(t, 95) // the last five rows repeat earlier people: merges across the resume
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink := &cancelAfter{Sink: New(s, true), n: 3, cancel: cancel}
	rep, err := runCtx(t, ctx, sink, path, importer.Options{BatchSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != "cancelled" || rep.Rows != 30 || rep.Created != 30 {
		t.Fatalf("cancelled run: status %s, %d rows, %d created", rep.Status, rep.Rows, rep.Created)
	}
	j, _ := s.Job(rep.Job)
	if j.Status != contact.JobCancelled || j.Committed != 30 || j.Hash == "" {
		t.Fatalf("job after cancel: %+v", j)
	}
	verify(t, s)
	rep2, err := run(t, New(s, true), path, importer.Options{BatchSize: 10, Resume: rep.Job, Mappings: rep.Mappings()})
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Job != rep.Job || rep2.ResumedAfter != 30 || rep2.Rows != 95 || rep2.Created != 90 || rep2.Merged != 5 || rep2.Status != "done" {
		t.Errorf("resumed: job %d after %d: %+v", rep2.Job, rep2.ResumedAfter, countsOf(rep2))
	}
	if n, _ := s.Count(); n != 90 {
		t.Errorf("count %d", n)
	}
	if _, err := run(t, New(s, true), path, importer.Options{Resume: rep.Job, Mappings: rep.Mappings()}); err == nil || !strings.Contains(err.Error(), "is done") {
		t.Errorf("resuming a finished job: %v", err)
	}
	verify(t, s)
}

func TestResumeAfterAKill(t *testing.T) {
	s, path := openStore(t)
	file := bigFile(t, 60)
	rep, err := run(t, &dies{Sink: New(s, true), n: 2}, file, importer.Options{BatchSize: 10})
	if !errors.Is(err, errKilled) || rep.Rows != 20 {
		t.Fatalf("killed run: %v, %d rows", err, rep.Rows)
	}
	// The process is gone: its bulk session never ended. A new process
	// opens the store (which merges the orphaned index runs) and resumes.
	s.Close()
	s2, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	verify(t, s2)
	j, _ := s2.Job(rep.Job)
	if j.Status != contact.JobRunning || j.Committed != 20 {
		t.Fatalf("job of a killed import: %+v", j)
	}
	rep2, err := run(t, New(s2, true), file, importer.Options{BatchSize: 10, Resume: j.ID, Mappings: rep.Mappings()})
	if err != nil || rep2.Rows != 60 || rep2.Created != 55 || rep2.Merged != 5 {
		t.Fatalf("resumed: %v %+v", err, countsOf(rep2))
	}
	if n, _ := s2.Count(); n != 55 {
		t.Errorf("count %d", n)
	}
	verify(t, s2)
}

func TestDryRunWritesNothing(t *testing.T) {
	s, _ := openStore(t)
	s.Create(&contact.Contact{Emails: []string{"a@x.pl"}, FirstName: "A"})
	gen, _ := s.Generation()
	path := csvFile(t, "E-mail;Imię;Newsletter", "a@x.pl;Alicja;1", "b@x.pl;B;1", "b@x.pl;Bogdan;", "bad;C;1")
	real := func() counts {
		s2, _ := openStore(t)
		s2.Create(&contact.Contact{Emails: []string{"a@x.pl"}, FirstName: "A"})
		return countsOf(mustImport(t, s2, path, importer.Options{}))
	}()
	rep, err := run(t, New(s, false), path, importer.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(rep); got != real || got != (counts{rows: 4, created: 1, updated: 1, merged: 1, rejected: 1}) {
		t.Errorf("dry run %+v, real import %+v", got, real)
	}
	if rep.Job != 0 || !rep.DryRun || !slices.Equal(rep.NewConsents, []string{"newsletter"}) {
		t.Errorf("dry run report: job %d new consents %v", rep.Job, rep.NewConsents)
	}
	if g, _ := s.Generation(); g != gen {
		t.Error("the dry run changed the store")
	}
	if jobs, _ := s.Jobs(); len(jobs) != 0 {
		t.Errorf("the dry run recorded a job: %+v", jobs)
	}
}

func TestBulkImportKeepsIndexesRight(t *testing.T) {
	s, _ := openStore(t)
	s.Create(&contact.Contact{Emails: []string{"p7@x.pl"}, FirstName: "Existing"})
	rep, err := run(t, New(s, true), bigFile(t, 1200), importer.Options{BatchSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1194 || rep.Updated != 1 || rep.Merged != 5 {
		t.Errorf("%+v", countsOf(rep))
	}
	if c := find(t, s, contact.KeyEmail, "p7@x.pl"); c.FirstName != "P1202" && c.FirstName != "P7" {
		t.Errorf("p7 = %+v", c)
	}
	verify(t, s)
}

// The wizard's pieces: a sample check of a mapping, remembered mappings,
// and importing rejected rows the user fixed in place.
func TestWizardPieces(t *testing.T) {
	s, _ := openStore(t)
	path := csvFile(t, "E-mail;Imię;Telefon", "a@x.pl;Ann;601 234 567", "bad;Bob;12", "c@x.pl;Cyd;;more cells than the header")
	src, err := importer.Open(path, importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m := importer.AutoMap(src.Tables[0])
	chk, err := importer.Check(src.Tables[0], m, importer.Options{Country: "PL"}, New(s, false))
	if err != nil || chk.Rows != 3 || chk.Accepted != 1 || chk.Rejected != 2 || chk.Warnings != 2 ||
		chk.Reasons["ragged row"] != 1 || chk.Reasons["no usable key: no valid e-mail or phone"] != 1 {
		t.Errorf("check: %+v %v", chk, err)
	}
	ign := m
	ign.Columns = slices.Clone(m.Columns)
	ign.Columns[0].Field, ign.Columns[2].Field = "ignore", "ignore"
	if _, err := importer.Check(src.Tables[0], ign, importer.Options{}, nil); err == nil {
		t.Error("a mapping without a key passed the check")
	}
	m.Columns[1].Field = "custom:imie"
	if err := Remember(s, src.Tables[0].Columns, m); err != nil {
		t.Fatal(err)
	}
	got, err := Remembered(s, []string{"e_mail", "IMIE", "telefon"}) // the same header set, written otherwise
	if err != nil || len(got) != 3 || got[1] != (importer.MapEntry{Column: "Imię", Field: "custom:imie"}) {
		t.Errorf("remembered %+v %v", got, err)
	}
	rep := mustImport(t, s, path, importer.Options{Country: "PL"})
	var fixed [][]string
	for _, r := range rep.Rejected {
		cells := slices.Clone(r.Cells())
		cells[0] = strings.ToLower(cells[1]) + "@x.pl"
		cells = cells[:min(len(cells), 3)] // the cell past the header dropped
		fixed = append(fixed, cells)
	}
	mem := importer.NewSource("fixed rows", src.Tables[0].Columns, fixed)
	r, err := importer.Start(context.Background(), mem, importer.Options{Country: "PL", Now: func() time.Time { return now }}, New(s, false))
	if err != nil {
		t.Fatal(err)
	}
	for range r.Progress() {
	}
	rep2, err := r.Wait()
	if err != nil || rep2.Created != 2 || len(rep2.Rejected) != 0 {
		t.Errorf("fixed rows: %+v %v", countsOf(rep2), err)
	}
	if n, _ := s.Count(); n != 3 {
		t.Errorf("count %d", n)
	}
}

// A caller may never read Progress: Wait still returns.
func TestWaitWithoutReadingProgress(t *testing.T) {
	s, _ := openStore(t)
	src, err := importer.Open(bigFile(t, 300), importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	r, err := importer.Start(context.Background(), src, importer.Options{BatchSize: 2}, New(s, false))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Wait()
	if err != nil || rep.Rows != 300 {
		t.Fatalf("%v %+v", err, countsOf(rep))
	}
	last := importer.Progress{}
	for ev := range r.Progress() {
		last = ev
	}
	if !last.Final || last.Counts.Rows != 300 {
		t.Errorf("last event %+v", last)
	}
}

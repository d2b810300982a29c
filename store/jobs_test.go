package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"rolo/contact"
)

func TestJobsRecordAndList(t *testing.T) {
	s := openTemp(t)
	j, err := s.NewJob(Job{File: "/tmp/a.csv", Hash: "abc", Size: 10, Options: json.RawMessage(`{"key":"email"}`)})
	if err != nil || j.ID != 1 || j.Status != contact.JobRunning || !j.Started.Equal(t0) {
		t.Fatalf("NewJob = %+v, %v", j, err)
	}
	j2, _ := s.NewJob(Job{File: "/tmp/b.csv"})
	err = s.Update(func(tx *Tx) error {
		j.Counts.Rows, j.Committed = 5, 5
		if err := tx.PutJobLog(j.ID, 1, []byte(`{"batch":1}`)); err != nil {
			return err
		}
		if err := tx.PutJobLog(j.ID, 2, []byte(`{"batch":2}`)); err != nil {
			return err
		}
		return tx.PutJob(j)
	})
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Jobs()
	if err != nil || len(jobs) != 2 || jobs[0].ID != j.ID || jobs[1].ID != j2.ID || jobs[0].Committed != 5 {
		t.Fatalf("Jobs = %+v, %v (batch logs must not be listed as jobs)", jobs, err)
	}
	if string(jobs[0].Options) != `{"key":"email"}` || jobs[0].Source() != "import:1" {
		t.Errorf("job options/source: %s %s", jobs[0].Options, jobs[0].Source())
	}
	var logs []string
	if err := s.JobLogs(j.ID, func(b []byte) error { logs = append(logs, string(b)); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(logs, ",") != `{"batch":1},{"batch":2}` {
		t.Errorf("logs = %v", logs)
	}
	if _, err := s.Job(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("Job(99) = %v", err)
	}
}

// importLike writes what an import job does: creates contacts (recording
// the range), updates others (recording them before), adds suppression.
func importLike(t *testing.T, s *Store, job Job, create []*contact.Contact, update func(tx *Tx) error) Job {
	t.Helper()
	err := s.Update(func(tx *Tx) error {
		var first, last uint64
		for _, c := range create {
			c.Source = job.Source()
			id, err := tx.Create(c)
			if err != nil {
				return err
			}
			if first == 0 {
				first = id
			}
			last = id
		}
		if err := tx.JobCreated(job.ID, first, last); err != nil {
			return err
		}
		if update != nil {
			if err := update(tx); err != nil {
				return err
			}
		}
		job.Status, job.Updated, job.Finished = contact.JobDone, tx.Now(), tx.Now()
		return tx.PutJob(job)
	})
	if err != nil {
		t.Fatal(err)
	}
	return job
}

func TestUndoJobRemovesCreatedAndRestoresUpdated(t *testing.T) {
	now := t0
	s := openTemp(t)
	s.now = func() time.Time { return now }
	defer func(n int) { undoChunk = n }(undoChunk)
	undoChunk = 3 // several transactions, and a created range cut in two

	old := &contact.Contact{FirstName: "Anna", Emails: []string{"anna@x.pl"}, Consents: []contact.Consent{{Name: "email", Granted: false, At: t0, Source: "card"}}}
	oldID, _ := s.Create(old)
	other, _ := s.Create(&contact.Contact{FirstName: "Other", Emails: []string{"other@x.pl"}})

	now = t0.Add(time.Hour)
	job, _ := s.NewJob(Job{File: "f.csv"})
	var create []*contact.Contact
	for i := range 5 {
		create = append(create, &contact.Contact{FirstName: fmt.Sprint("New", i), Emails: []string{fmt.Sprintf("n%d@x.pl", i)}})
	}
	var newKeys [][]byte
	job = importLike(t, s, job, create, func(tx *Tx) error {
		c, _ := tx.Get(oldID)
		if err := tx.JobBefore(job.ID, c); err != nil {
			return err
		}
		c.LastName = "Nowak"
		c.AddEmail("anna2@x.pl")
		c.SetConsent(contact.Consent{Name: "email", Granted: true, At: tx.Now(), Source: job.Source()})
		if _, err := tx.Save(c, contact.Event{Source: job.Source()}); err != nil {
			return err
		}
		// A second change in the same job must not overwrite the "before".
		c.JobTitle = "CEO"
		if err := tx.JobBefore(job.ID, c); err != nil {
			return err
		}
		if _, err := tx.Save(c, contact.Event{Source: job.Source()}); err != nil {
			return err
		}
		var err error
		newKeys, err = tx.SuppressContact(&contact.Contact{Emails: []string{"blocked@x.pl"}}, Suppression{Reason: "block list", Source: job.Source()})
		if err != nil {
			return err
		}
		return tx.JobSuppressed(job.ID, newKeys)
	})
	created, updated, err := s.JobTouched(job.ID)
	if err != nil || len(created) != 1 || created[0] != [2]uint64{3, 7} || len(updated) != 1 || updated[0] != oldID {
		t.Fatalf("JobTouched = %v %v %v", created, updated, err)
	}
	if !CreatedBy(created, 5) || CreatedBy(created, 2) || CreatedBy(created, 8) {
		t.Error("CreatedBy is wrong")
	}
	// Someone edits a created contact after the import: undo keeps it.
	now = t0.Add(2 * time.Hour)
	edited, _ := s.Get(4)
	edited.JobTitle = "kept"
	if _, err := s.Save(edited, contact.Event{Source: "card"}); err != nil {
		t.Fatal(err)
	}

	var calls int
	res, err := s.UndoJob(job.ID, func(done, total int) {
		calls++
		if total != 6 || done > total {
			t.Errorf("progress %d/%d", done, total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 4 || res.Restored != 1 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], "contact 4") || calls < 2 {
		t.Errorf("undo result %+v after %d progress calls", res, calls)
	}
	if n, _ := s.Count(); n != 3 {
		t.Errorf("count after undo = %d, want 3 (2 before + 1 edited since)", n)
	}
	got, _ := s.Get(oldID)
	old.ID = oldID
	if !contact.Equal(got, old) || !got.UpdatedAt.Equal(old.UpdatedAt) {
		t.Errorf("restored contact differs:\n got %+v\nwant %+v", got, old)
	}
	if ids, _ := s.Find(contact.KeyEmail, "anna2@x.pl"); len(ids) != 0 {
		t.Errorf("the e-mail the import added is still indexed: %v", ids)
	}
	if _, err := s.Get(other); err != nil {
		t.Error("a contact the job never touched was removed")
	}
	if _, ok, _ := s.Suppressed(SuppressEmail, "blocked@x.pl"); ok {
		t.Error("the suppression entry the job added survived the undo")
	}
	hist, _ := s.History(oldID)
	if last := hist[len(hist)-1]; last.Kind != contact.EventUndo || last.Source != "undo:import:1" {
		t.Errorf("last event = %+v", last)
	}
	j, _ := s.Job(job.ID)
	if j.Status != contact.JobUndone {
		t.Errorf("status = %s", j.Status)
	}
	if _, err := s.UndoJob(job.ID, nil); err == nil || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo: %v", err)
	}
	mustVerify(t, s, "after undo")
}

func TestUndoLargeJobUsesBulkAndStaysConsistent(t *testing.T) {
	defer func(n int) { undoChunk = n }(undoChunk)
	undoChunk = 10
	s := openTemp(t)
	job, _ := s.NewJob(Job{File: "big.csv"})
	var create []*contact.Contact
	for i := range 250 { // more than 10 chunks: a bulk session
		create = append(create, &contact.Contact{Emails: []string{fmt.Sprintf("b%d@x.pl", i)}, Phones: []contact.Phone{{Number: "+48221234567"}}})
	}
	importLike(t, s, job, create, nil)
	res, err := s.UndoJob(job.ID, nil)
	if err != nil || res.Removed != 250 {
		t.Fatalf("undo = %+v, %v", res, err)
	}
	if n, _ := s.Count(); n != 0 {
		t.Errorf("count = %d", n)
	}
	mustVerify(t, s, "after bulk undo")
}

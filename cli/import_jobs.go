package cli

// rolo import --jobs and --undo: the import jobs of a store.

import (
	"fmt"
	"time"
)

// listJobs prints the import jobs, tab-separated with a header line.
func listJobs(env *Env, g *globals) error {
	s, err := g.open(env, true)
	if err != nil {
		return err
	}
	defer s.Close()
	jobs, err := s.Jobs()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "JOB\tSTARTED\tSTATUS\tROWS\tCREATED\tUPDATED\tUNCHANGED\tMERGED\tREJECTED\tSUPPRESSED\tFILE")
	for _, j := range jobs {
		c := j.Counts
		fmt.Fprintf(env.Stdout, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", j.ID, j.Started.UTC().Format(time.RFC3339), j.Status,
			c.Rows, c.Created, c.Updated, c.Unchanged, c.Merged, c.Rejected, c.Suppressed, j.File)
	}
	return nil
}

func undoJob(env *Env, g *globals, id uint64) error {
	if g.readOnly {
		return usagef("undo writes to the store; drop --read-only")
	}
	s, err := g.open(env, false)
	if err != nil {
		return err
	}
	defer s.Close()
	p := newProgress(env, fmt.Sprintf("undo import %d", id), 0)
	res, err := s.UndoJob(id, func(done, total int) {
		p.total = total
		p.update(done)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "undid import job %d: %s contacts removed, %s restored\n", id, groupDigits(res.Removed), groupDigits(res.Restored))
	for _, sk := range res.Skipped {
		fmt.Fprintf(env.Stdout, "  kept: %s\n", sk)
	}
	return nil
}

package contact

// JobStatus is where an import job stands, in the store's job list and
// in the import's report.
type JobStatus string

// Job statuses.
const (
	JobRunning   JobStatus = "running"   // under way, or killed (then it can be resumed)
	JobDone      JobStatus = "done"      // finished
	JobCancelled JobStatus = "cancelled" // stopped by the user after a whole batch; can be resumed
	JobFailed    JobStatus = "failed"    // stopped by an error after a whole batch; can be resumed
	JobUndoing   JobStatus = "undoing"   // an undo is under way (or was killed: run it again)
	JobUndone    JobStatus = "undone"    // undone
)

// ImportCounts are an import's totals, by row: every row is exactly one
// of created, updated, unchanged, merged, rejected or suppressed.
type ImportCounts struct {
	Rows       int `json:"rows"`
	Created    int `json:"created"`
	Updated    int `json:"updated"`
	Unchanged  int `json:"unchanged"`
	Merged     int `json:"merged"` // rows merged into a contact an earlier row of the file created or changed
	Rejected   int `json:"rejected"`
	Suppressed int `json:"suppressed"`
	Warnings   int `json:"warnings"`
	// IdentityConflicts counts rows that matched a contact by a strong
	// key (e-mail, CRM ID, tax ID) but name someone else: updates a user
	// should review (each has an identity_conflict warning).
	IdentityConflicts int `json:"identity_conflicts"`
}

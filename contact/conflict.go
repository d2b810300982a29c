package contact

import (
	"errors"
	"fmt"
	"time"
)

// ErrConflict says a unique key already belongs to another contact.
var ErrConflict = errors.New("already belongs to another contact")

// ConflictError says which unique key already belongs to which contact.
type ConflictError struct {
	Key   Key
	Value string
	ID    uint64
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %s already belongs to contact %d", e.Key.Label(), e.Value, e.ID)
}

// Unwrap makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// ErrChanged says a contact was saved by someone else after it was read.
var ErrChanged = errors.New("changed by someone else since it was read")

// ChangedError is ErrChanged with what the other save left: the contact as
// stored now and who saved it, so the user can compare both versions and
// choose.
type ChangedError struct {
	Stored *Contact
	By     string // the operating-system user of the last change, if recorded
	Source string
	At     time.Time
}

func (e *ChangedError) Error() string {
	who := e.By
	if who == "" {
		who = "someone else"
	}
	if e.Source != "" {
		who += " (" + e.Source + ")"
	}
	return fmt.Sprintf("contact %d was changed by %s at %s, after you opened it", e.Stored.ID, who, e.At.Local().Format("15:04:05"))
}

// Is makes errors.Is(err, ErrChanged) true.
func (e *ChangedError) Is(target error) bool { return target == ErrChanged }

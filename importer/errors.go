package importer

import (
	"errors"
	"fmt"
)

// ErrRefused is wrapped by every whole-file refusal: the file was not
// imported at all and nothing was written.
var ErrRefused = errors.New("file refused")

// RefusedError says why a whole file was refused, in one line.
type RefusedError struct {
	File   string
	Reason string
}

func (e *RefusedError) Error() string { return fmt.Sprintf("%s: %s", e.File, e.Reason) }

// Unwrap makes errors.Is(err, ErrRefused) hold.
func (e *RefusedError) Unwrap() error { return ErrRefused }

func refuse(file, format string, a ...any) error {
	return &RefusedError{File: file, Reason: fmt.Sprintf(format, a...)}
}

//go:build unix

package fileview

import (
	"errors"
	"syscall"
)

// alive reports whether a process runs (or might: a process of another
// user answers "not permitted").
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || !errors.Is(err, syscall.ESRCH)
}

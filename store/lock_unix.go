//go:build unix

package store

import (
	"os"
	"syscall"
	"time"
)

// waitShared waits up to timeout for a shared lock on f (bbolt locks with
// flock), then lets it go.
func waitShared(f *os.File, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for {
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err == nil {
			_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			return
		}
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

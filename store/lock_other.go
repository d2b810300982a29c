//go:build !unix

package store

import (
	"os"
	"time"
)

// waitShared gives a rolo that is creating the store a moment to write its
// first pages, where the system has no flock.
func waitShared(_ *os.File, timeout time.Duration) { time.Sleep(min(timeout, 100*time.Millisecond)) }

//go:build unix

package importer

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A pipe or a device is refused for what it is, not as "empty" (its size
// is 0) nor read for ever (/dev/zero).
func TestOpenRefusesWhatIsNotARegularFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "contacts.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, "/dev/zero", "/dev/null"} {
		_, err := Open(path, ReadOptions{})
		var re *RefusedError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), "is not a regular file") {
			t.Errorf("Open(%s) = %v, want refused as not a regular file", path, err)
		}
	}
}

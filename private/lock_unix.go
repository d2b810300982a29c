//go:build unix

package private

import (
	"os"
	"syscall"
)

// lockTemp takes the writer's lock on a new temporary file and checks the
// name still leads to it (another rolo may have removed it as a leftover
// in between).
func lockTemp(f *os.File) bool {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false
	}
	return sameFile(f)
}

func sameFile(f *os.File) bool {
	open, err := f.Stat()
	if err != nil {
		return false
	}
	named, err := os.Stat(f.Name())
	return err == nil && os.SameFile(open, named)
}

// removeIfLeftover removes the temporary file path if no process holds
// its lock: its writer is gone (the kernel drops a lock with its process,
// however it ended).
func removeIfLeftover(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return err // a writer is at work
	}
	if !sameFile(f) {
		return nil
	}
	return os.Remove(path)
}

// renameOpen: the file is put in place while still open, so its lock is
// held until it has its name (closing first would let another rolo take
// it for a leftover).
const renameOpen = true

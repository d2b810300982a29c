package store

import (
	"os"
	"syscall"
)

// dropPages is madvise(MADV_DONTNEED) over the first size bytes of the
// store's read-only shared mapping at addr.
func dropPages(addr uintptr, size int64) error {
	size &^= int64(os.Getpagesize() - 1)
	if addr == 0 || size <= 0 {
		return nil
	}
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(size), syscall.MADV_DONTNEED); e != 0 {
		return e
	}
	return nil
}

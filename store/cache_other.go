//go:build !linux

package store

// dropPages does nothing where rolo does not know the system's madvise.
func dropPages(uintptr, int64) error { return nil }

package private

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// The files this process has started and not yet put in place. A signal
// that ends rolo removes them first (RemoveUnfinished), so no half file of
// personal data outlives the process. Signals are delivered to a process,
// not to a command, so this is the one piece of state the package keeps
// per process rather than per value.
var unfinished = &fileSet{files: map[*File]bool{}}

type fileSet struct {
	mu    sync.Mutex
	files map[*File]bool
	// ending is set once the process is about to exit on a signal: no
	// new file is started after the last removal.
	ending bool
}

// ErrRemoved is the error of a Commit whose file a signal removed.
var ErrRemoved = errors.New("stopped by a signal; the unfinished file was removed")

// RemoveUnfinished removes every private file this process has started
// and not committed or aborted yet, and returns the names they were to
// get. Their writers go on writing to a file that is no longer there, and
// their Commit fails with ErrRemoved. With ending (the process exits
// next), files started afterwards are refused too.
func RemoveUnfinished(ending bool) []string {
	u := unfinished
	u.mu.Lock()
	defer u.mu.Unlock()
	u.ending = u.ending || ending
	var names []string
	for f := range u.files {
		os.Remove(f.Name())
		f.removed = true
		delete(u.files, f)
		names = append(names, f.path)
	}
	return names
}

// start creates the temporary file for path, locked as its writer's (so
// another rolo can tell a dead writer's leftover from a live one's file),
// and registers it in the same step, so a signal either comes before the
// file exists or removes it. Leftovers of writers that died in dir (a
// SIGKILL cannot be caught) are removed first.
func (u *fileSet) start(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	removeLeftovers(dir)
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.ending {
		return nil, errors.New("rolo is stopping")
	}
	for range 10 {
		tmp, err := os.CreateTemp(dir, "."+base+tempMark+"*"+tempExt)
		if err != nil {
			return nil, err
		}
		if lockTemp(tmp) {
			f := &File{File: tmp, path: path}
			u.files[f] = true
			return f, nil
		}
		// Another rolo took it for a leftover between its creation and
		// the lock: it is gone; take another name.
		tmp.Close()
	}
	return nil, errors.New("could not lock a temporary file")
}

// finish takes f out of the set and runs put (a rename, a removal) while
// no signal can remove it; false when a signal already did.
func (u *fileSet) finish(f *File, put func() error) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if f.removed {
		return false, nil
	}
	delete(u.files, f)
	return true, put()
}

// The temporary name of a private file: ".NAME.rolo-123456.tmp" beside it.
const (
	tempMark = ".rolo-"
	tempExt  = ".tmp"
)

// isTempName reports whether name is a private file's temporary name.
func isTempName(name string) bool {
	if len(name) < len(tempMark)+len(tempExt)+2 || name[0] != '.' || filepath.Ext(name) != tempExt {
		return false
	}
	body := name[:len(name)-len(tempExt)]
	i := len(body)
	for i > 0 && body[i-1] >= '0' && body[i-1] <= '9' {
		i--
	}
	return i < len(body) && i >= len(tempMark) && body[i-len(tempMark):i] == tempMark
}

// removeLeftovers removes the temporary files in dir of rolo processes
// that ended without removing them (killed by SIGKILL, or the machine
// stopped). A file is a leftover when nobody holds its lock: a live
// writer holds it until its file is in place or removed.
func removeLeftovers(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.Type().IsRegular() || !isTempName(e.Name()) {
			continue
		}
		_ = removeIfLeftover(filepath.Join(dir, e.Name()))
	}
}

// describe names what a failed Commit was writing.
func describe(path string, err error) error { return fmt.Errorf("writing %s: %w", path, err) }

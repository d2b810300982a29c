package private

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Perm is who may read a private file: its mode and, for a group-shared
// store, the group it belongs to.
type Perm struct {
	Mode fs.FileMode
	GID  int // -1: the group the system gives the file
}

// Owner is the default: readable and writable by its owner only.
var Owner = Perm{Mode: 0o600, GID: -1}

// ForStore is the permission of files made from the store at storePath.
// A store whose folder has the setgid bit is shared by the folder's
// group (its files are created 0660 in that group), so what its users
// write from it is shared the same way, whichever folder it goes to;
// every other store's files are its owner's alone.
func ForStore(storePath string) Perm {
	if storePath == "" {
		return Owner
	}
	fi, err := os.Stat(filepath.Dir(storePath))
	if err != nil || fi.Mode()&fs.ModeSetgid == 0 {
		return Owner
	}
	gid, ok := groupOf(fi)
	if !ok {
		return Owner
	}
	return Perm{Mode: 0o660, GID: gid}
}

// File is a private file being written: a temporary file beside its
// final name, so a failed or interrupted write never leaves half a file
// under that name, nor changes a file that was there. Until Commit or
// Abort, a signal that ends rolo removes it (RemoveUnfinished).
type File struct {
	*os.File
	path    string
	direct  bool // a device or pipe written in place
	removed bool // by a signal (guarded by the set's lock)
}

// Create starts writing the private file path with perm. Call Commit
// when the contents are complete, or Abort.
// A path that names a device or a pipe (/dev/stdout, a FIFO) is written
// in place: it is not a file rolo makes.
func Create(path string, perm Perm) (*File, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		out, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("opening %s: %w", path, err)
		}
		return &File{File: out, path: path, direct: true}, nil
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // replace the file a link points to, not the link
	}
	f, err := unfinished.start(path)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	if err := f.apply(perm); err != nil {
		f.Abort()
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	return f, nil
}

// apply sets the mode on the open file (the umask does not apply to a
// chmod) and the group; a group the user cannot give the file falls back
// to the owner alone rather than to whatever group the file got.
func (f *File) apply(perm Perm) error {
	mode := perm.Mode.Perm()
	if mode == 0 {
		mode = Owner.Mode
	}
	if perm.GID >= 0 {
		if err := f.Chown(-1, perm.GID); err != nil {
			mode = Owner.Mode
		}
	}
	return f.Chmod(mode)
}

// Path is the name the file gets on Commit.
func (f *File) Path() string { return f.path }

// Commit flushes the file to disk and puts it in place of path. It fails
// with ErrRemoved if a signal removed the file meanwhile.
func (f *File) Commit() error {
	if f.direct {
		return f.Close()
	}
	if err := f.Sync(); err != nil {
		f.Abort()
		return describe(f.path, err)
	}
	if !renameOpen {
		if err := f.Close(); err != nil {
			f.Abort()
			return describe(f.path, err)
		}
	}
	put, err := unfinished.finish(f, func() error { return os.Rename(f.Name(), f.path) })
	if !put {
		f.Close()
		return describe(f.path, ErrRemoved)
	}
	if err != nil {
		os.Remove(f.Name())
		f.Close()
		return describe(f.path, err)
	}
	if renameOpen {
		if err := f.Close(); err != nil {
			return describe(f.path, err)
		}
	}
	return nil
}

// Abort drops what was written; the file at path is left as it was.
func (f *File) Abort() {
	if f.direct {
		f.Close()
		return
	}
	_, _ = unfinished.finish(f, func() error { return os.Remove(f.Name()) })
	f.Close()
}

// Write writes the whole private file path with what fn writes.
func Write(path string, perm Perm, fn func(*os.File) error) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	if err := fn(f.File); err != nil {
		f.Abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Commit()
}

// WriteFile writes data as the private file path.
func WriteFile(path string, data []byte, perm Perm) error {
	return Write(path, perm, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

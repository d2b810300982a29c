package fileview

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"rolo/store"
)

// tempPrefix names the folders of throw-away stores in the system's
// temporary folder.
const tempPrefix = "rolo-open-"

// ownerFile holds the process ID of the rolo that made a folder, so a
// later rolo can remove what a killed one left behind.
const ownerFile = "owner"

// Temp is a throw-away store in a folder of its own.
type Temp struct {
	Store *store.Store
	Dir   string
}

// NewTemp makes a folder in the system's temporary folder ($TMPDIR),
// readable by its owner only, and opens an empty store in it. Folders left
// by a rolo that was killed before it could remove its own are removed
// first.
func NewTemp(now func() time.Time) (*Temp, error) {
	SweepStale(os.TempDir())
	dir, err := os.MkdirTemp("", tempPrefix)
	if err != nil {
		return nil, fmt.Errorf("making a temporary folder for the file's rows: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		return nil, errors.Join(fmt.Errorf("writing %s: %w", dir, err), os.RemoveAll(dir))
	}
	// Nothing in it outlives the process: no fsync.
	st, err := store.Open(filepath.Join(dir, "file.db"), store.Options{Now: now, NoSync: true})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("opening a temporary store: %w", err), os.RemoveAll(dir))
	}
	return &Temp{Store: st, Dir: dir}, nil
}

// Close closes the store and removes its folder.
func (t *Temp) Close() error {
	err := t.Store.Close()
	if rerr := os.RemoveAll(t.Dir); rerr != nil {
		err = errors.Join(err, fmt.Errorf("removing %s: %w", t.Dir, rerr))
	}
	return err
}

// SweepStale removes the throw-away stores in dir whose rolo is gone (it
// was killed, or the machine went down, before it could remove its own).
// A folder whose owner cannot be told is left alone.
func SweepStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(filepath.Join(path, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		_ = os.RemoveAll(path)
	}
}

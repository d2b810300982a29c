package fileview

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Earlier versions of rolo open read a file into a throw-away store in a
// folder of the system's temporary folder. A rolo killed before it could
// remove its folder left a copy of the file's rows behind; SweepStale
// removes such copies.

// tempPrefix names those folders.
const tempPrefix = "rolo-open-"

// ownerFile held the process ID of the rolo that made a folder.
const ownerFile = "owner"

// SweepStale removes the throw-away stores in dir whose rolo is gone. A
// folder whose owner cannot be told is left alone.
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

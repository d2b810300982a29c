package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Who holds the store.
//
// A transaction that waits longer than a moment for another process says
// who it waits for: "waiting for an import by ana, 45%". The holder is
// found in /proc/locks (the process with a lock on the store file's inode);
// what it is doing, in the small file that process keeps beside the store
// while it does long work (SetActivity): no personal data, just the kind of
// work, the user and how far it got. Where /proc/locks does not exist the
// wait is reported as "another rolo".

// activityPath is the file where process pid says what it does with the
// store at path.
func activityPath(path string, pid int) string {
	return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d.activity", filepath.Base(path), pid))
}

// SetActivity tells other processes that wait for the store what this one
// is doing ("an import by ana, 45%"); "" says it is done. Call it as long
// work progresses (it costs a small file write; once a second is plenty).
func (s *Store) SetActivity(desc string) error {
	p := activityPath(s.path, os.Getpid())
	if desc == "" {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing %s: %w", p, err)
		}
		return nil
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(desc), s.mode); err != nil {
		return fmt.Errorf("saying what rolo does in %s: %w", p, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("saying what rolo does in %s: %w", p, err)
	}
	return nil
}

// removeStaleActivity removes the activity files beside the store of
// processes that are gone: one killed (SIGKILL) while it said what it did
// could not remove its own. A process of another user that cannot be
// signalled is taken to be alive.
func removeStaleActivity(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		pidText, tail, _ := strings.Cut(rest, ".")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || pid == os.Getpid() || (tail != "activity" && tail != "activity.tmp") {
			continue
		}
		if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// holderOr describes the process holding the store file at path, or
// returns def when it cannot tell.
func holderOr(path, def string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return def
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return def
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return def
	}
	defer f.Close()
	suffix := ":" + strconv.FormatUint(st.Ino, 10)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] != "FLOCK" || !strings.HasSuffix(fields[5], suffix) {
			continue
		}
		pid, err := strconv.Atoi(fields[4])
		if err != nil || pid == os.Getpid() {
			continue
		}
		if b, err := os.ReadFile(activityPath(path, pid)); err == nil && len(b) > 0 && len(b) < 200 {
			return strings.TrimSpace(string(b))
		}
		return "rolo (process " + strconv.Itoa(pid) + ownerOf(pid) + ")"
	}
	return def
}

// ownerOf is ", by USER" for the owner of process pid, or "".
func ownerOf(pid int) string {
	fi, err := os.Stat("/proc/" + strconv.Itoa(pid))
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	if u, err := user.LookupId(strconv.FormatUint(uint64(st.Uid), 10)); err == nil {
		return " by " + u.Username
	}
	return ""
}

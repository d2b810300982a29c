package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// roloStore is a demo store of n contacts in a folder of its own, and a
// way to run the real binary on it with its own temporary folder.
type roloStore struct {
	bin, dir, db, tmp string
}

func newRoloStore(t *testing.T, n string) *roloStore {
	t.Helper()
	dir := t.TempDir()
	rs := &roloStore{bin: rolo(t), dir: dir, db: filepath.Join(dir, "rolo.db"), tmp: t.TempDir()}
	if out, err := rs.cmd("demo", "--count", n).CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	return rs
}

func (rs *roloStore) cmd(args ...string) *exec.Cmd {
	c := exec.Command(rs.bin, append([]string{"--db", rs.db}, args...)...)
	c.Env = append(os.Environ(), "TMPDIR="+rs.tmp)
	return c
}

// count is what rolo count says.
func (rs *roloStore) count(t *testing.T) string {
	t.Helper()
	out, err := rs.cmd("count").CombinedOutput()
	if err != nil {
		t.Fatalf("count: %v %s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// tempFiles are the names in dir that are not the store or keep.
func tempFiles(dir string, keep ...string) []string {
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		n := e.Name()
		if n == "rolo.db" || n == "rolo.db.lock" {
			continue
		}
		kept := false
		for _, k := range keep {
			kept = kept || n == k
		}
		if !kept {
			left = append(left, n)
		}
	}
	return left
}

// stopMidWrite starts cmd and stops it (SIGSTOP) while it writes its
// temporary file in dir: false if it finished before it could be caught.
func stopMidWrite(t *testing.T, cmd *exec.Cmd, dir string) bool {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if len(tempFiles(dir, "out.csv", "out.xlsx", "out.jsonl")) == 0 {
			if cmd.ProcessState != nil {
				return false
			}
			continue
		}
		cmd.Process.Signal(syscall.SIGSTOP)
		// Stopped: the file is still unfinished only if it is still there.
		if len(tempFiles(dir, "out.csv", "out.xlsx", "out.jsonl")) > 0 {
			return true
		}
		cmd.Process.Signal(syscall.SIGCONT)
		cmd.Wait()
		return false
	}
	t.Fatal("no temporary file appeared in 20 s")
	return false
}

// TestExportRemovedOnAnySignal: an export stopped mid-write by SIGINT,
// SIGTERM, SIGHUP or SIGQUIT leaves neither its temporary file nor a
// half file under the name asked for; the process dies of that signal;
// the store is untouched.
func TestExportRemovedOnAnySignal(t *testing.T) {
	rs := newRoloStore(t, "20000")
	for _, tc := range []struct {
		sig    syscall.Signal
		format string
	}{{syscall.SIGINT, "csv"}, {syscall.SIGTERM, "xlsx"}, {syscall.SIGHUP, "jsonl"}, {syscall.SIGQUIT, "csv"}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			out := filepath.Join(rs.dir, "out."+tc.format)
			if left := tempFiles(rs.dir); len(left) > 0 {
				t.Fatalf("left before the export: %v", left)
			}
			var cmd *exec.Cmd
			caught := false
			for try := 0; try < 5 && !caught; try++ {
				os.Remove(out)
				cmd = rs.cmd("export", "-o", out)
				caught = stopMidWrite(t, cmd, rs.dir)
			}
			if !caught {
				t.Fatal("the export finished five times before it could be stopped mid-write")
			}
			cmd.Process.Signal(tc.sig)
			cmd.Process.Signal(syscall.SIGCONT)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("the export ended with %v after %v, want it to die of it", err, tc.sig)
			}
			ws := ee.Sys().(syscall.WaitStatus)
			switch {
			case tc.sig == syscall.SIGQUIT && ws.ExitStatus() == 2: // Go's goroutine dump
			case ws.Signaled() && ws.Signal() == tc.sig:
			default:
				t.Errorf("the export ended with %v, want killed by %v", ws, tc.sig)
			}
			if left := tempFiles(rs.dir); len(left) > 0 {
				t.Errorf("left beside the store after %v: %v", tc.sig, left)
			}
			if left, _ := os.ReadDir(rs.tmp); len(left) > 0 {
				t.Errorf("left in TMPDIR: %v", left)
			}
			if n := rs.count(t); n != "20000" {
				t.Errorf("count after the signal: %s, want 20000", n)
			}
		})
	}
	// SIGKILL cannot be caught: its temporary file stays until the next
	// export into that folder, which removes it (nobody holds its lock).
	out := filepath.Join(rs.dir, "out.csv")
	cmd := rs.cmd("export", "-o", out)
	for try := 0; try < 5 && !stopMidWrite(t, cmd, rs.dir); try++ {
		os.Remove(out)
		cmd = rs.cmd("export", "-o", out)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if left := tempFiles(rs.dir); len(left) != 1 {
		t.Fatalf("after SIGKILL: %v, want its one temporary file", left)
	}
	if b, err := rs.cmd("export", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("export: %v %s", err, b)
	}
	if left := tempFiles(rs.dir, "out.csv"); len(left) > 0 {
		t.Errorf("left: %v", left)
	}
	if b, _ := os.ReadFile(out); strings.Count(string(b), "\n") < 20001 {
		t.Errorf("the whole export has %d lines", strings.Count(string(b), "\n"))
	}
}

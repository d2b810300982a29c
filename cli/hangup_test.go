package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A hang-up stops the interface.
func TestHangupStopsTheInterface(t *testing.T) {
	hup, ended := make(chan os.Signal, 1), make(chan struct{})
	stopped := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		onHangup(&Env{Stderr: io.Discard}, hup, ended, func() { close(stopped) }, openHangupGrace)
		close(finished)
	}()
	hup <- syscall.SIGHUP
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the interface was not told to stop")
	}
	close(ended) // the interface stopped in time: no watchdog exit
	<-finished
}

// An interface that does not stop after a hang-up does not keep rolo
// running: it exits 129 with its goroutines on standard error. (os.Exit,
// so in a child process: this test binary run again.)
func TestHangupWatchdogExits(t *testing.T) {
	if os.Getenv("ROLO_TEST_HANGUP_CHILD") == "1" {
		hup := make(chan os.Signal, 1)
		hup <- syscall.SIGHUP
		onHangup(&Env{Stderr: os.Stderr}, hup, make(chan struct{}), func() {}, 50*time.Millisecond)
		t.Fatal("onHangup returned without the interface ending")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestHangupWatchdogExits$")
	cmd.Env = append(os.Environ(), "ROLO_TEST_HANGUP_CHILD=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 129 {
		t.Fatalf("the child ended with %v, want exit status 129; stderr:\n%s", err, errb.String())
	}
	if s := errb.String(); !strings.Contains(s, "did not stop within 50ms of the hang-up; exiting") || !strings.Contains(s, "goroutine ") {
		t.Errorf("standard error: %q", s)
	}
}

// Without a hang-up the watchdog stands down when the interface ends.
func TestHangupWatchdogStandsDown(t *testing.T) {
	ended, finished := make(chan struct{}), make(chan struct{})
	go func() {
		onHangup(&Env{Stderr: io.Discard}, make(chan os.Signal), ended, func() { t.Error("stopped without a hang-up") }, openHangupGrace)
		close(finished)
	}()
	close(ended)
	<-finished
}

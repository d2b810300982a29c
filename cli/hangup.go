package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"
)

// How long the interface has to stop after its terminal hung up (an SSH
// session dropped): rolo open only drops a throw-away store; the store's
// interface lets running jobs end cleanly (an import stops after its
// batch and can be resumed; an export removes its partial file).
const (
	openHangupGrace  = 3 * time.Second
	storeHangupGrace = 10 * time.Second
)

// watchHangup returns the context that stops the interface on a hang-up,
// and the function to call once the interface has returned. discard, if
// set, is a folder removed the moment the terminal hangs up.
func watchHangup(env *Env, discard string, grace time.Duration) (ctx context.Context, ended func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	stopping := env.signals.stopping() // Ctrl-C and SIGTERM quit it too
	go onHangup(env, hup, done, cancel, discard, grace)
	return ctx, func() {
		stopping()
		close(done)
		signal.Stop(hup)
		cancel()
	}
}

// onHangup waits for a hang-up (or for the interface to end first). On a
// hang-up it removes discard at once (the store keeps working on its open,
// now unlinked, file until it is closed, and the kernel frees it then at
// the latest), so no copy of a file's personal data outlives the terminal
// whatever happens next. Then it stops the interface; should that not stop
// within grace, rolo exits anyway, with the goroutines on standard error
// for the bug report: a process without a terminal must not linger.
func onHangup(env *Env, hup <-chan os.Signal, ended <-chan struct{}, stop context.CancelFunc, discard string, grace time.Duration) {
	select {
	case <-ended:
		return
	case <-hup:
	}
	if discard != "" {
		_ = os.RemoveAll(discard) // where open files cannot be removed, Close does it
	}
	stop()
	select {
	case <-ended:
	case <-time.After(grace):
		fmt.Fprintf(env.Stderr, "rolo: the interface did not stop within %s of the hang-up; exiting\n", grace)
		_ = pprof.Lookup("goroutine").WriteTo(env.Stderr, 2)
		os.Exit(129) // 128 + SIGHUP, as a shell reports a hang-up
	}
}

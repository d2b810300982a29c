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
// session dropped): rolo open only drops what it holds in memory; the
// store's interface lets running jobs end cleanly (an import stops after its
// batch and can be resumed; an export removes its partial file).
const (
	openHangupGrace  = 3 * time.Second
	storeHangupGrace = 10 * time.Second
)

// watchHangup returns the context that stops the interface on a hang-up,
// and the function to call once the interface has returned.
func watchHangup(env *Env, grace time.Duration) (ctx context.Context, ended func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	stopping := env.signals.stopping() // Ctrl-C and SIGTERM quit it too
	go onHangup(env, hup, done, cancel, grace)
	return ctx, func() {
		stopping()
		close(done)
		signal.Stop(hup)
		cancel()
	}
}

// onHangup waits for a hang-up (or for the interface to end first). On a
// hang-up it stops the interface; should that not stop within grace, rolo
// exits anyway, with the goroutines on standard error for the bug report:
// a process without a terminal must not linger (and rolo open's copy of a
// file, in memory only, goes with it).
func onHangup(env *Env, hup <-chan os.Signal, ended <-chan struct{}, stop context.CancelFunc, grace time.Duration) {
	select {
	case <-ended:
		return
	case <-hup:
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

package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"rolo/private"
)

// endSignals are the signals that end rolo: Ctrl-C, kill's default, a
// terminal hang-up (an SSH session dropped) and Ctrl-\.
var endSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// signals is how the rolo process ends on a signal. First, always, the
// private files it is writing (exports, reports, rejects) are removed, so
// no half file of personal data is left. Then a command that stops by
// itself on a signal (an import after its batch, the interface after its
// jobs) is left to do so; any other command, or any command at a second
// signal or at SIGQUIT, dies of the signal as it would have without rolo
// catching it. A store write that is cut off this way is simply not
// committed: bbolt's file stays consistent.
type signals struct {
	mu       sync.Mutex
	stoppers int // commands running that stop by themselves on a signal
	got      int // signals received
	// dying is set once a signal ends the process: the handler is about
	// to kill it, and the command it cut short must not exit first.
	dying bool
}

// watch handles the signals until the returned function is called.
func (sg *signals) watch(env *Env) (stop func()) {
	if sg == nil {
		return func() {}
	}
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, endSignals...)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case s := <-ch:
				sg.handle(env, s)
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

func (sg *signals) handle(env *Env, s os.Signal) {
	sg.mu.Lock()
	sg.got++
	graceful := sg.stoppers > 0 && sg.got == 1 && s != syscall.SIGQUIT
	sg.dying = sg.dying || !graceful
	sg.mu.Unlock()
	if removed := private.RemoveUnfinished(!graceful); len(removed) > 0 {
		fmt.Fprintf(env.Stderr, "rolo: %s: removed the unfinished %s\n", s, strings.Join(removed, ", "))
	}
	if graceful {
		return
	}
	// Die of the signal itself, so whoever started rolo sees it as the
	// cause (a shell's 130 for Ctrl-C; Go's goroutine dump for SIGQUIT).
	signal.Reset(s)
	if sig, ok := s.(syscall.Signal); ok {
		_ = syscall.Kill(os.Getpid(), sig)
		time.Sleep(time.Second)
		os.Exit(128 + int(sig))
	}
	os.Exit(ExitError)
}

// stopping says the running command stops by itself on a signal, until
// the returned function is called.
func (sg *signals) stopping() (done func()) {
	if sg == nil {
		return func() {}
	}
	sg.mu.Lock()
	sg.stoppers++
	sg.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			sg.mu.Lock()
			sg.stoppers--
			sg.mu.Unlock()
		})
	}
}

// stopContext is cancelled by Ctrl-C, a terminal hang-up or SIGTERM: the
// work it runs stops cleanly (an import after the batch it is writing).
// A second signal, or SIGQUIT, ends rolo at once.
func stopContext(env *Env, parent context.Context) (context.Context, context.CancelFunc) {
	if parent == nil {
		parent = context.Background()
	}
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	done := env.signals.stopping()
	return ctx, func() { done(); stop() }
}

// awaitDeath keeps a command whose file a signal removed from exiting with
// an error of its own before the handler kills the process with that
// signal: whoever started rolo must see the signal as the cause. It
// returns at once when no signal is ending the process.
func (sg *signals) awaitDeath() {
	if sg == nil {
		return
	}
	sg.mu.Lock()
	dying := sg.dying
	sg.mu.Unlock()
	if dying {
		time.Sleep(5 * time.Second) // the handler exits well before
	}
}

// Command rolo is a terminal contact manager: see README.md and docs/.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"rolo/cli"
	"rolo/store"
	"rolo/ui"
)

func main() {
	env := cli.OSEnv()
	// ROLO_NOW=2026-11-02T10:00:00Z starts rolo's clock at that time (it
	// runs on from there), so demo data and dates come out the same on
	// every run: the docs' pictures are taken this way.
	if at := os.Getenv("ROLO_NOW"); at != "" {
		t0, err := time.Parse(time.RFC3339, at)
		if err != nil {
			fmt.Fprintf(os.Stderr, "rolo: ROLO_NOW %q is not a time such as 2026-11-02T10:00:00Z\n", at)
			os.Exit(cli.ExitUsage)
		}
		began := time.Now()
		env.Now = func() time.Time { return t0.Add(time.Since(began)) }
	}
	env.RunTUI = func(s *store.Store, opt cli.TUIOptions) error {
		return ui.Run(ui.Deps{Store: s, Now: env.Now, ImportFile: opt.OpenFile, NoColor: env.Getenv("NO_COLOR") != "",
			Open: opt.Open, Context: opt.Context, Getenv: env.Getenv})
	}
	// ROLO_CPUPROFILE=FILE profiles a whole command as people run it, which
	// is what the figures in docs/speed.md are about.
	if path := os.Getenv("ROLO_CPUPROFILE"); path != "" {
		stop, err := startProfile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "rolo: %v\n", err)
			os.Exit(cli.ExitError)
		}
		code := cli.Main(env, os.Args[1:])
		stop()
		os.Exit(code)
	}
	os.Exit(cli.Main(env, os.Args[1:]))
}

func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting CPU profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

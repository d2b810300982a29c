// Command rolo is a terminal contact manager: see README.md.
package main

import (
	"os"

	"rolo/cli"
	"rolo/store"
	"rolo/ui"
)

func main() {
	env := cli.OSEnv()
	env.RunTUI = func(s *store.Store, opt cli.TUIOptions) error {
		return ui.Run(ui.Deps{Store: s, Now: env.Now, ImportFile: opt.OpenFile, NoColor: env.Getenv("NO_COLOR") != ""})
	}
	os.Exit(cli.Main(env, os.Args[1:]))
}

// Command rolo is a terminal contact manager: see README.md.
package main

import (
	"os"

	"rolo/cli"
)

func main() {
	os.Exit(cli.Main(cli.OSEnv(), os.Args[1:]))
}

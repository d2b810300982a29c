package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command's help ends by naming the page that documents it, and the
// page is there (a renamed page would otherwise leave the help pointing at
// nothing).
func TestEveryCommandNamesItsDocsPage(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		code, out, errs := run(t, append(strings.Fields(c.CommandPath())[1:], "--help")...)
		if code != ExitOK {
			t.Fatalf("%s --help: exit %d: %s", c.CommandPath(), code, errs)
		}
		m := regexp.MustCompile(`(?m)^Documentation: (\S+)`).FindStringSubmatch(out)
		if m == nil {
			t.Errorf("%s --help names no documentation page:\n%s", c.CommandPath(), out)
		} else {
			page, _, _ := strings.Cut(strings.TrimSuffix(m[1], ","), "#")
			if _, err := os.Stat(filepath.Join("..", page)); err != nil {
				t.Errorf("%s --help names %s: %v", c.CommandPath(), m[1], err)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRoot(&Env{}))
}

package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// completion is what tab makes of a typed path, in the import wizard's file
// step and in the open dialog alike: the path completed as far as the names
// in its folder agree, and those names (a folder's with its slash).
type completion struct {
	value   string
	matches []string
}

// completePathIn completes the last part of typed, a path taken from base
// ("" for the current folder; ~ is the home folder). Case is ignored; one
// match is taken whole, several as far as they share a start. Hidden names
// are offered only when the typed part begins with a dot; a file only when
// want accepts its name (nil: every file).
func completePathIn(base, typed string, want func(name string) bool) completion {
	c := completion{value: typed}
	dirPart, prefix := "", typed
	if i := strings.LastIndexByte(typed, '/'); i >= 0 {
		dirPart, prefix = typed[:i+1], typed[i+1:]
	}
	dir := resolvePath(base, dirPart)
	if dirPart == "" {
		dir = resolvePath(base, ".")
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return c
	}
	lp := strings.ToLower(prefix)
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, ".") && !strings.HasPrefix(prefix, ".") {
			continue
		}
		if !strings.HasPrefix(strings.ToLower(n), lp) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(dir, n)); err == nil {
				isDir = fi.IsDir()
			}
		}
		switch {
		case isDir:
			c.matches = append(c.matches, n+"/")
		case want == nil || want(n):
			c.matches = append(c.matches, n)
		}
	}
	slices.Sort(c.matches)
	switch len(c.matches) {
	case 0:
	case 1:
		c.value = dirPart + c.matches[0]
	default:
		c.value = dirPart + commonPrefixFold(c.matches, prefix)
	}
	return c
}

// commonPrefixFold is the longest start the names share (ignoring case),
// taken from the first name; never shorter than what was typed.
func commonPrefixFold(names []string, typed string) string {
	p := []rune(names[0])
	for _, n := range names[1:] {
		r := []rune(n)
		i := 0
		for i < len(p) && i < len(r) && strings.EqualFold(string(p[i]), string(r[i])) {
			i++
		}
		p = p[:i]
	}
	if len([]rune(typed)) > len(p) {
		return typed
	}
	return string(p)
}

package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// The file step's commands: listing a folder and completing a typed path.

// dirOf is the folder of a file path ("" for none: the current folder).
func dirOf(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Dir(path)
}

func baseName(path string) string { return filepath.Base(path) }

// resolvePath makes a typed path absolute: ~ is the home folder, a
// relative path is taken from base.
func resolvePath(base, p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	if !filepath.IsAbs(p) && base != "" {
		p = filepath.Join(base, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// listDir reads a folder ("" is the current one); a path that names a file
// answers with the file.
func listDir(w *importWizard, seq int, path string) tea.Cmd {
	return func() tea.Msg {
		msg := wizDirMsg{w: w, seq: seq}
		if path == "" {
			wd, err := os.Getwd()
			if err != nil {
				msg.err = fmt.Errorf("reading the current folder: %w", err)
				return msg
			}
			path = wd
		}
		path = resolvePath("", path)
		fi, err := os.Stat(path)
		if err != nil {
			msg.err = fmt.Errorf("%s: %w", path, unwrapPathErr(err))
			return msg
		}
		if !fi.IsDir() {
			msg.file = path
			return msg
		}
		ents, err := os.ReadDir(path)
		if err != nil {
			msg.err = fmt.Errorf("reading %s: %w", path, unwrapPathErr(err))
			return msg
		}
		msg.dir = path
		if parent := filepath.Dir(path); parent != path {
			msg.entries = append(msg.entries, fileEntry{name: "..", dir: true})
		}
		for _, e := range ents {
			info, err := e.Info()
			if err != nil {
				continue // removed since
			}
			isDir := info.IsDir()
			if info.Mode()&os.ModeSymlink != 0 {
				if t, err := os.Stat(filepath.Join(path, e.Name())); err == nil {
					isDir, info = t.IsDir(), t
				}
			}
			switch {
			case isDir:
				msg.entries = append(msg.entries, fileEntry{name: e.Name(), dir: true})
			case importable(e.Name()) && info.Mode().IsRegular():
				msg.entries = append(msg.entries, fileEntry{name: e.Name(), size: info.Size()})
			default:
				msg.noImport++
			}
		}
		slices.SortStableFunc(msg.entries, func(a, b fileEntry) int {
			if a.dir != b.dir {
				if a.dir {
					return -1
				}
				return 1
			}
			if a.name == ".." {
				return -1
			}
			if b.name == ".." {
				return 1
			}
			return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
		})
		return msg
	}
}

// unwrapPathErr drops the path an *os.PathError repeats.
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// complete completes a typed path from the folder it names (see
// completePathIn), offering folders and files rolo can import.
func complete(w *importWizard, seq int, base, typed string) tea.Cmd {
	return func() tea.Msg {
		c := completePathIn(base, typed, importable)
		return wizCompleteMsg{w: w, seq: seq, typed: typed, value: c.value, matches: c.matches}
	}
}

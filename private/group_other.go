//go:build !unix

package private

import "io/fs"

// Other systems have no setgid folders: files stay their owner's.
func groupOf(fs.FileInfo) (int, bool) { return 0, false }

//go:build !unix

package private

import "os"

// Without flock a leftover cannot be told from a live writer's file, so
// none is removed.
func lockTemp(*os.File) bool        { return true }
func removeIfLeftover(string) error { return nil }

// Other systems may not rename an open file.
const renameOpen = false

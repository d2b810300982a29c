//go:build !unix

package fileview

// alive cannot be told here: every folder is taken to be in use.
func alive(int) bool { return true }

package ui

// newImportEntry is where an import starts: openImportMsg pushes the import
// wizard (wizard.go) it returns, from the empty store's i, the jobs list's
// n, and `rolo import FILE` run on a terminal (at the file's preview).
func newImportEntry(sh *shared, path string) *importWizard {
	return newImportWizard(sh, path)
}

package ui

import (
	"fmt"
	"testing"

	"rolo/store"
)

func TestDamagedStoreScreenUsesTheCommandLinesWords(t *testing.T) {
	de := &store.DamageError{Path: "/srv/rolo.db", What: "the file is empty"}
	got := fatalText(fmt.Errorf("reading /srv/rolo.db: %w", de))
	if got != de.Error() {
		t.Errorf("error screen says %q, want %q", got, de.Error())
	}
}

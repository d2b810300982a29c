package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Rows normalised on several cores still reach fn in the file's order,
// across chunks and tables, and an error from fn or a cancel stops the
// reading with that error.
func TestAuditEachOrderAndStops(t *testing.T) {
	var b strings.Builder
	b.WriteString("Name,E-mail,Phone\n")
	const n = 10*chunkSize + 17
	for i := range n {
		fmt.Fprintf(&b, "Person %d,p%d@example.com,+48 601 %03d %03d\n", i, i, i/1000, i%1000)
	}
	path := filepath.Join(t.TempDir(), "many.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	audit := func(ctx context.Context, fn func(*AuditRow) error) (*AuditReport, error) {
		src, err := Open(path, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		return AuditEach(ctx, src, "PL", nil, fn)
	}
	next := 1
	rep, err := audit(context.Background(), func(r *AuditRow) error {
		if r.Row != next || r.Contact == nil || len(r.Contact.Emails) != 1 || r.Contact.Emails[0] != fmt.Sprintf("p%d@example.com", next-1) {
			return fmt.Errorf("row %d handed over as row %d: %+v", next, r.Row, r.Contact)
		}
		next++
		return nil
	})
	if err != nil || rep.Rows != n || next != n+1 {
		t.Fatalf("rows %d of %d, %v", next-1, n, err)
	}

	enough := errors.New("enough")
	seen := 0
	_, err = audit(context.Background(), func(r *AuditRow) error {
		if seen++; seen == 700 {
			return enough
		}
		return nil
	})
	if !errors.Is(err, enough) || seen != 700 {
		t.Errorf("fn's error: %v after %d rows", err, seen)
	}

	ctx, cancel := context.WithCancel(context.Background())
	seen = 0
	_, err = audit(ctx, func(r *AuditRow) error {
		if seen++; seen == 300 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || seen != 300 {
		t.Errorf("cancelled: %v after %d rows", err, seen)
	}
}

package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rolo/contact"
)

func TestSuppressionListKeepsHashesOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	s, err := Open(path, Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	if has, _ := s.HasSuppressions(); has {
		t.Fatal("a new store has suppressions")
	}
	c := &contact.Contact{Emails: []string{"marker.unique.4711@example.org"}, Phones: []contact.Phone{{Number: "+48601234567"}}, WhatsApp: "+48601999888"}
	var added [][]byte
	err = s.Update(func(tx *Tx) (err error) {
		added, err = tx.SuppressContact(c, Suppression{Reason: "unsubscribed", Source: "card"})
		return err
	})
	if err != nil || len(added) != 3 {
		t.Fatalf("SuppressContact added %d keys, err %v; want 3", len(added), err)
	}
	for _, tt := range []struct {
		kind, value string
		want        bool
	}{
		{SuppressEmail, "marker.unique.4711@example.org", true},
		{SuppressEmail, "  Marker.Unique.4711@EXAMPLE.org ", true}, // normalised before hashing
		{SuppressPhone, "+48601234567", true},
		{SuppressPhone, "+48601999888", true},
		{SuppressPhone, "+48601234568", false},
		{SuppressEmail, "other@example.org", false},
		{SuppressPhone, "marker.unique.4711@example.org", false}, // kinds do not mix
	} {
		e, ok, err := s.Suppressed(tt.kind, tt.value)
		if err != nil || ok != tt.want {
			t.Errorf("Suppressed(%s, %q) = %v, %v; want %v", tt.kind, tt.value, ok, err, tt.want)
		}
		if ok && (e.Reason != "unsubscribed" || !e.At.Equal(t0) || e.Source != "card") {
			t.Errorf("entry of %q = %+v", tt.value, e)
		}
	}
	// Adding again keeps the first entry and says nothing was added.
	if ok, err := s.Suppress(SuppressEmail, "marker.unique.4711@example.org", Suppression{Reason: "erased"}); ok || err != nil {
		t.Errorf("second Suppress = %v, %v", ok, err)
	}
	list, err := s.Suppressions()
	if err != nil || len(list) != 3 {
		t.Fatalf("Suppressions = %d entries, %v", len(list), err)
	}
	kinds := map[string]int{}
	for _, e := range list {
		kinds[e.Kind]++
		if len(e.Hash) != 64 {
			t.Errorf("hash %q is not a hex HMAC-SHA256", e.Hash)
		}
	}
	if kinds[SuppressEmail] != 1 || kinds[SuppressPhone] != 2 {
		t.Errorf("kinds = %v", kinds)
	}
	err = s.View(func(tx *Tx) error {
		e, ok, err := tx.ContactSuppressed(&contact.Contact{Phones: []contact.Phone{{Number: "+48601999888"}}})
		if err != nil || !ok || e.Kind != SuppressPhone {
			t.Errorf("ContactSuppressed = %+v %v %v", e, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The hasher gives the same keys as the transaction (importers hash
	// on their own goroutines).
	h, err := s.Hasher()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(h.Sum(SuppressPhone, "+48601234567"), added[1]) {
		t.Error("Hasher.Sum differs from the key SuppressContact stored")
	}
	if err := s.Update(func(tx *Tx) error { return tx.Unsuppress(SuppressPhone, "+48601234567") }); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Suppressed(SuppressPhone, "+48601234567"); ok {
		t.Error("Unsuppress left the entry")
	}
	s.Close()
	// The values themselves are not in the file.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("marker.unique.4711")) {
		t.Error("the suppressed e-mail is readable in the store file")
	}
}

func TestSuppressionKeysDifferPerStore(t *testing.T) {
	a, b := openTemp(t), openTemp(t)
	ha, _ := a.Hasher()
	hb, _ := b.Hasher()
	if bytes.Equal(ha.Sum(SuppressEmail, "x@y.pl"), hb.Sum(SuppressEmail, "x@y.pl")) {
		t.Error("two stores hash an e-mail to the same key: the secret is not used")
	}
}

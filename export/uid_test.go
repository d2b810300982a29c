package export

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"rolo/contact"
)

// A card keeps its own UID in a vCard export; rolo's ID names only the
// cards that have none, and never a second time.
func TestVCardWritesOneUID(t *testing.T) {
	opt := Options{Format: VCard, Columns: append(DefaultColumns(VCard, nil, nil), "id")}
	own, bare := sample()[0], sample()[1]
	own.UID = "urn:uuid:7d1e"
	var buf bytes.Buffer
	if _, err := Run(context.Background(), &buf, each([]*contact.Contact{own, bare}), nil, opt, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "UID:"); n != 2 {
		t.Errorf("%d UID lines in:\n%s", n, out)
	}
	if !strings.Contains(out, "UID:urn:uuid:7d1e\r\n") || !strings.Contains(out, "UID:urn:rolo:"+strconv.FormatUint(bare.ID, 10)+"\r\n") {
		t.Errorf("UIDs:\n%s", out)
	}
}

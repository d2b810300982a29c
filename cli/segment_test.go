package cli

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	db := demoStore(t, 300)
	if code, out, errs := run(t, "--db", db, "segment", "list"); code != ExitOK || out != "" {
		t.Fatalf("empty list: %d %q %q", code, out, errs)
	}
	code, out, errs := run(t, "--db", db, "segment", "save", "VIP Kraków", "city = Kraków, Łódź and group in VIP")
	if code != ExitOK || !strings.Contains(out, `saved segment "VIP Kraków": city = Kraków, Łódź and groups in VIP`) {
		t.Fatalf("save: %d %q %q", code, out, errs)
	}
	// The expression may also come as several words.
	if code, _, errs := run(t, "--db", db, "segment", "save", "rich", "points", ">=", "4000"); code != ExitOK {
		t.Fatalf("save in words: %s", errs)
	}
	_, out, _ = run(t, "--db", db, "segment", "list")
	if out != "VIP Kraków\tcity = Kraków, Łódź and groups in VIP\nrich\tpoints >= 4000\n" {
		t.Errorf("list: %q", out)
	}
	// --segment gives what --where gives, in list, count and export.
	for _, cmd := range [][]string{{"count"}, {"list", "--columns", "id"}, {"export", "--columns", "crm_id"}} {
		_, bySeg, _ := run(t, append([]string{"--db", db}, append(cmd, "--segment", "VIP Kraków")...)...)
		_, byWhere, _ := run(t, append([]string{"--db", db}, append(cmd, "--where", "city = Kraków, Łódź and group in VIP")...)...)
		if bySeg != byWhere || bySeg == "" || bySeg == "0\n" {
			t.Errorf("%v: --segment %q, --where %q", cmd, bySeg, byWhere)
		}
	}
	// Saving a name in use is refused (nothing changes) unless --replace;
	// a changed store keeps its segments.
	code, _, errs = run(t, "--db", db, "segment", "save", "rich", "points >= 4500")
	if code != ExitError || !strings.Contains(errs, `a segment named "rich" exists; add --replace to replace it`) {
		t.Errorf("save over a segment: %d %q", code, errs)
	}
	if _, out, _ := run(t, "--db", db, "segment", "list"); !strings.Contains(out, "rich\tpoints >= 4000\n") {
		t.Errorf("a refused save changed the segment: %q", out)
	}
	if code, _, errs := run(t, "--db", db, "segment", "save", "rich", "points >= 4500", "--replace"); code != ExitOK {
		t.Errorf("save --replace: %d %q", code, errs)
	}
	run(t, "--db", db, "demo", "--count", "5", "--append")
	_, out, _ = run(t, "--db", db, "segment", "list")
	if !strings.Contains(out, "rich\tpoints >= 4500\n") || !strings.Contains(out, "VIP Kraków") {
		t.Errorf("after replace and new contacts: %q", out)
	}
	if code, out, _ := run(t, "--db", db, "segment", "rm", "rich"); code != ExitOK || !strings.Contains(out, `removed segment "rich"`) {
		t.Errorf("rm: %d %q", code, out)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"segment", "rm", "rich"}, ExitError, `no segment named "rich"`},
		{[]string{"segment", "save", "bad", "city Kraków"}, ExitUsage, `"Kraków" at column 6: expected an operator`},
		{[]string{"segment", "save", "only-name"}, ExitUsage, "requires at least 2 arg"},
		{[]string{"segment", "save", " ", "city = x"}, ExitUsage, "needs a name"},
		{[]string{"--read-only", "segment", "save", "x", "city = x"}, ExitUsage, "drop --read-only"},
		{[]string{"segment"}, ExitUsage, "save, list or rm"},
	} {
		code, _, errs := run(t, append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("rolo %v: exit %d %q; want %d %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
	if _, out, _ := run(t, "--db", db, "segment", "list"); out != "VIP Kraków\tcity = Kraków, Łódź and groups in VIP\n" {
		t.Errorf("final list: %q", out)
	}
}

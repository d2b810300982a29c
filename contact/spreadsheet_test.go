package contact

import "testing"

func TestFormulaQuoteIsReversible(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")":          "'=HYPERLINK(\"x\")",
		"@elka_ru":                   "'@elka_ru",
		"-20.5":                      "-20.5",
		"+48601234567":               "+48601234567",
		"+48601234567; +48221234567": "+48601234567; +48221234567",
		"+48 601 234 567":            "'+48 601 234 567",
		"- item":                     "'- item",
		"'tis":                       "'tis",
		"'=x":                        "''=x",
		"''@x":                       "'''@x",
		"'":                          "'",
		"2026-11-02":                 "2026-11-02",
		"":                           "",
	} {
		got := ProtectFormula(in)
		if got != want {
			t.Errorf("ProtectFormula(%q) = %q, want %q", in, got, want)
		}
		if back := UnprotectFormula(got); back != in {
			t.Errorf("UnprotectFormula(%q) = %q, want %q", got, back, in)
		}
	}
	// A value that was never protected comes in as it is.
	for _, s := range []string{"'tis", "=SUM(A1)", "'", "''", "@handle"} {
		if got := UnprotectFormula(s); got != s {
			t.Errorf("UnprotectFormula(%q) = %q", s, got)
		}
	}
}

func TestLooksLikeFormula(t *testing.T) {
	for s, want := range map[string]bool{
		"=1+2": true, "=HYPERLINK(\"x\")": true, "@handle": true, "-Anna": true, "+SUM(A1)": true,
		"-20.5": false, "+48 601 234 567": false, "+4860123": false, "'=x": false, "Anna": false,
		"=": false, "": false, "a=b": false, "--": false,
	} {
		if got := LooksLikeFormula(s); got != want {
			t.Errorf("LooksLikeFormula(%q) = %v, want %v", s, got, want)
		}
	}
}

package importer

import (
	"slices"
	"testing"

	"rolo/contact"
)

// The index finds what a scan of every phrase with hasWord finds, for the
// dictionary's own words, headers that hold them among other words, and
// CJK headers.
func TestPhraseIndexFindsWhatAScanFinds(t *testing.T) {
	l := lex()
	var headers []string
	for h := range l.headers {
		headers = append(headers, h, "my "+h+" 2", h+" "+h)
	}
	headers = append(headers, normHeader("携帯電話番号"), normHeader("E-mail地址"), normHeader("이메일 수신 동의"), "", "x")
	for _, x := range []struct {
		idx   *phraseIndex
		words []string
	}{
		{&l.anyIdx, wordsOf(l.anywhere)}, {&l.otherIdx, l.otherDate}, {&l.consentIdx, l.consent}, {&l.channelIdx, l.channelIdx.phrases},
	} {
		for _, h := range headers {
			want := slices.IndexFunc(x.words, func(w string) bool { return hasWord(h, w) })
			if got := x.idx.firstIn(h); got != want {
				t.Errorf("%q: index %d, scan %d", h, got, want)
			}
		}
	}
}

func wordsOf(ws []wordTarget) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.word
	}
	return out
}

// A wide row's custom fields come out as setting them one by one makes
// them: sorted by name, the last column of a name winning, empty cells
// leaving a field unset.
func TestWideRowCustomsMatchOneByOne(t *testing.T) {
	var cols []string
	var cells []string
	for i := range 3 * wideRow {
		name := []string{"zeta", "alpha", "mid", "Alpha"}[i%4] + string(rune('a'+i%26)) + string(rune('a'+i/26))
		cols = append(cols, "custom:"+name)
		cells = append(cells, string(rune('A'+i%26)))
	}
	cols = append(cols, cols[1], cols[0], "Email") // one name twice, the second empty
	cells = append(cells, "last wins", "", "w@example.com")
	src := NewSource("wide.csv", cols, [][]string{cells})
	rows := []*AuditRow{}
	if _, err := AuditEach(t.Context(), src, "PL", nil, func(r *AuditRow) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	var want contact.Contact
	for i, c := range cols[:len(cols)-1] {
		if cells[i] != "" {
			want.SetCustom(c[len("custom:"):], cells[i])
		}
	}
	if got := rows[0].Contact.Custom; !slices.Equal(got, want.Custom) {
		t.Errorf("customs\n got %v\nwant %v", got, want.Custom)
	}
}

package importer

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding is a text encoding the importer reads.
type Encoding struct {
	Name string            // canonical: utf-8, utf-16le, utf-16be, windows-1250, koi8-r, …
	enc  encoding.Encoding // nil for UTF-8
	bom  bool              // the file starts with a byte-order mark
}

// UTF8 is the encoding of most files, and of everything rolo writes.
var UTF8 = Encoding{Name: "utf-8"}

// LookupEncoding resolves an encoding name as people type it: utf-8,
// utf-16 (le/be), windows-1250…1258, cp1251, iso-8859-2, latin2, koi8-r,
// ibm866, shift_jis and cp932, euc-jp, euc-kr and cp949, gbk and cp936,
// gb18030, big5 and cp950, and every other WHATWG label.
func LookupEncoding(name string) (Encoding, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	squeezed := strings.NewReplacer("-", "", "_", "", " ", "").Replace(n)
	if alias, ok := eastAsianAliases[squeezed]; ok {
		n = alias
	}
	switch squeezed {
	case "utf8":
		return UTF8, nil
	case "utf16", "utf16le", "ucs2", "ucs2le":
		return Encoding{Name: "utf-16le", enc: xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)}, nil
	case "utf16be", "ucs2be":
		return Encoding{Name: "utf-16be", enc: xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)}, nil
	}
	enc, err := htmlindex.Get(n)
	if err != nil {
		// cp1250 and friends are spelt windows-1250 in the WHATWG index.
		if num, ok := strings.CutPrefix(n, "cp"); ok {
			enc, err = htmlindex.Get("windows-" + num)
		}
	}
	if err != nil {
		return Encoding{}, fmt.Errorf("unknown encoding %q (try %s)", name, commonEncodingNames)
	}
	canon, _ := htmlindex.Name(enc)
	if canon == "utf-8" {
		return UTF8, nil
	}
	return Encoding{Name: canon, enc: enc}, nil
}

// reader returns r decoded to UTF-8. A UTF-8 byte-order mark is dropped;
// UTF-16 is decoded by its mark, or by the encoding's byte order.
func (e Encoding) reader(r io.Reader) io.Reader {
	if e.enc == nil {
		return &bomSkipper{r: r}
	}
	return transform.NewReader(r, e.enc.NewDecoder())
}

// decode returns b decoded to UTF-8 (for samples and vCard values).
func (e Encoding) decode(b []byte) string {
	if e.enc == nil {
		return string(bytes.TrimPrefix(b, utf8BOM))
	}
	out, err := e.enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// commonEncodingNames are the names an unknown encoding's error suggests.
const commonEncodingNames = "utf-8, utf-16, windows-1250, windows-1251, windows-1252, iso-8859-2, koi8-r, " +
	"shift_jis (cp932), euc-jp, euc-kr (cp949), gbk (cp936), gb18030 or big5 (cp950)"

// eastAsianAliases are the Windows and Unix names of the East Asian code
// pages that the WHATWG index does not list (Japanese Excel saves "cp932"),
// with hyphens, underscores and spaces taken out.
var eastAsianAliases = map[string]string{
	"cp932": "shift_jis", "windows932": "shift_jis", "ms932": "shift_jis", "shiftjis": "shift_jis",
	"sjis": "shift_jis", "mskanji": "shift_jis", "windows31j": "shift_jis",
	"eucjp": "euc-jp", "ujis": "euc-jp", "cp20932": "euc-jp", "cp51932": "euc-jp",
	"cp949": "euc-kr", "windows949": "euc-kr", "uhc": "euc-kr", "euckr": "euc-kr", "ksc5601": "euc-kr", "ms949": "euc-kr",
	"cp936": "gbk", "windows936": "gbk", "ms936": "gbk", "gb2312": "gbk", "euccn": "gbk",
	"cp54936": "gb18030",
	"cp950":   "big5", "windows950": "big5", "ms950": "big5", "big5hkscs": "big5",
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// bomSkipper drops a UTF-8 byte-order mark at the start of a stream.
type bomSkipper struct {
	r       io.Reader
	started bool
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if b.started {
		return b.r.Read(p)
	}
	b.started = true
	head := make([]byte, 3)
	n, err := io.ReadFull(b.r, head)
	head = head[:n]
	if bytes.Equal(head, utf8BOM) {
		head = nil
	}
	if len(head) == 0 {
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		if err != nil {
			return 0, err
		}
		return b.r.Read(p)
	}
	b.r = io.MultiReader(bytes.NewReader(head), b.r)
	return b.r.Read(p)
}

// EncodingGuess is one candidate encoding with its plausibility (higher is
// better; about 2 for clean text in a language rolo knows, below 0 for
// text full of symbols inside words and control characters).
type EncodingGuess struct {
	Name  string  `json:"encoding"`
	Score float64 `json:"score"`
}

// singleByte are the legacy code pages detection chooses from, in the
// order that breaks ties (a tie means the sample reads the same either way).
// They come before the double-byte pages, which win only by reading the
// sample better.
var singleByte = []struct {
	name string
	cm   *charmap.Charmap
}{
	{"windows-1252", charmap.Windows1252},
	{"windows-1250", charmap.Windows1250},
	{"iso-8859-2", charmap.ISO8859_2},
	{"windows-1251", charmap.Windows1251},
	{"koi8-r", charmap.KOI8R},
}

// DetectEncoding works out the encoding of a sample of a file (its first
// few hundred kilobytes): a byte-order mark, UTF-16 without one, valid
// UTF-8, else the most plausible legacy code page. The other plausible code
// pages (those that read the sample differently but nearly as well) are
// returned too, best first, so the user can be shown both readings.
func DetectEncoding(sample []byte) (Encoding, []EncodingGuess) {
	switch {
	case bytes.HasPrefix(sample, utf8BOM):
		e := UTF8
		e.bom = true
		return e, nil
	case bytes.HasPrefix(sample, []byte{0xFF, 0xFE}):
		e, _ := LookupEncoding("utf-16le")
		e.bom = true
		return e, nil
	case bytes.HasPrefix(sample, []byte{0xFE, 0xFF}):
		e, _ := LookupEncoding("utf-16be")
		e.bom = true
		return e, nil
	}
	if name := utf16WithoutBOM(sample); name != "" {
		e, _ := LookupEncoding(name)
		return e, nil
	}
	if validUTF8Prefix(sample) || mostlyUTF8(sample) {
		return UTF8, nil
	}
	cands := make([]legacyCandidate, 0, len(singleByte)+len(doubleByte))
	for _, c := range singleByte {
		cands = append(cands, legacyCandidate{EncodingGuess{c.name, scoreCodePage(sample, c.cm)}, c.cm})
	}
	_, dbl := detectDoubleByte(sample)
	for i, c := range doubleByte {
		cands = append(cands, legacyCandidate{dbl[i], c.enc})
	}
	slices.SortStableFunc(cands, func(a, b legacyCandidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	best := cands[0]
	var alts []EncodingGuess
	bestDecoded, _ := best.enc.NewDecoder().Bytes(sample)
	for _, c := range cands[1:] {
		if c.Score < 0.5 || c.Score < best.Score*0.75 {
			continue
		}
		other, _ := c.enc.NewDecoder().Bytes(sample)
		if bytes.Equal(other, bestDecoded) {
			continue // reads the same: not a different reading
		}
		alts = append(alts, c.EncodingGuess)
	}
	return Encoding{Name: best.Name, enc: best.enc}, alts
}

// legacyCandidate is one code page detection weighs, with its score.
type legacyCandidate struct {
	EncodingGuess
	enc encoding.Encoding
}

func isASCIILetter(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// validUTF8Prefix reports whether sample is valid UTF-8, allowing a rune
// cut off at its end.
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for cut := 1; cut <= 3 && cut <= len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) && !utf8.FullRune(b[len(b)-cut:]) {
			return true
		}
	}
	return false
}

// mostlyUTF8 reports whether a sample that is not valid UTF-8 is still
// UTF-8 with a few stray bytes (a file edited in two programs): its
// multi-byte sequences are mostly valid. Its bad cells get warnings.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return valid > 0 && valid >= 4*invalid
}

// utf16WithoutBOM recognises UTF-16 text without a byte-order mark by its
// zero bytes: in Latin text every other byte is zero.
func utf16WithoutBOM(b []byte) string {
	b = b[:min(len(b), 4096)]
	if len(b) < 8 {
		return ""
	}
	var even, odd int
	for i, c := range b {
		if c != 0 {
			continue
		}
		if i%2 == 0 {
			even++
		} else {
			odd++
		}
	}
	half := len(b) / 2
	switch {
	case odd > half*4/10 && even < half/20:
		return "utf-16le"
	case even > half*4/10 && odd < half/20:
		return "utf-16be"
	}
	return ""
}

// commonLetters are the accented letters of the languages rolo's users
// write (Polish, German, Portuguese, Spanish, French, Czech); a code page
// that turns a file's bytes into them is more plausible than one that
// turns them into rarer letters.
const commonLetters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻäöüßÄÖÜáàâãçéèêëíïîóôõúùûñÁÀÂÃÇÉÈÊÍÓÔÕÚÑčěřšžůýČŘŠŽ"

// frequentCyrillic are the ten most frequent letters of Russian text.
const frequentCyrillic = "оеаинтсрвлОЕАИНТСРВЛ"

// scoreCodePage rates how plausible the sample's bytes above 0x7F are as
// text in the code page: letters of common languages score, symbols in the
// middle of words and control characters cost, and so does an upper-case
// letter right after a lower-case one (what a Cyrillic text read in the
// wrong Cyrillic code page looks like).
func scoreCodePage(b []byte, cm *charmap.Charmap) float64 {
	decode := func(c byte) rune {
		if c < utf8.RuneSelf {
			return rune(c)
		}
		return cm.DecodeByte(c)
	}
	score, high := 0.0, 0
	for i, c := range b {
		if c < utf8.RuneSelf {
			continue
		}
		high++
		r := decode(c)
		var prev, next rune = ' ', ' '
		if i > 0 {
			prev = decode(b[i-1])
		}
		if i+1 < len(b) {
			next = decode(b[i+1])
		}
		switch {
		case r == utf8.RuneError || (r >= 0x80 && r < 0xA0):
			score -= 5
		case unicode.IsLetter(r):
			switch {
			case unicode.Is(unicode.Cyrillic, r):
				if isASCIILetter(prev) || isASCIILetter(next) {
					score -= 2 // a Cyrillic letter inside a Latin word
					break
				}
				score += 1.5
				if strings.ContainsRune(frequentCyrillic, r) {
					score += 1
				}
			case strings.ContainsRune(commonLetters, r):
				score += 2
			default:
				score += 0.5
			}
			if unicode.IsUpper(r) && unicode.IsLetter(prev) && unicode.IsLower(prev) {
				score -= 2.5
			}
		default:
			if unicode.IsLetter(prev) && unicode.IsLetter(next) {
				score -= 3
			} else {
				score -= 0.2
			}
		}
	}
	if high == 0 {
		return 2
	}
	return score / float64(high)
}

package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// script is the writing system a double-byte code page is made for; it
// decides which decoded characters make a reading plausible.
type script int

const (
	scriptJapanese script = iota
	scriptKorean
	scriptSimplified
	scriptTraditional
)

// doubleByte are the East Asian code pages detection chooses from, in the
// order that breaks ties. Their byte ranges overlap (EUC-JP, EUC-KR and GBK
// all pair bytes 0xA1–0xFE), so the bytes alone rarely decide: the
// characters each reading produces do.
var doubleByte = []struct {
	name   string
	enc    encoding.Encoding
	script script
}{
	{"shift_jis", japanese.ShiftJIS, scriptJapanese},
	{"euc-jp", japanese.EUCJP, scriptJapanese},
	{"gb18030", simplifiedchinese.GB18030, scriptSimplified}, // reads GBK too
	{"euc-kr", korean.EUCKR, scriptKorean},
	{"big5", traditionalchinese.Big5, scriptTraditional},
}

// Characters frequent in names, companies and addresses: a reading that
// produces them is far more plausible than one producing rare characters
// (every double-byte code page reads any byte pair as some character).
const (
	commonKanji  = "日本東京都大阪府県市区町村丁目番地号株式会社有限田中山川藤佐木村井上小野高橋林本松森清水池口石原和子美代郎太一二三四五雄子様電話営業部長課"
	commonHanzi  = "的一是不了人我在有他这中大来上国个到们为子和你地出道也时年市区省路号街县镇村公司有限张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许沈曾彭吕苏卢蒋蔡丁魏叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛秦江史顾侯孟龙万段钱汤黎易常武贺文北京上海广州深圳电话科技楼室号层东南西门华明伟芳娜静丽强磊军洋勇艳杰涛"
	commonHanja  = "的一是不了人我在有他這中大來上國個到們為子和你地出道也時年市區省路號街縣鎮村公司有限張王李劉陳楊趙黃周吳徐孫胡朱高林何郭馬羅梁宋鄭謝韓唐馮董程曹袁鄧許沈曾彭呂蘇盧蔣蔡丁魏葉余潘杜戴夏鍾汪田任姜范方石姚譚廖鄒熊金陸郝孔白崔康毛秦江史顧侯孟龍萬段錢湯黎易常武賀文北京臺台灣電話科技樓室層東南西門華明偉芳娜靜麗強磊軍洋勇艷傑濤"
	commonHangul = "이김박정최강조윤장임한오서신권황안송류홍전고문양손배백허남심노하곽성차주우구민유나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감호제음빈동온사시군읍면리로길번층호동아파트회사주식전화서울부산대구광역시도"
)

// scoreDoubleByte rates how plausible text decoded from a double-byte code
// page is, on the same scale as scoreCodePage (about 2 for clean text):
// frequent characters of the page's language score most, other characters
// of its scripts a little, and undecodable bytes, private-use characters
// and ideographs glued to Latin letters (what Latin text read as a
// double-byte page looks like) cost. The last rune is forgiven: a sample
// can cut a character in two.
func scoreDoubleByte(text string, sc script) float64 {
	score, n := 0.0, 0
	var prev rune = ' '
	for i, r := range text {
		if r < utf8.RuneSelf {
			prev = r
			continue
		}
		n++
		next := ' '
		if rest := text[i+utf8.RuneLen(r):]; rest != "" {
			next, _ = utf8.DecodeRuneInString(rest)
		} else if r == utf8.RuneError {
			n--
			break
		}
		score += doubleByteRune(r, sc)
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) {
			if isASCIILetter(prev) || isASCIILetter(next) {
				score -= 2
			}
		}
		prev = r
	}
	if n == 0 {
		return 0
	}
	return score / float64(n)
}

// doubleByteRune scores one decoded character for the script.
func doubleByteRune(r rune, sc script) float64 {
	switch {
	case r == utf8.RuneError || unicode.Is(unicode.Co, r) || unicode.IsControl(r):
		return -5
	case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
		if sc == scriptJapanese {
			return 2
		}
		return -1 // kana in Chinese or Korean text is rare
	case unicode.Is(unicode.Hangul, r):
		switch {
		case sc != scriptKorean:
			return -1
		case r < 0xAC00 || r > 0xD7A3:
			return -1 // jamo on their own: not how Korean is written
		case strings.ContainsRune(commonHangul, r):
			return 2.5
		}
		return 1.2
	case unicode.Is(unicode.Han, r):
		var common string
		switch sc {
		case scriptJapanese:
			common = commonKanji
		case scriptSimplified:
			common = commonHanzi
		case scriptTraditional:
			common = commonHanja
		case scriptKorean:
			return 0.2 // modern Korean rarely writes Hanja
		}
		if strings.ContainsRune(common, r) {
			return 2.5
		}
		return 0.8
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return 0.2 // full-width Latin, Greek, Cyrillic in a CJK page
	case unicode.IsPunct(r) || unicode.IsSpace(r):
		return 0.5 // 、。「」 and the full-width space
	}
	return -0.5
}

// doubleByteSample is how much of a sample the East Asian readings are
// scored on: plenty to tell them apart, and it keeps the five decodings
// from costing an open of a large legacy file (they took 95 ms on a
// megabyte, against 15 ms for all the single-byte pages).
const doubleByteSample = 64 << 10

// detectDoubleByte scores every East Asian reading of the sample and
// returns them with the index of the best.
func detectDoubleByte(sample []byte) (best int, guesses []EncodingGuess) {
	sample = sample[:min(len(sample), doubleByteSample)]
	guesses = make([]EncodingGuess, len(doubleByte))
	best = -1
	for i, c := range doubleByte {
		text, _ := c.enc.NewDecoder().Bytes(sample)
		guesses[i] = EncodingGuess{Name: c.name, Score: scoreDoubleByte(string(text), c.script)}
		if best < 0 || guesses[i].Score > guesses[best].Score {
			best = i
		}
	}
	return best, guesses
}

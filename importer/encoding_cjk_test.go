package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Address-book samples as a phone or a Japanese, Chinese or Korean Excel
// would save them: names, companies, addresses, a few e-mails and numbers.
var (
	japaneseCSV = "姓,名,フリガナ,会社名,住所,電話番号,メール\n" +
		"山田,太郎,ヤマダ タロウ,株式会社山田商事,東京都千代田区丸の内1丁目2番3号,03-1234-5678,taro@example.jp\n" +
		"佐藤,花子,サトウ ハナコ,有限会社さくら,大阪府大阪市北区梅田2丁目,06-2345-6789,hanako@example.jp\n" +
		"鈴木,一郎,スズキ イチロウ,鈴木工業株式会社,愛知県名古屋市中区栄3丁目,052-345-6789,ichiro@example.jp\n" +
		"高橋,美代子,タカハシ ミヨコ,,神奈川県横浜市西区みなとみらい,045-456-7890,miyoko@example.jp\n"
	simplifiedCSV = "姓名,公司,地址,电话,邮箱\n" +
		"张伟,北京华明科技有限公司,北京市海淀区中关村大街1号,010-12345678,zhangwei@example.cn\n" +
		"王芳,上海东方贸易有限公司,上海市浦东新区世纪大道100号,021-87654321,wangfang@example.cn\n" +
		"李娜,广州南方电子公司,广东省广州市天河区体育西路,020-11112222,lina@example.cn\n" +
		"刘强,深圳龙华建设集团,深圳市南山区科技园南区,0755-33334444,liuqiang@example.cn\n"
	traditionalCSV = "姓名,公司,地址,電話,郵箱\n" +
		"陳志明,台北國際貿易有限公司,臺北市中正區重慶南路一段,02-23456789,chen@example.tw\n" +
		"林美玲,高雄華興科技公司,高雄市前鎮區中山二路,07-3456789,lin@example.tw\n" +
		"黃建國,台中東海電子有限公司,臺中市西屯區臺灣大道三段,04-4567890,huang@example.tw\n" +
		"張淑芬,新竹園區半導體公司,新竹市東區光復路二段,03-5678901,chang@example.tw\n"
	koreanCSV = "이름,회사,주소,전화,이메일\n" +
		"김민준,삼성전자주식회사,서울특별시 강남구 테헤란로 123,02-1234-5678,minjun@example.kr\n" +
		"이서연,한국무역회사,부산광역시 해운대구 센텀중앙로 45,051-234-5678,seoyeon@example.kr\n" +
		"박지훈,대한건설,대구광역시 중구 동성로 67,053-345-6789,jihun@example.kr\n" +
		"최수아,,인천광역시 연수구 송도동 89,032-456-7890,sua@example.kr\n"
)

func TestEastAsianEncodingsAreDetected(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		enc  encoding.Encoding
		want string
	}{
		{"shift_jis", japaneseCSV, japanese.ShiftJIS, "shift_jis"},
		{"euc-jp", japaneseCSV, japanese.EUCJP, "euc-jp"},
		{"gbk", simplifiedCSV, simplifiedchinese.GBK, "gb18030"},
		{"gb18030", simplifiedCSV + "赵㐀,,,,\n", simplifiedchinese.GB18030, "gb18030"},
		{"big5", traditionalCSV, traditionalchinese.Big5, "big5"},
		{"euc-kr", koreanCSV, korean.EUCKR, "euc-kr"},
		// The Latin and Cyrillic files must stay with their code pages.
		{"windows-1250", polishCSV, charmap.Windows1250, "windows-1250"},
		{"windows-1251", russianCSV, charmap.Windows1251, "windows-1251"},
		{"koi8-r", russianCSV, charmap.KOI8R, "koi8-r"},
		{"windows-1252", westernCSV, charmap.Windows1252, "windows-1252"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := encode(t, tt.enc, tt.text)
			path := filepath.Join(t.TempDir(), "contacts.csv")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			src, err := Open(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			tb := src.Tables[0]
			if tb.Encoding != tt.want {
				t.Fatalf("encoding %s, want %s (alternatives %v)", tb.Encoding, tt.want, tb.Alternatives)
			}
			lines := strings.Split(strings.TrimSpace(tt.text), "\n")
			if got := strings.Join(tb.Columns, ","); got != lines[0] && tt.enc != charmap.Windows1250 && tt.enc != charmap.Windows1251 && tt.enc != charmap.KOI8R && tt.enc != charmap.Windows1252 {
				t.Errorf("header %q, want %q", got, lines[0])
			}
			recs := readTable(t, tb)
			if len(recs) != len(lines)-1 {
				t.Fatalf("%d records", len(recs))
			}
			if tt.enc == japanese.ShiftJIS || tt.enc == simplifiedchinese.GBK || tt.enc == simplifiedchinese.GB18030 || tt.enc == traditionalchinese.Big5 || tt.enc == korean.EUCKR || tt.enc == japanese.EUCJP {
				for i, r := range recs {
					if got := strings.Join(r.Cells, ","); got != lines[i+1] {
						t.Errorf("row %d = %q, want %q", i+1, got, lines[i+1])
					}
				}
			}
		})
	}
}

func TestEastAsianScoresBeatEveryOtherReading(t *testing.T) {
	// The right reading must win clearly, not by a hair: the margin is what
	// keeps a file with a few more rare characters on the right side. (Two
	// Latin code pages can read a file nearly as well: the audit shows both.)
	for _, s := range []struct {
		text string
		enc  encoding.Encoding
		want string
	}{
		{japaneseCSV, japanese.ShiftJIS, "shift_jis"}, {japaneseCSV, japanese.EUCJP, "euc-jp"},
		{simplifiedCSV, simplifiedchinese.GBK, "gb18030"}, {traditionalCSV, traditionalchinese.Big5, "big5"},
		{koreanCSV, korean.EUCKR, "euc-kr"}, {polishCSV, charmap.Windows1250, "windows-1250"},
		{russianCSV, charmap.Windows1251, "windows-1251"}, {westernCSV, charmap.Windows1252, "windows-1252"},
	} {
		b := encode(t, s.enc, s.text)
		scores := map[string]float64{}
		for _, c := range singleByte {
			scores[c.name] = scoreCodePage(b, c.cm)
		}
		_, g := detectDoubleByte(b)
		for _, x := range g {
			scores[x.Name] = x.Score
		}
		_, latin := scores[s.want]
		latin = latin && !isDoubleByte(s.want)
		for name, sc := range scores {
			if latin && !isDoubleByte(name) {
				continue
			}
			if name != s.want && sc > scores[s.want]-0.5 {
				t.Errorf("%s text: %s scores %.2f, too close to %s's %.2f", s.want, name, sc, s.want, scores[s.want])
			}
		}
	}
}

func TestOneJapaneseNameInALatinFile(t *testing.T) {
	// Most of an export is ASCII; one contact written in Shift_JIS must
	// still make the file Japanese, never KOI8-R.
	text := "Name,Email,Phone\nJohn Smith,john@example.com,+1 555 0100\n山田 太郎,taro@example.jp,+81 3 1234 5678\nAnna Berg,anna@example.se,+46 8 123 456\n"
	enc, _ := DetectEncoding(encode(t, japanese.ShiftJIS, text))
	if enc.Name != "shift_jis" {
		t.Errorf("detected %s", enc.Name)
	}
}

func TestEastAsianEncodingNames(t *testing.T) {
	for name, want := range map[string]string{
		"cp932": "shift_jis", "CP932": "shift_jis", "Shift_JIS": "shift_jis", "sjis": "shift_jis", "shift-jis": "shift_jis",
		"windows-31j": "shift_jis", "euc-jp": "euc-jp", "EUCJP": "euc-jp", "cp949": "euc-kr", "euc-kr": "euc-kr",
		"gbk": "gbk", "cp936": "gbk", "gb2312": "gbk", "GB18030": "gb18030", "big5": "big5", "cp950": "big5",
	} {
		if e, err := LookupEncoding(name); err != nil || e.Name != want {
			t.Errorf("LookupEncoding(%q) = %v, %v; want %s", name, e.Name, err, want)
		}
	}
	_, err := LookupEncoding("klingon")
	for _, common := range []string{"shift_jis", "cp932", "euc-kr", "gbk", "big5", "windows-1251", "utf-16"} {
		if err == nil || !strings.Contains(err.Error(), common) {
			t.Errorf("the error %v does not name %s", err, common)
		}
	}
}

func isDoubleByte(name string) bool {
	for _, c := range doubleByte {
		if c.name == name {
			return true
		}
	}
	return false
}

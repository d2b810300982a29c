package importer

import (
	"strings"
	"testing"
)

// languageEnums are each language's words for priority (high, medium,
// low), status (subscriber, unsubscribed, contact) and a consent's yes and
// no, as that language's exports write them.
var languageEnums = map[string][8]string{
	"en": {"High", "Normal", "Low", "Active", "Opted out", "Customer", "Yes", "No"},
	"de": {"hoch", "mittel", "niedrig", "aktiv", "abgemeldet", "Kunde", "ja", "nein"},
	"fr": {"Haute", "Normale", "Basse", "Actif", "Désabonné", "Client", "oui", "non"},
	"es": {"Alta", "Media", "Baja", "Activo", "Dado de baja", "Cliente", "sí", "no"},
	"pt": {"ALTA", "MEDIA", "BAIXA", "Ativo", "Inativo", "Cliente", "sim", "não"},
	"pl": {"wysoki", "średni", "niski", "aktywny", "wypisany", "klient", "tak", "nie"},
	"ru": {"высокий", "средний", "низкий", "активный", "отписан", "клиент", "да", "нет"},
	"cs": {"vysoká", "střední", "nízká", "aktivní", "odhlášen", "zákazník", "ano", "ne"},
	"sk": {"vysoká", "stredná", "nízka", "aktívny", "odhlásený", "zákazník", "áno", "nie"},
	"hu": {"magas", "közepes", "alacsony", "aktív", "leiratkozott", "ügyfél", "igen", "nem"},
	"ro": {"ridicată", "medie", "scăzută", "activ", "dezabonat", "client", "da", "nu"},
	"bg": {"висок", "среден", "нисък", "активен", "блокиран", "клиент", "да", "не"},
	"hr": {"visok", "srednji", "nizak", "aktivan", "odjavljen", "kupac", "da", "ne"},
	"sl": {"visoka", "srednja", "nizka", "aktiven", "odjavljen", "stranka", "da", "ne"},
	"lt": {"aukštas", "vidutinis", "žemas", "aktyvus", "atsisakęs", "klientas", "taip", "ne"},
	"lv": {"augsta", "vidēja", "zema", "aktīvs", "atteicies", "klients", "jā", "nē"},
	"et": {"kõrge", "keskmine", "madal", "aktiivne", "loobunud", "klient", "jah", "ei"},
	"fi": {"korkea", "normaali", "matala", "aktiivinen", "peruttu", "asiakas", "kyllä", "ei"},
	"sv": {"hög", "medel", "låg", "aktiv", "avregistrerad", "kund", "ja", "nej"},
	"da": {"høj", "mellem", "lav", "tilmeldt", "afmeldt", "kunde", "ja", "nej"},
	"no": {"høy", "middels", "lav", "abonnent", "avmeldt", "kunde", "ja", "nei"},
	"nl": {"hoog", "normaal", "laag", "actief", "uitgeschreven", "klant", "ja", "nee"},
	"it": {"alta", "normale", "bassa", "attivo", "disiscritto", "cliente", "sì", "no"},
	"el": {"Υψηλή", "Κανονική", "Χαμηλή", "Ενεργός", "Ανενεργός", "Πελάτης", "Ναι", "Όχι"},
	"ga": {"ard", "meánach", "íseal", "gníomhach", "díchláraithe", "custaiméir", "tá", "níl"},
	"mt": {"għolja", "medja", "baxxa", "attiv", "mhux attiv", "klijent", "iva", "le"},
	"uk": {"високий", "середній", "низький", "активний", "відписаний", "покупець", "так", "ні"},
	"tr": {"Yüksek", "Orta", "Düşük", "Aktif", "Pasif", "Müşteri", "Evet", "Hayır"},
	"sr": {"висок", "средњи", "низак", "активан", "одјављен", "купац", "да", "не"},
	"ja": {"高", "普通", "低", "有効", "配信停止", "顧客", "はい", "いいえ"},
	"zh": {"高", "中", "低", "已订阅", "已退订", "客户", "是", "否"},
	"ko": {"높음", "보통", "낮음", "구독", "수신 거부", "고객", "예", "아니오"},
	"ar": {"عالية", "متوسطة", "منخفضة", "مشترك", "غير مشترك", "عميل", "نعم", "لا"},
}

// TestEnumerationsInEveryLanguage imports a small file of each language's
// words and checks the priority, status and consent each row gets.
func TestEnumerationsInEveryLanguage(t *testing.T) {
	for _, lang := range lex().languages {
		if _, ok := languageEnums[lang]; !ok && lang != "rolo" {
			t.Errorf("dictionary/%s.txt has no words in languageEnums", lang)
		}
	}
	for lang, w := range languageEnums {
		t.Run(lang, func(t *testing.T) {
			text := "email;priority;status;consent:sms\n" +
				"a@example.com;" + w[0] + ";" + w[3] + ";" + w[6] + "\n" +
				"b@example.com;" + w[1] + ";" + w[4] + ";" + w[7] + "\n" +
				"c@example.com;" + w[2] + ";" + w[5] + ";" + w[6] + "\n"
			want := []string{"high subscriber true", "medium unsubscribed false", "low contact true"}
			rows := auditText(t, lang+".csv", text, "PL")
			if len(rows) != 3 {
				t.Fatalf("%d rows", len(rows))
			}
			for i, r := range rows {
				if r.Contact == nil || len(r.Consents) != 1 {
					t.Fatalf("row %d: %+v", i+1, r)
				}
				got := strings.Join([]string{r.Contact.Priority, r.Contact.Status, boolWord(r.Consents[0].Granted)}, " ")
				if got != want[i] || len(r.Warnings) != 0 {
					t.Errorf("row %d: %q %+v, want %q", i+1, got, r.Warnings, want[i])
				}
			}
		})
	}
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// A consent column is found by its values in the file's own language.
func TestConsentColumnsInTheirLanguages(t *testing.T) {
	for _, c := range []struct{ header, yes, no, want string }{
		{"Souhlas se SMS", "ano", "ne", "consent:sms"},
		{"Hírlevél", "igen", "nem", "consent:newsletter"},
		{"Nyhetsbrev", "ja", "nej", "consent:newsletter"},
		{"メルマガ", "はい", "いいえ", "consent:newsletter"},
		{"Rıza", "evet", "hayır", "consent:marketing"},
		{"이메일 수신 동의", "Y", "N", "consent:email"},
		{"同意短信营销", "是", "否", "consent:sms"},
	} {
		text := "E-mail;" + c.header + "\n" + "a@example.com;" + c.yes + "\nb@example.com;" + c.no + "\nc@example.com;" + c.yes + "\n"
		m := mapText(t, "consent.csv", text)
		if got := m.Columns[1].Field; got != c.want || !m.Columns[1].Sure {
			t.Errorf("%s: %s (sure %v), want %s", c.header, got, m.Columns[1].Sure, c.want)
		}
	}
}

func TestHeadersFoldFullWidthAndCJK(t *testing.T) {
	for in, want := range map[string]string{
		"ＦＡＸ番号":    "fax 番号",
		"E-mail地址": "e mail 地址",
		"ΤΑΧΥΔΡΟΜΙΚΌΣ ΚΏΔΙΚΑΣ": "ταχυδρομικοσ κωδικασ",
		"電話番号２":                "電話番号 2",
	} {
		if got := normHeader(in); got != want {
			t.Errorf("normHeader(%q) = %q, want %q", in, got, want)
		}
	}
	if !hasWord(normHeader("携帯電話番号"), normHeader("電話")) || hasWord("telefonnummer", "telefon") {
		t.Error("a CJK word is found inside a header, a Latin word only whole")
	}
}

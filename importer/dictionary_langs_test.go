package importer

import (
	"strings"
	"testing"
)

// moreLanguages are the header rows of the languages added beside the
// first seven, each the way that language's exports and spreadsheets
// write it, in one order: first and last name (or the language's own
// order), company, e-mail, mobile, street, postal code, city, country,
// birth date, notes and a sign-up date, which must stay a custom date.
var moreLanguages = []moreLanguage{
	{"cs", "Jméno;Příjmení;Společnost;E-mailová adresa;Mobilní telefon;Ulice;PSČ;Město;Země;Datum narození;Poznámky;Datum registrace", ""},
	{"sk", "Meno;Priezvisko;Spoločnosť;E-mailová adresa;Telefón;Ulica;PSČ;Mesto;Krajina;Dátum narodenia;Poznámky;Dátum registrácie", ""},
	{"hu", "Vezetéknév;Keresztnév;Cég;E-mail cím;Mobiltelefon;Utca;Irányítószám;Város;Ország;Születési dátum;Megjegyzés;Regisztráció dátuma", "last_name first_name"},
	{"ro", "Prenume;Nume;Companie;Adresă de e-mail;Telefon mobil;Stradă;Cod poștal;Oraș;Țară;Data nașterii;Observații;Data înregistrării", ""},
	{"bg", "Име;Фамилия;Фирма;Имейл;Мобилен телефон;Улица;Пощенски код;Град;Държава;Дата на раждане;Бележки;Дата на регистрация", ""},
	{"hr", "Ime;Prezime;Tvrtka;E-pošta;Mobitel;Ulica;Poštanski broj;Grad;Država;Datum rođenja;Napomena;Datum registracije", ""},
	{"sl", "Ime;Priimek;Podjetje;E-poštni naslov;Mobilni telefon;Ulica;Poštna številka;Mesto;Država;Datum rojstva;Opombe;Datum registracije", ""},
	{"lt", "Vardas;Pavardė;Įmonė;El. paštas;Mobilusis telefonas;Gatvė;Pašto kodas;Miestas;Šalis;Gimimo data;Pastabos;Registracijos data", ""},
	{"lv", "Vārds;Uzvārds;Uzņēmums;E-pasts;Mobilais tālrunis;Iela;Pasta indekss;Pilsēta;Valsts;Dzimšanas datums;Piezīmes;Reģistrācijas datums", ""},
	{"et", "Eesnimi;Perekonnanimi;Ettevõte;E-post;Mobiiltelefon;Tänav;Postiindeks;Linn;Riik;Sünnikuupäev;Märkused;Registreerimise kuupäev", ""},
	{"fi", "Etunimi;Sukunimi;Yritys;Sähköposti;Matkapuhelin;Katuosoite;Postinumero;Postitoimipaikka;Maa;Syntymäaika;Muistiinpanot;Rekisteröitymispäivä", ""},
	{"sv", "Förnamn;Efternamn;Företag;E-postadress;Mobiltelefon;Gatuadress;Postnummer;Ort;Land;Födelsedatum;Anteckningar;Registreringsdatum", ""},
	{"da", "Fornavn;Efternavn;Virksomhed;E-mail-adresse;Mobil;Adresse;Postnummer;By;Land;Fødselsdato;Noter;Oprettet", ""},
	{"no", "Fornavn;Etternavn;Bedrift;E-postadresse;Mobiltelefon;Gateadresse;Postnummer;Poststed;Land;Fødselsdato;Notater;Registreringsdato", ""},
	{"nl", "Voornaam;Achternaam;Bedrijf;E-mailadres;Mobiele telefoon;Straat;Postcode;Woonplaats;Land;Geboortedatum;Notities;Registratiedatum", ""},
	// "Nome" beside "Cognome" is the first name.
	{"it", "Nome;Cognome;Azienda;Indirizzo e-mail;Cellulare;Indirizzo;CAP;Città;Paese;Data di nascita;Note;Data di registrazione", ""},
	// Capitals fold to the same words, final sigma included.
	{"el", "ΌΝΟΜΑ;ΕΠΏΝΥΜΟ;ΕΤΑΙΡΕΊΑ;Email;Κινητό;Διεύθυνση;ΤΑΧΥΔΡΟΜΙΚΌΣ ΚΏΔΙΚΑΣ;Πόλη;Χώρα;Ημερομηνία γέννησης;Σημειώσεις;Ημερομηνία εγγραφής", ""},
	{"ga", "Céadainm;Sloinne;Comhlacht;Ríomhphost;Fón póca;Seoladh;Éirchód;Baile;Tír;Dáta breithe;Nótaí;Dáta cláraithe", ""},
	{"mt", "Isem;Kunjom;Kumpanija;Indirizz tal-email;Mowbajl;Indirizz;Kodiċi postali;Lokalità;Pajjiż;Data tat-twelid;Noti;Data tar-reġistrazzjoni", ""},
	{"uk", "Ім'я;Прізвище;Компанія;Електронна пошта;Мобільний телефон;Вулиця;Поштовий індекс;Місто;Країна;Дата народження;Примітки;Дата реєстрації", ""},
	// Turkish capitals: the dotted İ folds to i.
	{"tr", "AD;SOYAD;ŞİRKET;E-posta;Cep telefonu;Adres;Posta kodu;Şehir;Ülke;Doğum tarihi;Notlar;Kayıt tarihi", ""},
	{"sr", "Име;Презиме;Предузеће;Имејл;Мобилни телефон;Улица;Поштански број;Град;Држава;Датум рођења;Напомена;Датум регистрације", ""},
	{"sr-Latn", "Ime;Prezime;Preduzeće;Imejl;Mobilni telefon;Ulica;Poštanski broj;Grad;Država;Datum rođenja;Napomena;Datum registracije", ""},
	{"ja", "姓;名;会社名;メールアドレス;携帯電話;住所;郵便番号;市区町村;国;生年月日;備考;登録日", "last_name first_name"},
	// Full-width letters, a Latin word inside a Japanese header, and the
	// reading columns a Japanese phone writes.
	{"ja-phone", "氏名;フリガナ;勤務先;Ｅメール;携帯番号;番地;〒郵便番号;市町村;国/地域;誕生日;メモ;入会日", "full_name ignore"},
	{"zh", "姓;名;公司;邮箱;手机;地址;邮编;城市;国家;出生日期;备注;注册日期", "last_name first_name"},
	{"zh-Hant", "姓名;公司名稱;電子郵件;手機號碼;地址;郵遞區號;城市;國家;生日;備註;註冊日期", "full_name"},
	// "이름" beside "성" is the given name.
	{"ko", "성;이름;회사;이메일;휴대폰;주소;우편번호;도시;국가;생년월일;메모;가입일", "last_name first_name"},
	{"ar", "الاسم الأول;اسم العائلة;الشركة;البريد الإلكتروني;الجوال;العنوان;الرمز البريدي;المدينة;الدولة;تاريخ الميلاد;ملاحظات;تاريخ التسجيل", ""},
}

type moreLanguage struct {
	lang   string // the dictionary file's name, and a variant after "-"
	header string
	want   string // the name columns' fields, space-separated; "" for first and last name
}

// commonOrder is the fields of a moreLanguages header after its names.
var commonOrder = []string{"company", "emails", "phones", "street", "postal_code", "city", "country", "birth_date", "description"}

// TestDictionaryMoreLanguages imports a small file of each language and
// checks where every column lands.
func TestDictionaryMoreLanguages(t *testing.T) {
	for _, l := range moreLanguages {
		t.Run(l.lang, func(t *testing.T) {
			cols := strings.Split(l.header, ";")
			names := strings.Fields(l.want)
			if len(names) == 0 {
				names = []string{"first_name", "last_name"}
			}
			want := append(append(names, commonOrder...), "custom:"+cols[len(cols)-1])
			rows := l.header + "\n" + sampleRow(len(names), "Ana") + "\n" + sampleRow(len(names), "Bo") + "\n"
			m := mapText(t, l.lang+".csv", rows)
			var got []string
			for _, c := range m.Columns {
				got = append(got, c.Field)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("mapped\n got %v\nwant %v", got, want)
			}
		})
	}
}

// sampleRow is a row of values for a moreLanguages header with n name
// columns.
func sampleRow(n int, name string) string {
	cells := []string{name, "Lee"}[:n]
	cells = append(cells, "Acme", strings.ToLower(name)+"@example.com", "+420 601 234 567", "Main Street 5",
		"110 00", "Praha", "CZ", "1980-02-03", "met at a fair", "2023-05-04 10:11:12")
	return strings.Join(cells, ";")
}

// exportHeaders are parts of the header rows programs write in these
// languages: Outlook's localised CSV export and phone and CRM exports of
// East Asia. Every column must land in its field.
var exportHeaders = []struct {
	name, header, row, want string
}{
	{"outlook-fr", "Prénom;Nom;Société;Adresse de messagerie;Téléphone mobile;Téléphone (bureau);Rue (bureau);Ville (bureau);Code postal (bureau);Catégories;Mots clés",
		"Marie;Dubois;Acme;marie@example.fr;+33 6 12 34 56 78;+33 1 23 45 67 89;1 rue Haute;Lyon;69001;Clients;vip",
		"first_name last_name company emails phones phones work_street work_city work_postal_code groups tags"},
	{"outlook-es", "Nombre;Apellidos;Organización;Dirección de correo electrónico;Móvil;Teléfono del trabajo;Calle del trabajo;Ciudad de trabajo;Categorías;Tratamiento",
		"Lucía;García;Acme;lucia@example.es;+34 612 345 678;+34 912 345 678;Gran Vía 1;Madrid;Clientes;Sra.",
		"first_name last_name company emails phones phones work_street work_city groups prefix"},
	{"outlook-ru", "Обращение;Имя;Отчество;Фамилия;Организация;Адрес эл. почты;Мобильный телефон;Рабочий телефон;День рождения;Категории",
		"г-н;Иван;Петрович;Петров;Acme;ivan@example.ru;+7 912 345 67 89;+7 495 123 45 67;1980-02-03;Клиенты",
		"prefix first_name middle_name last_name company emails phones phones birth_date groups"},
	{"outlook-de", "Anrede;Vorname;Weitere Vornamen;Nachname;Firma;E-Mail-Adresse;E-Mail 2: Adresse;Mobiltelefon;Weiteres Telefon;Kategorien;Stichwörter;Jahrestag",
		"Herr;Hans;Peter;Müller;Acme;hans@example.de;hm@example.de;+49 151 23456789;+49 221 123456;Kunden;vip;2001-06-09",
		"prefix first_name middle_name last_name company emails emails phones phones groups tags custom:Jahrestag"},
	{"outlook-it", "Nome;Cognome;Società;Indirizzo posta elettronica;Cellulare;Telefono (uff.);Via (uff.);Città (uff.);CAP (uff.);Compleanno",
		"Luca;Rossi;Acme;luca@example.it;+39 312 345 6789;+39 02 1234 5678;Via Roma 1;Milano;20100;1980-02-03",
		"first_name last_name company emails phones phones street city postal_code birth_date"},
	{"phone-zh", "姓名,手机,联系电话,邮箱,公司,职位,地址,备注,分组",
		"王小明,+86 138 0013 8000,+86 10 1234 5678,wang@example.cn,某公司,经理,北京市朝阳区,老客户,同事",
		"full_name phones phones emails company job_title street description groups"},
	{"phone-ja", "氏名,フリガナ,電話番号,携帯電話番号,ＦＡＸ番号,メールアドレス,住所,メモ",
		"山田太郎,ヤマダタロウ,+81 3 1234 5678,+81 90 1234 5678,+81 3 1234 5679,taro@example.jp,東京都千代田区1-1,取引先",
		"full_name ignore phones phones faxes emails street description"},
	{"phone-ko", "이름,휴대폰 번호,집 전화,이메일 주소,회사,직함,주소,메모",
		"김민준,+82 10 1234 5678,+82 2 123 4567,minjun@example.kr,회사명,과장,서울시 강남구,거래처",
		"full_name phones phones emails company job_title street description"},
}

func TestDictionaryExportHeaders(t *testing.T) {
	for _, e := range exportHeaders {
		t.Run(e.name, func(t *testing.T) {
			m := mapText(t, e.name+".csv", e.header+"\n"+e.row+"\n")
			var got []string
			for _, c := range m.Columns {
				got = append(got, c.Field)
			}
			if strings.Join(got, " ") != e.want {
				t.Errorf("mapped\n got %v\nwant %v", got, e.want)
			}
		})
	}
}

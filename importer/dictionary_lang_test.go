package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// languageFiles are small files written for each language of the
// dictionary: a header the way that language's exports and spreadsheets
// write it, one row, and the field each column must get.
var languageFiles = map[string]struct {
	csv  string
	want []string
}{
	"en": {"First Name,Last Name,E-mail Address,Mobile Phone,Birthday,Business City,Notes\n" +
		"Ann,Lee,ann@example.com,+1 202 555 0143,1980-02-03,Boston,met at a fair\n",
		[]string{"first_name", "last_name", "emails", "phones", "birth_date", "work_city", "description"}},
	"pl": {"Imię;Nazwisko;Adres e-mail;Telefon komórkowy;Data urodzenia;Miejscowość;Uwagi\n" +
		"Jan;Kowalski;jan@example.pl;+48 601 234 567;1980-02-03;Kraków;stały klient\n",
		[]string{"first_name", "last_name", "emails", "phones", "birth_date", "city", "description"}},
	"ru": {"Имя;Фамилия;Электронная почта;Мобильный телефон;Дата рождения;Город;Примечание\n" +
		"Иван;Петров;ivan@example.ru;+7 912 345 67 89;1980-02-03;Москва;звонить вечером\n",
		[]string{"first_name", "last_name", "emails", "phones", "birth_date", "city", "description"}},
	"de": {"Vorname;Nachname;E-Mail-Adresse;Mobiltelefon;Geburtstag;Ort;Notizen\n" +
		"Hans;Müller;hans@example.de;+49 151 23456789;1980-02-03;Köln;Stammkunde\n",
		[]string{"first_name", "last_name", "emails", "phones", "birth_date", "city", "description"}},
	"pt": {"Nome;Sobrenome;Endereço de e-mail;Celular;Data de nascimento;Cidade;Observações\n" +
		"João;Silva;joao@example.com.br;+55 11 91234 5678;1980-02-03;Recife;cliente antigo\n",
		[]string{"first_name", "last_name", "emails", "phones", "birth_date", "city", "description"}},
	"es": {"Nombre;Apellidos;Correo electrónico;Teléfono;Fecha de nacimiento;Ciudad;Observaciones\n" +
		"Lucía;García;lucia@example.es;+34 612 345 678;1980-02-03;Sevilla;cliente fiel\n",
		[]string{"first_name", "last_name", "emails", "phones", "birth_date", "city", "description"}},
	"fr": {"Prénom;Nom;Courriel;Portable;Date de naissance;Ville;Remarques\n" +
		"Marie;Dubois;marie@example.fr;+33 6 12 34 56 78;1980-02-03;Lyon;cliente fidèle\n",
		[]string{"first_name", "last_name", "emails", "phones", "birth_date", "city", "description"}},
}

func TestDictionaryLanguages(t *testing.T) {
	for _, lang := range lex().languages {
		if lang == "rolo" {
			continue
		}
		if _, ok := languageFiles[lang]; !ok && !slices.ContainsFunc(moreLanguages, func(l moreLanguage) bool { return l.lang == lang }) {
			t.Errorf("dictionary/%s.txt has no small file in languageFiles", lang)
		}
	}
	for lang, f := range languageFiles {
		t.Run(lang, func(t *testing.T) {
			m := mapText(t, lang+".csv", f.csv)
			var got []string
			for _, c := range m.Columns {
				got = append(got, c.Field)
			}
			if strings.Join(got, " ") != strings.Join(f.want, " ") {
				t.Errorf("mapped\n got %v\nwant %v", got, f.want)
			}
		})
	}
}

// mapText writes text to a file, opens it as an import would and returns
// the automatic mapping of its first table.
func mapText(t *testing.T, name, text string) Mapping {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Open(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	return AutoMap(src.Tables[0])
}

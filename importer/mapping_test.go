package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rolo/private"
)

// table builds a Table from a header and rows, as Open would.
func table(header []string, rows ...[]string) *Table {
	t := &Table{Format: FormatCSV, Header: header != nil, Columns: header}
	for i, r := range rows {
		t.Sample = append(t.Sample, Record{Line: i + 2, Cells: r})
	}
	if header == nil {
		for i := range rows[0] {
			t.Columns = append(t.Columns, string(rune('1'+i)))
		}
	}
	return t
}

func TestHeadersInSevenLanguages(t *testing.T) {
	for _, tt := range []struct {
		header, field string
	}{
		// English, Outlook and Google Contacts.
		{"First Name", "first_name"}, {"Last Name", "last_name"}, {"Middle Name", "middle_name"},
		{"Given Name", "first_name"}, {"Family Name", "last_name"}, {"Additional Name", "middle_name"},
		{"E-mail Address", "emails"}, {"E-mail 2 Address", "emails"}, {"E-mail 1 - Value", "emails"},
		{"Phone 1 - Value", "phones"}, {"Mobile Phone", "phones"}, {"Business Phone", "phones"}, {"Home Phone 2", "phones"},
		{"Company", "company"}, {"Organization 1 - Name", "company"}, {"Job Title", "job_title"}, {"Organization 1 - Title", "job_title"},
		{"Birthday", "birth_date"}, {"Business Street", "street"}, {"Business City", "city"}, {"Business Postal Code", "postal_code"},
		{"Business Country/Region", "country"}, {"Notes", "description"}, {"Categories", "groups"}, {"Group Membership", "groups"},
		{"E-mail 1 - Type", "ignore"}, {"Phone 1 - Type", "ignore"}, {"Name", "full_name"},
		// Polish.
		{"Imię", "first_name"}, {"Nazwisko", "last_name"}, {"Drugie imię", "middle_name"}, {"Telefon komórkowy", "phones"},
		{"Adres e-mail", "emails"}, {"Kod pocztowy", "postal_code"}, {"Miejscowość", "city"}, {"Województwo", "region"},
		{"NIP", "tax_id"}, {"Data urodzenia", "birth_date"}, {"Uwagi", "description"}, {"Nr domu", "house"},
		// Russian.
		{"Фамилия", "last_name"}, {"Имя", "first_name"}, {"Отчество", "middle_name"}, {"Телефон", "phones"},
		{"Электронная почта", "emails"}, {"Дата рождения", "birth_date"}, {"ИНН", "tax_id"}, {"Город", "city"}, {"ФИО", "full_name"},
		// German.
		{"Vorname", "first_name"}, {"Nachname", "last_name"}, {"Handy", "phones"}, {"E-Mail-Adresse", "emails"},
		{"PLZ", "postal_code"}, {"Straße", "street"}, {"Geburtsdatum", "birth_date"}, {"Kundennummer", "crm_id"}, {"Land", "country"},
		// Portuguese.
		{"NOME_CLIENTE", "full_name"}, {"CPFCNPJ", "tax_id"}, {"CPF/CNPJ", "tax_id"}, {"CODCLIENTE", "crm_id"}, {"Celular", "phones"},
		{"Data de nascimento", "birth_date"}, {"CEP", "postal_code"}, {"Cidade", "city"}, {"Sobrenome", "last_name"}, {"UF", "region"},
		// Spanish.
		{"Nombre", "first_name"}, {"Apellidos", "last_name"}, {"Teléfono", "phones"}, {"Correo electrónico", "emails"},
		{"Código postal", "postal_code"}, {"Fecha de nacimiento", "birth_date"},
		// French.
		{"Prénom", "first_name"}, {"Nom de famille", "last_name"}, {"Portable", "phones"}, {"Courriel", "emails"},
		{"Code postal", "postal_code"}, {"Ville", "city"}, {"Date de naissance", "birth_date"}, {"Société", "company"},
		// The model's own names and prefixes.
		{"phones", "phones"}, {"crm_id", "crm_id"}, {"created_at", "ignore"}, {"id", "ignore"}, {"source", "ignore"}, {"consent:newsletter", "consent:newsletter"}, {"custom:Loyalty", "custom:Loyalty"},
	} {
		got, _ := headerTarget(tt.header)
		if got != tt.field {
			t.Errorf("header %q → %q, want %q", tt.header, got, tt.field)
		}
	}
}

func TestAutoMapFromHeadersAndValues(t *testing.T) {
	tb := table([]string{"Imię", "Nazwisko", "Kontakt e-mail", "Zgoda SMS", "Newsletter", "Ulubiony kolor", "Zgoda marketingowa", "Title", "Job Title"},
		[]string{"Jan", "Kowalski", "jan@x.pl", "1", "tak", "zielony", "yes", "Mr", "CEO"},
		[]string{"Anna", "Nowak", "anna@x.pl", "0", "nie", "czerwony", "no", "Ms", "CTO"},
	)
	m := AutoMap(tb)
	want := []struct {
		field string
		sure  bool
	}{
		{"first_name", true}, {"last_name", true}, {"emails", false}, {"consent:sms", true}, {"consent:newsletter", true},
		{"custom:Ulubiony kolor", false}, {"consent:marketingowa", true}, {"custom:Title", false}, {"job_title", true},
	}
	for i, w := range want {
		c := m.Columns[i]
		if c.Field != w.field || c.Sure != w.sure {
			t.Errorf("%s → %s (sure %v, %s); want %s (sure %v)", c.Name, c.Field, c.Sure, c.Reason, w.field, w.sure)
		}
	}
}

func TestAutoMapWithoutHeader(t *testing.T) {
	tb := table(nil,
		[]string{"Jan", "Kowalski", "jan@x.pl", "+48 601 234 567", "07.03.1985", "Polska", "1"},
		[]string{"Anna", "Nowak", "anna@x.pl", "+48 602 345 678", "1990-12-31", "Niemcy", "0"},
		[]string{"Piotr", "Wiśniewski", "piotr@x.pl", "603 456 789", "31/12/1970", "PL", "1"},
	)
	m := AutoMap(tb)
	for i, want := range []string{"first_name", "last_name", "emails", "phones", "birth_date", "country", "custom:column_7"} {
		if m.Columns[i].Field != want {
			t.Errorf("column %d → %s (%s), want %s", i+1, m.Columns[i].Field, m.Columns[i].Reason, want)
		}
		if m.Columns[i].Sure && want != "emails" {
			t.Errorf("column %d is sure from values alone", i+1)
		}
	}
}

func TestOneRowPerChannelIsRecognised(t *testing.T) {
	tb := table([]string{"CODCLIENTE", "NOME_CLIENTE", "CPFCNPJ", "TIPO", "VALOR"},
		[]string{"000123", "João da Silva", "123.456.789-09", "TELEFONE", "(11) 98765-4321"},
		[]string{"000123", "João da Silva", "12345678909", "EMAIL", "joao@x.com.br"},
	)
	m := AutoMap(tb)
	for i, want := range []string{"crm_id", "full_name", "tax_id", "record_type", "record_value"} {
		if m.Columns[i].Field != want {
			t.Errorf("%s → %s (%s), want %s", m.Columns[i].Name, m.Columns[i].Field, m.Columns[i].Reason, want)
		}
	}
}

func TestFullNameNextToNameParts(t *testing.T) {
	m := AutoMap(table([]string{"Vorname", "Name", "E-Mail"}, []string{"Jürgen", "Müller", "j@x.de"}))
	if m.Columns[1].Field != "last_name" {
		t.Errorf("German Name next to Vorname → %s", m.Columns[1].Field)
	}
	m = AutoMap(table([]string{"Name", "Given Name", "Family Name"}, []string{"Ann Lee", "Ann", "Lee"}))
	if m.Columns[0].Field != "full_name" {
		t.Errorf("Google's Name next to given/family → %s", m.Columns[0].Field)
	}
}

func TestFullNameFillsTheRowsWithoutNameParts(t *testing.T) {
	header := []string{"First Name", "Last Name", "Display Name", "E-mail"}
	for _, tt := range []struct {
		cells               []string
		first, middle, last string
	}{
		{[]string{"", "", "Jan Kowalski", "jan@example.pl"}, "Jan", "", "Kowalski"},
		{[]string{"Anna", "Nowak", "Ania N.", "anna@example.pl"}, "Anna", "", "Nowak"},
		{[]string{"Piotr", "", "Piotr Zieliński", "piotr@example.pl"}, "Piotr", "", "Zieliński"},
	} {
		r := normalizeOne(t, Options{Country: "PL"}, header, tt.cells)
		if r.reject != "" || r.c.FirstName != tt.first || r.c.MiddleName != tt.middle || r.c.LastName != tt.last {
			t.Errorf("%q → %q %q %q (%s)", tt.cells, r.c.FirstName, r.c.MiddleName, r.c.LastName, r.reject)
		}
		if r.empty&(1<<sLast) != 0 && tt.last != "" {
			t.Errorf("%q: the last name filled from the full name is still marked empty", tt.cells)
		}
	}
}

func TestOverridesAndMappingFiles(t *testing.T) {
	tb := table([]string{"Imię", "Kolumna X", "Tel"}, []string{"Jan", "abc", "601234567"})
	m := AutoMap(tb)
	entries, err := ParseMapSpec("Kolumna X=consent:email, 3=whatsapp")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Override(entries); err != nil {
		t.Fatal(err)
	}
	if m.Columns[1].Field != "consent:email" || m.Columns[2].Field != "whatsapp" || !m.Columns[1].Sure {
		t.Errorf("after overrides: %+v", m.Columns)
	}
	if err := m.Override([]MapEntry{{Column: "Nope", Field: "emails"}}); err == nil || !strings.Contains(err.Error(), `no column "Nope"`) {
		t.Errorf("unknown column: %v", err)
	}
	for _, bad := range []string{"Imię", "Imię=nonsense", "Imię=created_at", "Imię=id"} {
		if _, err := ParseMapSpec(bad); err == nil {
			t.Errorf("ParseMapSpec(%q) was accepted", bad)
		}
	}
	path := filepath.Join(t.TempDir(), "m.json")
	h := true
	mf := &MappingFile{Columns: m.Entries(), Encoding: "windows-1250", Delimiter: ";", Header: &h, Country: "PL", Groups: []string{"VIP"}}
	if err := WriteMappingFile(path, mf, private.Owner); err != nil {
		t.Fatal(err)
	}
	back, err := ReadMappingFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m2 := AutoMap(tb)
	m2.ApplyFile(back)
	for i := range m.Columns {
		if m2.Columns[i].Field != m.Columns[i].Field {
			t.Errorf("column %d: %s after the file, %s before", i, m2.Columns[i].Field, m.Columns[i].Field)
		}
	}
	os.WriteFile(path, []byte(`{"version":1,"columns":{"a":"emails"},"colour":"red"}`), 0o644)
	if _, err := ReadMappingFile(path); err == nil {
		t.Error("a mapping file with an unknown key was accepted")
	}
	if HeaderKey([]string{"Imię", "E-mail"}) != HeaderKey([]string{"imie", "e_mail"}) || HeaderKey([]string{"a"}) == HeaderKey([]string{"b"}) {
		t.Error("HeaderKey does not fold headers, or collides")
	}
}

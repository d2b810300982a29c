package importer

import (
	"slices"
	"strings"
	"testing"

	"rolo/contact"
)

// openRows opens a small CSV written for the test and returns its mapping
// and its rows as contacts.
func openRows(t *testing.T, name, country, data string) (Mapping, []*rowData) {
	t.Helper()
	src, err := Open(writeFile(t, name, []byte(data)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	m := AutoMap(tb)
	opt := Options{Country: country}
	opt.defaults()
	p, err := compile(tb, 0, m, &opt, false)
	if err != nil {
		t.Fatal(err)
	}
	var rows []*rowData
	for i, rec := range readTable(t, tb) {
		rows = append(rows, p.normalize(rec, i+1))
	}
	return m, rows
}

func fieldOf(m Mapping, header string) string {
	for _, c := range m.Columns {
		if c.Name == header {
			return c.Field
		}
	}
	return "(no column " + header + ")"
}

func wantFields(t *testing.T, m Mapping, want map[string]string) {
	t.Helper()
	for h, f := range want {
		if got := fieldOf(m, h); got != f {
			t.Errorf("%q → %s, want %s", h, got, f)
		}
	}
}

func TestThunderbirdLayout(t *testing.T) {
	data := "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number," +
		"Home Address,Home Address 2,Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,Work State,Work ZipCode,Work Country," +
		"Job Title,Department,Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,\n" +
		"Eva,Lund,Eva Lund,,eva@example.se,eva.lund@example.org,,+46 8 111 222,,+46 8 111 223,,+46 70 111 22 33," +
		"Storgatan 1,,Uppsala,Uppsala län,753 20,Sweden,Kungsgatan 9,,Stockholm,,111 43,Sweden," +
		"Engineer,R&D,Lund AB,,,1984,3,7,,,,,,\n" +
		",,Nils Berg,,nils@example.se,,,,,,,,,,,,,,,,,,,,,,,,,,11,24,,,,,,\n"
	m, rows := openRows(t, "thunderbird.csv", "SE", data)
	wantFields(t, m, map[string]string{
		"Primary Email": "emails", "Secondary Email": "emails", "Home Address": "home_street", "Home City": "home_city",
		"Home State": "home_region", "Home ZipCode": "home_postal_code", "Home Country": "home_country", "Birth Year": "birth_year",
		"Birth Month": "birth_month", "Birth Day": "birth_day", "Fax Number": "faxes", "Pager Number": "faxes",
		"Mobile Number": "phones", "Organization": "company", "Job Title": "job_title",
		"Work Address": "work_street", "Work City": "work_city", "Work ZipCode": "work_postal_code",
	})
	c := rows[0].c
	if c.BirthDate != "1984-03-07" || c.Address.Street != "Storgatan 1" || c.Address.PostalCode != "753 20" || c.Address.City != "Uppsala" || c.Address.Kind != "home" {
		t.Errorf("row 1: birth %q, address %+v", c.BirthDate, c.Address)
	}
	if len(c.MoreAddresses) != 1 || c.MoreAddresses[0].Kind != "work" || c.MoreAddresses[0].Street == "" {
		t.Errorf("row 1: the work address is not kept whole apart: %+v", c.MoreAddresses)
	}
	if !slices.Equal(c.Emails, []string{"eva@example.se", "eva.lund@example.org"}) || !slices.Equal(c.Faxes, []string{"+468111223"}) {
		t.Errorf("row 1: emails %v faxes %v", c.Emails, c.Faxes)
	}
	if c := rows[1].c; c.BirthDate != "--11-24" || c.FirstName != "Nils" || c.LastName != "Berg" {
		t.Errorf("row 2: birth %q, name %q %q (warnings %+v)", c.BirthDate, c.FirstName, c.LastName, rows[1].warnings)
	}
}

func TestOutlookAddressesInSevenLanguages(t *testing.T) {
	for _, tt := range []struct {
		lang                                     string
		street, city, region, postal, country    string
		homeStreet, emailType, emailDisplay, tel string
	}{
		{"en", "Business Street", "Business City", "Business State", "Business Postal Code", "Business Country/Region", "Home Street", "E-mail Type", "E-mail Display Name", "Business Phone"},
		{"de", "Straße geschäftlich", "Ort geschäftlich", "Region geschäftlich", "Postleitzahl geschäftlich", "Land/Region geschäftlich", "Straße privat", "E-Mail-Typ", "E-Mail: Angezeigter Name", "Telefon geschäftlich"},
		{"fr", "Rue (bureau)", "Ville (bureau)", "Dép/Région (bureau)", "Code postal (bureau)", "Pays/Région (bureau)", "Rue (domicile)", "Type de messagerie", "Nom complet de l'adresse de messagerie", "Téléphone (bureau)"},
		{"es", "Calle del trabajo", "Ciudad de trabajo", "Provincia o estado de trabajo", "Código postal de trabajo", "País o región de trabajo", "Calle del domicilio", "Tipo de correo electrónico", "Nombre para mostrar del correo electrónico", "Teléfono del trabajo"},
		{"pl", "Ulica (służbowy)", "Miejscowość (służbowy)", "Województwo (służbowy)", "Kod pocztowy (służbowy)", "Kraj/region (służbowy)", "Ulica (domowy)", "Typ adresu e-mail", "Nazwa wyświetlana adresu e-mail", "Telefon służbowy"},
		{"ru", "Улица (раб. адрес)", "Город (раб. адрес)", "Область (раб. адрес)", "Индекс (раб. адрес)", "Страна или регион (раб. адрес)", "Улица (дом. адрес)", "Тип эл. почты", "Краткое имя эл. почты", "Рабочий телефон"},
		{"pt", "Rua comercial", "Cidade comercial", "Estado comercial", "CEP comercial", "País/Região comercial", "Rua residencial", "Tipo de email", "Nome de exibição do email", "Telefone comercial"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			header := []string{tt.street, tt.city, tt.region, tt.postal, tt.country, tt.homeStreet, "E-mail", tt.emailType, tt.emailDisplay, tt.tel}
			row := []string{"Main St 1", "Springfield", "IL", "62701", "United States", "Elm St 2", "ann@example.com", "SMTP", "Ann (ann@example.com)", "+1 217 555 0100"}
			var b strings.Builder
			for _, r := range [][]string{header, row} {
				for i, c := range r {
					if i > 0 {
						b.WriteByte(';')
					}
					b.WriteString(c)
				}
				b.WriteByte('\n')
			}
			m, rows := openRows(t, "outlook.csv", "US", b.String())
			wantFields(t, m, map[string]string{tt.street: "work_street", tt.city: "work_city", tt.region: "work_region",
				tt.postal: "work_postal_code", tt.country: "work_country", tt.homeStreet: "home_street"})
			for _, h := range []string{tt.emailType, tt.emailDisplay} {
				if f := fieldOf(m, h); f == "emails" {
					t.Errorf("%q is mapped as e-mails", h)
				}
			}
			r := rows[0]
			// The business address comes first in Outlook's columns: it is
			// the preferred one; the home address is kept whole beside it.
			if a := r.c.Address; a.Street != "Main St 1" || a.City != "Springfield" || a.PostalCode != "62701" || a.Country != "US" || a.Kind != "work" {
				t.Errorf("address %+v", a)
			}
			if want := []contact.Address{{Kind: "home", Street: "Elm St 2"}}; !slices.Equal(r.c.MoreAddresses, want) {
				t.Errorf("other addresses %+v, want %+v", r.c.MoreAddresses, want)
			}
			if !slices.Equal(r.c.Emails, []string{"ann@example.com"}) || len(r.warnings) > 0 {
				t.Errorf("emails %v, warnings %+v", r.c.Emails, r.warnings)
			}
		})
	}
}

func TestGoogleContactsTypesDecideWhatANumberIs(t *testing.T) {
	data := "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Phone 3 - Type,Phone 3 - Value\n" +
		"Ada Lovelace,Ada,Lovelace,* Work,ada@example.org,Mobile,+44 7911 123456,Work Fax,+44 20 7946 0001,Pager,+44 20 7946 0002\n"
	m, rows := openRows(t, "google.csv", "GB", data)
	wantFields(t, m, map[string]string{"E-mail 1 - Type": "ignore", "Phone 1 - Type": "ignore", "E-mail 1 - Value": "emails", "Phone 2 - Value": "phones"})
	c := rows[0].c
	var phones []string
	for _, p := range c.Phones {
		phones = append(phones, p.Number)
	}
	if !slices.Equal(phones, []string{"+447911123456"}) || !slices.Equal(c.Faxes, []string{"+442079460001", "+442079460002"}) {
		t.Errorf("phones %v faxes %v", phones, c.Faxes)
	}
}

func TestWaveZohoAndLinkedInLayouts(t *testing.T) {
	m, rows := openRows(t, "wave.csv", "CA",
		"customer_name,email,contact_first_name,contact_last_name,phone,address_line_1,city,province/state,country,postal_code/zip\n"+
			"Maple Supplies Ltd,orders@maple.example,Chloé,Tremblay,+1 514 555 0142,100 Rue Sainte-Catherine,Montréal,QC,Canada,H2X 1Z4\n")
	wantFields(t, m, map[string]string{"customer_name": "company", "contact_first_name": "first_name", "contact_last_name": "last_name"})
	if c := rows[0].c; c.Company != "Maple Supplies Ltd" || c.FirstName != "Chloé" || c.LastName != "Tremblay" {
		t.Errorf("wave: %q %q %q", c.Company, c.FirstName, c.LastName)
	}
	m, rows = openRows(t, "zoho.csv", "IN",
		"First Name,Last Name,Email,MobilePhone,Mailing Street,Mailing City,Mailing State,Mailing Zip,Mailing Country\n"+
			"Priya,Sharma,priya@example.in,+91 98765 43210,12 MG Road,Bengaluru,Karnataka,560001,India\n")
	wantFields(t, m, map[string]string{"MobilePhone": "phones", "Mailing Street": "street", "Mailing City": "city", "Mailing Zip": "postal_code"})
	if c := rows[0].c; len(c.Phones) != 1 || c.Address.City != "Bengaluru" {
		t.Errorf("zoho: phones %+v, address %+v", c.Phones, c.Address)
	}
	m, rows = openRows(t, "Connections.csv", "GB", "Notes:\n\"Some e-mail addresses may be missing.\"\n\n"+
		"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"+
		"Grace,Hopper,https://social.example/in/ghopper,grace@example.com,Navy,Admiral,09 Dec 2026\n")
	wantFields(t, m, map[string]string{"URL": "custom:URL", "Connected On": "custom:Connected On", "Position": "job_title", "Email Address": "emails"})
	if c := rows[0].c; c.BirthDate != "" || c.JobTitle != "Admiral" {
		t.Errorf("linkedin: birth %q, job %q", c.BirthDate, c.JobTitle)
	}
}

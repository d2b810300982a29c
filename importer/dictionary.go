package importer

import (
	"strings"
	"sync"
	"unicode"

	"rolo/contact"
)

// Special mapping targets besides the model's fields, consent:<name> and
// custom:<name>.
const (
	TargetIgnore      = "ignore"
	TargetFullName    = "full_name"    // split into first, middle and last name
	TargetRecordType  = "record_type"  // one row per channel: the channel's kind
	TargetRecordValue = "record_value" // one row per channel: its value
)

// headerWords are the header names people and programs write for each
// target, in English, Polish, Russian, German, Portuguese, Spanish and
// French, with the headers of Outlook's and Google Contacts' CSV exports.
// They are matched after normHeader (folded, transliterated, punctuation
// gone), so "E-mail 1 - Value", "e_mail_1_value" and "E-MAIL 1 VALUE" are
// one entry, and numbers are dropped on a second try ("Phone 3").
var headerWords = map[string][]string{
	"first_name": {"first name", "firstname", "first", "given name", "given", "forename", "christian name", "fname", "name first",
		"imię", "imie", "pierwsze imię", "имя", "vorname", "rufname", "primeiro nome", "prenome", "nome próprio",
		"nombre", "nombres", "primer nombre", "prénom", "prenom"},
	"middle_name": {"middle name", "middle", "additional name", "second name", "patronymic", "drugie imię", "отчество",
		"zweiter vorname", "nome do meio", "segundo nome", "segundo nombre", "deuxième prénom", "autres prénoms"},
	"last_name": {"last name", "lastname", "surname", "family name", "last", "lname", "name last", "nazwisko", "фамилия",
		"nachname", "familienname", "zuname", "sobrenome", "último nome", "apelido", "apellido", "apellidos",
		"primer apellido", "nom de famille", "nom"},
	TargetFullName: {"name", "full name", "fullname", "display name", "contact name", "contact", "customer name", "client name",
		"imię i nazwisko", "imie nazwisko", "nazwa klienta", "klient", "фио", "ф и о", "полное имя", "имя фамилия", "клиент",
		"vollständiger name", "vollname", "kunde", "kundenname", "nome", "nome completo", "nome cliente", "cliente",
		"nombre completo", "nombre y apellidos", "nom complet", "nom et prénom", "client"},
	"company": {"company", "company name", "organization", "organisation", "organization name", "organization 1 name",
		"business", "employer", "account name", "firm", "firma", "nazwa firmy", "przedsiębiorstwo", "компания",
		"организация", "название компании", "unternehmen", "firmenname", "empresa", "razão social", "nome fantasia",
		"compañía", "compania", "razón social", "entreprise", "société", "societe", "raison sociale"},
	"job_title": {"job title", "jobtitle", "position", "role", "organization 1 title", "organization title", "stanowisko",
		"funkcja", "должность", "позиция", "berufsbezeichnung", "jobtitel", "stellung", "cargo", "função", "puesto",
		"poste", "fonction", "titre"},
	"crm_id": {"crm id", "crmid", "crm", "customer id", "customer number", "customer no", "client id", "client number",
		"account id", "account number", "contact id", "external id", "id klienta", "identyfikator klienta",
		"numer klienta", "nr klienta", "kod klienta", "код клиента", "номер клиента", "id клиента", "kundennummer",
		"kunden nr", "kundennr", "kunden id", "codcliente", "cod cliente", "código do cliente", "código cliente",
		"id cliente", "número do cliente", "numero cliente", "número de cliente", "id client", "numéro client",
		"code client", "référence client"},
	"tax_id": {"tax id", "taxid", "tax number", "tin", "vat", "vat id", "vat number", "nip", "инн", "steuernummer",
		"steuer id", "ust id", "ust idnr", "umsatzsteuer id", "cpf", "cnpj", "cpfcnpj", "cpf cnpj", "cnpj cpf",
		"nif", "cif", "rfc", "siret", "siren", "numéro tva", "tva", "n tva"},
	"emails": {"email", "e mail", "mail", "email address", "e mail address", "e mail 1 value", "primary email",
		"work email", "home email", "other email", "adres e mail", "adres email", "poczta", "электронная почта",
		"эл почта", "почта", "емейл", "емайл", "e mail adresse", "correo", "correo electrónico", "email pessoal",
		"endereço de email", "endereço de e mail", "endereço eletrônico", "courriel", "adresse e mail",
		"adresse électronique", "mél"},
	"phones": {"phone", "telephone", "tel", "phone number", "mobile", "mobile phone", "mobile number", "cell", "cell phone",
		"cellphone", "home phone", "business phone", "work phone", "primary phone", "other phone", "phone 1 value",
		"car phone", "company main phone", "telefon", "telefon komórkowy", "komórka", "tel kom", "nr telefonu",
		"numer telefonu", "nr tel", "телефон", "мобильный", "мобильный телефон", "моб телефон", "сотовый",
		"номер телефона", "тел", "handy", "mobil", "mobiltelefon", "mobilnummer", "telefonnummer", "festnetz",
		"telefon privat", "telefon geschäftlich", "telefone", "celular", "fone", "telemóvel", "telefone celular",
		"whatsapp celular", "teléfono", "móvil", "número de teléfono", "téléphone", "portable", "numéro de téléphone", "gsm"},
	"whatsapp": {"whatsapp", "whats app", "numer whatsapp", "ватсап", "вотсап"},
	"telegram": {"telegram", "телеграм", "telegram username"},
	"viber":    {"viber", "вайбер"},
	"birth_date": {"birth date", "birthdate", "birthday", "date of birth", "dob", "born", "data urodzenia", "urodziny",
		"дата рождения", "день рождения", "geburtsdatum", "geburtstag", "data de nascimento", "data nascimento",
		"dt nasc", "dtnasc", "aniversário", "fecha de nacimiento", "cumpleaños", "date de naissance", "anniversaire"},
	"street": {"street", "address", "address 1 street", "address line 1", "street address", "home street", "business street",
		"ulica", "adres", "улица", "адрес", "straße", "strasse", "anschrift", "rua", "logradouro", "endereço",
		"calle", "dirección", "domicilio", "rue", "adresse", "voie"},
	"house": {"house", "house number", "building", "nr domu", "numer domu", "numer", "дом", "номер дома", "hausnummer",
		"hausnr", "número", "numero", "nº", "número casa", "num"},
	"postal_code": {"postal code", "postcode", "zip", "zip code", "address 1 postal code", "home postal code",
		"business postal code", "kod pocztowy", "почтовый индекс", "индекс", "plz", "postleitzahl", "cep",
		"código postal", "cp", "code postal"},
	"city": {"city", "town", "locality", "address 1 city", "home city", "business city", "miasto", "miejscowość",
		"город", "населенный пункт", "stadt", "ort", "wohnort", "cidade", "município", "ciudad", "localidad",
		"ville", "commune"},
	"region": {"region", "state", "province", "county", "address 1 region", "home state", "business state", "województwo",
		"область", "регион", "край", "bundesland", "estado", "uf", "provincia", "région", "département"},
	"country": {"country", "country code", "country region", "address 1 country", "home country region",
		"business country region", "nation", "kraj", "państwo", "страна", "land", "país", "pais", "pays"},
	"description": {"description", "notes", "note", "comment", "comments", "remarks", "opis", "uwagi", "notatki",
		"komentarz", "примечание", "комментарий", "заметки", "описание", "notizen", "notiz", "bemerkung",
		"bemerkungen", "kommentar", "beschreibung", "observações", "obs", "notas", "observaciones",
		"comentarios", "descripción", "remarques", "commentaire"},
	"manager": {"manager", "account manager", "owner", "sales rep", "opiekun", "opiekun klienta", "handlowiec",
		"менеджер", "ответственный", "betreuer", "kundenbetreuer", "responsável", "vendedor", "gestor",
		"responsable", "commercial", "gestionnaire"},
	"timezone": {"timezone", "time zone", "strefa czasowa", "часовой пояс", "zeitzone", "fuso horário", "zona horaria",
		"fuseau horaire"},
	"points": {"points", "loyalty points", "punkty", "баллы", "бонусы", "punkte", "pontos", "puntos"},
	"paid_total": {"paid total", "total paid", "revenue", "total spent", "lifetime value", "ltv", "obroty",
		"suma zakupów", "wartość zakupów", "сумма покупок", "оборот", "umsatz", "gesamtumsatz", "total gasto",
		"valor total", "total compras", "chiffre d affaires", "total des achats"},
	"priority": {"priority", "priorytet", "приоритет", "priorität", "prioridade", "prioridad", "priorité"},
	"status":   {"status", "contact status", "статус", "situação", "estatus", "statut"},
	"groups": {"groups", "group", "group membership", "categories", "category", "lists", "list", "segment", "labels",
		"grupa", "grupy", "kategoria", "группа", "группы", "категория", "gruppe", "gruppen", "kategorie", "grupo",
		"grupos", "categoria", "categoría", "groupe", "groupes", "catégorie"},
	"tags": {"tags", "tag", "tagi", "etykiety", "теги", "метки", "schlagwörter", "etiketten", "etiquetas", "étiquettes",
		"marcadores"},
	TargetRecordType: {"record type", "type", "channel type", "contact type", "tipo", "tipo contato", "tipo de contato",
		"tipo contacto", "tipo registro", "typ", "typ kontaktu", "тип", "тип контакта", "kanal", "canal", "channel"},
	TargetRecordValue: {"record value", "value", "contact value", "valor", "contato", "contacto", "dado", "wartość",
		"dane kontaktowe", "значение", "контакт", "wert"},
	TargetIgnore: {"e mail 1 type", "e mail type", "phone 1 type", "phone type", "address 1 type", "address type",
		"e mail 1 label", "e mail label", "phone 1 label", "phone label", "address 1 formatted", "address formatted",
		"yomi name", "given name yomi", "family name yomi", "additional name yomi", "name prefix", "name suffix",
		"suffix", "e mail display name", "e mail 2 display name", "e mail 3 display name",
		"rolo reject reason", "rolo reject file", "rolo reject line"},
}

// strongTargets are matched on a header word anywhere in the header
// ("Customer e-mail", "Telefon kontaktowy"), less surely.
var strongTargets = []struct {
	word, target string
}{
	{"email", "emails"}, {"e mail", "emails"}, {"mail", "emails"}, {"correo", "emails"}, {"courriel", "emails"}, {"почта", "emails"},
	{"whatsapp", "whatsapp"}, {"telegram", "telegram"}, {"viber", "viber"},
	{"phone", "phones"}, {"telefon", "phones"}, {"telefone", "phones"}, {"telephone", "phones"}, {"телефон", "phones"},
	{"mobile", "phones"}, {"celular", "phones"}, {"handy", "phones"}, {"tel", "phones"},
	{"birth", "birth_date"}, {"urodzenia", "birth_date"}, {"рождения", "birth_date"}, {"geburt", "birth_date"}, {"nascimento", "birth_date"}, {"nacimiento", "birth_date"}, {"naissance", "birth_date"},
	{"surname", "last_name"}, {"nazwisko", "last_name"}, {"фамилия", "last_name"}, {"nachname", "last_name"}, {"sobrenome", "last_name"}, {"apellido", "last_name"},
	{"first name", "first_name"}, {"imie", "first_name"}, {"vorname", "first_name"}, {"prenom", "first_name"},
	{"company", "company"}, {"firma", "company"}, {"empresa", "company"}, {"компания", "company"},
	{"zip", "postal_code"}, {"postal", "postal_code"}, {"kod pocztowy", "postal_code"}, {"cep", "postal_code"},
	{"city", "city"}, {"miasto", "city"}, {"город", "city"}, {"cidade", "city"}, {"ciudad", "city"}, {"ville", "city"},
	{"country", "country"}, {"kraj", "country"}, {"страна", "country"}, {"pais", "country"}, {"pays", "country"},
	{"street", "street"}, {"ulica", "street"}, {"straße", "street"},
	{"cpf", "tax_id"}, {"cnpj", "tax_id"}, {"nip", "tax_id"}, {"инн", "tax_id"}, {"vat", "tax_id"},
	{"note", "description"}, {"uwagi", "description"},
}

// consentWords mark a header that names a consent.
var consentWords = []string{
	"consent", "consents", "opt in", "optin", "permission", "agree", "agreed", "agreement", "subscribe", "subscribed",
	"subscription", "newsletter", "marketing", "gdpr", "allow", "accepts",
	"zgoda", "zgody", "rodo", "subskrypcja", "zapis", "согласие", "подписка", "рассылка", "einwilligung",
	"zustimmung", "werbung", "consentimento", "aceite", "aceita", "autoriza", "permissão", "consentimiento",
	"acepta", "suscripción", "suscrito", "consentement", "accord", "abonné",
}

// consentChannels name a consent after its channel; the first that
// appears in the header wins.
var consentChannels = []struct {
	words []string
	name  string
}{
	{[]string{"whatsapp"}, "whatsapp"},
	{[]string{"sms", "text message", "смс"}, "sms"},
	{[]string{"email", "e mail", "mail", "correo", "courriel", "почта", "poczta"}, "email"},
	{[]string{"phone", "telefon", "telefone", "телефон", "call", "calls", "звонки", "tel"}, "phone"},
	{[]string{"newsletter", "рассылка"}, "newsletter"},
	{[]string{"post", "letter", "письма"}, "post"},
	{[]string{"marketing", "маркетинг", "werbung"}, "marketing"},
}

// channelTypes are the values of a record-type column, by the channel they
// name.
var channelTypes = map[string]string{
	"email": "emails", "e mail": "emails", "mail": "emails", "correo": "emails", "courriel": "emails", "почта": "emails",
	"phone": "phones", "telefone": "phones", "telefon": "phones", "tel": "phones", "fone": "phones", "celular": "phones",
	"mobile": "phones", "cell": "phones", "telephone": "phones", "телефон": "phones", "mobil": "phones", "handy": "phones",
	"movil": "phones", "telemovel": "phones", "fixo": "phones", "landline": "phones", "fax": "phones", "sms": "phones",
	"whatsapp": "whatsapp", "telegram": "telegram", "viber": "viber",
}

var dictionary = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for target, words := range headerWords {
		for _, w := range words {
			m[normHeader(w)] = target
		}
	}
	return m
})

// normHeader folds a header for matching: lower case, no accents,
// Cyrillic in Latin letters, punctuation and underscores as single spaces.
func normHeader(s string) string {
	s = contact.Translit(contact.CleanText(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// withoutNumbers drops the number words of a normalised header ("phone 2",
// "e mail 3 address").
func withoutNumbers(h string) string {
	f := strings.Fields(h)
	out := f[:0]
	for _, w := range f {
		if !isDigits(w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// hasWord reports whether the normalised header holds the (normalised)
// word or phrase as whole words.
func hasWord(h, word string) bool {
	w := normHeader(word)
	if w == "" {
		return false
	}
	return h == w || strings.HasPrefix(h, w+" ") || strings.HasSuffix(h, " "+w) || strings.Contains(h, " "+w+" ")
}

// lookupHeader maps a header by the dictionary: sure for a whole-header
// match, unsure for a word inside it; "" when nothing matches.
func lookupHeader(header string) (target string, sure bool) {
	h := normHeader(header)
	if h == "" {
		return "", false
	}
	d := dictionary()
	if t, ok := d[h]; ok {
		return t, true
	}
	if t, ok := d[withoutNumbers(h)]; ok {
		return t, true
	}
	for _, s := range strongTargets {
		if hasWord(h, s.word) {
			return s.target, false
		}
	}
	return "", false
}

// explicitConsent reports a header that says consent in so many words
// (not a bare channel or "newsletter").
func explicitConsent(header string) bool {
	h := normHeader(header)
	for _, w := range consentWords {
		switch w {
		case "newsletter", "marketing", "subscription", "subscribed", "subscribe", "zapis", "рассылка", "подписка", "werbung":
			continue
		}
		if hasWord(h, w) {
			return true
		}
	}
	return false
}

// namesConsent reports whether a header names a consent, and the consent's
// name (its channel where the header says one).
func namesConsent(header string) (string, bool) {
	h := normHeader(header)
	isConsent := false
	for _, w := range consentWords {
		if hasWord(h, w) {
			isConsent = true
			break
		}
	}
	channel, bare := "", false
	for _, c := range consentChannels {
		for _, w := range c.words {
			if hasWord(h, w) {
				channel, bare = c.name, h == normHeader(w)
				break
			}
		}
		if channel != "" {
			break
		}
	}
	switch {
	case isConsent && channel != "":
		return channel, true
	case isConsent:
		rest := h
		for _, w := range consentWords {
			rest = strings.TrimSpace(strings.ReplaceAll(" "+rest+" ", " "+normHeader(w)+" ", " "))
		}
		for _, filler := range []string{"na", "do", "for", "to", "the", "de", "da", "do", "zur", "zum", "a", "al", "le", "la", "on", "na"} {
			rest = strings.TrimSpace(strings.ReplaceAll(" "+rest+" ", " "+filler+" ", " "))
		}
		if rest == "" {
			return "marketing", true
		}
		return strings.ReplaceAll(rest, " ", "_"), true
	case bare:
		// A bare channel name ("SMS", "Newsletter") with yes/no values.
		return channel, true
	}
	return "", false
}

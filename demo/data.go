package demo

// country holds what the generator needs to make a believable person of one
// country. Names come in male/female pairs where the language inflects
// surnames (Kowalski/Kowalska, Иванов/Иванова).
type country struct {
	code      string
	weight    int
	male      []string
	female    []string
	middleM   []string // patronymics (RU) or second names
	middleF   []string
	lastM     []string
	lastF     []string // same length as lastM, or nil when surnames do not inflect
	cities    []city
	streets   []string
	domains   []string
	mobiles   []string // national prefixes that give valid mobile numbers
	mobileLen int      // digits after the prefix
	landlines []string // patterns of national numbers, # a random digit
	timezone  string
	jobs      []string
	companies []string
}

type city struct {
	name, region, postal string // postal: a pattern, # is a random digit
}

var countries = []country{
	{
		code: "PL", weight: 30,
		male:    []string{"Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Grzegorz", "Mateusz", "Wojciech", "Jakub", "Maciej", "Stanisław", "Zbigniew", "Jerzy", "Bartłomiej", "Przemysław", "Sławomir"},
		female:  []string{"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Magdalena", "Elżbieta", "Joanna", "Zofia", "Aleksandra", "Żaneta", "Dorota", "Beata", "Jolanta", "Grażyna", "Urszula", "Łucja"},
		lastM:   []string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Majewski", "Olszewski", "Stępień", "Jaworski", "Malinowski", "Brzęczyszczykiewicz", "Górski", "Sikora", "Ostrowski", "Baran"},
		lastF:   []string{"Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowska", "Zielińska", "Szymańska", "Woźniak", "Dąbrowska", "Kozłowska", "Jankowska", "Mazur", "Kwiatkowska", "Krawczyk", "Piotrowska", "Grabowska", "Nowakowska", "Pawłowska", "Michalska", "Król", "Wieczorek", "Jabłońska", "Wróbel", "Majewska", "Olszewska", "Stępień", "Jaworska", "Malinowska", "Brzęczyszczykiewicz", "Górska", "Sikora", "Ostrowska", "Baran"},
		cities:  []city{{"Warszawa", "mazowieckie", "0#-###"}, {"Kraków", "małopolskie", "3#-###"}, {"Łódź", "łódzkie", "9#-###"}, {"Wrocław", "dolnośląskie", "5#-###"}, {"Poznań", "wielkopolskie", "6#-###"}, {"Gdańsk", "pomorskie", "80-###"}, {"Szczecin", "zachodniopomorskie", "7#-###"}, {"Lublin", "lubelskie", "20-###"}, {"Katowice", "śląskie", "40-###"}, {"Białystok", "podlaskie", "15-###"}, {"Rzeszów", "podkarpackie", "35-###"}, {"Toruń", "kujawsko-pomorskie", "87-###"}},
		streets: []string{"ul. Marszałkowska", "ul. Długa", "ul. Piłsudskiego", "ul. Mickiewicza", "ul. Słowackiego", "ul. Kościuszki", "ul. Żeromskiego", "ul. Wrocławska", "al. Jerozolimskie", "ul. Świętokrzyska", "ul. Łąkowa", "ul. Ogrodowa"},
		domains: []string{"wp.pl", "onet.pl", "interia.pl", "gmail.com", "o2.pl", "op.pl"},
		mobiles: []string{"501", "502", "509", "512", "530", "533", "600", "601", "602", "603", "660", "661", "691", "692", "720", "721", "781", "782", "790", "791", "880", "881", "885", "886", "887", "888"}, mobileLen: 6,
		landlines: []string{"22#######", "12#######", "42#######", "71#######", "61#######", "58#######"},
		timezone:  "Europe/Warsaw",
		jobs:      []string{"Kierownik sprzedaży", "Księgowa", "Specjalista ds. marketingu", "Programista", "Dyrektor", "Właściciel", "Asystentka", "Inżynier"},
		companies: []string{"Budimex S.A.", "Zakład Usługowy „Złota Rączka”", "Piekarnia Łuczak", "Kowalski i Synowie sp. z o.o.", "Orlen Serwis", "Mleczarnia Łowicz", "Żabka Polska"},
	},
	{
		code: "DE", weight: 15,
		male:    []string{"Jürgen", "Klaus", "Stefan", "Thomas", "Michael", "Andreas", "Uwe", "Jörg", "Lukas", "Maximilian", "Günther", "Björn", "Matthias", "Sebastian", "Florian"},
		female:  []string{"Ursula", "Monika", "Sabine", "Petra", "Jülide", "Anke", "Käthe", "Sophie", "Hannah", "Lea", "Birgit", "Gisela", "Heike", "Marlene", "Annegret"},
		lastM:   []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Krüger", "Hofmann", "Hartmann", "Lange", "Weiß", "Köhler", "Groß", "Jäger"},
		cities:  []city{{"Berlin", "Berlin", "10###"}, {"München", "Bayern", "80###"}, {"Hamburg", "Hamburg", "20###"}, {"Köln", "Nordrhein-Westfalen", "50###"}, {"Frankfurt am Main", "Hessen", "60###"}, {"Stuttgart", "Baden-Württemberg", "70###"}, {"Düsseldorf", "Nordrhein-Westfalen", "40###"}, {"Leipzig", "Sachsen", "04###"}, {"Nürnberg", "Bayern", "90###"}},
		streets: []string{"Hauptstraße", "Schulstraße", "Bahnhofstraße", "Gartenstraße", "Dorfstraße", "Bergstraße", "Lindenstraße", "Königsallee", "Müllerstraße"},
		domains: []string{"gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"},
		mobiles: []string{"151", "152", "157", "159"}, mobileLen: 8,
		landlines: []string{"30########", "89########", "40########", "221#######", "69########"},
		timezone:  "Europe/Berlin",
		jobs:      []string{"Geschäftsführer", "Vertriebsleiter", "Buchhalterin", "Ingenieur", "Einkäuferin", "Softwareentwickler"},
		companies: []string{"Müller & Söhne GmbH", "Bäckerei Groß", "Schäfer Logistik AG", "Weiß Maschinenbau KG"},
	},
	{
		code: "RU", weight: 15,
		male:    []string{"Сергей", "Александр", "Дмитрий", "Андрей", "Алексей", "Максим", "Иван", "Михаил", "Николай", "Владимир", "Артём", "Фёдор", "Юрий", "Евгений"},
		female:  []string{"Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Анна", "Мария", "Светлана", "Юлия", "Екатерина", "Дарья", "Алёна", "Людмила", "Ксения"},
		middleM: []string{"Сергеевич", "Александрович", "Иванович", "Петрович", "Николаевич", "Владимирович", "Андреевич", "Михайлович"},
		middleF: []string{"Сергеевна", "Александровна", "Ивановна", "Петровна", "Николаевна", "Владимировна", "Андреевна", "Михайловна"},
		lastM:   []string{"Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев"},
		lastF:   []string{"Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Петрова", "Соколова", "Михайлова", "Новикова", "Фёдорова", "Морозова", "Волкова", "Алексеева", "Лебедева", "Семёнова", "Егорова", "Павлова", "Козлова", "Степанова", "Николаева"},
		cities:  []city{{"Москва", "Москва", "1#####"}, {"Санкт-Петербург", "Санкт-Петербург", "19####"}, {"Новосибирск", "Новосибирская область", "630###"}, {"Екатеринбург", "Свердловская область", "620###"}, {"Казань", "Республика Татарстан", "420###"}, {"Нижний Новгород", "Нижегородская область", "603###"}},
		streets: []string{"ул. Ленина", "ул. Гагарина", "ул. Пушкина", "пр. Мира", "ул. Советская", "ул. Садовая", "Невский пр.", "ул. Тверская"},
		domains: []string{"yandex.ru", "mail.ru", "gmail.com", "rambler.ru", "bk.ru"},
		mobiles: []string{"903", "905", "906", "909", "910", "912", "915", "916", "917", "919", "920", "925", "926", "977", "985", "999"}, mobileLen: 7,
		landlines: []string{"4952######", "8123######", "3832######"},
		timezone:  "Europe/Moscow",
		jobs:      []string{"Менеджер", "Бухгалтер", "Директор", "Инженер", "Программист", "Юрист"},
		companies: []string{"ООО «Ромашка»", "АО «Северсталь»", "ИП Иванов", "ООО «Вектор»"},
	},
	{
		code: "BR", weight: 15,
		male:    []string{"João", "José", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos", "Gabriel", "Rafael", "Sebastião", "Conceição"},
		female:  []string{"Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline", "Letícia", "Conceição", "Lúcia", "Cláudia"},
		lastM:   []string{"da Silva", "dos Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Ribeiro", "Carvalho", "Araújo", "Gonçalves", "Conceição", "Simões", "Magalhães", "Assunção"},
		cities:  []city{{"São Paulo", "SP", "0####-###"}, {"Rio de Janeiro", "RJ", "2####-###"}, {"Belo Horizonte", "MG", "3####-###"}, {"Curitiba", "PR", "8####-###"}, {"Porto Alegre", "RS", "9####-###"}, {"Salvador", "BA", "4####-###"}, {"Brasília", "DF", "7####-###"}, {"Recife", "PE", "5####-###"}},
		streets: []string{"Rua das Flores", "Avenida Paulista", "Rua São João", "Avenida Atlântica", "Rua da Conceição", "Rua XV de Novembro", "Avenida Brasil"},
		domains: []string{"uol.com.br", "bol.com.br", "gmail.com", "hotmail.com", "terra.com.br"},
		mobiles: []string{"1196", "1197", "1198", "1199", "2197", "2198", "3198", "4199", "5199", "6198", "7198", "8199"}, mobileLen: 7,
		landlines: []string{"113#######", "212#######", "313#######"},
		timezone:  "America/Sao_Paulo",
		jobs:      []string{"Gerente", "Contadora", "Vendedor", "Engenheira", "Analista", "Diretor"},
		companies: []string{"Padaria São João Ltda.", "Construtora Araújo S.A.", "Simões & Filhos", "Magalhães Comércio ME"},
	},
	{
		code: "GB", weight: 12,
		male:    []string{"Oliver", "George", "Harry", "Jack", "James", "William", "Thomas", "David", "Richard", "Daniel", "Sean", "Rhys"},
		female:  []string{"Olivia", "Amelia", "Isla", "Emily", "Charlotte", "Sophie", "Jessica", "Emma", "Siobhan", "Niamh", "Chloë", "Zoë"},
		lastM:   []string{"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "O'Brien", "MacDonald", "Clarke", "Wright"},
		cities:  []city{{"London", "Greater London", "SW1A #AA"}, {"Manchester", "Greater Manchester", "M# #AB"}, {"Birmingham", "West Midlands", "B# #CD"}, {"Leeds", "West Yorkshire", "LS# #EF"}, {"Glasgow", "Scotland", "G# #GH"}, {"Edinburgh", "Scotland", "EH# #JK"}, {"Bristol", "Bristol", "BS# #LN"}},
		streets: []string{"High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "King's Road", "Queen Street"},
		domains: []string{"gmail.com", "hotmail.co.uk", "btinternet.com", "outlook.com", "yahoo.co.uk"},
		mobiles: []string{"7400", "7500", "7800", "7900", "7912", "7944", "7960", "7723"}, mobileLen: 6,
		landlines: []string{"207#######", "1612######", "1214######"},
		timezone:  "Europe/London",
		jobs:      []string{"Account Manager", "Director", "Accountant", "Software Engineer", "Sales Executive", "Office Manager"},
		companies: []string{"Smith & Jones Ltd", "Wright Brothers plc", "O'Brien Consulting", "Taylor's Bakery"},
	},
	{
		code: "US", weight: 13,
		male:    []string{"Michael", "Christopher", "Matthew", "Joshua", "Andrew", "Ryan", "Brandon", "Tyler", "Kevin", "José", "Luis", "Ethan"},
		female:  []string{"Jennifer", "Jessica", "Ashley", "Sarah", "Emily", "Samantha", "Elizabeth", "Megan", "Lauren", "Renée", "María", "Madison"},
		lastM:   []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernández", "Lopez", "Wilson", "Anderson", "Taylor", "Nguyen", "Kim", "Patel"},
		cities:  []city{{"New York", "NY", "100##"}, {"Los Angeles", "CA", "900##"}, {"Chicago", "IL", "606##"}, {"Houston", "TX", "770##"}, {"Boston", "MA", "021##"}, {"San Francisco", "CA", "941##"}, {"Seattle", "WA", "981##"}, {"Miami", "FL", "331##"}},
		streets: []string{"Main St", "Oak Ave", "Maple Dr", "Washington Blvd", "Park Ave", "Elm St", "Sunset Blvd", "Broadway"},
		domains: []string{"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"},
		mobiles: []string{"212", "310", "312", "415", "617", "646", "713", "202", "305", "206"}, mobileLen: 7,
		landlines: []string{"2127######", "3128######", "6173######"},
		timezone:  "America/New_York",
		jobs:      []string{"Account Executive", "CEO", "Marketing Manager", "Nurse", "Software Developer", "Teacher"},
		companies: []string{"Acme Corp.", "Globex LLC", "Initech Inc.", "Stark Industries"},
	},
}

var (
	groupNames = []string{"VIP", "Newsletter 2026", "Churned", "Wholesale", "Partners", "Webinar attendees", "Black Friday 2025"}
	tagNames   = []string{"b2b", "b2c", "event-2026", "referral", "complaint", "returning", "cold-lead", "hot-lead"}
	managers   = []string{"Anna Nowak", "Jürgen Weber", "Ольга Петрова", "Ana Souza", "James Taylor", "Sarah Miller"}
	consents   = []string{"email", "sms", "phone"}
)

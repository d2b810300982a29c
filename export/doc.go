// Package export writes contacts to CSV, XLSX, TXT, JSONL and vCard,
// streaming: one contact at a time, so memory stays flat for a million. It
// is used by rolo export and by the TUI's "export the selection": a Writer
// over an io.Writer (NewWriter), a column list (DefaultColumns,
// CheckColumns), a contact source (store.ScanBorrowed, or Select over IDs)
// and a progress callback (Run).
//
// # Columns and cells
//
// Tabular formats (CSV, TXT, XLSX) have one header row of canonical field
// names (first_name, emails, custom:loyalty_card, consent:sms) and one row
// per contact, each cell as contact.Get gives it: lists joined with "; ",
// numbers without exponent, times in RFC 3339, consents yes/no. CSV is RFC
// 4180 (comma, CRLF, quotes doubled) in UTF-8, with a byte-order mark for
// Excel when asked; TXT is the same with tabs. XLSX has one sheet,
// "Contacts", with the header frozen; text cells are strings (never
// formulas: phones keep their +), points and paid_total numbers.
//
// # Profiles
//
// The default profile, excel, makes CSV and TXT safe to open in a
// spreadsheet (see Neutralise for the exact rule: formula-like cells get a
// leading ', plain numbers and E.164 phones do not). XLSX needs no change:
// its cells are strings. The raw profile writes every value untouched.
//
// # JSONL
//
// One JSON object per line, keys in column order, every chosen key
// present:
//
//	{"id":12,"first_name":"Łucja","last_name":"Wiśniewska","emails":["lucja@wp.pl"],
//	  "phones":["+48601234567"],"birth_date":"1985-03-07","points":150,"paid_total":null,
//	  "status":"subscriber","groups":["VIP"],"tags":[],
//	  "custom":{"loyalty_card":"LC-1"},
//	  "consents":{"sms":{"granted":true,"at":"2026-10-20T08:00:00Z","source":"import:3"}},
//	  "created_at":"2026-10-20T08:00:00Z","updated_at":"2026-10-25T12:30:00Z","source":"import:3"}
//
// (shown folded and with most keys left out; each object is one line).
//
//   - id is a number; emails, phones (E.164), groups and tags are arrays
//     of strings ([] when empty); points and paid_total are numbers, or
//     null when absent.
//   - addresses is an array of objects, the preferred address first, each
//     with the keys it has of kind (home, work, other), street, house,
//     postal_code, city, region and country (an ISO code):
//     [{"kind":"work","street":"Kungsgatan","house":"9","city":"Stockholm","country":"SE"}].
//   - custom:<name> columns become one "custom" object (name → value) and
//     consent:<name> columns one "consents" object (name → {"granted",
//     "at" when known, "source" when known}), each at the place of its
//     first column; a contact's object holds only the names it has.
//   - Every other field is a string, "" when empty; times are RFC 3339 in
//     UTC, birth_date YYYY-MM-DD (--MM-DD for a birthday without a year).
//
// JSONL's default columns are every field, rolo's own (id, created_at,
// updated_at, source) included: it is the lossless format. DecodeJSONL
// reads it back; rolo import reads it too (the round trip is tested).
//
// # vCard
//
// vCard 4.0: FN, N, KIND:org for a company without a person's name, ORG,
// TITLE, EMAIL and TEL (tel: URIs, PREF=1 on the first), BDAY, ADR (street
// and house in the street part, the country's name), a second ADR with
// TYPE=x-shipping, NOTE (description), CATEGORIES (groups), TZ, REV
// (updated_at), UID (the card's own, else urn:rolo:<id> when id is a column), and
// X-ROLO-… properties for the rest (crm_id, tax_id, tags, points,
// custom fields with NAME=, consents with NAME=, AT= and SOURCE=).
package export

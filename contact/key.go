package contact

// Key names an identity of a contact: what the store indexes and what an
// import matches rows by. E-mail, CRM ID, tax ID and UID belong to one
// contact at most; a phone may be shared (a household, a switchboard).
type Key string

// Keys.
const (
	KeyEmail Key = "email"  // e-mail (strong)
	KeyPhone Key = "phone"  // phone (weak)
	KeyCRMID Key = "crm_id" // the CRM's customer code (strong)
	KeyTaxID Key = "tax_id" // tax ID in any formatting (strong)
	KeyUID   Key = "uid"    // a vCard's UID, the address book's name for a card (strong)
)

// Label is the key for people: "e-mail", "CRM ID".
func (k Key) Label() string {
	switch k {
	case KeyEmail:
		return "e-mail"
	case KeyCRMID:
		return "CRM ID"
	case KeyTaxID:
		return "tax ID"
	case KeyUID:
		return "UID"
	}
	return string(k)
}

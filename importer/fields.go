package importer

import "rolo/contact"

// scalar names a field that holds one value. A row records which scalars
// it had a value for (and which it had empty), so merging a row into a
// stored contact touches only those.
type scalar uint8

const (
	sFirst scalar = iota
	sMiddle
	sLast
	sCompany
	sJob
	sCRM
	sTax
	sTelegram
	sWhatsApp
	sViber
	sBirth
	sStreet
	sHouse
	sPostal
	sCity
	sRegion
	sCountry
	sShipStreet
	sShipHouse
	sShipPostal
	sShipCity
	sShipRegion
	sShipCountry
	sDescription
	sManager
	sTimezone
	sPriority
	sStatus
	sPoints
	sPaid
	sPrefix
	sSuffix
	sDepartment
	sRole
	sUID
	numScalars
)

var scalarNames = [numScalars]string{
	"first_name", "middle_name", "last_name", "company", "job_title", "crm_id", "tax_id", "telegram", "whatsapp", "viber",
	"birth_date", "street", "house", "postal_code", "city", "region", "country",
	"ship_street", "ship_house", "ship_postal_code", "ship_city", "ship_region", "ship_country",
	"description", "manager", "timezone", "priority", "status", "points", "paid_total",
	"prefix", "suffix", "department", "role", "uid",
}

var scalarByName = func() map[string]scalar {
	m := map[string]scalar{}
	for i, n := range scalarNames {
		m[n] = scalar(i)
	}
	return m
}()

// str returns the string field a scalar names (nil for numbers).
func (s scalar) str(c *contact.Contact) *string {
	switch s {
	case sFirst:
		return &c.FirstName
	case sMiddle:
		return &c.MiddleName
	case sLast:
		return &c.LastName
	case sCompany:
		return &c.Company
	case sJob:
		return &c.JobTitle
	case sCRM:
		return &c.CRMID
	case sTax:
		return &c.TaxID
	case sTelegram:
		return &c.Telegram
	case sWhatsApp:
		return &c.WhatsApp
	case sViber:
		return &c.Viber
	case sBirth:
		return &c.BirthDate
	case sStreet:
		return &c.Address.Street
	case sHouse:
		return &c.Address.House
	case sPostal:
		return &c.Address.PostalCode
	case sCity:
		return &c.Address.City
	case sRegion:
		return &c.Address.Region
	case sCountry:
		return &c.Address.Country
	case sShipStreet:
		return &c.Shipping.Street
	case sShipHouse:
		return &c.Shipping.House
	case sShipPostal:
		return &c.Shipping.PostalCode
	case sShipCity:
		return &c.Shipping.City
	case sShipRegion:
		return &c.Shipping.Region
	case sShipCountry:
		return &c.Shipping.Country
	case sDescription:
		return &c.Description
	case sManager:
		return &c.Manager
	case sTimezone:
		return &c.Timezone
	case sPriority:
		return &c.Priority
	case sStatus:
		return &c.Status
	case sPrefix:
		return &c.Prefix
	case sSuffix:
		return &c.Suffix
	case sDepartment:
		return &c.Department
	case sRole:
		return &c.Role
	case sUID:
		return &c.UID
	}
	return nil
}

func (s scalar) num(c *contact.Contact) *contact.Number {
	switch s {
	case sPoints:
		return &c.Points
	case sPaid:
		return &c.PaidTotal
	}
	return nil
}

// copyTo copies the scalar from src to dst.
func (s scalar) copyTo(dst, src *contact.Contact) {
	if p := s.str(dst); p != nil {
		*p = *s.str(src)
		return
	}
	*s.num(dst) = *s.num(src)
}

// clear empties the scalar (status goes back to "contact").
func (s scalar) clear(c *contact.Contact) {
	if s == sStatus {
		c.Status = contact.StatusContact
		return
	}
	if p := s.str(c); p != nil {
		*p = ""
		return
	}
	*s.num(c) = contact.Number{}
}

// List fields a row may fill from several columns and values.
const (
	lEmails uint8 = 1 << iota
	lPhones
	lFaxes
	lGroups
	lTags
	lAddresses
)

// addressScalars are the parts of the preferred address.
var addressScalars = [...]scalar{sStreet, sHouse, sPostal, sCity, sRegion, sCountry}

// addressBits marks the parts of the preferred address among a row's set
// and empty scalars.
const addressBits = uint64(1)<<sStreet | 1<<sHouse | 1<<sPostal | 1<<sCity | 1<<sRegion | 1<<sCountry

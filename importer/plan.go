package importer

// A plan is a mapping compiled for one table: what each column does to a row.

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"rolo/contact"
)

// colKind is what a column does to a row.
type colKind uint8

const (
	kIgnore colKind = iota
	kText           // a plain string scalar (names, address parts, IDs, notes)
	kEmails
	kPhones
	kFaxes
	kOnePhone // whatsapp, viber
	kDate
	kCountry
	kNumber
	kPriority
	kStatus
	kTimezone
	kGroups
	kTags
	kConsent
	kCustom
	kFullName
	kRecordType
	kRecordValue
	kBirthPart   // birth_year, birth_month, birth_day: one date from three columns
	kAddresses   // addresses in their text form (contact.FormatAddress)
	kAddressPart // a part of another address of the row: work_city, address2_street (see address_columns.go)
)

type colPlan struct {
	idx    int
	name   string // the column's name, for warnings
	kind   colKind
	scalar scalar
	sub    string // consent or custom field name; the part of a birthday
	date   *dateColumn
	// typeCol is the column saying what kind of number a phone column
	// holds (Google's "Phone 1 - Type" next to "Phone 1 - Value"), or of
	// address a numbered address column is ("Address 2 - Type"), or -1.
	typeCol int
	// rank is a custom column's place among the custom columns in the
	// order of their names (see customs.go).
	rank  int
	group int // kAddressPart: the address group, an index of plan.groups
}

// plan is a table's compiled mapping: what each column does, and how rows
// are checked. It is shared by the normalising goroutines (read only,
// except the time-zone cache).
type plan struct {
	table      *Table
	tableIndex int
	cols       []colPlan
	nCustom    int // custom columns
	width      int
	country    int      // column of the row's own country (address), or -1
	groups     []string // the groups of address columns besides the preferred address: work, address2…
	prefKind   int      // column of the preferred address's kind (Google's "Address 1 - Type"), or -1
	recType    int
	recValue   int
	channels   bool // one row per channel
	key        KeyList
	opt        *Options
	hasher     func(kind, value string) []byte
	spreadsh   bool
	zones      sync.Map // time-zone name → error text ("" valid)
	countries  sync.Map // country cell → its ISO code, "" if none (see countryCode)
	nCountries atomic.Int32
}

// compile turns a mapping into a plan. With requireKey it refuses a
// mapping that cannot give any row a key (nothing would be imported); an
// audit reads such a file anyway.
func compile(t *Table, idx int, m Mapping, opt *Options, requireKey bool) (*plan, error) {
	p := &plan{table: t, tableIndex: idx, width: len(t.Columns), country: -1, recType: -1, recValue: -1, key: opt.Key, opt: opt,
		spreadsh: t.Format == FormatXLSX || t.Format == FormatXLS || t.Format == FormatVCard}
	for _, c := range m.Columns {
		cp := colPlan{idx: c.Index, name: c.Name, typeCol: -1}
		f := c.Field
		switch {
		case f == TargetIgnore || f == "":
			continue
		case f == TargetFullName:
			cp.kind = kFullName
		case f == TargetRecordType:
			cp.kind, p.recType = kRecordType, c.Index
		case f == TargetRecordValue:
			cp.kind, p.recValue = kRecordValue, c.Index
		case strings.HasPrefix(f, contact.ConsentPrefix):
			cp.kind, cp.sub = kConsent, f[len(contact.ConsentPrefix):]
		case strings.HasPrefix(f, contact.CustomPrefix):
			cp.kind, cp.sub = kCustom, f[len(contact.CustomPrefix):]
		case f == "emails":
			cp.kind = kEmails
		case f == "phones":
			cp.kind, cp.typeCol = kPhones, typeColumn(t.Columns, c.Name)
		case f == TargetBirthYear || f == TargetBirthMonth || f == TargetBirthDay:
			cp.kind, cp.sub = kBirthPart, f
		case f == "faxes":
			cp.kind = kFaxes
		case f == "groups":
			cp.kind = kGroups
		case f == "tags":
			cp.kind = kTags
		case f == "addresses":
			cp.kind = kAddresses
		case isAddressTarget(f):
			group, part, _ := addressTarget(f)
			cp.kind, cp.sub, cp.typeCol = kAddressPart, part, addressTypeColumn(t.Columns, group)
			if cp.group = slices.Index(p.groups, group); cp.group < 0 {
				cp.group, p.groups = len(p.groups), append(p.groups, group)
			}
		default:
			s, ok := scalarByName[f]
			if !ok {
				return nil, fmt.Errorf("column %q: %s cannot be imported", c.Name, f)
			}
			cp.scalar = s
			switch s {
			case sWhatsApp, sViber:
				cp.kind = kOnePhone
			case sBirth:
				cp.kind = kDate
			case sCountry, sShipCountry:
				cp.kind = kCountry
				if s == sCountry && p.country < 0 {
					p.country = c.Index
				}
			case sPoints, sPaid:
				cp.kind = kNumber
			case sPriority:
				cp.kind = kPriority
			case sStatus:
				cp.kind = kStatus
			case sTimezone:
				cp.kind = kTimezone
			default:
				cp.kind = kText
			}
		}
		p.cols = append(p.cols, cp)
	}
	p.rankCustoms()
	p.prefKind = -1
	if slices.ContainsFunc(p.cols, func(cp colPlan) bool {
		return (cp.kind == kText || cp.kind == kCountry) && slices.Contains(addressScalars[:], cp.scalar)
	}) {
		p.prefKind = addressTypeColumn(t.Columns, "address1")
	}
	p.channels = p.recType >= 0 && p.recValue >= 0
	if (p.recType >= 0) != (p.recValue >= 0) {
		return nil, refuse(t.Name, "maps a record_type column without a record_value column (or the other way round); one row per channel needs both")
	}
	missing := missingKey(opt.Key, m.Has, p.channels)
	if missing != "" && requireKey && !p.keepsKeyless() {
		return nil, refuse(t.Name, "%s", missing)
	}
	if err := p.decideDateOrders(); err != nil {
		return nil, err
	}
	return p, nil
}

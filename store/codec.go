package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
	"unsafe"

	"google.golang.org/protobuf/encoding/protowire"

	"rolo/contact"
)

// A contact record is a version byte followed by protobuf-wire fields
// (tag, wire type, value), written only when set. The wire format is
// self-describing, so a newer rolo can add fields and an older record still
// decodes; unknown fields are skipped. It decodes about ten times faster than
// JSON (see BenchmarkStoreScan) because there are no field names to match and
// every string of a record is sliced from a single allocation.
const recordVersion = 1

// Field numbers of the record. Never reuse or renumber one.
const (
	fFirstName   = 1
	fMiddleName  = 2
	fLastName    = 3
	fCompany     = 4
	fJobTitle    = 5
	fCRMID       = 6
	fTaxID       = 7
	fEmail       = 8 // repeated
	fPhone       = 9 // repeated, nested phone
	fWhatsApp    = 10
	fTelegram    = 11
	fViber       = 12
	fBirthDate   = 13
	fAddress     = 14 // nested address
	fShipping    = 15 // nested address
	fDescription = 16
	fManager     = 17
	fTimezone    = 18
	fPoints      = 19 // double
	fPaidTotal   = 20 // double
	fPriority    = 21
	fStatus      = 22
	fConsent     = 23 // repeated, nested consent
	fGroup       = 24 // repeated
	fTag         = 25 // repeated
	fCustom      = 26 // repeated, nested custom
	fCreatedAt   = 27 // unix nanoseconds
	fUpdatedAt   = 28 // unix nanoseconds
	fSource      = 29
	fFax         = 30 // repeated
	fPrefix      = 31
	fSuffix      = 32
	fDepartment  = 33
	fRole        = 34
	fUID         = 35
	fMoreAddress = 36 // repeated, nested address: the others after the preferred fAddress
	fChangedBy   = 40 // repeated
)

// Nested field numbers.
const (
	phNumber = 1
	phRaw    = 2
	phOrigin = 3
	phRegion = 4

	adStreet = 1
	adHouse  = 2
	adPostal = 3
	adCity   = 4
	adRegion = 5
	adCtry   = 6
	adKind   = 7

	csName    = 1
	csGranted = 2
	csAt      = 3
	csSource  = 4

	cuName  = 1
	cuValue = 2
)

func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	if num < 16 && len(s) < 0x80 {
		// The common case, without the varint loops: a one-byte tag and a
		// one-byte length (the same bytes protowire writes).
		return append(append(b, byte(num)<<3|byte(protowire.BytesType), byte(len(s))), s...)
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendTime(b []byte, num protowire.Number, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(t.UnixNano()))
}

func appendNumber(b []byte, num protowire.Number, n contact.Number) []byte {
	if !n.Valid {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.Fixed64Type)
	return protowire.AppendFixed64(b, math.Float64bits(n.Value))
}

func appendNested(b []byte, num protowire.Number, scratch []byte) []byte {
	if num < 16 && len(scratch) < 0x80 {
		return append(append(b, byte(num)<<3|byte(protowire.BytesType), byte(len(scratch))), scratch...)
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, scratch)
}

func appendAddress(b []byte, num protowire.Number, a contact.Address, n []byte) []byte {
	if a.IsZero() {
		return b
	}
	n = n[:0]
	n = appendString(n, adStreet, a.Street)
	n = appendString(n, adHouse, a.House)
	n = appendString(n, adPostal, a.PostalCode)
	n = appendString(n, adCity, a.City)
	n = appendString(n, adRegion, a.Region)
	n = appendString(n, adCtry, a.Country)
	n = appendString(n, adKind, a.Kind)
	return appendNested(b, num, n)
}

// encodeContact appends c's record to b. The ID is the key, not part of it.
func encodeContact(b []byte, c *contact.Contact) []byte {
	var scratch []byte
	return encodeContactScratch(b, c, &scratch)
}

// encodeContactScratch is encodeContact with a buffer for the nested
// messages (phones, addresses, consents, custom fields) that the caller
// keeps from one contact to the next.
func encodeContactScratch(b []byte, c *contact.Contact, scratch *[]byte) []byte {
	b, *scratch = encodeWith(b, c, (*scratch)[:0])
	return b
}

func encodeWith(b []byte, c *contact.Contact, n []byte) ([]byte, []byte) {
	b = append(b, recordVersion)
	b = appendString(b, fFirstName, c.FirstName)
	b = appendString(b, fMiddleName, c.MiddleName)
	b = appendString(b, fLastName, c.LastName)
	b = appendString(b, fCompany, c.Company)
	b = appendString(b, fJobTitle, c.JobTitle)
	b = appendString(b, fPrefix, c.Prefix)
	b = appendString(b, fSuffix, c.Suffix)
	b = appendString(b, fDepartment, c.Department)
	b = appendString(b, fRole, c.Role)
	b = appendString(b, fCRMID, c.CRMID)
	b = appendString(b, fTaxID, c.TaxID)
	b = appendString(b, fUID, c.UID)
	for _, e := range c.Emails {
		b = appendString(b, fEmail, e)
	}
	for _, p := range c.Phones {
		n = n[:0]
		n = appendString(n, phNumber, p.Number)
		n = appendString(n, phRaw, p.Raw)
		if p.Origin != 0 {
			n = protowire.AppendTag(n, phOrigin, protowire.VarintType)
			n = protowire.AppendVarint(n, uint64(p.Origin))
		}
		n = appendString(n, phRegion, p.Region)
		b = appendNested(b, fPhone, n)
	}
	for _, f := range c.Faxes {
		b = appendString(b, fFax, f)
	}
	b = appendString(b, fWhatsApp, c.WhatsApp)
	b = appendString(b, fTelegram, c.Telegram)
	b = appendString(b, fViber, c.Viber)
	b = appendString(b, fBirthDate, c.BirthDate)
	b = appendAddress(b, fAddress, c.Address, n)
	for _, a := range c.MoreAddresses {
		b = appendAddress(b, fMoreAddress, a, n)
	}
	b = appendAddress(b, fShipping, c.Shipping, n)
	b = appendString(b, fDescription, c.Description)
	b = appendString(b, fManager, c.Manager)
	b = appendString(b, fTimezone, c.Timezone)
	b = appendNumber(b, fPoints, c.Points)
	b = appendNumber(b, fPaidTotal, c.PaidTotal)
	b = appendString(b, fPriority, c.Priority)
	b = appendString(b, fStatus, c.Status)
	for _, k := range c.Consents {
		n = n[:0]
		n = appendString(n, csName, k.Name)
		n = protowire.AppendTag(n, csGranted, protowire.VarintType)
		n = protowire.AppendVarint(n, protowire.EncodeBool(k.Granted))
		n = appendTime(n, csAt, k.At)
		n = appendString(n, csSource, k.Source)
		b = appendNested(b, fConsent, n)
	}
	for _, g := range c.Groups {
		b = appendString(b, fGroup, g)
	}
	for _, t := range c.Tags {
		b = appendString(b, fTag, t)
	}
	for _, cu := range c.Custom {
		n = n[:0]
		n = appendString(n, cuName, cu.Name)
		n = appendString(n, cuValue, cu.Value)
		b = appendNested(b, fCustom, n)
	}
	b = appendTime(b, fCreatedAt, c.CreatedAt)
	b = appendTime(b, fUpdatedAt, c.UpdatedAt)
	b = appendString(b, fSource, c.Source)
	for _, u := range c.ChangedBy {
		b = appendString(b, fChangedBy, u)
	}
	return b, n
}

var errRecord = errors.New("malformed contact record")

// decoder walks the fields of a record (or a nested message) held both as
// bytes and as one string: values are sliced from the string, so decoding
// allocates once for all strings of a record. Errors are sticky: after the
// first, every read returns zero values and the loop ends.
type decoder struct {
	b   []byte
	s   string
	off int
	err error
}

func (d *decoder) more() bool { return d.err == nil && d.off < len(d.b) }

func (d *decoder) fail() {
	d.err = errRecord
	d.off = len(d.b)
}

func (d *decoder) varint() uint64 {
	if d.off < len(d.b) && d.b[d.off] < 0x80 { // the common one-byte case
		v := uint64(d.b[d.off])
		d.off++
		return v
	}
	v, n := protowire.ConsumeVarint(d.b[d.off:])
	if n < 0 {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) tag() (protowire.Number, protowire.Type) {
	v := d.varint()
	return protowire.Number(v >> 3), protowire.Type(v & 7)
}

// bytes returns where a length-prefixed value lies.
func (d *decoder) bytes() (start, end int) {
	l := d.varint()
	if d.err != nil || l > uint64(len(d.b)-d.off) {
		d.fail()
		return 0, 0
	}
	start = d.off
	d.off += int(l)
	return start, d.off
}

func (d *decoder) fixed64() uint64 {
	if len(d.b)-d.off < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b[d.off:])
	d.off += 8
	return v
}

// skip passes over a value of a field this rolo does not know.
func (d *decoder) skip(num protowire.Number, typ protowire.Type) {
	n := protowire.ConsumeFieldValue(num, typ, d.b[d.off:])
	if n < 0 {
		d.fail()
		return
	}
	d.off += n
}

func (d *decoder) sub(start, end int) decoder {
	return decoder{b: d.b[start:end], s: d.s[start:end]}
}

func unixTime(u uint64) time.Time { return time.Unix(0, int64(u)).UTC() }

// decodeContact decodes a record. The bytes may be bbolt's (valid only inside
// the transaction): nothing returned points into them.
func decodeContact(id uint64, b []byte) (*contact.Contact, error) {
	c := &contact.Contact{}
	if err := decodeInto(c, id, b, false); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeInto decodes a record into c, reusing c's slices. With borrow set,
// c's strings point into b itself (no copy): they are valid only as long as
// b is, which for bbolt's bytes is the transaction.
func decodeInto(c *contact.Contact, id uint64, b []byte, borrow bool) error {
	if len(b) == 0 || b[0] != recordVersion {
		if len(b) > 0 && b[0] > recordVersion {
			return fmt.Errorf("contact %d: record version %d is newer than this rolo understands", id, b[0])
		}
		return fmt.Errorf("contact %d: %w", id, errRecord)
	}
	body := b[1:]
	var str string
	if borrow {
		str = unsafe.String(unsafe.SliceData(body), len(body))
	} else {
		str = string(body)
	}
	reset(c, id)
	d := decoder{b: body, s: str}
	for d.more() {
		num, typ := d.tag()
		switch typ {
		case protowire.BytesType:
			start, end := d.bytes()
			if d.err != nil {
				break
			}
			setBytes(c, num, &d, start, end)
		case protowire.VarintType:
			v := d.varint()
			switch num {
			case fCreatedAt:
				c.CreatedAt = unixTime(v)
			case fUpdatedAt:
				c.UpdatedAt = unixTime(v)
			}
		case protowire.Fixed64Type:
			v := d.fixed64()
			switch num {
			case fPoints:
				c.Points = contact.Num(math.Float64frombits(v))
			case fPaidTotal:
				c.PaidTotal = contact.Num(math.Float64frombits(v))
			}
		default:
			d.skip(num, typ)
		}
	}
	if d.err != nil {
		return fmt.Errorf("contact %d: %w", id, d.err)
	}
	if c.Address.IsZero() && len(c.MoreAddresses) > 0 {
		// Only a record written by hand lacks the preferred address while
		// it has others: the first of them is preferred.
		c.Address, c.MoreAddresses = c.MoreAddresses[0], c.MoreAddresses[1:]
	}
	return nil
}

// reset empties c for reuse, keeping the capacity of its slices.
func reset(c *contact.Contact, id uint64) {
	*c = contact.Contact{
		ID: id, Emails: c.Emails[:0], Phones: c.Phones[:0], Faxes: c.Faxes[:0], Consents: c.Consents[:0],
		Groups: c.Groups[:0], Tags: c.Tags[:0], Custom: c.Custom[:0], MoreAddresses: c.MoreAddresses[:0],
	}
	if cap(c.MoreAddresses) == 0 {
		c.MoreAddresses = nil
	}
	if cap(c.Emails) == 0 {
		c.Emails = nil
	}
	if cap(c.Phones) == 0 {
		c.Phones = nil
	}
	if cap(c.Faxes) == 0 {
		c.Faxes = nil
	}
	if cap(c.Consents) == 0 {
		c.Consents = nil
	}
	if cap(c.Groups) == 0 {
		c.Groups = nil
	}
	if cap(c.Tags) == 0 {
		c.Tags = nil
	}
	if cap(c.Custom) == 0 {
		c.Custom = nil
	}
}

// setBytes stores one length-delimited field of a record in c.
func setBytes(c *contact.Contact, num protowire.Number, d *decoder, start, end int) {
	str := d.s[start:end]
	switch num {
	case fFirstName:
		c.FirstName = str
	case fMiddleName:
		c.MiddleName = str
	case fLastName:
		c.LastName = str
	case fCompany:
		c.Company = str
	case fJobTitle:
		c.JobTitle = str
	case fPrefix:
		c.Prefix = str
	case fSuffix:
		c.Suffix = str
	case fDepartment:
		c.Department = str
	case fRole:
		c.Role = str
	case fCRMID:
		c.CRMID = str
	case fTaxID:
		c.TaxID = str
	case fUID:
		c.UID = str
	case fEmail:
		if c.Emails == nil {
			c.Emails = make([]string, 0, 2)
		}
		c.Emails = append(c.Emails, str)
	case fPhone:
		if c.Phones == nil {
			c.Phones = make([]contact.Phone, 0, 2)
		}
		c.Phones = append(c.Phones, decodePhone(d.sub(start, end), &d.err))
	case fFax:
		c.Faxes = append(c.Faxes, str)
	case fWhatsApp:
		c.WhatsApp = str
	case fTelegram:
		c.Telegram = str
	case fViber:
		c.Viber = str
	case fBirthDate:
		c.BirthDate = str
	case fAddress:
		c.Address = decodeAddress(d.sub(start, end), &d.err)
	case fMoreAddress:
		c.MoreAddresses = append(c.MoreAddresses, decodeAddress(d.sub(start, end), &d.err))
	case fShipping:
		c.Shipping = decodeAddress(d.sub(start, end), &d.err)
	case fDescription:
		c.Description = str
	case fManager:
		c.Manager = str
	case fTimezone:
		c.Timezone = str
	case fPriority:
		c.Priority = str
	case fStatus:
		c.Status = str
	case fConsent:
		if c.Consents == nil {
			c.Consents = make([]contact.Consent, 0, 3)
		}
		c.Consents = append(c.Consents, decodeConsent(d.sub(start, end), &d.err))
	case fGroup:
		c.Groups = append(c.Groups, str)
	case fTag:
		c.Tags = append(c.Tags, str)
	case fCustom:
		if c.Custom == nil {
			c.Custom = make([]contact.Custom, 0, 2)
		}
		c.Custom = append(c.Custom, decodeCustom(d.sub(start, end), &d.err))
	case fSource:
		c.Source = str
	case fChangedBy:
		c.ChangedBy = append(c.ChangedBy, str)
	}
	// Anything else is a field from a newer rolo: skipped.
}

// nextField reads the next field of a nested message; ok is false at the
// end. Varint values come back in u, strings in s.
func (d *decoder) nextField() (num protowire.Number, s string, u uint64, ok bool) {
	if !d.more() {
		return 0, "", 0, false
	}
	num, typ := d.tag()
	switch typ {
	case protowire.BytesType:
		start, end := d.bytes()
		s = d.s[start:end]
	case protowire.VarintType:
		u = d.varint()
	default:
		d.skip(num, typ)
	}
	return num, s, u, d.err == nil
}

func decodePhone(d decoder, errp *error) contact.Phone {
	var p contact.Phone
	for {
		num, s, u, ok := d.nextField()
		if !ok {
			break
		}
		switch num {
		case phNumber:
			p.Number = s
		case phRaw:
			p.Raw = s
		case phOrigin:
			p.Origin = contact.PhoneOrigin(u)
		case phRegion:
			p.Region = s
		}
	}
	if d.err != nil {
		*errp = d.err
	}
	return p
}

func decodeAddress(d decoder, errp *error) contact.Address {
	var a contact.Address
	for {
		num, s, _, ok := d.nextField()
		if !ok {
			break
		}
		switch num {
		case adStreet:
			a.Street = s
		case adHouse:
			a.House = s
		case adPostal:
			a.PostalCode = s
		case adCity:
			a.City = s
		case adRegion:
			a.Region = s
		case adCtry:
			a.Country = s
		case adKind:
			a.Kind = s
		}
	}
	if d.err != nil {
		*errp = d.err
	}
	return a
}

func decodeConsent(d decoder, errp *error) contact.Consent {
	var k contact.Consent
	for {
		num, s, u, ok := d.nextField()
		if !ok {
			break
		}
		switch num {
		case csName:
			k.Name = s
		case csGranted:
			k.Granted = protowire.DecodeBool(u)
		case csAt:
			k.At = unixTime(u)
		case csSource:
			k.Source = s
		}
	}
	if d.err != nil {
		*errp = d.err
	}
	return k
}

func decodeCustom(d decoder, errp *error) contact.Custom {
	var cu contact.Custom
	for {
		num, s, _, ok := d.nextField()
		if !ok {
			break
		}
		switch num {
		case cuName:
			cu.Name = s
		case cuValue:
			cu.Value = s
		}
	}
	if d.err != nil {
		*errp = d.err
	}
	return cu
}

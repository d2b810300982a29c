package ui

import (
	"rolo/contact"
	"rolo/store"
)

// contactSource is where screens read contacts and the custom fields and
// consents on offer: the store, or a file opened read-only (a
// fileview.File, which holds no history, jobs or segments: the screens
// that need those are not offered on a file).
type contactSource interface {
	Get(id uint64) (*contact.Contact, error)
	GetMany(ids []uint64) ([]*contact.Contact, error)
	CustomFields() ([]store.FieldDef, error)
	ConsentDefs() ([]store.ConsentDef, error)
}

// source is what the screens read contacts from.
func (sh *shared) source() contactSource {
	if sh.file != nil {
		return sh.file
	}
	return sh.st
}

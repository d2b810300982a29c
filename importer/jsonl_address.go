package importer

import (
	"strings"

	"rolo/contact"
)

// jsonAddresses reads the "addresses" array of a JSONL line into one cell:
// each address in the text form (contact.FormatAddress), one a line, for
// the addresses column to read. An element is an object as rolo writes it
// ({"kind":"work","street":…,"country":"SE"}) or a string already in the
// text form. A kind that is not one is left out; the country is checked
// where the cell is read.
func jsonAddresses(v []byte) (string, error) {
	var parts []string
	var objErr error
	p := jsonParser{b: v}
	err := p.array(func(kind byte, e []byte) {
		switch kind {
		case '"':
			if s := jsonString(e); strings.TrimSpace(s) != "" {
				parts = append(parts, s)
			}
		case '{':
			var a contact.Address
			q := jsonParser{b: e}
			err := q.object(func(key []byte, k byte, v []byte) error {
				if k != '"' {
					return nil
				}
				s := jsonString(v)
				if name := jsonString(key); name == "kind" {
					a.Kind, _ = contact.AddressKind(s)
				} else if part := a.Part(name); part != nil {
					*part = s
				}
				return nil
			})
			if err != nil && objErr == nil {
				objErr = err
			}
			if !a.IsZero() {
				parts = append(parts, contact.FormatAddress(a))
			}
		}
	})
	if err == nil {
		err = objErr
	}
	return strings.Join(parts, jsonListSep), err
}

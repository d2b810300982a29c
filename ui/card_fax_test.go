package ui

import (
	"strings"
	"testing"

	"rolo/contact"
)

func TestCardShowsFaxesApartFromPhones(t *testing.T) {
	c := &contact.Contact{ID: 7, FirstName: "Olle", LastName: "Berg",
		Phones: []contact.Phone{{Number: "+4687654300"}}, Faxes: []string{"+4687654321"}}
	text := cardText(cardItems(c, nil, nil, nil, nil))
	if !strings.Contains(text, "Faxes") || !strings.Contains(text, contact.FormatPhone("+4687654321")) {
		t.Errorf("the card does not show the fax:\n%s", text)
	}
	c.Faxes = nil
	if text := cardText(cardItems(c, nil, nil, nil, nil)); strings.Contains(text, "Faxes") {
		t.Errorf("a contact without a fax shows a Faxes line:\n%s", text)
	}
}

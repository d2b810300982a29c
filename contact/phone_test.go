package contact

import (
	"errors"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		raw, country string
		want         string
		origin       PhoneOrigin
	}{
		{"+48 601 234 567", "", "+48601234567", OriginExplicit},
		{"+48 601 234 567", "DE", "+48601234567", OriginExplicit},
		{"601-234-567", "PL", "+48601234567", OriginDefault},
		{"0048 601 234 567", "PL", "+48601234567", OriginExplicit},
		{"0048601234567", "DE", "+48601234567", OriginExplicit},
		{"48601234567", "PL", "+48601234567", OriginRestoredPlus},
		{"48601234567", "", "+48601234567", OriginRestoredPlus},
		{"8 (912) 345-67-89", "RU", "+79123456789", OriginDefault},
		{"+7 912 345-67-89", "PL", "+79123456789", OriginExplicit},
		{"0412 345 678", "AU", "+61412345678", OriginDefault},
		{"412345678", "AU", "+61412345678", OriginDefault}, // lost its leading zero in a spreadsheet
		{"01512 3456789", "DE", "+4915123456789", OriginDefault},
		{"(11) 98765-4321", "BR", "+5511987654321", OriginDefault},
		{"07911 123456", "GB", "+447911123456", OriginDefault},
		{"(201) 555-0123", "US", "+12015550123", OriginDefault},
		{"011 48 601 234 567", "US", "+48601234567", OriginExplicit},
		{"tel:+48-601-234-567", "", "+48601234567", OriginExplicit},
		{"\u00a0601234567\u00a0", "PL", "+48601234567", OriginDefault},
		{"601234567.0", "PL", "+48601234567", OriginDefault},
	}
	for _, tt := range tests {
		p, err := NormalizePhone(tt.raw, tt.country)
		if err != nil {
			t.Errorf("NormalizePhone(%q, %q): %v", tt.raw, tt.country, err)
			continue
		}
		if p.Number != tt.want || p.Origin != tt.origin {
			t.Errorf("NormalizePhone(%q, %q) = %s (%v), want %s (%v)", tt.raw, tt.country, p.Number, p.Origin, tt.want, tt.origin)
		}
		if p.Raw != tt.raw {
			t.Errorf("Raw = %q, want %q", p.Raw, tt.raw)
		}
	}
}

func TestNormalizePhoneRowCountry(t *testing.T) {
	p, err := NormalizePhoneRow("601 234 567", "PL")
	if err != nil || p.Origin != OriginRowCountry || p.Region != "PL" {
		t.Fatalf("got %+v, %v", p, err)
	}
}

func TestNormalizePhoneInvalid(t *testing.T) {
	for _, tt := range []struct{ raw, country string }{
		{"", "PL"},
		{"12", "PL"},
		{"601 234", "PL"},
		{"601 234 567 890 123", "PL"},
		{"hello", "PL"},
		{"601234567", ""},
		{"+999 123 456 789", ""},
		{"000000000", "PL"},
	} {
		_, err := NormalizePhone(tt.raw, tt.country)
		if err == nil {
			t.Errorf("NormalizePhone(%q, %q) accepted an invalid number", tt.raw, tt.country)
			continue
		}
		if !errors.Is(err, ErrPhone) {
			t.Errorf("error %v does not wrap ErrPhone", err)
		}
	}
}

func TestPhoneInfo(t *testing.T) {
	kind, cc := PhoneInfo("+48601234567")
	if kind != "mobile" || cc != "PL" {
		t.Errorf("PhoneInfo = %s %s", kind, cc)
	}
	kind, cc = PhoneInfo("+48221234567")
	if kind != "fixed" || cc != "PL" {
		t.Errorf("PhoneInfo fixed = %s %s", kind, cc)
	}
	if got := FormatPhone("+48601234567"); got != "+48 601 234 567" {
		t.Errorf("FormatPhone = %q", got)
	}
}

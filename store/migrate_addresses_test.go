package store

import (
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// A store written when the vCard reader kept other addresses in custom
// fields gets them as list entries when it is opened, and nothing else of
// the contacts changes.
func TestMigrationMovesKeptAddressesIntoTheList(t *testing.T) {
	s := openTemp(t)
	old := &contact.Contact{FirstName: "Sara", Emails: []string{"sara@example.se"},
		Address: contact.Address{Street: "Kungsgatan 9", City: "Stockholm", Country: "SE"},
		Custom: []contact.Custom{
			{Name: "address", Value: "Box 12, Malmö"},
			{Name: "address (home)", Value: "Storgatan 1, 753 20 Uppsala, Sweden"},
			{Name: "address (home) 2", Value: "Parkvägen 2, 222 22 Lund, Sweden"},
			{Name: "address (other)", Value: "Strandvägen 3, 621 55 Visby, Sweden"},
			{Name: "address book", Value: "kept: not an address"},
			{Name: "loyalty", Value: "LC-1"},
		}}
	id, err := s.Create(old.Clone())
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.Create(&contact.Contact{FirstName: "Per", Emails: []string{"per@example.se"}})
	if err != nil {
		t.Fatal(err)
	}
	head, _ := s.JournalHead()
	if err := s.update(func(btx *bolt.Tx) error { return btx.Bucket(bMeta).Put(metaSchema, key64(5)) }); err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	want := []contact.Address{
		old.Address,
		{Street: "Box 12, Malmö"},
		{Kind: contact.AddressHome, Street: "Storgatan 1, 753 20 Uppsala, Sweden"},
		{Kind: contact.AddressHome, Street: "Parkvägen 2, 222 22 Lund, Sweden"},
		{Kind: contact.AddressOther, Street: "Strandvägen 3, 621 55 Visby, Sweden"},
	}
	if !reflect.DeepEqual(got.Addresses(), want) {
		t.Errorf("addresses after the migration:\n got %+v\nwant %+v", got.Addresses(), want)
	}
	if want := []contact.Custom{{Name: "address book", Value: "kept: not an address"}, {Name: "loyalty", Value: "LC-1"}}; !reflect.DeepEqual(got.Custom, want) {
		t.Errorf("custom fields after the migration: %+v", got.Custom)
	}
	if got.FirstName != "Sara" || got.PrimaryEmail() != "sara@example.se" || got.Get("city") != "Stockholm" {
		t.Errorf("the rest of the contact changed: %+v", got)
	}
	defs, _ := s.CustomFields()
	var names []string
	for _, d := range defs {
		names = append(names, d.Name)
	}
	if !reflect.DeepEqual(names, []string{"address book", "loyalty"}) {
		t.Errorf("custom field definitions after the migration: %q", names)
	}
	// Indexes built from the store learn of the rewritten contact.
	changes, err := s.Changes(head, 10)
	if err != nil || len(changes) != 1 || !reflect.DeepEqual(changes[0].Saved, []uint64{id}) || !changes[0].Settings {
		t.Errorf("journal after the migration: %+v, %v (plain contact %d)", changes, err, plain)
	}
}

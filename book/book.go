package book

import (
	"fmt"
	"sync"

	"rolo/store"
)

// Book is an open store with its settings resolved: what the command line
// and the interface both work on.
type Book struct {
	st *store.Store

	mu      sync.RWMutex // guards country: the interface changes it while jobs read it
	country Setting
}

// Options tune Open: the store's own, and what the settings are resolved
// from.
type Options struct {
	Store store.Options
	// Country is the command's --country ("" when it has none).
	Country string
	// Getenv reads the environment, for the locale's country (nil: none).
	Getenv func(string) string
}

// Open opens the store at path and resolves its settings. A --country
// that names no country is an error, and the store is not left open.
func Open(path string, opt Options) (*Book, error) {
	st, err := store.Open(path, opt.Store)
	if err != nil {
		return nil, err
	}
	b, err := New(st, opt.Country, opt.Getenv)
	if err != nil {
		st.Close()
		return nil, err
	}
	return b, nil
}

// New is a Book on a store already open (rolo open's throw-away store, a
// test's), with the settings resolved as Open does.
// A nil store is a file opened read-only without one: nothing is set in
// it, and nothing can be.
func New(st *store.Store, country string, getenv func(string) string) (*Book, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var p Prefs = noPrefs{}
	if st != nil {
		p = st
	}
	cc, err := Country(p, country, getenv)
	if err != nil {
		return nil, err
	}
	return &Book{st: st, country: cc}, nil
}

// Store is the store, for reading and for what the book does not run
// itself yet.
func (b *Book) Store() *store.Store { return b.st }

// Country is the default country for phones written in national form,
// and where it came from.
func (b *Book) Country() Setting {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.country
}

// SetCountry sets (or, with "", clears) the store's default country and
// resolves it again: the locale's applies once the store's is cleared.
func (b *Book) SetCountry(value string, getenv func(string) string) (Setting, error) {
	if b.st == nil {
		return b.Country(), store.ErrReadOnly
	}
	if _, err := SetCountry(b.st, value); err != nil {
		return b.Country(), err
	}
	cc, err := Country(b.st, "", getenv)
	if err != nil {
		return b.Country(), fmt.Errorf("reading the default country back: %w", err)
	}
	b.mu.Lock()
	b.country = cc
	b.mu.Unlock()
	return cc, nil
}

// User is who this process's changes are recorded as.
func (b *Book) User() string {
	if b.st == nil {
		return store.CurrentUser()
	}
	return b.st.User()
}

// ReadOnly reports whether the store was opened with a promise not to
// write (a book without a store is).
func (b *Book) ReadOnly() bool { return b.st == nil || b.st.ReadOnly() }

// Close closes the store.
func (b *Book) Close() error {
	if b.st == nil {
		return nil
	}
	return b.st.Close()
}

// noPrefs stands in for the settings where there is no store: nothing is
// set, nothing is kept.
type noPrefs struct{}

func (noPrefs) Pref(string, any) (bool, error) { return false, nil }
func (noPrefs) SetPref(string, any) error      { return nil }
func (noPrefs) DeletePref(string) error        { return nil }

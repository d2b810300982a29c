package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
)

// meta is what checkFile needs of a bbolt meta page.
type meta struct {
	pageSize int
	pgid     uint64 // high-water mark: pages beyond are unused
	txid     uint64
	valid    bool
}

// bbolt's meta page: a 16-byte page header, then magic, version, page size,
// flags (4 bytes each), root bucket (16), freelist page (8), high-water
// page (8), transaction id (8) and an FNV-64a checksum of what precedes it.
func parseMeta(page []byte) meta {
	if len(page) < 80 || binary.LittleEndian.Uint32(page[16:20]) != 0xED0CDAED {
		return meta{}
	}
	h := fnv.New64a()
	h.Write(page[16:72])
	return meta{
		pageSize: int(binary.LittleEndian.Uint32(page[24:28])),
		pgid:     binary.LittleEndian.Uint64(page[56:64]),
		txid:     binary.LittleEndian.Uint64(page[64:72]),
		valid:    h.Sum64() == binary.LittleEndian.Uint64(page[72:80]),
	}
}

// readMetas returns both meta pages, raw, and the newest valid meta.
func readMetas(f *os.File) ([]byte, meta, error) {
	head := make([]byte, 80)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, meta{}, fmt.Errorf("reading the store header: %w", err)
	}
	ps := parseMeta(head).pageSize
	if ps < 512 || ps > 1<<20 {
		return nil, meta{}, errors.New("the store header has an implausible page size")
	}
	raw := make([]byte, 2*ps)
	if _, err := f.ReadAt(raw, 0); err != nil {
		return nil, meta{}, fmt.Errorf("reading the store's meta pages: %w", err)
	}
	m0, m1 := parseMeta(raw[:ps]), parseMeta(raw[ps:])
	best := m0
	if m1.valid && (!m0.valid || m1.txid > m0.txid) {
		best = m1
	}
	if !best.valid {
		return nil, meta{}, errors.New("neither meta page of the store is valid")
	}
	best.pageSize = ps
	return raw, best, nil
}

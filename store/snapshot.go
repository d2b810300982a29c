package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"time"
)

// snapshotCopy copies a store file that another process holds open for
// writing, so it can be browsed read-only alongside (bbolt's lock would
// otherwise keep a reader out for as long as the writer runs).
//
// The copy is the store as of one committed transaction T, read from its
// meta page. bbolt writes a transaction into pages that were free when it
// began and frees the pages it replaces only for transactions after it, so
// the pages T reaches can first be overwritten by transaction T+2. The copy
// is therefore sound if, when it is finished, the file's newest transaction
// is at most T+1; the copy gets T's meta pages, and only the pages up to T's
// high-water mark are copied. Otherwise it is retried.
func snapshotCopy(path string) (string, error) {
	for try := 0; try < snapshotTrys; try++ {
		tmp, ok, err := copyIfStill(path)
		if err != nil || ok {
			return tmp, err
		}
		time.Sleep(time.Duration(try+1) * 20 * time.Millisecond)
	}
	return "", errors.New("the other rolo kept committing while the copy was taken; try again when its import is done")
}

// meta is what a snapshot needs of a bbolt meta page.
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

func copyIfStill(path string) (string, bool, error) {
	src, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer src.Close()
	metas, m, err := readMetas(src)
	if err != nil {
		return "", false, err
	}
	dst, err := os.CreateTemp("", "rolo-snapshot-*.db")
	if err != nil {
		return "", false, fmt.Errorf("creating a snapshot file: %w", err)
	}
	name := dst.Name()
	fail := func(err error) (string, bool, error) {
		dst.Close()
		os.Remove(name)
		return "", false, err
	}
	size := int64(m.pgid) * int64(m.pageSize)
	if _, err := io.Copy(dst, io.NewSectionReader(src, 0, size)); err != nil {
		return fail(fmt.Errorf("copying %s: %w", path, err))
	}
	// The meta pages as they were when T was current.
	if _, err := dst.WriteAt(metas, 0); err != nil {
		return fail(fmt.Errorf("writing snapshot %s: %w", name, err))
	}
	if err := dst.Close(); err != nil {
		return fail(fmt.Errorf("writing snapshot %s: %w", name, err))
	}
	_, after, err := readMetas(src)
	if err != nil {
		return fail(err)
	}
	if after.txid > m.txid+1 {
		os.Remove(name)
		return "", false, nil
	}
	return name, true, nil
}

package store

import (
	"encoding/binary"
	"errors"
	"sort"
)

// A run is stored as one value: its entries in key order, then a table of
// where each entry starts, so a reader can binary-search it in place.
//
//	entry:   uvarint(len key) key uvarint(len val) val
//	table:   uint32 offset of each entry
//	trailer: uint32 number of entries
//
// A removal has an empty value (unique keys) or the value 0 (phones).

var errRun = errors.New("malformed index run")

func encodeRun(ops []runOp) []byte {
	size := 4 + 4*len(ops)
	for _, op := range ops {
		size += len(op.key) + 8 + 2*binary.MaxVarintLen16
	}
	b := make([]byte, 0, size)
	offsets := make([]uint32, len(ops))
	for i := range ops {
		op := &ops[i]
		offsets[i] = uint32(len(b))
		b = binary.AppendUvarint(b, uint64(len(op.key)))
		b = append(b, op.key...)
		val := op.val()
		b = binary.AppendUvarint(b, uint64(len(val)))
		b = append(b, val...)
	}
	for _, o := range offsets {
		b = binary.LittleEndian.AppendUint32(b, o)
	}
	return binary.LittleEndian.AppendUint32(b, uint32(len(ops)))
}

// run is a view of a stored run; its bytes are bbolt's, valid in the
// transaction.
type run struct {
	b     []byte
	table []byte
	n     int
}

func openRun(b []byte) (run, error) {
	if len(b) < 4 {
		return run{}, errRun
	}
	n := int(binary.LittleEndian.Uint32(b[len(b)-4:]))
	if 4+4*n > len(b) {
		return run{}, errRun
	}
	tableAt := len(b) - 4 - 4*n
	return run{b: b[:tableAt], table: b[tableAt : len(b)-4], n: n}, nil
}

// entry returns the i-th entry. A malformed run gives empty slices rather
// than a panic; Verify reports it.
func (r run) entry(i int) (key, val []byte) {
	off := int(binary.LittleEndian.Uint32(r.table[4*i:]))
	if off >= len(r.b) {
		return nil, nil
	}
	p := r.b[off:]
	kl, n := binary.Uvarint(p)
	if n <= 0 || uint64(len(p)-n) < kl {
		return nil, nil
	}
	key, p = p[n:n+int(kl)], p[n+int(kl):]
	vl, n := binary.Uvarint(p)
	if n <= 0 || uint64(len(p)-n) < vl {
		return key, nil
	}
	return key, p[n : n+int(vl)]
}

// search returns the index of the first entry with a key >= key (all
// entries for a nil key).
func (r run) search(key []byte) int {
	if key == nil {
		return 0
	}
	return sort.Search(r.n, func(i int) bool {
		k, _ := r.entry(i)
		return string(k) >= string(key)
	})
}

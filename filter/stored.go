package filter

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"unsafe"

	"rolo/contact"
)

// The stored index.
//
// Encode writes the whole index to a file and Load opens it again without
// reading a contact: the row bookkeeping at once, each column when first
// used (see lazyCols). The layout is made for that:
//
//	"ROLOIDX1"
//	blobs: each column's arrays and strings, as in memory (little-endian),
//	       each padded to 8 bytes
//	table of contents: the stamp, the row count, and for every column its
//	       name, kind, a few parameters and its blobs (offset, length, CRC-32)
//	the table's offset (8 bytes), its CRC-32 (4), "ROLOIDX1"
//
// Loading a column is one read per blob straight into the slice the column
// keeps, checked against its CRC. What is written is the index's content,
// not its history: a rewritten cell is written once, and dictionary values
// no row uses any more are left out, so an erased person's values leave the
// stored copy with the first write after the erasure.

// Stamp says what a stored index reflects. The numbers are the caller's:
// which store (Origin) and the position in its change journal (Seq).
type Stamp struct {
	Origin uint64
	Seq    uint64
}

// ErrIndexChanged is Encode's answer when the index changed while it was
// being written: what was written is not one state of it; try again later.
var ErrIndexChanged = errors.New("the index changed while it was written")

// ErrStoredIndex says a stored index cannot be used: written by another
// version of rolo, damaged, or not an index. Build a new one.
var ErrStoredIndex = errors.New("the stored index cannot be used")

const (
	storedMagic   = "ROLOIDX1"
	storedVersion = 3
	tailSize      = 8 + 4 + len(storedMagic)
)

// crcTable is CRC-32 (IEEE): with the CPU's carry-less multiply it checks some
// 25 GB/s on the project machine, ten times CRC-32C (Castagnoli) in Go.
var crcTable = crc32.IEEETable

// littleEndian is whether this machine stores numbers the way the file
// does; elsewhere Encode refuses and Load says ErrStoredIndex.
var littleEndian = func() bool { x := uint16(1); return *(*byte)(unsafe.Pointer(&x)) == 1 }()

// schema identifies the columns this version keeps and how: a stored index
// made by a version with other fields is rebuilt, not misread.
var schema = func() uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "v%d;", storedVersion)
	for _, f := range contact.Fields() {
		fmt.Fprintf(h, "%s:%d;", f.Name, f.Kind)
	}
	st := newState(defaultDictMax)
	for _, c := range st.order {
		fmt.Fprintf(h, "%T;", c)
	}
	return h.Sum64()
}()

// Column kinds in the file.
const (
	kindDict byte = iota + 1
	kindArena
	kindNum
	kindTime
	kindList
	kindConsent
	kindName
	kindAddresses
)

// blobRef is where a blob lies in the file.
type blobRef struct {
	off, n uint64
	crc    uint32
}

// colEntry is a column in the table of contents.
type colEntry struct {
	name   string // canonical, custom:x or consent:x
	kind   byte
	params []uint64
	blobs  []blobRef
}

// encoder writes blobs one after another.
type encoder struct {
	w   *bufio.Writer
	off uint64
	err error
}

func (e *encoder) write(b []byte) {
	if e.err != nil {
		return
	}
	n, err := e.w.Write(b)
	e.off += uint64(n)
	e.err = err
}

func (e *encoder) blob(b []byte) blobRef {
	ref := blobRef{off: e.off, n: uint64(len(b)), crc: crc32.Checksum(b, crcTable)}
	e.write(b)
	if p := (8 - len(b)%8) % 8; p > 0 {
		e.write(make([]byte, p))
	}
	return ref
}

// bytesOf views a slice of fixed-size numbers as its bytes.
func bytesOf[T uint8 | uint16 | uint32 | uint64 | int64 | float64](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))
}

// strings writes a list of strings as their bytes and their end offsets.
func (e *encoder) strings(vals []string) []blobRef {
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	data := make([]byte, 0, n)
	ends := make([]uint64, len(vals))
	for i, v := range vals {
		data = append(data, v...)
		ends[i] = uint64(len(data))
	}
	return []blobRef{e.blob(data), e.blob(bytesOf(ends))}
}

// Encode writes the index to w, stamped (see Load). It reads the index a
// column at a time, so changes made meanwhile wait for one column, not for
// the whole write; if one came, it returns ErrIndexChanged.
func (ix *Index) Encode(w io.Writer, stamp Stamp) error {
	if !littleEndian {
		return fmt.Errorf("%w: this machine is big-endian", ErrStoredIndex)
	}
	ix.mu.RLock()
	st, edits := ix.st, ix.edits
	st.needIDs()
	err := st.needAll()
	if err == nil {
		ix.rankMu.Lock()
		ix.keyFunc(st, "full_name") // the ranks by name, written with the column
		ix.rankMu.Unlock()
	}
	cols := st.allColumns()
	names := make(map[column]string, len(cols))
	for name, c := range st.cols {
		names[c] = name
	}
	for name, c := range st.consents {
		names[c] = contact.ConsentPrefix + name
	}
	for name, c := range st.custom {
		names[c] = contact.CustomPrefix + name
	}
	ix.mu.RUnlock()
	if err != nil {
		return err
	}
	e := &encoder{w: bufio.NewWriterSize(w, 1<<20)}
	e.write([]byte(storedMagic))
	var rows, nDead int
	var sorted bool
	var ids, dead blobRef
	entries := make([]colEntry, 0, len(cols))
	same := func() bool { return ix.st == st && ix.edits == edits }
	step := func(fn func()) bool {
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		if !same() {
			return false
		}
		fn()
		return true
	}
	if !step(func() {
		rows, nDead, sorted = st.rows(), st.nDead, st.sorted
		ids, dead = e.blob(bytesOf(st.ids)), e.blob(bytesOf(st.dead))
	}) {
		return ErrIndexChanged
	}
	for _, col := range cols {
		if !step(func() {
			ent := col.(storedColumn).encode(e)
			ent.name = names[col]
			entries = append(entries, ent)
		}) {
			return ErrIndexChanged
		}
	}
	toc := binary.AppendUvarint(nil, schema)
	toc = binary.AppendUvarint(toc, stamp.Origin)
	toc = binary.AppendUvarint(toc, stamp.Seq)
	toc = binary.AppendUvarint(toc, uint64(len(ix.opt.Country)))
	toc = append(toc, ix.opt.Country...) // the ranks' collation
	toc = binary.AppendUvarint(toc, uint64(rows))
	toc = binary.AppendUvarint(toc, uint64(nDead))
	toc = binary.AppendUvarint(toc, uint64(b2u(sorted)))
	toc = appendRef(appendRef(toc, ids), dead)
	toc = binary.AppendUvarint(toc, uint64(len(entries)))
	for _, ent := range entries {
		toc = binary.AppendUvarint(toc, uint64(len(ent.name)))
		toc = append(toc, ent.name...)
		toc = append(toc, ent.kind)
		toc = binary.AppendUvarint(toc, uint64(len(ent.params)))
		for _, p := range ent.params {
			toc = binary.AppendUvarint(toc, p)
		}
		toc = binary.AppendUvarint(toc, uint64(len(ent.blobs)))
		for _, b := range ent.blobs {
			toc = appendRef(toc, b)
		}
	}
	tocOff := e.off
	e.write(toc)
	tail := binary.LittleEndian.AppendUint64(nil, tocOff)
	tail = binary.LittleEndian.AppendUint32(tail, crc32.Checksum(toc, crcTable))
	e.write(append(tail, storedMagic...))
	if e.err == nil {
		e.err = e.w.Flush()
	}
	if e.err != nil {
		return fmt.Errorf("writing the index: %w", e.err)
	}
	return nil
}

func appendRef(b []byte, r blobRef) []byte {
	b = binary.AppendUvarint(b, r.off)
	b = binary.AppendUvarint(b, r.n)
	return binary.LittleEndian.AppendUint32(b, r.crc)
}

// storedColumn is a column that can be written and read back.
type storedColumn interface {
	column
	encode(e *encoder) colEntry
	decode(ent colEntry, r *blobReader) error
}

package importer

import (
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Kept holds the records of a file as the audit read them, packed into
// blocks of bytes (about the file's own size), so that any row can be read
// again into the AuditRow the audit handed over, on demand: rolo open keeps
// a file's rows this way instead of a contact per row, and reads a row
// again for its card or an export. It is safe for one writer (the audit)
// and any number of readers at once.
type Kept struct {
	mu     sync.RWMutex
	plans  []*plan      // by table
	blocks [][]byte     // filled in order; a block never moves once written
	at     []uint64     // by row-1: block<<32 | offset
	buf    []byte       // the writer's: the record being packed
	size   atomic.Int64 // bytes of every table
	read   atomic.Int64 // of them read so far
}

// Read says how far the reading got: bytes read of size (size 0 when not
// known).
func (k *Kept) Read() (read, size int64) { return k.read.Load(), k.size.Load() }

// keptBlock is the size of one block of packed records.
const keptBlock = 1 << 20

// NewKept returns an empty Kept for AuditKeep to fill.
func NewKept() *Kept { return &Kept{} }

// Len is the number of rows kept so far.
func (k *Kept) Len() int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return len(k.at)
}

// Reserve makes room for n rows.
func (k *Kept) Reserve(n int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if n > cap(k.at) {
		at := make([]uint64, len(k.at), n)
		copy(at, k.at)
		k.at = at
	}
}

// addPlan records the plan of the next table.
func (k *Kept) addPlan(p *plan) {
	k.mu.Lock()
	k.plans = append(k.plans, p)
	k.mu.Unlock()
}

// add keeps the record of r, the next row.
func (k *Kept) add(r *rowData) error {
	k.buf = packRecord(k.buf[:0], r.table, r.rec) // one writer: buf needs no lock
	b := k.buf
	k.mu.Lock()
	defer k.mu.Unlock()
	if r.row != len(k.at)+1 {
		return fmt.Errorf("keeping row %d after row %d", r.row, len(k.at))
	}
	n := len(k.blocks)
	if n == 0 || len(k.blocks[n-1])+len(b) > cap(k.blocks[n-1]) {
		k.blocks = append(k.blocks, make([]byte, 0, max(keptBlock, len(b))))
		n++
	}
	blk := k.blocks[n-1]
	k.at = append(k.at, uint64(n-1)<<32|uint64(len(blk)))
	k.blocks[n-1] = append(blk, b...)
	return nil
}

// Row reads row (1-based, as AuditRow.Row) again: the same AuditRow the
// audit handed over for it.
func (k *Kept) Row(row int) (*AuditRow, error) {
	k.mu.RLock()
	if row < 1 || row > len(k.at) {
		n := len(k.at)
		k.mu.RUnlock()
		return nil, fmt.Errorf("row %d is not read (%d rows are)", row, n)
	}
	a := k.at[row-1]
	b := k.blocks[a>>32][a&(1<<32-1):]
	plans := k.plans
	k.mu.RUnlock()
	table, rec, err := unpackRecord(b)
	if err != nil || table >= len(plans) {
		return nil, fmt.Errorf("reading row %d again: %w", row, err)
	}
	p := plans[table]
	r := p.normalize(rec, row)
	p.auditChecks(r)
	return r.auditRow(), nil
}

// Memory is about how many bytes the kept rows take.
func (k *Kept) Memory() int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	n := 8 * cap(k.at)
	for _, b := range k.blocks {
		n += cap(b)
	}
	return n
}

func packString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// packRecord appends what normalising a record needs: its line, cells,
// problem, formulas, member, and the consent times and sources of a JSON
// Lines line (cut into cells already).
func packRecord(b []byte, table int, rec Record) []byte {
	b = binary.AppendUvarint(b, uint64(table))
	b = binary.AppendUvarint(b, uint64(rec.Line))
	b = packString(b, rec.Member)
	b = packString(b, rec.Problem)
	b = binary.AppendUvarint(b, uint64(len(rec.Cells)))
	for _, c := range rec.Cells {
		b = packString(b, c)
	}
	b = binary.AppendUvarint(b, uint64(len(rec.Formulas)))
	for _, f := range rec.Formulas {
		b = binary.AppendUvarint(b, uint64(f.Col))
		b = append(b, b2byte(f.Cached))
	}
	b = binary.AppendUvarint(b, uint64(len(rec.at)))
	for col, t := range rec.at {
		b = binary.AppendUvarint(b, uint64(col))
		b = binary.AppendVarint(b, t.UnixNano())
	}
	b = binary.AppendUvarint(b, uint64(len(rec.src)))
	for col, s := range rec.src {
		b = binary.AppendUvarint(b, uint64(col))
		b = packString(b, s)
	}
	return b
}

func b2byte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// unpacker reads what packRecord wrote; the first fault sticks.
type unpacker struct {
	b   []byte
	err error
}

func (u *unpacker) uint() int {
	v, n := binary.Uvarint(u.b)
	if n <= 0 {
		u.err, u.b = errPacked, nil
		return 0
	}
	u.b = u.b[n:]
	return int(v)
}

func (u *unpacker) int() int64 {
	v, n := binary.Varint(u.b)
	if n <= 0 {
		u.err, u.b = errPacked, nil
		return 0
	}
	u.b = u.b[n:]
	return v
}

func (u *unpacker) str() string {
	n := u.uint()
	if n > len(u.b) {
		u.err, u.b = errPacked, nil
		return ""
	}
	s := string(u.b[:n])
	u.b = u.b[n:]
	return s
}

func (u *unpacker) byte() byte {
	if len(u.b) == 0 {
		u.err = errPacked
		return 0
	}
	c := u.b[0]
	u.b = u.b[1:]
	return c
}

var errPacked = fmt.Errorf("a kept record is damaged")

func unpackRecord(b []byte) (int, Record, error) {
	u := &unpacker{b: b}
	table := u.uint()
	rec := Record{Line: u.uint()}
	rec.Member = u.str()
	rec.Problem = u.str()
	if n := u.uint(); n > 0 && u.err == nil {
		rec.Cells = make([]string, min(n, len(u.b)))
		for i := range rec.Cells {
			rec.Cells[i] = u.str()
		}
	}
	for n := u.uint(); n > 0 && u.err == nil; n-- {
		rec.Formulas = append(rec.Formulas, Formula{Col: u.uint(), Cached: u.byte() == 1})
	}
	for n := u.uint(); n > 0 && u.err == nil; n-- {
		if rec.at == nil {
			rec.at = map[int]time.Time{}
		}
		col := u.uint()
		rec.at[col] = time.Unix(0, u.int()).UTC()
	}
	for n := u.uint(); n > 0 && u.err == nil; n-- {
		if rec.src == nil {
			rec.src = map[int]string{}
		}
		col := u.uint()
		rec.src[col] = u.str()
	}
	return table, rec, u.err
}

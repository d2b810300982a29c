package filter

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// Cache is where a sort order is persisted between sessions;
// *store.Store satisfies it (its cache bucket, keyed by name and stamped
// with the store's generation, which moves whenever contacts change).
type Cache interface {
	Cache(name string) (data []byte, gen uint64, err error)
	SetCache(name string, gen uint64, data []byte) error
	Generation() (uint64, error)
}

// orderKey names the cache entry holding the order by a field.
func orderKey(field string) string { return "order:" + field }

// LoadOrder returns every contact ID in the order of field (ascending, as
// Index.Sort gives it) as saved by SaveOrder, and true, when the saved order
// is current: the store has not changed since. It is what lets a screen show
// the total and the first page of a million contacts at once, before the
// Index is built. A missing or stale order gives false and no error.
func LoadOrder(c Cache, field string) ([]uint64, bool, error) {
	data, gen, err := c.Cache(orderKey(field))
	if err != nil || data == nil {
		return nil, false, err
	}
	cur, err := c.Generation()
	if err != nil {
		return nil, false, err
	}
	if gen != cur {
		return nil, false, nil
	}
	ids, err := decodeOrder(data)
	if err != nil {
		return nil, false, fmt.Errorf("reading the saved order by %s: %w", field, err)
	}
	return ids, true, nil
}

// SaveOrder sorts every contact of ix by field and saves the order for
// LoadOrder, stamped with the store's current generation. Call it when ix
// reflects the store (after Build, or after the Upserts of an edit). A
// read-only store refuses it; that only costs the next start its head start.
func SaveOrder(c Cache, ix *Index, field string) error {
	gen, err := c.Generation()
	if err != nil {
		return err
	}
	ids := ix.allIDs()
	ix.Sort(ids, field, false)
	if err := c.SetCache(orderKey(field), gen, encodeOrder(ids)); err != nil {
		return fmt.Errorf("saving the order by %s: %w", field, err)
	}
	return nil
}

// encodeOrder writes IDs as fixed-width little-endian integers (4 bytes
// when every ID fits, else 8) after a one-byte width: a million IDs decode
// in about a millisecond.
func encodeOrder(ids []uint64) []byte {
	width := 4
	if len(ids) > 0 && slices.Max(ids) > 1<<32-1 {
		width = 8
	}
	out := make([]byte, 1, 1+width*len(ids))
	out[0] = byte(width)
	for _, id := range ids {
		if width == 4 {
			out = binary.LittleEndian.AppendUint32(out, uint32(id))
		} else {
			out = binary.LittleEndian.AppendUint64(out, id)
		}
	}
	return out
}

func decodeOrder(b []byte) ([]uint64, error) {
	if len(b) == 0 || (b[0] != 4 && b[0] != 8) || (len(b)-1)%int(b[0]) != 0 {
		return nil, fmt.Errorf("malformed order (%d bytes)", len(b))
	}
	w := int(b[0])
	b = b[1:]
	ids := make([]uint64, len(b)/w)
	for i := range ids {
		if w == 4 {
			ids[i] = uint64(binary.LittleEndian.Uint32(b[i*4:]))
		} else {
			ids[i] = binary.LittleEndian.Uint64(b[i*8:])
		}
	}
	return ids, nil
}

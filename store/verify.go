package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"rolo/contact"
)

// Verify checks that the indexes and the records agree: every key of every
// contact is indexed to it, every index entry points at a contact that has
// that key, and the stored count is right. It returns the problems found (a
// healthy store gives none) and an error only when it could not read.
func (s *Store) Verify() ([]string, error) {
	var problems []string
	say := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	err := s.view(func(btx *bolt.Tx) error {
		for err := range btx.Check() {
			say("bbolt: %v", err)
		}
		tx := &Tx{s: s, tx: btx}
		want := map[contact.Key]map[string][]uint64{}
		for _, k := range allKeys {
			want[k] = map[string][]uint64{}
		}
		n := 0
		err := tx.ForEach(func(c *contact.Contact) error {
			n++
			for _, k := range allKeys {
				for _, v := range keysOf(c, k) {
					want[k][v] = append(want[k][v], c.ID)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if got := tx.Count(); got != n {
			say("count is %d but there are %d contacts", got, n)
		}
		for _, k := range allKeys {
			have := map[string][]uint64{}
			b := btx.Bucket(keyBucket(k))
			if b == nil {
				if len(want[k]) > 0 {
					say("no index of %s", k)
				}
				continue
			}
			err := b.ForEach(func(key, val []byte) error {
				if k == contact.KeyPhone {
					i := strings.IndexByte(string(key), 0)
					if i < 0 || len(key)-i-1 != 8 {
						say("malformed phone index key %q", key)
						return nil
					}
					have[string(key[:i])] = append(have[string(key[:i])], binary.BigEndian.Uint64(key[i+1:]))
					return nil
				}
				have[string(key)] = append(have[string(key)], u64(val))
				return nil
			})
			if err != nil {
				return err
			}
			if err := applyRuns(btx, k, have); err != nil {
				say("%v", err)
			}
			for v, ids := range want[k] {
				if k != contact.KeyPhone && len(ids) > 1 {
					say("%s %s belongs to contacts %v", k, v, ids)
				}
				if fmt.Sprint(have[v]) != fmt.Sprint(ids) && !(k != contact.KeyPhone && len(have[v]) == 1 && slices.Contains(ids, have[v][0])) {
					say("%s %s: index says %v, records say %v", k, v, have[v], ids)
				}
			}
			for v, ids := range have {
				if _, ok := want[k][v]; !ok {
					say("%s %s is indexed to %v but no contact has it", k, v, ids)
				}
			}
		}
		return nil
	})
	return problems, err
}

// applyRuns overlays the index runs, oldest first, on the entries read from
// a main index.
func applyRuns(btx *bolt.Tx, k contact.Key, have map[string][]uint64) error {
	p := runPrefix[k]
	return forEachRun(btx, func(_ uint64, r run) error {
		for i := range r.n {
			key, val := r.entry(i)
			if key[0] != p {
				continue
			}
			key = key[1:]
			if k != contact.KeyPhone {
				if len(val) == 0 {
					delete(have, string(key))
				} else {
					have[string(key)] = []uint64{u64(val)}
				}
				continue
			}
			j := bytes.IndexByte(key, 0)
			v, id := string(key[:j]), binary.BigEndian.Uint64(key[j+1:])
			ids := slices.DeleteFunc(have[v], func(x uint64) bool { return x == id })
			if val[0] == 1 {
				ids = append(ids, id)
				slices.Sort(ids)
			}
			if len(ids) == 0 {
				delete(have, v)
			} else {
				have[v] = ids
			}
		}
		return nil
	})
}

package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Reserve takes n numbers of the store's counter name for the caller
// alone and returns the first: numbers first … first+n-1 are given to no
// other caller, in this process or another, however many run at once. The
// counter starts at the number of contacts (what numbering from the count
// gave before there was a counter) and never goes back, even when
// contacts are deleted. Demo data numbers its CRM IDs, e-mails and tax
// IDs this way, so two demo runs at once never make the same ones.
func (s *Store) Reserve(name string, n int) (first int, err error) {
	if n < 0 {
		return 0, fmt.Errorf("reserving %d numbers of %s", n, name)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	key := []byte("counter:" + name)
	err = s.update(func(btx *bolt.Tx) error {
		meta := btx.Bucket(bMeta)
		tx := &Tx{s: s, tx: btx}
		first = max(int(u64(meta.Get(key))), tx.Count())
		return meta.Put(key, key64(uint64(first+n)))
	})
	if err != nil {
		return 0, fmt.Errorf("reserving %d numbers of %s: %w", n, name, err)
	}
	return first, nil
}

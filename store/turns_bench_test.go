package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"rolo/contact"
)

// turnsStore is ROLO_BENCH_DB (copied into b.TempDir, so the benchmark may
// write) or a fresh store of n contacts.
func turnsStore(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "rolo.db")
	if src := os.Getenv("ROLO_BENCH_DB"); src != "" {
		data, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
		return path
	}
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for done := 0; done < n; done += 5000 {
		err := s.Update(func(tx *Tx) error {
			for i := done; i < min(n, done+5000); i++ {
				if _, err := tx.Create(benchContact(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return path
}

func benchContact(i int) *contact.Contact {
	return &contact.Contact{FirstName: "Bench", LastName: strconv.Itoa(i), Description: "a contact of the benchmark",
		Emails: []string{fmt.Sprintf("b%d@example.com", i)}, CRMID: fmt.Sprintf("B%d", i),
		Phones: []contact.Phone{{Number: fmt.Sprintf("+4860%07d", i%10_000_000)}}}
}

// BenchmarkOpenTxClose is what taking turns costs: opening the store file,
// one small transaction, closing it. ROLO_BENCH_DB=FILE measures a big
// store (its size is what the read-write open's freelist load depends on).
func BenchmarkOpenTxClose(b *testing.B) {
	path := turnsStore(b, 20_000)
	for _, mode := range []string{"read-only", "read-write"} {
		b.Run(mode, func(b *testing.B) {
			s, err := Open(path, Options{ReadOnly: mode == "read-only"})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			b.ResetTimer()
			for i := range b.N {
				if mode == "read-only" {
					if _, err := s.Get(uint64(i%1000) + 1); err != nil {
						b.Fatal(err)
					}
					continue
				}
				err := s.Update(func(tx *Tx) error {
					c, err := tx.Get(uint64(i%1000) + 1)
					if err != nil {
						return err
					}
					c.Description = strconv.Itoa(i)
					_, err = tx.Save(c, contact.Event{})
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLongestWaitDuringImport imports ROLO_BENCH_IMPORT contacts
// (default 100,000) the importer's way (a bulk session, batches of 5,000,
// synced) while a second store value on the same file (bbolt's lock is per
// open file, so it waits exactly as another process would) reads a
// contact every 5 ms and saves one every 50 ms. It reports the longest
// wait the second one saw, and the import's rate.
func BenchmarkLongestWaitDuringImport(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("ROLO_BENCH_IMPORT")); err == nil && v > 0 {
		n = v
	}
	for range b.N {
		path := filepath.Join(b.TempDir(), "rolo.db")
		imp, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		first, _ := imp.Create(benchContact(-1))
		other, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var longest time.Duration
		var waits int
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
				start := time.Now()
				c, err := other.Get(first)
				if err == nil && i%10 == 0 {
					c.Description = strconv.Itoa(i)
					_, err = other.Save(c, contact.Event{})
				}
				if err != nil {
					b.Error(err)
					return
				}
				longest = max(longest, time.Since(start))
				waits++
			}
		}()
		start := time.Now()
		if err := imp.BeginBulk(); err != nil {
			b.Fatal(err)
		}
		for done := 0; done < n; done += 5000 {
			err := imp.Update(func(tx *Tx) error {
				for i := done; i < min(n, done+5000); i++ {
					if _, err := tx.Create(benchContact(i)); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := imp.EndBulk(); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		close(stop)
		wg.Wait()
		b.ReportMetric(float64(longest.Microseconds())/1000, "longest-wait-ms")
		b.ReportMetric(float64(waits), "turns")
		b.ReportMetric(float64(n)/took.Seconds(), "contacts/s")
		imp.Close()
		other.Close()
	}
}

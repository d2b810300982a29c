package store

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"rolo/contact"
)

// BenchmarkLongestWaitDuringConsentUsage counts the consents' usage on
// ROLO_BENCH_DB (copied; or 100,000 plain contacts) while a second store
// value on the same file (it waits as another process would) reads a
// contact every 5 ms and saves it every 50 ms. It reports the longest
// wait the second one saw and how long the count took.
func BenchmarkLongestWaitDuringConsentUsage(b *testing.B) {
	path := turnsStore(b, 100_000)
	for range b.N {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		other, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var longest time.Duration
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
				c, err := other.Get(1)
				if err == nil && i%10 == 0 {
					c.Description = strconv.Itoa(i)
					_, err = other.Save(c, contact.Event{})
				}
				if err != nil {
					b.Error(err)
					return
				}
				longest = max(longest, time.Since(start))
			}
		}()
		time.Sleep(20 * time.Millisecond)
		start := time.Now()
		if _, err := s.ConsentUsage(); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		close(stop)
		wg.Wait()
		b.ReportMetric(float64(longest.Microseconds())/1000, "longest-wait-ms")
		b.ReportMetric(took.Seconds()*1000, "count-ms")
		s.Close()
		other.Close()
	}
}

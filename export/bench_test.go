package export

import (
	"context"
	"io"
	"testing"
	"time"

	"rolo/contact"
	"rolo/demo"
)

// BenchmarkExport writes demo contacts in each format to io.Discard:
//
//	go test ./export -run '^$' -bench Export -benchtime 20000x
func BenchmarkExport(b *testing.B) {
	g := demo.New(1, 0, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	cs := make([]*contact.Contact, 2000)
	for i := range cs {
		cs[i] = g.Next()
		cs[i].ID = uint64(i + 1)
	}
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			opt := Options{Format: f, Columns: DefaultColumns(f, []string{"language", "loyalty_card"}, []string{"email", "phone", "sms"})}
			n := b.N
			src := func(fn func(*contact.Contact) error) error {
				for i := range n {
					if err := fn(cs[i%len(cs)]); err != nil {
						return err
					}
				}
				return nil
			}
			b.ResetTimer()
			if _, err := Run(context.Background(), io.Discard, src, nil, opt, nil); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "contacts/s")
		})
	}
}

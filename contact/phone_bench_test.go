package contact

import "testing"

// phoneSamples are national and international numbers as import files hold
// them, for the normalisation benchmark.
var phoneSamples = []struct{ raw, country string }{
	{"601 234 567", "PL"}, {"+48 601 234 567", ""}, {"0048601234567", "PL"}, {"8 (912) 345-67-89", "RU"},
	{"(11) 98765-4321", "BR"}, {"01512 3456789", "DE"}, {"07911 123456", "GB"}, {"(201) 555-0123", "US"},
	{"48601234567", "PL"}, {"+7 912 345-67-89", ""},
}

// BenchmarkNormalizePhone is the per-number cost of phone normalisation,
// the importer's hottest path (run with -cpu 1,2 to see how it scales).
func BenchmarkNormalizePhone(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			s := phoneSamples[i%len(phoneSamples)]
			if _, err := NormalizePhone(s.raw, s.country); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

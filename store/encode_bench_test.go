package store

import "testing"

// BenchmarkEncode is the writer's share of every contact an import
// creates: its record, encoded into the transaction's buffers.
func BenchmarkEncode(b *testing.B) {
	cs := generate(1000)
	var buf, scratch []byte
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = encodeContactScratch(buf[:0], cs[i%len(cs)], &scratch)
	}
}

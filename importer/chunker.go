package importer

import "context"

// chunker cuts records, as a reader hands them out, into numbered chunks of
// chunkSize and sends each on: the import run and the parallel audit both
// read this way.
type chunker struct {
	ctx  context.Context
	stop <-chan struct{} // nil: only ctx ends the sending
	out  chan<- chunk
	seq  int
	c    chunk
}

func newChunker(ctx context.Context, stop <-chan struct{}, out chan<- chunk) *chunker {
	k := &chunker{ctx: ctx, stop: stop, out: out}
	k.c = emptyChunk()
	return k
}

func emptyChunk() chunk {
	return chunk{recs: make([]Record, 0, chunkSize), rows: make([]int, 0, chunkSize)}
}

// add puts the record of row (in table) into the chunk, sending it when it
// is full; false means the reading should stop (ctx ended or stop closed).
func (k *chunker) add(table int, rec Record, row int) bool {
	if len(k.c.recs) == 0 {
		k.c.table = table
	}
	k.c.recs = append(k.c.recs, rec)
	k.c.rows = append(k.c.rows, row)
	if len(k.c.recs) == chunkSize {
		return k.flush()
	}
	return true
}

// flush sends what the chunk holds, if anything.
func (k *chunker) flush() bool {
	if len(k.c.recs) == 0 {
		return true
	}
	k.c.seq = k.seq
	k.seq++
	select {
	case k.out <- k.c:
	case <-k.stop:
		return false
	case <-k.ctx.Done():
		return false
	}
	k.c = emptyChunk()
	return true
}

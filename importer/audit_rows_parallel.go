package importer

import (
	"context"
	"io"
	"runtime"
	"sync"
)

// normalizeTable reads table t and normalises its records with p on every
// core, handing the rows to fn one at a time in the file's order (rows
// numbered on from first). Reading a file for an audit or for rolo open is
// bound by the row checks (phones, e-mails, dates, names), which the
// import already spreads over the cores; here they were on one. It
// returns ctx's error when ctx is cancelled, fn's when fn fails; either
// stops the reading and the workers before it returns.
// read, when not nil, is told how many of the table's bytes were read.
func normalizeTable(ctx context.Context, t *Table, p *plan, first int, read func(int64), fn func(*rowData) error) error {
	tr, err := t.open()
	if err != nil {
		return err
	}
	defer tr.Close()
	workers := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	chunks := make(chan chunk, 2*workers)
	results := make(chan result, 2*workers)
	readDone := make(chan struct{})
	var readErr error
	go func() {
		defer close(readDone)
		defer close(chunks)
		readErr = readChunks(ctx, tr, first, read, chunks, stop)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				rows := make([]*rowData, len(c.recs))
				for i, rec := range c.recs {
					rows[i] = p.normalize(rec, c.rows[i])
					p.auditChecks(rows[i])
				}
				select {
				case results <- result{seq: c.seq, rows: rows}:
				case <-stop:
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int][]*rowData{}
	next := 0
	var fnErr error
	for res := range results {
		if fnErr != nil {
			continue // the workers are stopping
		}
		pending[res.seq] = res.rows
		for rows, ok := pending[next]; ok && fnErr == nil; rows, ok = pending[next] {
			delete(pending, next)
			next++
			for _, r := range rows {
				if fnErr = ctx.Err(); fnErr == nil {
					fnErr = fn(r)
				}
				if fnErr != nil {
					close(stop)
					break
				}
			}
		}
	}
	if fnErr == nil {
		close(stop)
	}
	<-readDone
	if fnErr != nil {
		return fnErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return readErr
}

// readChunks reads tr's records into chunks of chunkSize until the end,
// an error, ctx's end or stop.
func readChunks(ctx context.Context, tr *tableReader, first int, read func(int64), out chan<- chunk, stop <-chan struct{}) error {
	k := newChunker(ctx, stop, out)
	for row := first; ; {
		rec, err := tr.Next()
		if err == io.EOF {
			k.flush()
			return nil
		}
		if err != nil {
			return err
		}
		row++
		if read != nil && row%chunkSize == 0 {
			read(tr.done())
		}
		if !k.add(0, rec, row) {
			return nil
		}
	}
}

package export

import (
	"io"
	"sync"
)

// pipeChunk is how much sheet XML is handed to the compressor at a time.
const pipeChunk = 256 << 10

// sheetPipe hands the sheet's XML, a chunk at a time, to a goroutine that
// compresses it into the zip, so compression (half the work of an XLSX)
// runs on another core while the next rows are read and written. Three
// buffers go round between the two sides, so memory stays flat however
// many rows there are.
type sheetPipe struct {
	buf  []byte // being filled by the writer
	full chan []byte
	free chan []byte
	done chan struct{}

	mu   sync.Mutex
	err  error // the first write error
	once sync.Once
}

func newSheetPipe(w io.Writer) *sheetPipe {
	p := &sheetPipe{
		buf:  make([]byte, 0, pipeChunk+pipeChunk/4),
		full: make(chan []byte, 2),
		free: make(chan []byte, 3),
		done: make(chan struct{}),
	}
	for range 2 {
		p.free <- make([]byte, 0, pipeChunk+pipeChunk/4)
	}
	go p.run(w)
	return p
}

func (p *sheetPipe) run(w io.Writer) {
	defer close(p.done)
	for b := range p.full {
		if p.failed() == nil {
			if _, err := w.Write(b); err != nil {
				p.mu.Lock()
				p.err = err
				p.mu.Unlock()
			}
		}
		p.free <- b[:0]
	}
}

func (p *sheetPipe) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// send hands the filled buffer over and takes an empty one; it returns
// the compressor's error as soon as there is one.
func (p *sheetPipe) send() error {
	if err := p.failed(); err != nil {
		return err
	}
	p.full <- p.buf
	p.buf = <-p.free
	return nil
}

// close sends what is left and waits for the compressor.
func (p *sheetPipe) close() error {
	if len(p.buf) > 0 {
		if err := p.send(); err != nil {
			p.abort()
			return err
		}
	}
	p.abort()
	return p.failed()
}

// abort stops the goroutine without sending the rest (an export that was
// cancelled or failed); calling it again does nothing.
func (p *sheetPipe) abort() {
	p.once.Do(func() { close(p.full) })
	<-p.done
}

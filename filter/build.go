package filter

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"rolo/contact"
)

// builder fills a state from a scan on two cores: the scan's goroutine
// decodes and copies contacts into batches, and two workers, each owning
// half the columns, store them. A column is only ever touched by its
// worker, and a worker takes batches in order, so the result is what
// st.put one contact at a time would give.
type builder struct {
	st     *state
	groups [2][]column
	work   [2]chan *batch
	free   chan *batch
	cur    *batch
	wg     sync.WaitGroup
}

// batchSize is how many contacts go to the workers at a time.
const batchSize = 1024

type batch struct {
	n       int
	slots   [batchSize]slot
	rows    [batchSize]uint32
	existed [batchSize]bool
	pending atomic.Int32 // workers still on it
}

func newBuilder(st *state) *builder {
	b := &builder{st: st, free: make(chan *batch, 4)}
	for range 4 {
		b.free <- &batch{}
	}
	b.groups = splitColumns(st)
	for i := range b.work {
		b.work[i] = make(chan *batch, 4)
		b.wg.Add(1)
		go b.worker(i)
	}
	b.cur = <-b.free
	return b
}

// splitColumns shares the columns between the two workers by a rough cost
// per contact. The name columns stay together (full_name reads the others);
// the second worker also keeps the open-ended consents and custom fields.
func splitColumns(st *state) [2][]column {
	var g [2][]column
	load := [2]int{0, 4} // the open-ended columns' share
	names := map[column]bool{st.cols["first_name"]: true, st.cols["middle_name"]: true, st.cols["last_name"]: true,
		st.cols["company"]: true, st.cols["full_name"]: true}
	for _, col := range st.order {
		if names[col] {
			g[0] = append(g[0], col)
			load[0] += 2
		}
	}
	for _, col := range st.order {
		if names[col] {
			continue
		}
		cost := 1
		switch c := col.(type) {
		case *strCol:
			cost = 2
			if c.ar != nil {
				cost = 3
			}
		case *listCol:
			cost = 2
		}
		i := 0
		if load[1] < load[0] {
			i = 1
		}
		g[i] = append(g[i], col)
		load[i] += cost
	}
	return g
}

func (b *builder) worker(i int) {
	defer b.wg.Done()
	for bt := range b.work[i] {
		for k := range bt.n {
			c, row := &bt.slots[k].c, bt.rows[k]
			for _, col := range b.groups[i] {
				col.set(row, c)
			}
			if i == 1 {
				b.st.setOpen(row, bt.existed[k], c)
			}
		}
		if bt.pending.Add(-1) == 0 {
			bt.n = 0
			b.free <- bt
		}
	}
}

// add is the scan's callback: c may be borrowed, so it is copied.
func (b *builder) add(c *contact.Contact) error {
	bt := b.cur
	row, existed := b.st.addRow(c.ID)
	bt.slots[bt.n].load(c)
	bt.rows[bt.n], bt.existed[bt.n] = row, existed
	bt.n++
	if bt.n == batchSize {
		b.send()
		b.cur = <-b.free
	}
	if row > 0 && row%gcEvery == 0 && !existed {
		// The columns grow by copying; collect the old copies now and
		// then, so a million contacts peak near the index's own size
		// rather than twice it (the collector's default headroom).
		runtime.GC()
	}
	return nil
}

// gcEvery is how many rows a Build adds between two collections.
const gcEvery = 1 << 17

func (b *builder) send() {
	bt := b.cur
	bt.pending.Store(2)
	b.work[0] <- bt
	b.work[1] <- bt
}

// wait hands over the last batch and waits for the workers.
func (b *builder) wait() {
	if b.cur.n > 0 {
		b.send()
	}
	close(b.work[0])
	close(b.work[1])
	b.wg.Wait()
}

// slot is one contact of a batch, its strings copied into the slot's own
// buffer, which the next contact in the slot reuses (columns copy what they
// keep, as from any borrowed contact).
type slot struct {
	c   contact.Contact
	buf []byte
}

func (s *slot) str(v string) string {
	if v == "" {
		return ""
	}
	start := len(s.buf)
	s.buf = append(s.buf, v...)
	return unsafe.String(&s.buf[start], len(v))
}

// load copies what the columns read of src.
func (s *slot) load(src *contact.Contact) {
	s.buf = s.buf[:0]
	c := &s.c
	emails, phones, consents, more := c.Emails[:0], c.Phones[:0], c.Consents[:0], c.MoreAddresses[:0]
	groups, tags, custom, users := c.Groups[:0], c.Tags[:0], c.Custom[:0], c.ChangedBy[:0]
	*c = contact.Contact{
		ID: src.ID, FirstName: s.str(src.FirstName), MiddleName: s.str(src.MiddleName), LastName: s.str(src.LastName),
		Company: s.str(src.Company), JobTitle: s.str(src.JobTitle), CRMID: s.str(src.CRMID), TaxID: s.str(src.TaxID),
		WhatsApp: s.str(src.WhatsApp), Telegram: s.str(src.Telegram), Viber: s.str(src.Viber), BirthDate: s.str(src.BirthDate),
		Address: s.address(src.Address), Shipping: s.address(src.Shipping), Description: s.str(src.Description),
		Manager: s.str(src.Manager), Timezone: s.str(src.Timezone), Points: src.Points, PaidTotal: src.PaidTotal,
		Priority: s.str(src.Priority), Status: s.str(src.Status), CreatedAt: src.CreatedAt, UpdatedAt: src.UpdatedAt,
		Source: s.str(src.Source),
	}
	for _, e := range src.Emails {
		emails = append(emails, s.str(e))
	}
	for _, p := range src.Phones {
		phones = append(phones, contact.Phone{Number: s.str(p.Number)})
	}
	for _, k := range src.Consents {
		consents = append(consents, contact.Consent{Name: s.str(k.Name), Granted: k.Granted, At: k.At})
	}
	for _, g := range src.Groups {
		groups = append(groups, s.str(g))
	}
	for _, t := range src.Tags {
		tags = append(tags, s.str(t))
	}
	for _, x := range src.Custom {
		custom = append(custom, contact.Custom{Name: s.str(x.Name), Value: s.str(x.Value)})
	}
	for _, u := range src.ChangedBy {
		users = append(users, s.str(u))
	}
	for _, a := range src.MoreAddresses {
		more = append(more, s.address(a))
	}
	c.Emails, c.Phones, c.Consents, c.Groups, c.Tags, c.Custom = emails, phones, consents, groups, tags, custom
	c.ChangedBy, c.MoreAddresses = users, more
}

func (s *slot) address(a contact.Address) contact.Address {
	return contact.Address{Kind: s.str(a.Kind), Street: s.str(a.Street), House: s.str(a.House), PostalCode: s.str(a.PostalCode),
		City: s.str(a.City), Region: s.str(a.Region), Country: s.str(a.Country)}
}

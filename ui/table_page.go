package ui

import (
	tea "charm.land/bubbletea/v2"

	"rolo/contact"
)

// Before the index is built, the table shows contacts read from the store a
// page at a time: every ID in name order when a current order was saved (so
// the whole table scrolls, reading the rows that come into view), else the
// first page in ID order.

// pageCache holds the contacts read so far, by ID.
type pageCache struct {
	m       map[uint64]*contact.Contact
	loading bool
}

func (p *pageCache) value(id uint64, field string) string {
	c := p.m[id]
	if c == nil {
		if field == "full_name" {
			return "…"
		}
		return ""
	}
	return c.Get(field)
}

// pageLoadedMsg carries contacts read for the rows in view.
type pageLoadedMsg struct {
	Contacts []*contact.Contact
	Err      error
}

// showPage shows the first screen: order is every ID in name order (nil when
// no current order is saved), page the contacts read so far.
func (t *tableModel) showPage(order []uint64, page []*contact.Contact) {
	t.page = &pageCache{m: make(map[uint64]*contact.Contact, len(page))}
	for _, c := range page {
		if c != nil {
			t.page.m[c.ID] = c
		}
	}
	ids := order
	if ids == nil {
		t.jumpTop = true // the index's name order will not start with this page
		ids = make([]uint64, 0, len(page))
		for _, c := range page {
			ids = append(ids, c.ID)
		}
	}
	t.setRows(rowSet{ids: ids, value: t.page.value, complete: false, matched: len(ids)})
}

// growPage shows more rows in the first screen's order (a file's rows as
// they are read), keeping the contacts read so far.
func (t *tableModel) growPage(ids []uint64) {
	t.rows.ids, t.rows.matched = ids, len(ids)
}

// fetchWindow reads the rows in view that are not read yet (only before the
// index is built).
func (t *tableModel) fetchWindow() tea.Cmd {
	if t.rows.complete || t.page == nil || t.page.loading {
		return nil
	}
	var missing []uint64
	end := min(t.top+t.dataRows()+startPage/2, len(t.rows.ids))
	for _, id := range t.rows.ids[t.top:end] {
		if _, ok := t.page.m[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	t.page.loading = true
	return readPage(t.sh.source(), missing)
}

func readPage(st contactSource, ids []uint64) tea.Cmd {
	return func() tea.Msg {
		cs, err := st.GetMany(ids)
		return pageLoadedMsg{Contacts: cs, Err: err}
	}
}

func (t *tableModel) pageLoaded(msg pageLoadedMsg) {
	if t.page == nil {
		return
	}
	t.page.loading = false
	for _, c := range msg.Contacts {
		if c != nil {
			t.page.m[c.ID] = c
		}
	}
}

// forget drops a contact read before an edit, so the page shows it anew.
func (t *tableModel) forget(id uint64) {
	if t.page != nil {
		delete(t.page.m, id)
	}
}

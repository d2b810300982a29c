package filter

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"rolo/contact"
)

// Index is the in-memory copy of the contacts that makes filtering,
// sorting, searching and drawing rows instant on a million contacts. It is
// safe for concurrent use: many readers, one writer at a time.
type Index struct {
	mu   sync.RWMutex
	opt  Options
	ids  []uint64 // ascending
	byID map[uint64]*contact.Contact
}

// NewIndex returns an empty index; fill it with Build.
func NewIndex(opt Options) *Index {
	return &Index{opt: opt, byID: map[uint64]*contact.Contact{}}
}

// Build replaces the index's contents with every contact scan yields, e.g.
// ix.Build(st.ScanBorrowed). Contacts may be borrowed: Build copies what it
// keeps.
func (ix *Index) Build(scan func(fn func(*contact.Contact) error) error) error {
	byID := map[uint64]*contact.Contact{}
	var ids []uint64
	err := scan(func(c *contact.Contact) error {
		byID[c.ID] = deepCopy(c)
		ids = append(ids, c.ID)
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ix.mu.Lock()
	ix.ids, ix.byID = ids, byID
	ix.mu.Unlock()
	return nil
}

// Upsert adds or replaces one contact, after a create or an edit.
func (ix *Index) Upsert(c *contact.Contact) {
	cp := deepCopy(c)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, ok := ix.byID[c.ID]; !ok {
		i, _ := slices.BinarySearch(ix.ids, c.ID)
		ix.ids = slices.Insert(ix.ids, i, c.ID)
	}
	ix.byID[c.ID] = cp
}

// Delete removes a contact.
func (ix *Index) Delete(id uint64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, ok := ix.byID[id]; !ok {
		return
	}
	delete(ix.byID, id)
	if i, ok := slices.BinarySearch(ix.ids, id); ok {
		ix.ids = slices.Delete(ix.ids, i, i+1)
	}
}

// Len is the number of contacts in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.ids)
}

// Match returns the IDs of the contacts that pass f, ascending.
func (ix *Index) Match(f Filter) ([]uint64, error) {
	m, err := f.Compile(ix.opt)
	if err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []uint64
	for _, id := range ix.ids {
		if m(ix.byID[id]) {
			out = append(out, id)
		}
	}
	return out, nil
}

// Count is len(Match(f)) without the slice.
func (ix *Index) Count(f Filter) (int, error) {
	ids, err := ix.Match(f)
	return len(ids), err
}

// Sort orders ids in place by a field: text in locale-aware order
// (accents after their letter, numbers in text by value), numbers and dates
// as such, empty values last in either direction, ties by ID.
func (ix *Index) Sort(ids []uint64, field string, desc bool) {
	fd, ok := contact.LookupField(field)
	if !ok {
		return
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	col := collate.New(language.Und, collate.Loose, collate.Numeric)
	var buf collate.Buffer
	type row struct {
		id    uint64
		has   bool
		num   float64
		key   string
		exist bool
	}
	rows := make([]row, len(ids))
	for i, id := range ids {
		r := row{id: id}
		if c := ix.byID[id]; c != nil {
			v := c.Get(fd.Name)
			r.has = v != ""
			switch fd.Kind {
			case contact.KindNumber, contact.KindTime, contact.KindDate:
				r.num = sortNumber(c, fd)
			default:
				if fd.Name == "id" {
					r.num = float64(id)
				} else {
					r.key = string(col.KeyFromString(&buf, v))
					buf.Reset()
				}
			}
		}
		rows[i] = r
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		if a.has != b.has {
			if a.has {
				return -1
			}
			return 1
		}
		d := cmp.Compare(a.num, b.num)
		if d == 0 {
			d = strings.Compare(a.key, b.key)
		}
		if desc {
			d = -d
		}
		if d == 0 {
			d = cmp.Compare(a.id, b.id)
		}
		return d
	})
	for i := range rows {
		ids[i] = rows[i].id
	}
}

func sortNumber(c *contact.Contact, fd contact.Field) float64 {
	switch fd.Name {
	case "points":
		return c.Points.Value
	case "paid_total":
		return c.PaidTotal.Value
	case "created_at":
		return float64(c.CreatedAt.Unix())
	case "updated_at":
		return float64(c.UpdatedAt.Unix())
	case "birth_date":
		x, _ := dateSeconds(c.BirthDate)
		return float64(x)
	}
	return 0
}

// Search is the quick search: contacts whose name, e-mail or phone contains
// query (case-, accent- and script-insensitive; a phone typed in national
// form is normalised with Options.Country), ascending by ID, at most limit
// (all when limit <= 0).
func (ix *Index) Search(query string, limit int) []uint64 {
	q := fold(contact.CleanText(query))
	if q == "" {
		return nil
	}
	phone := searchDigits(query, ix.opt.Country)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []uint64
	for _, id := range ix.ids {
		c := ix.byID[id]
		if searchHit(c, q, phone) {
			out = append(out, id)
			if limit > 0 && len(out) >= limit {
				break
			}
		}
	}
	return out
}

// searchDigits is what a query is searched for among phone numbers: the
// E.164 digits when it is a whole number (national form normalised with the
// default country), else its digits when it is mostly digits, else "".
func searchDigits(query, country string) string {
	q := contact.CleanText(query)
	digits, other := 0, 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '+' || r == '.' || r == '/':
		default:
			other++
		}
	}
	if digits < 3 || other > 0 {
		return ""
	}
	if p, err := contact.NormalizePhone(q, country); err == nil {
		return strings.TrimPrefix(p.Number, "+")
	}
	var b strings.Builder
	for _, r := range q {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func searchHit(c *contact.Contact, q, phone string) bool {
	if strings.Contains(fold(c.FullName()), q) || strings.Contains(fold(c.Company), q) {
		return true
	}
	for _, e := range c.Emails {
		if strings.Contains(e, q) {
			return true
		}
	}
	if phone != "" {
		for _, p := range c.Phones {
			if strings.Contains(p.Number, phone) {
				return true
			}
		}
	}
	return false
}

// Value is a field's cell text for one contact, as (*contact.Contact).Get
// would give it; "" for an unknown ID or field.
func (ix *Index) Value(id uint64, field string) string {
	fd, ok := contact.LookupField(field)
	if !ok {
		return ""
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.byID[id]
	if c == nil {
		return ""
	}
	return c.Get(fd.Name)
}

// ValueCount is one distinct value of a field and how many contacts have
// it.
type ValueCount struct {
	Value string
	Count int
}

// Distinct lists a field's values with their counts, most frequent first
// (ties in alphabetical order); lists count each element. Empty values are
// left out.
func (ix *Index) Distinct(field string) []ValueCount {
	fd, ok := contact.LookupField(field)
	if !ok {
		return nil
	}
	ix.mu.RLock()
	counts := map[string]int{}
	for _, id := range ix.ids {
		for _, v := range ix.byID[id].Values(fd.Name) {
			counts[v]++
		}
	}
	ix.mu.RUnlock()
	return sortCounts(counts)
}

func sortCounts(counts map[string]int) []ValueCount {
	out := make([]ValueCount, 0, len(counts))
	for v, n := range counts {
		out = append(out, ValueCount{v, n})
	}
	slices.SortFunc(out, func(a, b ValueCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// Fields lists every field a column or condition can use: the canonical
// fields in display order, then custom:<name> and consent:<name> for each
// name some contact has, alphabetically.
func (ix *Index) Fields() []string {
	var out []string
	for _, f := range contact.Fields() {
		out = append(out, f.Name)
	}
	ix.mu.RLock()
	custom, consents := map[string]bool{}, map[string]bool{}
	for _, c := range ix.byID {
		for _, x := range c.Custom {
			custom[x.Name] = true
		}
		for _, k := range c.Consents {
			consents[k.Name] = true
		}
	}
	ix.mu.RUnlock()
	for _, n := range slices.Sorted(mapKeys(custom)) {
		out = append(out, contact.CustomPrefix+n)
	}
	for _, n := range slices.Sorted(mapKeys(consents)) {
		out = append(out, contact.ConsentPrefix+n)
	}
	return out
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// deepCopy copies a contact and every string in it, so a borrowed contact
// (store.ScanBorrowed) can be kept.
func deepCopy(c *contact.Contact) *contact.Contact {
	d := c.Clone()
	s := strings.Clone
	d.FirstName, d.MiddleName, d.LastName = s(c.FirstName), s(c.MiddleName), s(c.LastName)
	d.Company, d.JobTitle, d.CRMID, d.TaxID = s(c.Company), s(c.JobTitle), s(c.CRMID), s(c.TaxID)
	d.WhatsApp, d.Telegram, d.Viber = s(c.WhatsApp), s(c.Telegram), s(c.Viber)
	d.BirthDate, d.Description, d.Manager, d.Timezone = s(c.BirthDate), s(c.Description), s(c.Manager), s(c.Timezone)
	d.Priority, d.Status, d.Source = s(c.Priority), s(c.Status), s(c.Source)
	for _, a := range []*contact.Address{&d.Address, &d.Shipping} {
		a.Street, a.House, a.PostalCode = s(a.Street), s(a.House), s(a.PostalCode)
		a.City, a.Region, a.Country = s(a.City), s(a.Region), s(a.Country)
	}
	for i := range d.Emails {
		d.Emails[i] = s(d.Emails[i])
	}
	for i := range d.Phones {
		p := &d.Phones[i]
		p.Number, p.Raw, p.Region = s(p.Number), s(p.Raw), s(p.Region)
	}
	for i := range d.Consents {
		k := &d.Consents[i]
		k.Name, k.Source = s(k.Name), s(k.Source)
	}
	for i := range d.Groups {
		d.Groups[i] = s(d.Groups[i])
	}
	for i := range d.Tags {
		d.Tags[i] = s(d.Tags[i])
	}
	for i := range d.Custom {
		x := &d.Custom[i]
		x.Name, x.Value = s(x.Name), s(x.Value)
	}
	return d
}

// allIDs returns a copy of every ID, ascending.
func (ix *Index) allIDs() []uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return slices.Clone(ix.ids)
}

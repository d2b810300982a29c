package importer

import (
	"slices"

	"rolo/contact"
)

// memorySink is an empty store in memory: the sample check of a table
// when no store is at hand. It keeps what the identity rules look at.
type memorySink struct {
	contacts map[uint64]*contact.Contact
	index    map[contact.Key]map[string][]uint64
	next     uint64
}

func newMemorySink() *memorySink {
	return &memorySink{contacts: map[uint64]*contact.Contact{}, index: map[contact.Key]map[string][]uint64{}}
}

func (m *memorySink) Begin(JobInfo) (JobStart, error) { return JobStart{}, nil }

func (m *memorySink) Batch(fn func(SinkTx) error) (Added, error) { return Added{}, fn(m) }

func (m *memorySink) End(JobState) error { return nil }

func (m *memorySink) Find(k contact.Key, v string) ([]uint64, error) {
	return slices.Clone(m.index[k][v]), nil
}

func (m *memorySink) Get(id uint64) (*contact.Contact, error) { return m.contacts[id].Clone(), nil }

// conflict refuses a strong key value of c that belongs to another contact,
// as the store does.
func (m *memorySink) conflict(c *contact.Contact, self uint64) error {
	for _, ik := range identityKeys {
		if !ik.strong {
			continue
		}
		for _, v := range ik.values(c) {
			for _, id := range m.index[ik.key][v] {
				if id != self {
					return &contact.ConflictError{Key: ik.key, Value: v, ID: id}
				}
			}
		}
	}
	return nil
}

func (m *memorySink) put(c *contact.Contact) {
	for _, ik := range identityKeys {
		if m.index[ik.key] == nil {
			m.index[ik.key] = map[string][]uint64{}
		}
		for _, v := range ik.values(c) {
			if !slices.Contains(m.index[ik.key][v], c.ID) {
				m.index[ik.key][v] = append(m.index[ik.key][v], c.ID)
			}
		}
	}
	m.contacts[c.ID] = c.Clone()
}

func (m *memorySink) Create(c *contact.Contact, _ contact.Key) (uint64, error) {
	if err := m.conflict(c, 0); err != nil {
		return 0, err
	}
	m.next++
	c.ID = m.next
	m.put(c)
	return c.ID, nil
}

func (m *memorySink) Update(before, after *contact.Contact) (bool, error) {
	if err := m.conflict(after, before.ID); err != nil {
		return false, err
	}
	if len(contact.Diff(before, after)) == 0 {
		return false, nil
	}
	m.put(after)
	return true, nil
}

func (m *memorySink) Suppressed([][]byte) (SuppressionHit, bool, error) {
	return SuppressionHit{}, false, nil
}
func (m *memorySink) Suppress([][]byte, []string, string) error { return nil }
func (m *memorySink) Unsuppress([][]byte) error                 { return nil }
func (m *memorySink) Checkpoint(*JobState) error                { return nil }

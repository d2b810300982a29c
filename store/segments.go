package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"
)

// Segment is a saved filter: a name and a --where expression. Segments
// never expire and are never changed by rolo on its own; only SaveSegment
// and DeleteSegment touch them.
type Segment struct {
	Name      string    `json:"name"`
	Expr      string    `json:"expr"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// checkSegmentName refuses names that could not be typed back as
// --segment NAME.
func checkSegmentName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("a segment needs a name")
	case name != strings.TrimSpace(name):
		return fmt.Errorf("segment name %q starts or ends with a space", name)
	case len(name) > 200:
		return fmt.Errorf("segment name %q is longer than 200 bytes", name[:40]+"…")
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return fmt.Errorf("segment name %q holds a control character", name)
		}
	}
	return nil
}

// SaveSegment saves a named filter. A segment of the same name is refused
// with ErrExists unless replace, which replaces its expression (its
// creation time is kept). The caller checks that the expression parses
// (store does not import filter).
func (s *Store) SaveSegment(name, expr string, replace bool) error {
	if err := checkSegmentName(name); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	now := s.now().UTC()
	err := s.updateSettings(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSegments)
		seg := Segment{Name: name, Expr: expr, CreatedAt: now, UpdatedAt: now}
		if old := b.Get([]byte(name)); old != nil {
			if !replace {
				return ErrExists
			}
			var prev Segment
			if err := json.Unmarshal(old, &prev); err == nil && !prev.CreatedAt.IsZero() {
				seg.CreatedAt = prev.CreatedAt
			}
		}
		return putJSON(b, name, seg)
	})
	if err != nil {
		return fmt.Errorf("saving segment %q: %w", name, err)
	}
	return nil
}

// Segments lists the saved segments by name.
func (s *Store) Segments() ([]Segment, error) {
	var out []Segment
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSegments)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var seg Segment
			if err := json.Unmarshal(v, &seg); err != nil {
				return fmt.Errorf("reading segment %q: %w", k, err)
			}
			out = append(out, seg)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("listing segments: %w", err)
	}
	return out, nil
}

// Segment returns one saved segment; an unknown name gives an error
// wrapping ErrNotFound.
func (s *Store) Segment(name string) (Segment, error) {
	var seg Segment
	found := false
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSegments)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(name))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &seg)
	})
	if err != nil {
		return Segment{}, fmt.Errorf("reading segment %q: %w", name, err)
	}
	if !found {
		return Segment{}, fmt.Errorf("segment %q: %w", name, ErrNotFound)
	}
	return seg, nil
}

// DeleteSegment removes a saved segment; an unknown name gives an error
// wrapping ErrNotFound.
func (s *Store) DeleteSegment(name string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	err := s.updateSettings(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSegments)
		if b.Get([]byte(name)) == nil {
			return fmt.Errorf("segment %q: %w", name, ErrNotFound)
		}
		return b.Delete([]byte(name))
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("deleting segment %q: %w", name, err)
	}
	return err
}

// RenameSegment gives a saved segment a new name (its filter and creation
// time kept). An unknown name wraps ErrNotFound; a new name in use is
// refused with ErrExists.
func (s *Store) RenameSegment(old, name string) error {
	if err := checkSegmentName(name); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	now := s.now().UTC()
	err := s.updateSettings(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSegments)
		v := b.Get([]byte(old))
		if v == nil {
			return fmt.Errorf("segment %q: %w", old, ErrNotFound)
		}
		if old == name {
			return nil
		}
		if b.Get([]byte(name)) != nil {
			return fmt.Errorf("segment %q: %w", name, ErrExists)
		}
		var seg Segment
		if err := json.Unmarshal(v, &seg); err != nil {
			return err
		}
		seg.Name, seg.UpdatedAt = name, now
		if err := putJSON(b, name, seg); err != nil {
			return err
		}
		return b.Delete([]byte(old))
	})
	if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrExists) {
		return fmt.Errorf("renaming segment %q: %w", old, err)
	}
	return err
}

package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"rolo/contact"
)

// DecodeJSONL reads contacts written by the JSONL writer (the form in the
// package documentation), one per line, and calls fn with each and its
// line number. It is the format's definition in code, the other half of
// the round trip: every key is checked, values are validated as the model
// does (an e-mail or phone that is not one is an error naming the line),
// and unknown keys are refused rather than dropped. Blank lines are
// skipped. The contact passed to fn is new each time.
func DecodeJSONL(r io.Reader, fn func(line int, c *contact.Contact) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		c, err := decodeContact(b)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if err := fn(line, c); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading line %d: %w", line+1, err)
	}
	return nil
}

type jsonConsent struct {
	Granted *bool  `json:"granted"`
	At      string `json:"at"`
	Source  string `json:"source"`
}

func decodeContact(b []byte) (*contact.Contact, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	c := &contact.Contact{}
	for key, v := range raw {
		if err := decodeKey(c, key, v); err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
	}
	return c, nil
}

func decodeKey(c *contact.Contact, key string, v json.RawMessage) error {
	null := bytes.Equal(v, []byte("null"))
	switch key {
	case "id":
		if null {
			return nil
		}
		return json.Unmarshal(v, &c.ID)
	case "consents":
		var m map[string]jsonConsent
		if err := json.Unmarshal(v, &m); err != nil {
			return err
		}
		for name, k := range m {
			if k.Granted == nil {
				return fmt.Errorf("consent %q has no \"granted\"", name)
			}
			at, err := parseTime(k.At)
			if err != nil {
				return fmt.Errorf("consent %q: %w", name, err)
			}
			c.SetConsent(contact.Consent{Name: name, Granted: *k.Granted, At: at, Source: k.Source})
		}
		return nil
	case "custom":
		var m map[string]string
		if err := json.Unmarshal(v, &m); err != nil {
			return err
		}
		for name, val := range m {
			c.SetCustom(name, val)
		}
		return nil
	case "emails", "phones", "faxes", "groups", "tags":
		var list []string
		if err := json.Unmarshal(v, &list); err != nil {
			return err
		}
		return c.Set(key, strings.Join(list, contact.ListSep), contact.SetOptions{})
	case "addresses":
		var list []jsonAddress
		if err := json.Unmarshal(v, &list); err != nil {
			return err
		}
		addrs := make([]contact.Address, 0, len(list))
		for i, ja := range list {
			a, err := ja.address()
			if err != nil {
				return fmt.Errorf("address %d: %w", i+1, err)
			}
			addrs = append(addrs, a)
		}
		c.SetAddresses(addrs)
		return nil
	case "points", "paid_total":
		if null {
			return nil
		}
		var f float64
		if err := json.Unmarshal(v, &f); err != nil {
			return err
		}
		return c.Set(key, strconv.FormatFloat(f, 'f', -1, 64), contact.SetOptions{})
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return err
	}
	switch key {
	case "created_at", "updated_at":
		t, err := parseTime(s)
		if err != nil {
			return err
		}
		if key == "created_at" {
			c.CreatedAt = t
		} else {
			c.UpdatedAt = t
		}
		return nil
	case "source":
		c.Source = s
		return nil
	case "full_name":
		return nil // derived from the name fields
	}
	f, ok := contact.LookupField(key)
	if !ok || f.Name != key {
		return fmt.Errorf("unknown key (keys are canonical field names, \"custom\" and \"consents\")")
	}
	return c.Set(key, s, contact.SetOptions{})
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time", s)
	}
	return t.UTC(), nil
}

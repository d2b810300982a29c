package contact

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrEmail is wrapped by every e-mail validation error.
var ErrEmail = errors.New("invalid e-mail")

// NormalizeEmail trims (non-breaking and zero-width spaces too), strips a
// mailto: or a "Name <addr>" wrapper, lower-cases and validates an e-mail
// address. Validation is pragmatic, not RFC 5322's every corner: one @, a
// local part of letters, digits and !#$%&'*+/=?^_`{|}~.- without leading,
// trailing or doubled dots, and a domain of at least two labels whose last
// is alphabetic. Internationalised domains and local parts are accepted.
func NormalizeEmail(raw string) (string, error) {
	s := CleanText(raw)
	if s == "" {
		return "", fmt.Errorf("%w: empty", ErrEmail)
	}
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		s = strings.TrimSpace(s[i+1 : len(s)-1])
	}
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	s = strings.ToLower(s)
	if err := validEmail(s); err != nil {
		return "", fmt.Errorf("%w: %q %s", ErrEmail, raw, err.Error())
	}
	return s, nil
}

func validEmail(s string) error {
	at := strings.LastIndexByte(s, '@')
	switch {
	case at < 0:
		return errors.New("has no @")
	case strings.Count(s, "@") > 1:
		return errors.New("has more than one @")
	case len(s) > 254:
		return errors.New("is longer than 254 characters")
	}
	local, domain := s[:at], s[at+1:]
	switch {
	case local == "":
		return errors.New("has nothing before the @")
	case len(local) > 64:
		return errors.New("has a local part longer than 64 characters")
	case local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, ".."):
		return errors.New("has a misplaced dot before the @")
	}
	for _, r := range local {
		if r < utf8.RuneSelf {
			if !isAtext(byte(r)) && r != '.' {
				return fmt.Errorf("has %q before the @", r)
			}
		} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return fmt.Errorf("has %q before the @", r)
		}
	}
	if domain == "" {
		return errors.New("has no domain after the @")
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return errors.New("has a domain without a dot")
	}
	for _, l := range labels {
		if l == "" {
			return errors.New("has an empty part in its domain")
		}
		if l[0] == '-' || l[len(l)-1] == '-' || utf8.RuneCountInString(l) > 63 {
			return fmt.Errorf("has a malformed domain part %q", l)
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return fmt.Errorf("has %q in its domain", r)
			}
		}
	}
	tld := labels[len(labels)-1]
	if utf8.RuneCountInString(tld) < 2 || strings.IndexFunc(tld, unicode.IsDigit) >= 0 && !strings.HasPrefix(tld, "xn--") {
		return fmt.Errorf("has an invalid top-level domain %q", tld)
	}
	return nil
}

func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0
}

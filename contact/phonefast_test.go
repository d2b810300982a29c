package contact

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestFastPhoneMatchesLibrary: wherever the fast path answers, the full
// parser gives the same number, origin and region; and the fast path must
// answer for the clean numbers that make up import files.
func TestFastPhoneMatchesLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	regions := []string{"PL", "DE", "RU", "BR", "GB", "US", "CA", "FR", "IT", "ES", "PT", "UA", "AU", "IN", "CN", "JP", "AR", "MX", "NL", "CH", "AT", "SE", "KZ", "JE", "AG", "PR", "SM", "VA"}
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	// Numbers of every type from the library's own examples, written the
	// ways files write them, and random digit strings around them.
	var inputs [][2]string
	for _, rc := range regions {
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE, phonenumbers.VOIP} {
			ex := phonenumbers.GetExampleNumberForType(rc, typ)
			if ex == nil {
				continue
			}
			intl := phonenumbers.Format(ex, phonenumbers.INTERNATIONAL)
			nat := phonenumbers.Format(ex, phonenumbers.NATIONAL)
			e164 := phonenumbers.Format(ex, phonenumbers.E164)
			for _, other := range []string{rc, "PL", "US", "RU", "DE", ""} {
				// As written, with 00, and with the + lost.
				inputs = append(inputs, [2]string{intl, other}, [2]string{e164, other}, [2]string{"00" + e164[1:], other}, [2]string{e164[1:], other})
			}
			inputs = append(inputs, [2]string{nat, rc}, [2]string{strings.Map(keepDigit, nat), rc}, [2]string{e164[1:], rc})
			nsn := phonenumbers.GetNationalSignificantNumber(ex)
			for range 40 { // vary the last digits, the length and the first digits
				k := r.IntN(len(nsn))
				v := nsn[:k] + digits(len(nsn)-k+r.IntN(3)-1)
				inputs = append(inputs, [2]string{v, rc}, [2]string{"+" + fmt.Sprint(ex.GetCountryCode()) + " " + v, ""}, [2]string{"0" + v, rc}, [2]string{"8" + v, rc}, [2]string{"1" + v, rc})
			}
		}
	}
	fast := 0
	for _, in := range inputs {
		raw, country := in[0], in[1]
		s := CleanText(raw)
		n := len(strings.Map(keepDigit, s))
		if n < 3 {
			continue
		}
		fp, ok := fastPhone(raw, s, country, OriginDefault)
		if !ok {
			continue
		}
		fast++
		sp, err := slowPhone(raw, s, country, OriginDefault, n)
		if err != nil {
			t.Errorf("%q in %q: fast path accepted %s, the library refuses: %v", raw, country, fp.Number, err)
			continue
		}
		if fp != sp {
			t.Errorf("%q in %q: fast %+v, library %+v", raw, country, fp, sp)
		}
	}
	t.Logf("fast path answered %d of %d inputs", fast, len(inputs))
	if fast < len(inputs)/4 {
		t.Errorf("the fast path answered only %d of %d inputs", fast, len(inputs))
	}
	// The shapes of an import file all take the fast path.
	for _, s := range phoneSamples {
		if _, ok := fastPhone(s.raw, CleanText(s.raw), s.country, OriginDefault); !ok {
			t.Errorf("%q in %q went the slow way", s.raw, s.country)
		}
	}
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

package contact

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// A fast path for the numbers import files are made of.
//
// phonenumbers.Parse runs a large backtracking regular expression looking
// for an extension on every call, and IsValidNumber tries every number type
// (premium rate first, mobile last) with patterns it rebuilds as strings on
// each call: about 35 µs a number here, more than half an import's CPU. For
// input that is only digits and the usual separators, with an optional + or
// international prefix, this file takes the same decisions with the
// library's own metadata — country code extraction, the national prefix
// rule, region selection for shared country codes, the per-type patterns and
// possible lengths — using patterns compiled once, mobile and fixed line
// first. Anything else (letters, extensions, complex national prefix rules,
// ambiguous prefixes, Italian leading zeros, non-geographic codes, invalid
// numbers) goes to the full parser, which also writes the error messages.
// TestFastPhoneMatchesLibrary checks the two agree.

// numDesc is one number type's description: its pattern and lengths.
type numDesc struct {
	re      *regexp.Regexp
	lengths []int32
	local   []int32 // lengths possible only locally (general description)
}

func newDesc(d *phonenumbers.PhoneNumberDesc) *numDesc {
	if d == nil || d.GetNationalNumberPattern() == "" {
		return nil // matches no number, as in the library
	}
	return &numDesc{re: regexp.MustCompile("^(?:" + d.GetNationalNumberPattern() + ")$"),
		lengths: d.PossibleLength, local: d.PossibleLengthLocalOnly}
}

// matchPattern is the library's matchNationalNumber: the pattern alone.
func (d *numDesc) matchPattern(nsn string) bool { return d != nil && d.re.MatchString(nsn) }

// Results of the library's testNumberLength.
const (
	lenPossible = iota
	lenTooShort
	lenTooLong
	lenInvalid
	lenLocalOnly
)

// lengthResult is the library's testNumberLength for this description
// (the general one, as parsing uses it).
func (d *numDesc) lengthResult(nsn string) int {
	if d == nil || len(d.lengths) == 0 || d.lengths[0] == -1 {
		return lenInvalid
	}
	n := int32(len(nsn))
	for _, l := range d.local {
		if l == n {
			return lenLocalOnly
		}
	}
	switch {
	case d.lengths[0] == n:
		return lenPossible
	case d.lengths[0] > n:
		return lenTooShort
	case d.lengths[len(d.lengths)-1] < n:
		return lenTooLong
	}
	for _, l := range d.lengths[1:] {
		if l == n {
			return lenPossible
		}
	}
	return lenInvalid
}

// lengthPossible is what parsing requires before it keeps a number with its
// national prefix stripped: the length is possible, or too long.
func (d *numDesc) lengthPossible(nsn string) bool {
	r := d.lengthResult(nsn)
	return r == lenPossible || r == lenTooLong
}

// match is the library's isNumberMatchingDesc: a possible length and the
// pattern.
func (d *numDesc) match(nsn string) bool {
	if d == nil {
		return false
	}
	if len(d.lengths) > 0 {
		ok := false
		for _, l := range d.lengths {
			if int(l) == len(nsn) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return d.re.MatchString(nsn)
}

// regionInfo is what the fast path needs of one region, compiled on first
// use.
type regionInfo struct {
	code string
	meta *phonenumbers.PhoneMetadata
	once sync.Once

	cc       int
	ccStr    string
	ndd      *regexp.Regexp // national prefix for parsing, anchored at the start
	nddGroup bool           // the pattern has capturing groups
	rule     string         // national prefix transform rule, in Go's $ syntax
	idd      string         // international prefix, when it is plain digits
	leading  *regexp.Regexp
	general  *numDesc
	fixed    *numDesc
	mobile   *numDesc
	others   []*numDesc
	sameMF   bool
}

// javaGroupRefs finds $1-style references of the metadata's transform rules.
var javaGroupRefs = regexp.MustCompile(`\$(\d)`)

// stripPrefix is the library's maybeStripNationalPrefixAndCarrierCode: the
// digits without their national prefix (transformed where the region has a
// rule), unless that would turn a viable number into one that is not.
func (r *regionInfo) stripPrefix(d string) string {
	if r.ndd == nil || d == "" {
		return d
	}
	m := r.ndd.FindStringSubmatchIndex(d)
	if m == nil {
		return d
	}
	viable := r.general.matchPattern(d)
	last := len(m)/2 - 1 // the last capturing group, as the library reads it
	var out string
	if r.rule == "" || !r.nddGroup || m[2*last] < 0 {
		out = d[m[1]:]
	} else {
		out = string(r.ndd.ExpandString(nil, r.rule, d, m)) + d[m[1]:]
	}
	if viable && !r.general.matchPattern(out) {
		return d
	}
	return out
}

// stripNational is stripPrefix followed by parseHelper's length test: the
// national significant number the full parser keeps for digits d.
func (r *regionInfo) stripNational(d string) string {
	out := r.stripPrefix(d)
	if out == d || !r.general.lengthPossible(out) {
		return d
	}
	return out
}

func (r *regionInfo) compile() {
	r.once.Do(func() {
		m := r.meta
		r.cc = int(m.GetCountryCode())
		r.ccStr = strconv.Itoa(r.cc)
		if p := m.GetNationalPrefixForParsing(); p != "" {
			r.ndd = regexp.MustCompile("^(?:" + p + ")")
			r.nddGroup = r.ndd.NumSubexp() > 0
			r.rule = javaGroupRefs.ReplaceAllString(m.GetNationalPrefixTransformRule(), "$${$1}")
		}
		if p := m.GetInternationalPrefix(); IsDigits(p) {
			r.idd = p
		}
		if ld := m.GetLeadingDigits(); ld != "" {
			r.leading = regexp.MustCompile("^(?:" + ld + ")")
		}
		r.general = newDesc(m.GetGeneralDesc())
		r.fixed = newDesc(m.GetFixedLine())
		r.mobile = newDesc(m.GetMobile())
		r.sameMF = m.GetSameMobileAndFixedLinePattern()
		for _, d := range []*phonenumbers.PhoneNumberDesc{m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(),
			m.GetVoip(), m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail()} {
			if nd := newDesc(d); nd != nil {
				r.others = append(r.others, nd)
			}
		}
	})
}

// valid is the library's "number type is not UNKNOWN" for this region.
func (r *regionInfo) valid(nsn string) bool {
	if !r.general.match(nsn) {
		return false
	}
	if r.fixed.match(nsn) || (!r.sameMF && r.mobile.match(nsn)) {
		return true
	}
	for _, d := range r.others {
		if d.match(nsn) {
			return true
		}
	}
	return false
}

// phoneTables maps regions and country codes to regionInfo. Built once, on
// first use, from the library's metadata; read-only afterwards (each
// region's patterns compile once, guarded by its sync.Once).
var phoneTables = sync.OnceValue(func() *struct {
	byRegion map[string]*regionInfo
	byCC     map[int][]*regionInfo
} {
	t := &struct {
		byRegion map[string]*regionInfo
		byCC     map[int][]*regionInfo
	}{byRegion: map[string]*regionInfo{}, byCC: map[int][]*regionInfo{}}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return t // the fast path then declines every number
	}
	for _, m := range coll.GetMetadata() {
		if m.GetId() == "001" {
			continue // non-geographic codes (+800, +882…) share this id: left to the full parser
		}
		t.byRegion[m.GetId()] = &regionInfo{code: m.GetId(), meta: m}
	}
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		for _, rc := range phonenumbers.GetRegionCodesForCountryCode(cc) {
			if r := t.byRegion[rc]; r != nil {
				t.byCC[cc] = append(t.byCC[cc], r)
			}
		}
	}
	return t
})

// validForCC is IsValidNumber for country code cc and national significant
// number nsn: the region is chosen as the library chooses it (leading
// digits, else the first region where the number is valid).
func validForCC(cc int, nsn string) bool {
	regions := phoneTables().byCC[cc]
	if len(regions) == 1 {
		r := regions[0]
		r.compile()
		return r.valid(nsn)
	}
	for _, r := range regions {
		r.compile()
		if r.leading != nil {
			if r.leading.MatchString(nsn) {
				return r.valid(nsn)
			}
		} else if r.valid(nsn) {
			return true
		}
	}
	return false
}

// fastPhone normalises clean input, or reports ok=false to send it to the
// full parser.
func fastPhone(raw, s, country string, national PhoneOrigin) (Phone, bool) {
	plus := false
	var b [24]byte
	digits := b[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if len(digits) == cap(b) {
				return Phone{}, false
			}
			digits = append(digits, c)
		case c == '+' && i == 0:
			plus = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
		default:
			return Phone{}, false // letters, extensions, other scripts' digits
		}
	}
	var r *regionInfo
	if country != "" {
		if r = phoneTables().byRegion[country]; r == nil {
			return Phone{}, false
		}
		r.compile()
	}
	d := string(digits)
	if !plus && r != nil && r.idd != "" && strings.HasPrefix(d, r.idd) {
		rest := d[len(r.idd):]
		if rest == "" || rest[0] == '0' {
			return Phone{}, false // not an international prefix after all
		}
		plus, d = true, rest
	}
	if plus {
		return fastInternational(raw, d)
	}
	if r == nil {
		return Phone{}, false
	}
	// National digits that begin with the region's own country code: the
	// library's maybeExtractCountryCode decides whether the code was
	// written without its + (FROM_NUMBER_WITHOUT_PLUS_SIGN).
	if strings.HasPrefix(d, r.ccStr) {
		pot := r.stripPrefix(d[len(r.ccStr):])
		if (!r.general.matchPattern(d) && r.general.matchPattern(pot)) || r.general.lengthResult(d) == lenTooLong {
			main := phoneTables().byCC[r.cc][0] // parsing goes on with the code's main region
			main.compile()
			nsn := main.stripNational(pot)
			if nsn == "" || nsn[0] == '0' || !validForCC(r.cc, nsn) {
				return Phone{}, false
			}
			return Phone{Number: "+" + r.ccStr + nsn, Raw: raw, Origin: OriginRestoredPlus}, true
		}
	}
	nsn := r.stripNational(d)
	if nsn == "" || nsn[0] == '0' {
		return Phone{}, false
	}
	if validForCC(r.cc, nsn) {
		return Phone{Number: "+" + strconv.Itoa(r.cc) + nsn, Raw: raw, Origin: national, Region: country}, true
	}
	// Invalid as a national number, exactly as the parser would find: the
	// full path would next read the digits as an international number
	// that lost its +, when they are long enough to carry a country code.
	if len(d) >= 10 {
		if p, ok := fastInternational(raw, d); ok {
			p.Origin = OriginRestoredPlus
			return p, true
		}
	}
	return Phone{}, false
}

func fastInternational(raw, d string) (Phone, bool) {
	for l := 1; l <= 3 && l < len(d); l++ {
		cc, err := strconv.Atoi(d[:l])
		if err != nil || cc == 0 {
			return Phone{}, false
		}
		if phonenumbers.GetRegionCodeForCountryCode(cc) == "001" {
			return Phone{}, false // a non-geographic code
		}
		regions := phoneTables().byCC[cc]
		if len(regions) == 0 {
			continue
		}
		nsn := d[l:]
		main := regions[0]
		main.compile()
		// Italian leading zeros, and a national prefix written after the
		// country code (+44 (0)20…): slow path.
		if nsn[0] == '0' || main.stripNational(nsn) != nsn {
			return Phone{}, false
		}
		if !validForCC(cc, nsn) {
			return Phone{}, false
		}
		return Phone{Number: "+" + d, Raw: raw, Origin: OriginExplicit}, true
	}
	return Phone{}, false
}

// IsDigits reports whether s is non-empty and only ASCII digits.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

package importer

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"rolo/contact"
)

// The header dictionary is data: importer/dictionary holds one file per
// language (see its README.md for the format), embedded in the binary, so
// adding a language or a program's header set never touches code.
//
//go:embed dictionary/*.txt
var dictionaryFS embed.FS

// anywherePriority orders the targets matched on a word inside a header:
// "WhatsApp phone" is WhatsApp, "E-mail phone" an e-mail, "Fax phone" a
// fax.
var anywherePriority = []string{
	"emails", "whatsapp", "telegram", "viber", "faxes", "phones", "birth_date", "last_name", "first_name", "company",
	"postal_code", "city", "country", "street", "tax_id", "description",
}

// consentChannelOrder names a consent after the first channel its header
// holds, in this order.
var consentChannelOrder = []string{"whatsapp", "sms", "email", "phone", "newsletter", "post", "marketing"}

// enumValues are the values each enumeration section may name.
var enumValues = map[string][]string{
	"priority": {"low", "medium", "high"},
	"status":   {"subscriber", "unsubscribed", "contact"},
	"bool":     {"yes", "no"},
}

// lexicon is the loaded dictionary.
type lexicon struct {
	languages []string             // file names without .txt, sorted
	headers   map[string]string    // normalised whole header -> target
	anywhere  []wordTarget         // a word inside a header, by anywherePriority
	otherDate []string             // normalised words naming a date that is not a birth date
	consent   []string             // normalised words that say consent
	maybe     map[string]bool      // consent words that alone do not make a header a consent
	filler    []string             // small words dropped from a consent's name
	channels  []consentChannel     // by consentChannelOrder
	recTypes  map[string]string    // normalised record-type value -> target
	enums     map[string]enumTable // "priority" -> normalised word -> value
	sources   map[string]string    // "section\x00word" -> file, for conflict messages
	layouts   []layout             // programs' export layouts, recognised by their header set

	// Indexes of the word lists above, by id: anyIdx of anywhere,
	// otherIdx of otherDate, consentIdx of consent, channelIdx of every
	// channel's words in channels' order (chanOf gives the channel).
	anyIdx, otherIdx, consentIdx, channelIdx phraseIndex
	chanOf                                   []int
	addrKinds                                []wordTarget // words that name an address's kind in its columns' headers
}

type wordTarget struct{ word, target string }

type consentChannel struct {
	words []string
	name  string
}

type enumTable map[string]string

// lex is the dictionary, read once; the embedded files are checked by the
// tests, so a broken file stops the tests, not a user's import.
var lex = sync.OnceValue(func() *lexicon {
	l, err := loadLexicon(dictionaryFS, "dictionary")
	if err != nil {
		panic(err)
	}
	return l
})

// loadLexicon reads every .txt file of dir.
func loadLexicon(fsys fs.FS, dir string) (*lexicon, error) {
	l := &lexicon{
		headers:  map[string]string{},
		maybe:    map[string]bool{},
		recTypes: map[string]string{},
		enums:    map[string]enumTable{},
		sources:  map[string]string{},
	}
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("listing the header dictionary: %w", err)
	}
	slices.Sort(names)
	anywhere := map[string][]string{}
	channels := map[string][]string{}
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("reading the header dictionary: %w", err)
		}
		err = l.readFile(f, path.Base(name), anywhere, channels)
		f.Close()
		if err != nil {
			return nil, err
		}
		l.languages = append(l.languages, strings.TrimSuffix(path.Base(name), ".txt"))
	}
	for _, t := range anywherePriority {
		for _, w := range anywhere[t] {
			if !slices.Contains(l.anywhere, wordTarget{w, t}) {
				l.anywhere = append(l.anywhere, wordTarget{w, t})
			}
		}
	}
	for _, c := range consentChannelOrder {
		l.channels = append(l.channels, consentChannel{words: channels[c], name: c})
	}
	for _, a := range l.anywhere {
		l.anyIdx.add(a.word)
	}
	for _, w := range l.otherDate {
		l.otherIdx.add(w)
	}
	for _, w := range l.consent {
		l.consentIdx.add(w)
	}
	for i, c := range l.channels {
		for _, w := range c.words {
			l.channelIdx.add(w)
			l.chanOf = append(l.chanOf, i)
		}
	}
	return l, nil
}

// readFile reads one dictionary file into l.
func (l *lexicon) readFile(f fs.File, file string, anywhere, channels map[string][]string) error {
	sc := bufio.NewScanner(f)
	section, line := "", 0
	var add func(word string) error
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		where := fmt.Sprintf("header dictionary %s:%d", file, line)
		if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
			section = strings.Join(strings.Fields(s[1:len(s)-1]), " ")
			var err error
			if add, err = l.section(section, file, anywhere, channels); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			continue
		}
		if add == nil {
			return fmt.Errorf("%s: %q is outside any [section]", where, s)
		}
		if normHeader(s) == "" {
			return fmt.Errorf("%s: %q has no letters or digits", where, s)
		}
		if err := add(s); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading header dictionary %s: %w", file, err)
	}
	return nil
}

// section returns the function that adds a word of the named section.
func (l *lexicon) section(section, file string, anywhere, channels map[string][]string) (func(string) error, error) {
	f := strings.Fields(section)
	// once records a word's meaning and refuses a second, different one.
	once := func(kind, word, meaning string, m map[string]string) error {
		n := normHeader(word)
		if prev, ok := m[n]; ok && prev != meaning {
			return fmt.Errorf("%q is %s %s here but %s in %s", word, kind, meaning, prev, l.sources[kind+"\x00"+n])
		}
		m[n] = meaning
		l.sources[kind+"\x00"+n] = file
		return nil
	}
	switch {
	case section == "other date":
		return func(w string) error { l.otherDate = append(l.otherDate, normHeader(w)); return nil }, nil
	case section == "consent":
		return func(w string) error { l.consent = append(l.consent, normHeader(w)); return nil }, nil
	case section == "consent maybe":
		return func(w string) error {
			l.consent = append(l.consent, normHeader(w))
			l.maybe[normHeader(w)] = true
			return nil
		}, nil
	case section == "consent filler":
		return func(w string) error { l.filler = append(l.filler, normHeader(w)); return nil }, nil
	case len(f) == 3 && f[0] == "consent" && f[1] == "channel":
		if !slices.Contains(consentChannelOrder, f[2]) {
			return nil, fmt.Errorf("[%s]: the consent channels are %s", section, strings.Join(consentChannelOrder, ", "))
		}
		return func(w string) error { channels[f[2]] = append(channels[f[2]], normHeader(w)); return nil }, nil
	case len(f) == 2 && f[0] == "channel":
		switch f[1] {
		case "emails", "phones", "faxes", "whatsapp", "telegram", "viber":
		default:
			return nil, fmt.Errorf("[%s]: a channel is emails, phones, faxes, whatsapp, telegram or viber", section)
		}
		return func(w string) error { return once("channel", w, f[1], l.recTypes) }, nil
	case len(f) == 3 && f[0] == "value":
		vals, ok := enumValues[f[1]]
		if !ok || !slices.Contains(vals, f[2]) {
			return nil, fmt.Errorf("[%s] is not a value section (value priority low|medium|high, value status subscriber|unsubscribed|contact, value bool yes|no)", section)
		}
		if l.enums[f[1]] == nil {
			l.enums[f[1]] = enumTable{}
		}
		return func(w string) error { return once("value "+f[1], w, f[2], l.enums[f[1]]) }, nil
	case len(f) == 2 && f[1] == "anywhere":
		if !slices.Contains(anywherePriority, f[0]) {
			return nil, fmt.Errorf("[%s]: only %s are matched anywhere in a header", section, strings.Join(anywherePriority, ", "))
		}
		return func(w string) error { anywhere[f[0]] = append(anywhere[f[0]], normHeader(w)); return nil }, nil
	case len(f) == 3 && f[0] == "address" && f[1] == "kind":
		if !slices.Contains(contact.AddressKinds, f[2]) {
			return nil, fmt.Errorf("[%s]: the kinds of address are %s", section, strings.Join(contact.AddressKinds, ", "))
		}
		return func(w string) error {
			l.addrKinds = append(l.addrKinds, wordTarget{word: normHeader(w), target: f[2]})
			return nil
		}, nil
	case len(f) == 2 && f[0] == "layout":
		l.layouts = append(l.layouts, layout{name: f[1], cols: map[string]string{}})
		lay := &l.layouts[len(l.layouts)-1]
		return lay.add, nil
	case len(f) == 1:
		t, err := ParseTarget(f[0])
		if err != nil || t != f[0] {
			return nil, fmt.Errorf("[%s] is not a target (a field name such as first_name, or full_name, record_type, record_value, ignore)", section)
		}
		return func(w string) error { return once("header", w, t, l.headers) }, nil
	}
	return nil, fmt.Errorf("[%s] is not a section this dictionary knows (see README.md)", section)
}

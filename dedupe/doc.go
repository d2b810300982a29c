// Package dedupe finds contacts that are probably one person and merges
// them. It imports contact/ and nothing else of rolo: the command line and
// the TUI feed it from the store and write merges back with store.Merge.
//
// # Finding
//
// A Finder takes contacts (Add, from store.ScanBorrowed) and Find returns
// clusters, each with a score between 0 and 1 and the reason in words:
//
//	same phone +48601234567; names differ only in accents
//
// Pairs are proposed by blocking, so a million contacts never meet in
// pairs: the same normalised e-mail (or addresses that reach one mailbox:
// a +tag, Gmail's dots), the same E.164 phone, the same tax ID in any
// formatting, and similar names that share a city, a birth date, a postal
// code or an address. Names are compared through a skeleton that ignores
// case, accents, script and romanisation (Sergei Ivanov ≈ Сергей Иванов ≈
// Sergey Ivanov), and blocks one letter apart are joined so a typo still
// meets its original. Every proposed pair is then scored on all the
// evidence: identifiers, how the names relate (a household sharing a phone
// has different first names), birth dates that agree or conflict, address,
// and how common the name is in the city. Pairs at or above MinScore are
// joined into clusters, strongest first. Pairs marked "not a duplicate"
// (Options.NotDuplicate) are never proposed.
//
// # Merging
//
// Merge builds the contact a cluster becomes from a per-field choice
// (PickKeys, Differing and DefaultPick help a screen offer it); e-mails,
// phones, groups and tags are unioned and the latest consent of each name
// wins.
package dedupe

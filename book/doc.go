// Package book is the contact book as both faces of rolo see it: the
// store opened with its settings resolved once (the default country for
// phones written in national form, the columns the interface shows, the
// user whose changes these are). The command line and the interface ask
// it rather than each reading the store's preferences in their own way,
// so a setting means the same thing in both.
//
// # Settings and where they come from
//
// A setting is resolved in one order everywhere: a command's own flag
// (--country), else the store's setting (rolo config set), else the
// user's locale (LANG=pl_PL.UTF-8 gives PL), else none. Setting says which
// of these gave the value, so `rolo config` and the interface can tell the
// user why a phone was read as Polish.
package book

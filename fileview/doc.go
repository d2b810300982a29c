// Package fileview opens a contact file for browsing without importing it:
// every data row becomes one contact in a throw-away store (Temp, in its
// own temporary folder, removed when closed), which the interface shows
// read-only with the same table, filters, column views and card as the
// real store, next to an audit panel (Summary) of what the file holds.
//
// # One row, one contact
//
// Load reads the file with importer.AuditEach, exactly as `rolo audit` and
// an import read it, and writes each row as it comes: the contact's ID is
// the row's number (1-based data record, as in the audit report), its
// source says file, row and line. Rows an import would refuse are kept
// too, so they can be looked at: a row without an e-mail or phone with
// its values, a row that could not be split into columns (ragged, an
// unbalanced quote, a formula without a saved value) with its raw cells in
// the custom field "file: cells". An e-mail, CRM ID or tax ID an earlier
// row already has cannot be stored twice (the store keeps them unique), so
// the later row keeps it in "file: problems" instead and counts as "same
// key as an earlier row" (an import would merge the two rows).
//
// # Every count opens its rows
//
// Each kind of problem the audit counts marks its rows with a tag,
// "problem: <what>" (an invalid phone per country it was read with:
// "problem: invalid phone (PL)"), and the rows of duplicate clusters
// (dedupe, as `rolo dedupe` finds them) are tagged "duplicate in file".
// A Problem carries its tags, so the panel opens exactly its rows with the
// filter "tags in …"; consents open with consent:<name> = yes, = no and
// not exists. The row's warnings and refusal are in "file: problems".
package fileview

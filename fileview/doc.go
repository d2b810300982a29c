// Package fileview opens a contact file for browsing without importing it:
// every data row becomes one contact in a filter.Index, which the
// interface shows read-only with the same table, filters, column views and
// card as a store, next to an audit panel (Summary) of what the file
// holds. Nothing of the file is written anywhere: the records are kept in
// memory as read (importer.Kept, about the file's own size) and a row's
// contact is read again from its record when the card or an export asks
// for it (File.Get), so it is always the contact the index holds.
//
// # One reading, one audit
//
// File.Load reads the file once, with importer.AuditKeep: the same
// readers, mapping, normalisation and checks as `rolo audit` and an
// import, on every core. Each row goes into the index as it is read (its
// ID is the row's number, 1-based data record as in the audit report; its
// source says file, row and line), and the rows read so far can be read
// with Get while the rest is still being read. Rows an import would
// refuse are kept too, so they can be looked at: a row without an e-mail
// or phone with its values, a row that could not be split into columns
// (ragged, an unbalanced quote, a formula without a saved value) with its
// raw cells in the custom field "file: cells".
//
// # Every count is the audit's, and opens its rows
//
// Every count of the Summary is taken from the audit's report (summarize),
// so the panel and `rolo audit` give the same numbers for the same file.
// Each kind of problem the audit counts marks its rows with a tag,
// "problem: <what>" (an invalid phone per country it was read with:
// "problem: invalid phone (PL)"), and the rows of the audit's duplicate
// clusters (rows sharing an e-mail, a phone or a tax ID) are tagged
// "duplicate in file" once the whole file is read. A Problem carries its
// tags, so the panel opens exactly its rows with the filter "tags in …";
// consents open with consent:<name> = yes, = no and not exists. The row's
// warnings and refusal are in "file: problems".
package fileview

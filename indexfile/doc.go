// Package indexfile keeps a store's filter index (filter.Index) in a file
// beside the store and opens it instead of reading every contact.
//
//	o, err := indexfile.Open(ctx, st, opt, indexfile.Options{Progress: report})
//	defer o.Close()
//	n, err := o.Index.Count(f)
//
// Open loads the stored index (its table of contents and rows; columns are
// read when first used) and catches it up with the store's change journal:
// the contacts saved and deleted since the position it was written at are
// applied to it. It builds the index from every contact instead, and
// stores it, when there is no usable stored index: none yet (a store
// written by an older rolo, or after an erasure), one written by another
// version, one of another store, or one behind the part of the journal
// already trimmed. Opened.Built says so, and why.
//
// CatchUp brings an open index up to date later (the interface does it
// once a second); Save writes it back, which a process does when it has
// caught up a lot (Opened.Behind counts the contacts applied since the
// stored copy), so the next process has less to apply.
//
// The file is written under a temporary name and renamed into place
// (private.ForStore's mode: the owner's, or the group's in a group-shared
// store folder); readers that have it open keep reading the copy they
// opened. Erasure removes it (store.CommitIndex refuses to put back an
// index from before an erasure).
package indexfile

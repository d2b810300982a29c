// Package ui is rolo's full-screen interface (Bubble Tea v2). It is the only
// package that imports bubbletea, bubbles and lipgloss.
//
// # Shape
//
// One root model (Model, root*.go) owns the screens, the header, the status
// line, the help bar, the contact index (filter.Index) and the background
// jobs. The contact table is always there; other screens are a stack above
// it. Each screen is a file (table, card, filterbuilder, columns, bulk,
// create, empty, progress, wizard, jobs_list, consents, dupes, audit,
// open_dialog) with its own key map implementing
// help.KeyMap, and implements screen (shared.go): Update, View (a string of
// the body's size), Keys, Typing (a text input has focus: q and ? are
// typed, not obeyed) and Title; optionally Init() tea.Cmd (run when pushed)
// and resized() (after the terminal changed size).
//
// Screens never open each other: they ask the root with intent messages
// (shared.go: openCardMsg, closeScreenMsg, pushScreenMsg…) through
// sh.ask, and the root decides (root_intents.go) before its Update
// returns, so the next key of a burst reaches the screen just opened. A
// screen still loading (loading() true) gets the keys typed meanwhile
// once it is ready (root_keys.go); they never fall to the screen below.
// Changes to contacts (contactChangedMsg…) still come back as commands. What every screen needs travels in one
// *shared: the store, the clock, the styles, the body's size, the job
// runner. No IO happens in Update: reads and writes are commands that
// carry what they need and answer with a message.
//
// # Long work
//
// sh.runJob(label, modal, work) starts work in a goroutine (jobs.go). It
// reports progress through a channel the root re-arms one event at a time;
// events carry the job's ID (stale ones are dropped), progress is throttled
// and the final event is never dropped. A modal job shows a progress dialog
// (esc hides it, x cancels); every running job shows in the header. The
// result message work returns is delivered when it ends. On exit Run
// cancels every job and waits for it before returning, so the caller may
// close the store.
//
// # The import wizard and the jobs list
//
// openImportMsg{Path} pushes the import wizard (newImportEntry, wizard.go):
// from the empty store's "i", the jobs list's "n", and `rolo import FILE`
// on a terminal (Deps.ImportFile: it opens at the file's preview). Its six
// steps are files over one model (importWizard), so esc goes back a step
// keeping every choice: wizard_file.go (picker, typed path with tab
// completion), wizard_read.go (encoding, delimiter, header, sheet, and the
// preview, read again in a command on each change), wizard_map.go (one line
// per column, a typeahead of targets, the live Check of the sample),
// wizard_options.go and wizard_summary.go (the options and their sentence),
// wizard_run.go (the engine's run as a non-modal job; progress comes on the
// wizard's own channel, the header shows the job), wizard_results.go and
// wizard_fix.go (rejected rows, warnings and suppressed people by reason;
// fixing rows in place and importing them as a new job; the rejects file;
// the filter on what the job wrote; undo as a job). Every answer carries
// the wizard it belongs to and a sequence number; stale ones are dropped.
// The job's result, importDoneMsg, goes to the root (root_intents.go): it
// asks for a new index when contacts were written and, when the wizard was
// left, says in the status line how the import went.
//
// "I" on the table opens the jobs list (jobs_list.go): every stored import
// with its counts; enter rebuilds a job's results from what it recorded
// (importer.JobReport over the job's options and batch logs) and opens the
// wizard on them; "u" undoes a job; "r" goes on with a cancelled or
// failed one (newResumeWizard opens at its run).
//
// # Consents, erasure, duplicates and opened files
//
// The table's D, C and o (table_keys.go; consents_entry.go answers them)
// open the duplicates screen, the consent definitions and the open-file
// dialog; root_privacy.go handles their intents.
//
//   - The card (card_privacy.go, card_action.go) shows each consent's
//     history from store.ConsentHistory under the consent, and answers U
//     (unsubscribe: a command) and E (erase personal data: a modal job,
//     since the store overwrites freed pages) after a dialog that says what
//     goes and what stays and takes a reason (erase: the word typed out).
//     Both answer the card (cardErasedMsg, cardUnsubscribedMsg), which
//     reloads and sends contactChangedMsg.
//   - The card saves with store's SaveUnchanged from the version it read;
//     when someone saved the contact since, card_conflict.go shows both
//     versions and answers the card (cardConflictMsg) with the choice:
//     keep theirs, overwrite with mine, or edit again.
//   - consents.go: the definitions with their channel, description, usage
//     (store.ConsentUsage, counted in a command) and auto mark; add, edit,
//     and remove: refused while contacts hold it unless forced (a job; it
//     sends reindexMsg since the store changed many contacts).
//   - dupes.go, dupes_compare.go: finding is a modal job per kind of key
//     (the results of each kind are kept); a cluster side by side picks the
//     survivor and each field's value (dedupe.DefaultPick first); a merge
//     (store.Merge; store.ErrStale reloads the cluster) answers
//     contactsMergedMsg, and the root deletes the others from the index and
//     upserts the survivor; "not a duplicate" marks every pair (u undoes).
//   - A file opened read-only (Deps.Open, rolo open FILE; open.go): there
//     is no store (sh.st is nil, sh.file the fileview.File). The root reads
//     the file as a job (File.Load: every row into a filter.Index, its
//     record kept); while it runs, a tick (fileTickMsg) shows the rows read
//     so far a page at a time, read again through sh.source(). Once it is
//     read the table switches to the index, read-only, in the file's
//     order. Screens read contacts and field lists through sh.source()
//     (source.go); those that need a store (consents, imports, segments,
//     history) are not offered. The audit panel (audit.go, A) shows the
//     report's counts per problem, duplicates, consents, unsure guesses
//     and each column's values (filter.Index.Distinct: indexReady); enter
//     sends applyFilterMsg with the tags or consent that mark exactly the
//     rows counted. The duplicates screen opens on the audit's clusters,
//     compare only.
//   - o (open_dialog.go) takes a path with tab completion, checks it, and
//     runs `rolo open PATH` in the terminal with tea.ExecProcess
//     (Deps.OpenCommand in tests); the interface comes back when it ends.
//
// # Tests
//
// Update tests drive the root model with a synchronous command loop
// (helpers_test.go: drain, press); golden files are ansi.Strip of frames
// taken through teatest at 80×24 and 120×40 (golden_test.go, -update to
// regenerate; privacy_golden_test.go for the privacy screens); e2e_test.go
// and open_e2e_test.go drive the binary in tmux; tape_test.go keeps
// demo.tape in step with the keys; bench_test.go measures a frame on the
// million-contact demo store.
package ui

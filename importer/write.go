package importer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"rolo/contact"
)

// writer applies normalised rows to the store, one batch (transaction) at
// a time. It runs on one goroutine: everything that can be done without
// the store (parsing, phone numbers, hashing) was done before.
type writer struct {
	opt     *Options
	source  string // "import:N", recorded on contacts, consents and events
	now     time.Time
	created [][2]uint64         // contacts this job created, as ID ranges
	seen    map[uint64]struct{} // existing contacts rows of this job matched
	counts  contact.ImportCounts
	rep     *Report
	log     batchLog
	// The batch in progress, undone if its transaction fails.
	batchSeen  []uint64
	batchFirst uint64
	batchLast  uint64
	committed  int // rows of this run committed
}

// batchLog is what a batch's transaction records with the job: its
// rejected and suppressed rows (with their cells, for the rejects file)
// and its warnings.
type batchLog struct {
	Rejected   []Rejected `json:"rejected,omitempty"`
	Suppressed []Rejected `json:"suppressed,omitempty"`
	Warnings   []Warning  `json:"warnings,omitempty"`
}

// write applies one row inside tx.
func (w *writer) write(tx SinkTx, r *rowData) error {
	w.counts.Rows++
	// listed: the row is a person on the suppression list. Nothing
	// personal of such a row goes into the job's log in the store (see
	// batchLog): an erased person re-imported from an old file must not
	// come back through it.
	listed := false
	defer func() {
		if len(r.warnings) == 0 {
			return
		}
		w.counts.Warnings += len(r.warnings)
		keys := rowKeys(r)
		for i := range r.warnings {
			r.warnings[i].private = listed
			r.warnings[i].keys = keys
		}
		w.log.Warnings = append(w.log.Warnings, r.warnings...)
	}()
	var hit SuppressionHit
	if len(r.keys) > 0 {
		var err error
		if hit, listed, err = tx.Suppressed(r.keys); err != nil {
			return err
		}
	}
	if r.reject != "" {
		w.reject(r, r.reject, listed)
		return nil
	}
	// A block list (--unsubscribe-all) marks people unsubscribed, and adds
	// to the list rather than obeying it; but an erased person stays
	// erased: recreating them from the list would put their data back.
	if listed && (w.opt.UnsubscribeAll && hit.Erased || !w.opt.UnsubscribeAll && w.opt.Suppressed == SuppressSkip) {
		w.counts.Suppressed++
		w.log.Suppressed = append(w.log.Suppressed, Rejected{Row: r.row, Line: r.line, File: r.member, Reason: "suppressed: " + hit.Entry,
			cells: r.cells, table: r.table, private: true})
		return nil
	}
	suppressed := listed && !w.opt.UnsubscribeAll // consents are not granted back
	pl, err := w.match(tx, r)
	if err != nil {
		return err
	}
	if why := pl.why; why != "" {
		if listed {
			why = "ambiguous: the row's keys belong to several contacts"
		}
		w.reject(r, why, listed)
		return nil
	}
	id := pl.id
	if id == 0 {
		if w.opt.Mode == ModeUpdate {
			w.reject(r, "no existing contact matches (--mode update adds no one)", listed)
			return nil
		}
		// A new contact is the row's own values (the row is not used
		// again), plus what merge adds: consents, groups, tags, status.
		c := &r.c
		if err := w.merge(tx, c, r, true, true, suppressed); err != nil {
			return err
		}
		c.Source = w.source
		newID, err := tx.Create(c, pl.free)
		if ce := (*contact.ConflictError)(nil); errors.As(err, &ce) {
			w.reject(r, w.conflict(ce, listed), listed)
			return nil
		}
		if err != nil {
			return fmt.Errorf("row %d: %w", r.row, err)
		}
		if w.batchFirst == 0 {
			w.batchFirst = newID
		}
		w.batchLast = newID
		w.counts.Created++
		if len(pl.sharers) > 0 {
			w.sharedPhone(tx, r, pl)
		}
		return nil
	}
	first := !w.touched(id)
	cur, err := tx.Get(id)
	if err != nil {
		return fmt.Errorf("row %d: %w", r.row, err)
	}
	if w.opt.Mode == ModeCreate && first {
		if !contact.NamesAgree(cur, &r.c) {
			w.identityConflict(r, pl, cur, &r.c, true)
		}
		w.markSeen(id)
		w.counts.Unchanged++ // --mode create leaves existing contacts alone
		return nil
	}
	upd := cur.Clone()
	if err := w.merge(tx, upd, r, first, false, suppressed); err != nil {
		return err
	}
	changed, err := tx.Update(cur, upd)
	if ce := (*contact.ConflictError)(nil); errors.As(err, &ce) {
		w.reject(r, w.conflict(ce, listed), listed)
		return nil
	}
	if err != nil {
		return fmt.Errorf("row %d: %w", r.row, err)
	}
	if !contact.NamesAgree(cur, upd) {
		w.identityConflict(r, pl, cur, upd, false)
	}
	switch {
	case !first:
		w.counts.Merged++
	case changed:
		w.counts.Updated++
	default:
		w.counts.Unchanged++
	}
	w.markSeen(id)
	return nil
}

// rowKeys are the e-mails and phones a row gave its contact. The log
// keeps them with the row's warnings: a warning may quote a value that
// was dropped (an invalid date) and so is nowhere in the contact, and
// erasing the person later finds the row's records by these (the store
// blanks every record of a row that names an erased person's e-mail or
// phone).
func rowKeys(r *rowData) []string {
	keys := slices.Clone(r.c.Emails)
	for _, p := range r.c.Phones {
		keys = append(keys, p.Number)
	}
	return keys
}

// reject records a rejected row. private marks a suppressed person's row:
// its reason must then name no value (the caller sees to it), and its
// cells and warnings stay out of the log kept in the store.
func (w *writer) reject(r *rowData, why string, private bool) {
	w.counts.Rejected++
	w.log.Rejected = append(w.log.Rejected, Rejected{Row: r.row, Line: r.line, File: r.member, Reason: why, cells: r.cells, table: r.table,
		private: private})
}

// conflict is the reason of a row whose unique key belongs to another
// contact; for a suppressed person's row, without the value.
func (w *writer) conflict(ce *contact.ConflictError, private bool) string {
	if !private {
		return ce.Error()
	}
	what := map[contact.Key]string{contact.KeyEmail: "an e-mail", contact.KeyCRMID: "the CRM ID", contact.KeyTaxID: "the tax ID", contact.KeyUID: "the UID"}[ce.Key]
	if what == "" {
		what = "a unique key"
	}
	return fmt.Sprintf("%s of the row already belongs to contact %d", what, ce.ID)
}

// touched reports whether this job created the contact or matched it
// before (a later row then merges into it).
func (w *writer) touched(id uint64) bool {
	if _, ok := w.seen[id]; ok {
		return true
	}
	return w.createdHere(id)
}

// createdHere reports whether this job created the contact.
func (w *writer) createdHere(id uint64) bool {
	if w.batchFirst != 0 && id >= w.batchFirst && id <= w.batchLast {
		return true
	}
	_, found := slices.BinarySearchFunc(w.created, id, func(r [2]uint64, id uint64) int {
		switch {
		case id < r[0]:
			return 1
		case id > r[1]:
			return -1
		}
		return 0
	})
	return found
}

func (w *writer) markSeen(id uint64) {
	if _, ok := w.seen[id]; !ok {
		w.seen[id] = struct{}{}
		w.batchSeen = append(w.batchSeen, id)
	}
}

func joinIDs(ids []uint64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatUint(id, 10)
	}
	if len(s) == 2 {
		return s[0] + " and " + s[1]
	}
	return strings.Join(s, ", ")
}

// merge applies a row to a contact: its values win where it has them
// (empty cells clear only with --empty clear, and only on the job's first
// touch of the contact), e-mails, phones, groups and tags are added,
// consents follow the suppression rules, and the import's groups, tags
// and unsubscribe-all come last.
func (w *writer) merge(tx SinkTx, dst *contact.Contact, r *rowData, first, isNew, suppressed bool) error {
	src := &r.c
	if dst == src {
		return w.finish(tx, dst, r, isNew, suppressed)
	}
	clear := w.opt.ClearEmpty && first && !isNew
	// A row with a list of addresses brings its preferred one whole (see
	// mergeAddresses), not part by part.
	skip := uint64(0)
	if r.lists&lAddresses != 0 {
		skip = addressBits
	}
	for s := scalar(0); s < numScalars; s++ {
		bit := uint64(1) << s
		switch {
		case skip&bit != 0:
		case r.set&bit != 0:
			s.copyTo(dst, src)
		case clear && r.empty&bit != 0:
			s.clear(dst)
		}
	}
	replace := func(l uint8) bool { return clear && (r.lists|r.emptyLists)&l != 0 }
	if replace(lEmails) {
		dst.Emails = slices.Clone(src.Emails)
	} else {
		for _, e := range src.Emails {
			dst.AddEmail(e)
		}
	}
	if replace(lPhones) {
		dst.Phones = slices.Clone(src.Phones)
	} else {
		for _, p := range src.Phones {
			dst.AddPhone(p)
		}
	}
	if replace(lFaxes) {
		dst.Faxes = slices.Clone(src.Faxes)
	} else {
		for _, f := range src.Faxes {
			dst.AddFax(f)
		}
	}
	switch {
	case replace(lAddresses):
		dst.SetAddresses(src.Addresses())
	case r.lists&lAddresses != 0:
		// The row's addresses first (its preferred one becomes the
		// contact's), then those the contact had that the row does not.
		dst.SetAddresses(append(src.Addresses(), dst.Addresses()...))
	}
	if replace(lGroups) {
		dst.Groups = nil
	}
	for _, g := range src.Groups {
		dst.AddGroup(g)
	}
	if replace(lTags) {
		dst.Tags = nil
	}
	for _, t := range src.Tags {
		dst.AddTag(t)
	}
	for _, cu := range src.Custom {
		dst.SetCustom(cu.Name, cu.Value)
	}
	if clear {
		for _, name := range r.emptyCust {
			dst.SetCustom(name, "")
		}
	}
	return w.finish(tx, dst, r, isNew, suppressed)
}

// finish applies what every row brings besides its values: consents under
// the suppression rules, the import's groups and tags, the status, and
// unsubscribe-all.
func (w *writer) finish(tx SinkTx, dst *contact.Contact, r *rowData, isNew, suppressed bool) error {
	resubscribed := false
	if dst.Consents == nil && len(r.consents) > 0 {
		dst.Consents = make([]contact.Consent, 0, len(r.consents))
	}
	for _, cv := range r.consents {
		if cv.granted && suppressed && w.opt.Suppressed != SuppressResubscribe {
			r.warn("suppressed_consent", cv.column, "consent %s not granted: this person is on the suppression list (use --resubscribe if they asked to be subscribed again)", cv.name)
			continue
		}
		if k, ok := dst.Consent(cv.name); ok && k.Granted == cv.granted {
			continue // unchanged: keep when and where it was given
		}
		at, source := w.now, w.source
		if !cv.at.IsZero() {
			at = cv.at // the file says when (rolo's own JSONL and vCard exports)
		}
		if cv.source != "" {
			source = cv.source // and where
		}
		dst.SetConsent(contact.Consent{Name: cv.name, Granted: cv.granted, At: at, Source: source})
		if cv.granted && suppressed {
			resubscribed = true
		}
	}
	for _, g := range w.opt.Groups {
		dst.AddGroup(g)
	}
	for _, t := range w.opt.Tags {
		dst.AddTag(t)
	}
	if isNew && dst.Status == "" {
		dst.Status = contact.StatusContact
		if slices.ContainsFunc(dst.Consents, func(k contact.Consent) bool { return k.Granted }) {
			dst.Status = contact.StatusSubscriber
		}
	}
	if resubscribed {
		if dst.Status == contact.StatusUnsubscribed {
			dst.Status = contact.StatusSubscriber
		}
		if err := tx.Unsuppress(r.keys); err != nil {
			return err
		}
	}
	if w.opt.UnsubscribeAll {
		dst.Status = contact.StatusUnsubscribed
		for _, k := range dst.Consents {
			if k.Granted {
				dst.SetConsent(contact.Consent{Name: k.Name, Granted: false, At: w.now, Source: w.source})
			}
		}
		if len(r.keys) > 0 {
			if err := tx.Suppress(r.keys, r.keyKinds, "block list"); err != nil {
				return err
			}
		}
	}
	return nil
}

package importer

import "rolo/contact"

// AuditRow is one data row as the audit read it: what an import would
// write, what it would refuse and why, and every warning. AuditEach hands
// each row to its caller, in file order, so a caller can keep the rows
// themselves (rolo open browses a file in a throw-away store, where each
// problem the audit counts must open exactly the rows it counts).
type AuditRow struct {
	Row   int    // 1-based data record across the file's tables, as in the report
	Line  int    // physical line, sheet row or the BEGIN line of a vCard
	File  string // the member of an archive
	Table int    // index into the report's tables
	// Cells are the record as read (not to be kept beyond fn: they may be
	// reused).
	Cells []string
	// Contact holds the row's values, normalised as an import writes them
	// (without consents, status, source or times, which the writer adds).
	// It is nil when the record could not be read into columns at all
	// (RejectKind unbalanced_quote, ragged_row, formula_without_value,
	// invalid_json).
	// The caller may keep it.
	Contact *contact.Contact
	// Consents are the row's consent cells read as yes or no (At and
	// Source empty: the writer dates them).
	Consents []contact.Consent
	// Reject is why an import would reject the row ("" when it would take
	// it), RejectKind its kind: unbalanced_quote, ragged_row,
	// formula_without_value, invalid_json (a JSONL line that is not an
	// object) or no_key.
	Reject, RejectKind string
	Warnings           []Warning
}

// Kinds lists the row's kinds of problem once each, as the report's
// Problems counts them: the reject kind, then the warnings' kinds in order.
func (r *AuditRow) Kinds() []string {
	var out []string
	add := func(k string) {
		for _, x := range out {
			if x == k {
				return
			}
		}
		out = append(out, k)
	}
	if r.RejectKind != "" {
		add(r.RejectKind)
	}
	for _, w := range r.Warnings {
		add(w.kind)
	}
	return out
}

// Country is, for an invalid phone, the country it was read with ("" when
// none was known): the report's by_country key.
func (w Warning) Country() string { return w.country }

// auditRow is the row as AuditEach hands it over.
func (r *rowData) auditRow() *AuditRow {
	a := &AuditRow{Row: r.row, Line: r.line, File: r.member, Table: r.table, Cells: r.cells,
		Reject: r.reject, RejectKind: r.rejectKind, Warnings: r.warnings}
	switch r.rejectKind {
	case "unbalanced_quote", "ragged_row", "formula_without_value", "invalid_json":
		return a
	}
	a.Contact = &r.c
	for _, cv := range r.consents {
		a.Consents = append(a.Consents, contact.Consent{Name: cv.name, Granted: cv.granted})
	}
	return a
}

// auditChecks adds what only an audit looks for to a normalised row: cells
// a spreadsheet would run as formulas (formula_text; an import keeps them
// as they are, and the excel export profile quotes them).
func (p *plan) auditChecks(r *rowData) {
	switch r.rejectKind {
	case "unbalanced_quote", "ragged_row", "invalid_json":
		return
	}
	for i, v := range r.cells {
		if contact.LooksLikeFormula(v) {
			r.warn("formula_text", p.colName(i), "%q would run as a formula in a spreadsheet", v)
		}
	}
}

package export

import "rolo/contact"

// Neutralise makes a cell safe to open in a spreadsheet (OWASP "CSV
// injection"): a value a spreadsheet would run as a formula gets a single
// quote in front, which rolo import removes again. The exact rule is
// contact.ProtectFormula's.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	return contact.ProtectFormula(s)
}

package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"rolo/book"
	"rolo/contact"
	"rolo/export"
	"rolo/filter"
	"rolo/store"
)

// listColumns are what rolo list shows without --columns.
var listColumns = []string{"id", "full_name", "emails", "phones", "city", "country", "status"}

// selection is the --where / --segment pair that list, count and export
// share.
type selection struct {
	where   string
	segment string
	country string // --country: the default country for phones in the filter
}

func (sel *selection) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&sel.where, "where", "", "only contacts matching this filter, e.g. 'city = Kraków, Łódź and points >= 100'")
	cmd.Flags().StringVar(&sel.segment, "segment", "", "only contacts of this saved segment (see rolo segment list)")
	cmd.Flags().StringVar(&sel.country, "country", "", countryFlagHelp)
}

// countryFlagHelp describes every command's --country.
const countryFlagHelp = "default country for phones written in national form (ISO code or name; default: the store's setting, else the locale's)"

// check refuses --where with --segment, and a malformed --where (exit 2,
// with the parser's message pointing at the word), before the store is
// opened.
func (sel *selection) check(cmd *cobra.Command) error {
	if cmd.Flags().Changed("where") && cmd.Flags().Changed("segment") {
		return usagef("use --where or --segment, not both")
	}
	if sel.where != "" {
		if _, err := filter.Parse(sel.where); err != nil {
			return usagef("--where: %v", err)
		}
	}
	return checkCountryFlag(sel.country)
}

// checkCountryFlag refuses a --country that names no country (exit 2).
func checkCountryFlag(v string) error {
	if _, err := contact.CheckCountry(v); err != nil {
		return usagef("--country: %v", err)
	}
	return nil
}

// filter returns the chosen filter (empty: every contact).
func (sel *selection) filter(s *store.Store) (filter.Filter, error) {
	if sel.segment != "" {
		seg, err := s.Segment(sel.segment)
		if errors.Is(err, store.ErrNotFound) {
			return filter.Filter{}, fmt.Errorf("no segment named %q (see 'rolo segment list')", sel.segment)
		}
		if err != nil {
			return filter.Filter{}, err
		}
		f, err := filter.Parse(seg.Expr)
		if err != nil {
			return filter.Filter{}, fmt.Errorf("segment %q: %w", sel.segment, err)
		}
		return f, nil
	}
	return filter.Parse(sel.where)
}

// filterOptions are the evaluation options of a command: the default
// country for phones in national form (the command's --country, else the
// store's, else the locale's), the command's clock.
func filterOptions(env *Env, s *store.Store, country string) (filter.Options, error) {
	cc, err := book.Country(s, country, env.Getenv)
	if err != nil {
		return filter.Options{}, usageError{err}
	}
	return filter.Options{Country: cc.Value, Now: env.Now}, nil
}

// matcher compiles the selection's filter for a pass over the store; nil
// means every contact.
func (sel *selection) matcher(env *Env, s *store.Store) (filter.Matcher, filter.Filter, error) {
	f, err := sel.filter(s)
	if err != nil {
		return nil, f, err
	}
	if f.IsEmpty() {
		return nil, f, nil
	}
	opt, err := filterOptions(env, s, sel.country)
	if err != nil {
		return nil, f, err
	}
	m, err := f.Compile(opt)
	return m, f, err
}

// errStop ends a scan early.
var errStop = errors.New("stop")

func newListCmd(env *Env, g *globals) *cobra.Command {
	var sel selection
	var columns, sortBy string
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print contacts as a table",
		Long: `Print contacts, all or those matching --where or a saved --segment: an
aligned table on a terminal, tab-separated values (header line first) to a
pipe or file. Tabs and line breaks inside values become spaces there.

Filters: conditions joined by "and"; a condition is a field, an operator
(=, !=, >, <, >=, <=, contains, starts with, exists, not exists, in, not in)
and values separated by commas, any of which may match. Text ignores case and
accents; dates take 2026-11-02, 2026-11, 2026 or -30d.`,
		Example: `  rolo list --where 'city = Kraków, Łódź and consent:sms = yes and points >= 100'
  rolo list --segment VIP --columns full_name,emails,points --sort points:desc --limit 20
  rolo list --where 'email not exists' | wc -l`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := sel.check(cmd); err != nil {
				return err
			}
			if limit < 0 {
				return usagef("--limit must be 0 (no limit) or more")
			}
			cols := listColumns
			if cmd.Flags().Changed("columns") {
				var err error
				if cols, err = export.CheckColumns(strings.Split(columns, ",")); err != nil {
					return usagef("--columns: %v", err)
				}
			}
			sortField, desc, err := parseSort(sortBy)
			if err != nil {
				return err
			}
			s, err := g.open(env, true)
			if err != nil {
				return err
			}
			defer s.Close()
			return runList(env, s, &sel, cols, sortField, desc, limit)
		},
	}
	sel.flags(cmd)
	cmd.Flags().StringVar(&columns, "columns", strings.Join(listColumns, ","), "fields to show, in order")
	cmd.Flags().StringVar(&sortBy, "sort", "", "order by a field, e.g. last_name or points:desc (default: by ID)")
	cmd.Flags().IntVar(&limit, "limit", 0, "show at most N contacts (0: all)")
	return cmd
}

// parseSort reads field[:desc|:asc].
func parseSort(s string) (string, bool, error) {
	if s == "" {
		return "", false, nil
	}
	field, dir, _ := strings.Cut(s, ":")
	desc := false
	switch strings.ToLower(strings.TrimSpace(dir)) {
	case "", "asc":
	case "desc":
		desc = true
	default:
		return "", false, usagef("--sort: %q is not a direction (use field:desc or field:asc)", dir)
	}
	f, ok := contact.LookupField(field)
	if !ok {
		return "", false, usagef("--sort: unknown field %q", strings.TrimSpace(field))
	}
	return f.Name, desc, nil
}

func runList(env *Env, s *store.Store, sel *selection, cols []string, sortField string, desc bool, limit int) error {
	m, f, err := sel.matcher(env, s)
	if err != nil {
		return err
	}
	out := newRowWriter(env, cols)
	shown, total := 0, 0
	if m == nil && sortField == "" {
		// Every contact in ID order: stream, and stop at the limit.
		err = s.ScanLean(func(c *contact.Contact) error {
			total++
			if limit > 0 && shown >= limit {
				return errStop
			}
			shown++
			return out.row(c)
		})
		if errors.Is(err, errStop) {
			err, total = nil, -1 // stopped early: the total is not known
		}
	} else {
		// The index finds and orders the contacts; only those shown are
		// read (and checked again, in case one changed meanwhile).
		var ids []uint64
		if ids, err = matches(env, s, f, sel.country, sortField, desc); err != nil {
			return err
		}
		total = len(ids)
		if limit > 0 && len(ids) > limit {
			ids = ids[:limit]
		}
		err = export.Select(ids, s.GetMany)(func(c *contact.Contact) error {
			if m != nil && !m(c) {
				return nil
			}
			shown++
			return out.row(c)
		})
	}
	if err != nil {
		return err
	}
	if err := out.flush(); err != nil {
		return err
	}
	if out.table {
		fmt.Fprintln(env.Stderr, listSummary(shown, total, f))
	}
	return nil
}

func listSummary(shown, total int, f filter.Filter) string {
	what := contactsWord(shown)
	if total > 0 {
		what = contactsWord(total)
	}
	var s string
	switch {
	case total < 0:
		s = fmt.Sprintf("first %s %s", groupDigits(shown), what)
	case shown < total:
		s = fmt.Sprintf("%s of %s %s", groupDigits(shown), groupDigits(total), what)
	default:
		s = fmt.Sprintf("%s %s", groupDigits(shown), what)
	}
	if !f.IsEmpty() {
		s += " where " + f.Describe()
	}
	return s
}

// rowWriter prints rows: tab-separated to a pipe, an aligned table to a
// terminal. The table's widths come from the first rows (up to tableSample),
// which are held back until then; later rows are cut to the same widths.
type rowWriter struct {
	w      io.Writer
	cols   []string
	table  bool
	width  int // the terminal's
	held   [][]string
	widths []int
}

const tableSample = 1000

func newRowWriter(env *Env, cols []string) *rowWriter {
	rw := &rowWriter{w: env.Stdout, cols: cols, table: env.IsTerminal(env.Stdout)}
	if rw.table {
		rw.width = terminalWidth(env)
		rw.held = append(rw.held, cols)
	} else {
		rw.line(cols)
	}
	return rw
}

// terminalWidth is the width of stdout's terminal, else $COLUMNS, else 100.
func terminalWidth(env *Env) int {
	if f, ok := env.Stdout.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(env.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 100
}

func (rw *rowWriter) row(c *contact.Contact) error {
	cells := make([]string, len(rw.cols))
	for i, col := range rw.cols {
		cells[i] = c.Get(col)
	}
	if !rw.table {
		return rw.line(cells)
	}
	if rw.widths == nil {
		rw.held = append(rw.held, cells)
		if len(rw.held) > tableSample {
			return rw.release()
		}
		return nil
	}
	return rw.tableLine(cells)
}

// line writes tab-separated values; tabs and line breaks inside a value
// become spaces so every contact stays on one line.
func (rw *rowWriter) line(cells []string) error {
	var b strings.Builder
	for i, v := range cells {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, v))
	}
	b.WriteByte('\n')
	_, err := io.WriteString(rw.w, b.String())
	return err
}

// release fixes the column widths from the held rows and prints them.
func (rw *rowWriter) release() error {
	rw.widths = fitWidths(rw.held, rw.width)
	for _, cells := range rw.held {
		if err := rw.tableLine(cells); err != nil {
			return err
		}
	}
	rw.held = nil
	return nil
}

func (rw *rowWriter) tableLine(cells []string) error {
	var b strings.Builder
	for i, v := range cells {
		v = ansi.Truncate(screenText(v), rw.widths[i], "…")
		b.WriteString(v)
		if i < len(cells)-1 {
			b.WriteString(strings.Repeat(" ", rw.widths[i]-ansi.StringWidth(v)+2))
		}
	}
	b.WriteByte('\n')
	_, err := io.WriteString(rw.w, b.String())
	return err
}

func (rw *rowWriter) flush() error {
	if rw.table && rw.widths == nil {
		return rw.release()
	}
	return nil
}

// screenText makes a value safe and one line on a terminal: escape
// sequences removed, control characters and line breaks as spaces.
func screenText(s string) string {
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// fitWidths gives each column the width of its widest cell, then, while the
// row is wider than the terminal, takes a character at a time from the
// widest column (none goes below its header or 6 characters).
func fitWidths(rows [][]string, total int) []int {
	n := len(rows[0])
	widths := make([]int, n)
	floor := make([]int, n)
	for i, h := range rows[0] {
		floor[i] = min(max(ansi.StringWidth(h), 6), 12)
	}
	for _, cells := range rows {
		for i, v := range cells {
			widths[i] = max(widths[i], ansi.StringWidth(screenText(v)))
		}
	}
	sum := func() int {
		s := 2 * (n - 1)
		for _, w := range widths {
			s += w
		}
		return s
	}
	for sum() > total {
		widest := -1
		for i, w := range widths {
			if w > floor[i] && (widest < 0 || w > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break // nothing left to shrink: the terminal wraps
		}
		widths[widest]--
	}
	return widths
}

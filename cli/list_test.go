package cli

import (
	"bytes"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"rolo/book"
	"rolo/contact"
	"rolo/store"
)

// demoStore makes a store of n demo contacts and returns its path.
func demoStore(t *testing.T, n int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rolo.db")
	if code, _, errs := run(t, "--db", db, "demo", "--count", strconv.Itoa(n)); code != ExitOK {
		t.Fatalf("demo: %s", errs)
	}
	return db
}

// addContacts writes contacts straight into the store at db.
func addContacts(t *testing.T, db string, cs ...*contact.Contact) {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range cs {
		if _, err := s.Create(c); err != nil {
			t.Fatal(err)
		}
	}
}

// tsv splits rolo list's pipe output into rows of cells.
func tsv(out string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

func TestListToAPipe(t *testing.T) {
	db := demoStore(t, 300)
	code, out, errs := run(t, "--db", db, "list")
	rows := tsv(out)
	if code != ExitOK || len(rows) != 301 || !slices.Equal(rows[0], listColumns) {
		t.Fatalf("list: %d, %d rows, header %v, %s", code, len(rows), rows[0], errs)
	}
	if rows[1][0] != "1" || rows[300][0] != "300" {
		t.Errorf("not in ID order: %v … %v", rows[1][0], rows[300][0])
	}
	// Columns in the order asked for, aliases allowed; a limit.
	_, out, _ = run(t, "--db", db, "list", "--columns", "name,Email,points,consent:sms", "--limit", "5")
	rows = tsv(out)
	if len(rows) != 6 || !slices.Equal(rows[0], []string{"full_name", "emails", "points", "consent:sms"}) {
		t.Fatalf("columns: %q", rows)
	}
	// Sorted by points, descending, numerically.
	_, out, _ = run(t, "--db", db, "list", "--columns", "id,points", "--sort", "points:desc", "--limit", "50")
	rows = tsv(out)[1:]
	for i := 1; i < len(rows); i++ {
		a, _ := strconv.ParseFloat(rows[i-1][1], 64)
		b, _ := strconv.ParseFloat(rows[i][1], 64)
		if a < b {
			t.Fatalf("not descending by points at %d: %v then %v", i, rows[i-1], rows[i])
		}
	}
	// Sorted by last name, locale-aware, empty last.
	_, out, _ = run(t, "--db", db, "list", "--columns", "last_name", "--sort", "last_name")
	rows = tsv(out)[1:]
	if rows[0][0] > "B" || rows[len(rows)-1][0] == "" && rows[0][0] == "" {
		t.Errorf("sort by last name starts with %q", rows[0][0])
	}
}

func TestListWhereAndCount(t *testing.T) {
	db := demoStore(t, 400)
	addContacts(t, db, &contact.Contact{FirstName: "Łucja", LastName: "Wiśniewska", Address: contact.Address{City: "Łódź"},
		Phones: []contact.Phone{{Number: "+48601234567"}}, Points: contact.Num(150)})
	for _, tt := range []struct {
		where string
		check func(row map[string]string) bool
	}{
		{"city = lodz", func(r map[string]string) bool { return r["city"] == "Łódź" }},
		{"last_name contains wisn", func(r map[string]string) bool { return strings.Contains(contact.Fold(r["last_name"]), "wisn") }},
		{"points >= 1000 and points < 2000", func(r map[string]string) bool {
			p, _ := strconv.ParseFloat(r["points"], 64)
			return p >= 1000 && p < 2000
		}},
		{"group in VIP and group not in Churned", func(r map[string]string) bool {
			g := strings.Split(r["groups"], "; ")
			return slices.Contains(g, "VIP") && !slices.Contains(g, "Churned")
		}},
		{"consent:sms = yes", func(r map[string]string) bool { return r["consent:sms"] == "yes" }},
		{"email not exists", func(r map[string]string) bool { return r["emails"] == "" }},
		{"phone = +48 601 234 567", func(r map[string]string) bool { return r["phones"] == "+48601234567" }},
	} {
		code, out, errs := run(t, "--db", db, "list", "--where", tt.where, "--columns", "id,city,last_name,points,groups,consent:sms,emails,phones")
		if code != ExitOK {
			t.Fatalf("list --where %q: %s", tt.where, errs)
		}
		rows := tsv(out)
		if len(rows) < 2 {
			t.Errorf("--where %q matched nothing", tt.where)
			continue
		}
		for _, cells := range rows[1:] {
			r := map[string]string{}
			for i, h := range rows[0] {
				r[h] = cells[i]
			}
			if !tt.check(r) {
				t.Errorf("--where %q listed %v", tt.where, cells)
			}
		}
		_, n, _ := run(t, "--db", db, "count", "--where", tt.where)
		if n != strconv.Itoa(len(rows)-1)+"\n" {
			t.Errorf("count --where %q = %q, list shows %d", tt.where, n, len(rows)-1)
		}
	}
	// The store's default country normalises phones typed in national form.
	s, _ := store.Open(db, store.Options{})
	s.SetPref(book.CountryKey, "PL")
	s.Close()
	if _, out, _ := run(t, "--db", db, "count", "--where", "phone = 601 234 567"); out != "1\n" {
		t.Errorf("national phone: %q", out)
	}
	if _, out, _ := run(t, "--db", db, "count"); out != "401\n" {
		t.Errorf("plain count: %q", out)
	}
}

func TestListOnATerminal(t *testing.T) {
	db := demoStore(t, 60)
	addContacts(t, db, &contact.Contact{FirstName: "Zbigniew", LastName: "Brzęczyszczykiewicz-Wiśniewski \x1b[31mred\x1b[0m",
		Emails: []string{"zbigniew.brzeczyszczykiewicz.bardzo.dlugi.adres@przyklad.example.com"}, Description: "line one\nline two"})
	var out, errb bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "COLUMNS" {
				return "80"
			}
			return ""
		},
		Now:        func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) },
		IsTerminal: func(any) bool { return true },
	}
	if code := Main(env, []string{"--db", db, "list", "--columns", "id,full_name,emails,description,city"}); code != ExitOK {
		t.Fatalf("list: %s", errb.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 62 || !strings.HasPrefix(lines[0], "id ") {
		t.Fatalf("%d lines: %q", len(lines), lines[0])
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d wide: %q", w, l)
		}
		if strings.Contains(l, "\x1b") {
			t.Errorf("an escape sequence reached the terminal: %q", l)
		}
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "…") || !strings.Contains(last, "line one line") {
		t.Errorf("long cells are not cut with … or line breaks kept: %q", last)
	}
	// Columns line up: on every line the e-mail column starts at the same
	// screen position, after the two spaces that end the name column.
	col := ansi.StringWidth(lines[0][:strings.Index(lines[0], "emails")])
	for _, l := range lines[1 : len(lines)-1] {
		before := ansi.Truncate(l, col, "")
		if ansi.StringWidth(before) != col || !strings.HasSuffix(before, "  ") {
			t.Errorf("misaligned at column %d: %q", col, l)
		}
	}
	if !strings.Contains(errb.String(), "61 contacts") {
		t.Errorf("no summary on stderr: %q", errb.String())
	}
}

func TestListAndCountUsageErrors(t *testing.T) {
	db := demoStore(t, 10)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"list", "--where", "city = x", "--segment", "y"}, ExitUsage, "not both"},
		{[]string{"count", "--where", "city = x", "--segment", "y"}, ExitUsage, "not both"},
		{[]string{"export", "--where", "city = x", "--segment", "y"}, ExitUsage, "not both"},
		{[]string{"list", "--where", "city = Kraków and pionts > 5"}, ExitUsage, `"pionts" at column 19: unknown field; did you mean points?`},
		{[]string{"count", "--where", "points > lots"}, ExitUsage, `"lots" at column 10: points needs a number`},
		{[]string{"list", "--where", "city Kraków"}, ExitUsage, "expected an operator"},
		{[]string{"list", "--sort", "nope"}, ExitUsage, "--sort: unknown field"},
		{[]string{"list", "--sort", "points:up"}, ExitUsage, "not a direction"},
		{[]string{"list", "--columns", "first_name,nope"}, ExitUsage, `unknown column "nope"`},
		{[]string{"list", "--limit", "-1"}, ExitUsage, "--limit"},
		{[]string{"list", "--segment", "nope"}, ExitError, `no segment named "nope"`},
		{[]string{"count", "--segment", "nope"}, ExitError, `no segment named "nope"`},
	} {
		code, _, errs := run(t, append([]string{"--db", db}, tt.args...)...)
		first, _, _ := strings.Cut(errs, "\n")
		if code != tt.code || !strings.HasPrefix(first, "rolo: ") || !strings.Contains(first, tt.want) {
			t.Errorf("rolo %v: exit %d, %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}

// changed_by filters by the operating-system user who wrote a contact.
func TestWhereChangedBy(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rolo.db")
	for _, w := range []struct{ user, last string }{{"ana", "Nowak"}, {"jan", "Kowalski"}, {"ana", "Lis"}} {
		s, err := store.Open(db, store.Options{User: w.user, NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(&contact.Contact{LastName: w.last}); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	if _, out, errs := run(t, "--db", db, "count", "--where", "changed_by = ana"); out != "2\n" {
		t.Errorf("count changed_by = ana: %q %q", out, errs)
	}
	_, out, errs := run(t, "--db", db, "list", "--where", "changed_by = jan", "--columns", "last_name,changed_by")
	if out != "last_name\tchanged_by\nKowalski\tjan\n" {
		t.Errorf("list changed_by = jan: %q %q", out, errs)
	}
	if _, out, _ := run(t, "--db", db, "count", "--where", "changed_by != ana"); out != "1\n" {
		t.Errorf("count changed_by != ana: %q", out)
	}
}

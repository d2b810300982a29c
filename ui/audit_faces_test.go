package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rolo/cli"
	"rolo/fileview"
	"rolo/importer"
)

// TestAuditPanelAndRoloAuditAgree runs both faces of the audit on the same
// small files, `rolo audit --json` on the command line and the audit panel
// of `rolo open`, and compares every count: rows, rows without a problem,
// rows per kind of problem (formula-looking cells and ambiguous dates
// among them), invalid phones per country, duplicate clusters and their
// rows, consents, unsure guesses and each column's filled and invalid
// cells. Every count the panel shows also opens exactly that many rows.
func TestAuditPanelAndRoloAuditAgree(t *testing.T) {
	clusters, _ := auditFile(t, 60) // rows 2 and 9 share an e-mail and a phone: two clusters
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, path := range []string{
		clusters,
		write("zapisy.csv", "Email;Imię;Column X;Urodziny;Notatka;Telefon\n"+
			"a@example.com;=HYPERLINK(\"http://x\");1980-02-03;4/5/1990;-Anna;601 234 567\n"+
			"b@example.com;Bob;1975-11-30;3/6/1985;@handle;601 234 567\n"+
			"c@example.com;Cy;1990-01-01;5/4/1970;+SUM(A1);0151 2\n"+
			"a@example.com;Di;1991-01-01;;plain;\n"),
		write("guess.csv", "Email;Column X;Kraj\na@example.com;1980-02-03;PL\nb@example.com;1975-11-30;DE\n"),
		write("contacts.jsonl", `{"first_name":"Ana","emails":["ana@example.com"],"consents":{"email":true}}`+"\n"+
			`{"first_name":"Bo","emails":["ana@example.com"],"phones":["+48601234567"],"consents":{"email":false}}`+"\n"+
			`{"first_name":"Cy","phones":["12"]}`+"\n"+"not json\n"),
	} {
		t.Run(filepath.Base(path), func(t *testing.T) { compareAuditFaces(t, path) })
	}
}

// roloAudit runs `rolo audit PATH --json --country PL`.
func roloAudit(t *testing.T, path string) *importer.AuditReport {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Now: fixedNow,
		Getenv: func(string) string { return "" }, IsTerminal: func(any) bool { return false }}
	if code := cli.Main(env, []string{"audit", path, "--json", "--country", "PL"}); code != 0 {
		t.Fatalf("rolo audit: exit %d: %s", code, errb.String())
	}
	var rep importer.AuditReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("rolo audit --json: %v\n%s", err, out.String())
	}
	return &rep
}

func compareAuditFaces(t *testing.T, path string) {
	rep := roloAudit(t, path)
	m := newFileModel(t, path, 120, 40)
	p := m.file.panel
	if !p.loaded || p.sum == nil || p.sum.Report == nil {
		t.Fatalf("the panel did not load: %v", p.err)
	}
	counts := map[string]auditItem{} // selectable counts by text; top-level problems by kind
	var facts, dupes, unsure string
	for _, it := range p.items {
		switch {
		case it.kind == aiText && strings.Contains(it.text, "rows read"):
			facts = it.text
		case it.kind == aiSection && strings.HasPrefix(it.text, "Unsure guesses"):
			unsure = it.text
		case it.kind == aiDupes:
			dupes = fmt.Sprintf("%s %d", it.text, it.count)
		case it.kind == aiCount:
			counts[fmt.Sprintf("%d:%s", it.indent, it.text)] = it
		}
	}
	if want := fmt.Sprintf("%s rows read, %s without any problem", groupDigits(rep.Rows), groupDigits(rep.RowsOK)); !strings.Contains(facts, want) {
		t.Errorf("the panel says %q, rolo audit %q", facts, want)
	}
	// Rows per kind of problem, both ways.
	opened := map[string]int{}
	for kind, n := range rep.Problems {
		it, ok := counts["0:"+fileview.KindLabel(kind)]
		if !ok || it.count != n {
			t.Errorf("%s: rolo audit counts %d rows, the panel %d (shown %v)", kind, n, it.count, ok)
			continue
		}
		opened["0:"+fileview.KindLabel(kind)] = n
	}
	var panelKinds int
	for k, it := range counts {
		if strings.HasPrefix(k, "0:") && it.f.String() != "" && strings.HasPrefix(it.f.String(), "tags") {
			panelKinds++
		}
	}
	if panelKinds != len(rep.Problems) {
		t.Errorf("the panel lists %d kinds of problem, rolo audit %d: %v", panelKinds, len(rep.Problems), rep.Problems)
	}
	// Invalid phones per country.
	if len(rep.PhoneRows) > 1 || rep.PhoneRows[""] > 0 {
		for cc, n := range rep.PhoneRows {
			label := "read as " + cc
			if cc == "" {
				label = "no country to read them with"
			}
			if it := counts["2:"+label]; it.count != n {
				t.Errorf("invalid phones %s: rolo audit %d rows, the panel %d", label, n, it.count)
			}
			opened["2:"+label] = n
		}
	}
	// Duplicate clusters and their rows.
	var rows []int
	for _, c := range rep.Duplicates {
		rows = append(rows, c.Rows...)
	}
	slices.Sort(rows)
	rows = slices.Compact(rows)
	switch {
	case rep.Clusters == 0 && dupes != "":
		t.Errorf("rolo audit finds no duplicates, the panel %q", dupes)
	case rep.Clusters > 0 && dupes != fmt.Sprintf("rows in %s %d", countOf(rep.Clusters, "cluster"), len(rows)):
		t.Errorf("rolo audit finds %d clusters of %d rows, the panel %q", rep.Clusters, len(rows), dupes)
	}
	if rep.Clusters > 0 {
		opened["0:rows in "+countOf(rep.Clusters, "cluster")] = len(rows)
	}
	// Consents.
	for _, c := range rep.Consents {
		given, refused := counts["2:given"], counts["2:refused or withdrawn"]
		if given.count != c.Granted || refused.count != c.Withdrawn {
			t.Errorf("consent %s: rolo audit %d yes, %d no; the panel %d, %d", c.Name, c.Granted, c.Withdrawn, given.count, refused.count)
		}
		opened["2:given"], opened["2:refused or withdrawn"] = c.Granted, c.Withdrawn
	}
	// Unsure guesses.
	if n := len(rep.UnsureGuesses); n > 0 != (unsure != "") || n > 0 && !strings.HasSuffix(unsure, fmt.Sprint(n)) {
		t.Errorf("rolo audit lists %d unsure guesses, the panel %q", n, unsure)
	}
	// Each column's filled and invalid cells.
	for _, tb := range rep.Tables {
		for _, c := range tb.Columns {
			it := columnLine(p, c.Name)
			want := fmt.Sprintf("filled %s", groupDigits(c.Filled))
			if c.Invalid > 0 {
				want += fmt.Sprintf(", %s invalid", groupDigits(c.Invalid))
			}
			if !strings.Contains(it, want) {
				t.Errorf("column %s: rolo audit %q, the panel %q", c.Name, want, it)
			}
		}
	}
	// Every count opens as many rows as it counts.
	for text, n := range opened {
		it := counts[text]
		if it.kind == aiCount || it.kind == aiDupes {
			if got := len(matchRows(t, m, it)); got != n {
				t.Errorf("%s counts %d rows and opens %d", text, n, got)
			}
		}
	}
	if rep.Clusters > 0 {
		for _, it := range p.items {
			if it.kind == aiDupes {
				if got := matchRows(t, m, it); len(got) != len(rows) {
					t.Errorf("the duplicates open %d rows, rolo audit's clusters hold %d", len(got), len(rows))
				}
			}
		}
	}
}

// columnLine is the text of the panel's line of a column.
func columnLine(p *auditPanel, name string) string {
	for _, it := range p.items {
		if strings.HasPrefix(strings.TrimSpace(it.text), name+" → ") {
			return it.text + " " + it.note
		}
	}
	return ""
}

// matchRows are the rows a panel item opens.
func matchRows(t *testing.T, m *Model, it auditItem) []uint64 {
	t.Helper()
	ids, err := m.ix.Match(it.f)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

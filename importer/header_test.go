package importer

import (
	"slices"
	"strings"
	"testing"
)

// An invoicing program's client list: a title with the version and date,
// a blank line, the name of the list, then the table.
const invoiceClients = "Billing Hub v4.5.17 - Clients export, 7 December 2026\n" +
	"\n" +
	"CLIENTS\n" +
	"Name,Address 1,City,State,Postal Code,Country,Work Phone,Email,Website\n" +
	"Acme Tools,12 Mill Road,Leeds,West Yorkshire,LS1 4AB,United Kingdom,+44 113 496 0000,office@acme.example,acme.example\n" +
	"Berg & Sons,Storgatan 5,Uppsala,,753 20,Sweden,+46 18 123 456,info@berg.example,\n" +
	"Café Lumière,3 rue du Port,Nantes,,44000,France,,contact@lumiere.example,lumiere.example\n"

// A social network's connections: a Notes: paragraph, a blank line, then
// the table.
const connections = "Notes:\n" +
	"\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed this.\"\n" +
	"\n" +
	"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
	"Maria,Kowalska,https://social.example/in/mkowalska,maria@firma.example,Firma,Engineer,03 Dec 2026\n" +
	"Jonas,Lindqvist,https://social.example/in/jlindqvist,,Nordic AB,Sales,21 Nov 2026\n"

func TestHeaderFoundBelowTitleLines(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		line       int
		first      string
		skipped    string
		rows       int
	}{
		{"clients.csv", invoiceClients, 4, "Name", `lines 1–3 above the header ("Billing Hub v4.5.17 - Clients export")`, 3},
		{"Connections.csv", connections, 4, "First Name", `lines 1–3 above the header ("Notes:")`, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Open(writeFile(t, tt.name, []byte(tt.data)), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			tb := src.Tables[0]
			if !tb.Header || tb.HeaderLine != tt.line || tb.Columns[0] != tt.first {
				t.Fatalf("header %v on line %d, columns %q", tb.Header, tb.HeaderLine, tb.Columns)
			}
			if !slices.Equal(src.Skipped, []string{tt.skipped}) {
				t.Errorf("skipped %q, want %q", src.Skipped, tt.skipped)
			}
			recs := readTable(t, tb)
			if len(recs) != tt.rows {
				t.Fatalf("%d data rows, want %d", len(recs), tt.rows)
			}
			m := AutoMap(tb)
			for _, c := range m.Columns {
				if strings.HasPrefix(c.Field, "custom:column_") {
					t.Errorf("column %q mapped to %s", c.Name, c.Field)
				}
			}
		})
	}
}

func TestHeaderRowChosenByHand(t *testing.T) {
	path := writeFile(t, "clients.csv", []byte(invoiceClients))
	src, err := Open(path, ReadOptions{HeaderRow: 3})
	if err != nil {
		t.Fatal(err)
	}
	tb := src.Tables[0]
	if tb.HeaderLine != 3 || tb.Columns[0] != "CLIENTS" || len(readTable(t, tb)) != 4 {
		t.Errorf("header on line %d: %q", tb.HeaderLine, tb.Columns)
	}
	if !slices.Equal(tb.HeaderLines, []int{1, 3, 4, 5, 6, 7}) {
		t.Errorf("header choices %v", tb.HeaderLines)
	}
	src.Close()
	if _, err := Open(path, ReadOptions{HeaderRow: 2}); err == nil || !strings.Contains(err.Error(), "line 2 of clients.csv holds no row") {
		t.Errorf("a blank header row: %v", err)
	}
}

func TestFirstRowStaysTheHeaderOrData(t *testing.T) {
	// A table whose first rows fill few cells must not lose them to a
	// header found lower down (whether the first row is a header is the
	// older rule's call).
	sparse := "Anna,,,,\nBo,,,,\nCecilia,Nowak,c@x.example,+48 601 234 567,Gdańsk\nDawid,Lis,d@x.example,+48 602 345 678,Łódź\n"
	src, err := Open(writeFile(t, "sparse.csv", []byte(sparse)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if tb := src.Tables[0]; tb.HeaderLine > 1 || len(src.Skipped) > 0 {
		t.Errorf("header %v on line %d, skipped %q", tb.Header, tb.HeaderLine, src.Skipped)
	}
}

func TestSpreadsheetHeaderBelowTitle(t *testing.T) {
	sheet := sheetXML(
		row(1, inline("A1", "Customer list")),
		row(2, inline("A2", "Printed 7 December 2026")),
		row(4, inline("A4", "First name"), inline("B4", "Last name"), inline("C4", "E-mail"), inline("D4", "Phone")),
		row(5, inline("A5", "Ada"), inline("B5", "Lovelace"), inline("C5", "ada@example.org"), inline("D5", "+44 20 7946 0000")),
	)
	src, err := Open(writeFile(t, "list.xlsx", xlsxFile(t, map[string]string{"Sheet1": sheet}, nil)), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	if tb.HeaderLine != 4 || tb.Columns[2] != "E-mail" {
		t.Fatalf("header on row %d: %q", tb.HeaderLine, tb.Columns)
	}
	if recs := readTable(t, tb); len(recs) != 1 || recs[0].Cells[0] != "Ada" {
		t.Errorf("records %+v", recs)
	}
}

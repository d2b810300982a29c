package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

func TestJSONLIsDetectedOrRefused(t *testing.T) {
	obj := `{"first_name":"Anna","emails":["anna@x.pl"]}` + "\n"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(obj))
	for _, tt := range []struct {
		name, file string
		data       []byte
		want       Format
		refused    string
	}{
		{"by name", "a.jsonl", []byte(obj), FormatJSONL, ""},
		{"ndjson", "a.ndjson", []byte(obj), FormatJSONL, ""},
		{"by content under another name", "contacts.txt", []byte(obj + obj), FormatJSONL, ""},
		{"with a byte-order mark and CRLF", "a.json", []byte("\ufeff" + strings.ReplaceAll(obj, "\n", "\r\n")), FormatJSONL, ""},
		{"UTF-16 with a byte-order mark", "a.jsonl", utf16le, FormatJSONL, ""},
		{"a CSV whose header starts with a brace", "a.csv", []byte("{id},email\n1,a@x.pl\n"), FormatCSV, ""},
		{"a JSON array", "contacts.json", []byte(`[{"emails":["a@x.pl"]}]`), "", "holds a JSON array; rolo reads JSON Lines"},
		{"no line is an object", "a.jsonl", []byte("{first_name: Anna}\n{\"a\":}\n"), "", `is not JSON Lines: no line is a JSON object (line 1: expected a key in double quotes at character 2)`},
		{"blank lines only", "a.jsonl", []byte("\n \n"), "", "has no rows"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Open(writeFile(t, tt.file, tt.data), ReadOptions{})
			if tt.refused != "" {
				if err == nil || !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("got %v, want a refusal with %q", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			if src.Format != tt.want {
				t.Fatalf("format %s, want %s", src.Format, tt.want)
			}
			if tt.want == FormatJSONL {
				recs := readTable(t, src.Tables[0])
				rec := src.Tables[0].decodeJSONL(recs[0])
				if rec.Problem != "" || !slices.Equal(rec.Cells, []string{"Anna", "anna@x.pl"}) {
					t.Errorf("first record %+v", rec)
				}
			}
		})
	}
}

// A JSONL file becomes a table whose columns are its keys; each line is
// cut into them, and a bad line is a row of its own with its line number.
func TestJSONLLinesAndColumns(t *testing.T) {
	lines := []string{
		`{"id":7,"first_name":"Łucja","emails":["lucja@wp.pl","l@x.pl"],"groups":["Kowalski, Nowak & Co","VIP"],"points":150,"paid_total":null,` +
			`"custom":{"loyalty card":"LC 1, gold"},"consents":{"sms":{"granted":true,"at":"2026-10-20T08:00:00Z","source":"card"}},"created_at":"2026-10-20T08:00:00Z"}`,
		``,
		`{"first_name":"Bad","emails":["b@x.pl",]}`,
		`[1,2]`,
		`{"first_name":"Zoë \ud83d\ude00","description":"one\ntwo \"q\" \/ \u00e9","nickname":"Z","active":true,"extra":{"a":[1,{"b":null}]},` +
			`"consents":{"email":false},"custom":{"language":"fr"},"phones":[]}`,
		"{\"first_name\":\"Crlf\",\"emails\":[\"c@x.pl\"]}\r",
		`{"first_name":"Trailing"} x`,
		`{"first_name":"Dup","first_name":"Last wins","emails":[],"tags":["a"]}`,
	}
	path := writeFile(t, "all.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	src, err := Open(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tb := src.Tables[0]
	wantCols := []string{"id", "first_name", "emails", "groups", "points", "paid_total", "custom:loyalty card", "consent:sms", "created_at",
		"description", "nickname", "active", "extra", "consent:email", "custom:language", "phones", "tags"}
	if !slices.Equal(tb.Columns, wantCols) {
		t.Fatalf("columns\n%q\nwant\n%q", tb.Columns, wantCols)
	}
	col := func(rec Record, name string) string { return rec.Cells[slices.Index(tb.Columns, name)] }
	var recs []Record
	for _, r := range readTable(t, tb) {
		recs = append(recs, tb.decodeJSONL(r))
	}
	if len(recs) != 7 {
		t.Fatalf("%d records", len(recs))
	}
	for _, tt := range []struct {
		i, line  int
		col, val string
		problem  string
	}{
		{0, 1, "first_name", "Łucja", ""},
		{0, 1, "emails", "lucja@wp.pl\nl@x.pl", ""},
		{0, 1, "groups", "Kowalski, Nowak & Co\nVIP", ""},
		{0, 1, "points", "150", ""},
		{0, 1, "paid_total", "", ""},
		{0, 1, "custom:loyalty card", "LC 1, gold", ""},
		{0, 1, "consent:sms", "true", ""},
		{1, 3, "", "", "not valid JSON: expected a value at character 40"},
		{2, 4, "", "", "not a JSON object: the line is an array"},
		{3, 5, "first_name", "Zoë 😀", ""},
		{3, 5, "description", "one\ntwo \"q\" / é", ""},
		{3, 5, "nickname", "Z", ""},
		{3, 5, "active", "true", ""},
		{3, 5, "extra", `{"a":[1,{"b":null}]}`, ""},
		{3, 5, "consent:email", "false", ""},
		{3, 5, "custom:language", "fr", ""},
		{4, 6, "emails", "c@x.pl", ""},
		{5, 7, "", "", "not valid JSON: unexpected text after the object at character 27"},
		{6, 8, "first_name", "Last wins", ""},
		{6, 8, "tags", "a", ""},
	} {
		rec := recs[tt.i]
		if rec.Line != tt.line || rec.Problem != tt.problem {
			t.Errorf("record %d: line %d, problem %q; want line %d, %q", tt.i, rec.Line, rec.Problem, tt.line, tt.problem)
			continue
		}
		if tt.problem != "" {
			// The rejects file keeps the line as it was, past the columns.
			if len(rec.Cells) != len(tb.Columns)+1 || rec.Cells[len(tb.Columns)] != lines[tt.line-1] {
				t.Errorf("record %d cells %q", tt.i, rec.Cells)
			}
			continue
		}
		if got := col(rec, tt.col); got != tt.val {
			t.Errorf("record %d %s = %q, want %q", tt.i, tt.col, got, tt.val)
		}
	}
	if at := recs[0].at[slices.Index(tb.Columns, "consent:sms")]; !at.Equal(time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("consent time %v", at)
	}
	audit, err := Audit(t.Context(), src, "PL", nil)
	if err != nil {
		t.Fatal(err)
	}
	if audit.Rows != 7 || audit.Problems["invalid_json"] != 3 || audit.Problems["unbalanced_quote"] != 0 {
		t.Errorf("audit: %d rows, problems %v", audit.Rows, audit.Problems)
	}
	m := AutoMap(tb)
	for _, tt := range []struct{ col, field string }{
		{"id", TargetIgnore}, {"created_at", TargetIgnore}, {"first_name", "first_name"}, {"emails", "emails"},
		{"custom:loyalty card", "custom:loyalty card"}, {"consent:sms", "consent:sms"},
		{"nickname", "custom:nickname"}, {"extra", "custom:extra"},
	} {
		if f := m.Field(slices.Index(tb.Columns, tt.col)); f != tt.field {
			t.Errorf("%s maps to %s, want %s", tt.col, f, tt.field)
		}
	}
}

// The parser accepts exactly what encoding/json accepts (for one object a
// line), on inputs chosen to reach every rule.
func TestJSONParserAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range jsonSeeds {
		checkAgainstEncodingJSON(t, []byte(in))
	}
}

func FuzzJSONParser(f *testing.F) {
	for _, in := range jsonSeeds {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.ContainsAny(b, "\n") {
			return
		}
		checkAgainstEncodingJSON(t, b)
	})
}

var jsonSeeds = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":-0.5e+10}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":1E-2}`,
	`{"a":"x\"y"}`, `{"a":"\u00e9\ud83d\ude00"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"tab	here"}`, `{"a":"é"}`,
	`{"a":[1,[2,{"b":[]}]],"c":{"d":{}}}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":{"b"}}`, `{"a":{"b":1,}}`, `{"a" 1}`,
	`{a:1}`, `{"a":1}}`, `{"a":1} {"b":2}`, `{"a":tru}`, `{"a":true,"b":false,"c":null}`, `{"a":nul}`, `{"a":"`,
	`{"a":[`, `{"a":`, `{`, `[]`, `"s"`, `1`, `null`, `{"a":1,"a":2}`, `{"":""}`, "{\"a\":\"\xff\"}",
	`{"a":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`, `{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`,
}

func checkAgainstEncodingJSON(t *testing.T, b []byte) {
	t.Helper()
	var obj map[string]json.RawMessage
	stdErr := json.Unmarshal(b, &obj)
	if stdErr == nil && obj == nil {
		stdErr = errors.New("null is not an object")
	}
	p := jsonParser{b: b}
	var keys []string
	values := map[string][]byte{} // the last value of each key wins, as in encoding/json
	err := p.object(func(key []byte, _ byte, v []byte) error {
		keys = append(keys, jsonString(key))
		values[jsonString(key)] = v
		return nil
	})
	if !utf8.Valid(b) {
		// encoding/json replaces bytes that are not UTF-8 where rolo keeps
		// them (to warn about them as in any other file): only validity
		// is compared.
		values, keys = nil, nil
	}
	if err == nil && stdErr == nil {
		for k, v := range values {
			if std := bytes.TrimSpace(obj[k]); !bytes.Equal(std, v) {
				t.Errorf("%q: value of %s is %q, encoding/json says %q", b, k, v, std)
			}
		}
	}
	deep := bytes.Count(b, []byte("[")) > maxJSONDepth // a limit of ours, not of JSON
	if (err == nil) != (stdErr == nil) && !deep {
		t.Errorf("%q: parser says %v, encoding/json says %v", b, err, stdErr)
	}
	if err == nil && stdErr == nil {
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				t.Errorf("%q: key %q unknown to encoding/json", b, k)
			}
		}
		if keys != nil {
			var std map[string]any
			json.Unmarshal(b, &std)
			for k, v := range std {
				if s, ok := v.(string); ok {
					var raw json.RawMessage = obj[k]
					if got := jsonString(bytes.TrimSpace(raw)); got != s {
						t.Errorf("%q: %s decodes to %q, encoding/json says %q", b, k, got, s)
					}
				}
			}
		}
	}
}

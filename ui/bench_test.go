package ui

import (
	"os"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rolo/filter"
	"rolo/store"
)

// benchStore opens the big demo store the benchmarks run on: $ROLO_BENCH_DB,
// else /tmp/tui/big.db (make it with: go run . demo --count 1000000 --db
// /tmp/tui/big.db).
func benchStore(b *testing.B) *store.Store {
	b.Helper()
	path := os.Getenv("ROLO_BENCH_DB")
	if path == "" {
		path = "/tmp/tui/big.db"
	}
	if _, err := os.Stat(path); err != nil {
		b.Logf("no benchmark store at %s: make one with: go run . demo --count 1000000 --db %s", path, path)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Log(err)
		return nil
	}
	return st // kept open for the other benchmarks: the process ends after them
}

// benchModel is the root model on the big store at 120×40, in colour, with
// the index built: built once and shared by the benchmarks (building the
// index of a million contacts takes seconds).
func benchModel(b *testing.B) *Model {
	bench.once.Do(func() {
		st := benchStore(b)
		if st == nil {
			return
		}
		m := New(Deps{Store: st, NoColor: false})
		m.sh.after = testAfter
		drain(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		drain(b, m, m.Init())
		bench.m = m
	})
	m := bench.m
	if m == nil || m.ix == nil || !m.table.rows.complete {
		b.Skip("no benchmark model")
	}
	m.table.setFields(defaultColumns)
	m.table.move(-len(m.table.rows.ids))
	return m
}

// bench holds the model the benchmarks share.
var bench struct {
	once sync.Once
	m    *Model
}

// frame is one keystroke to new frame: the key through the root's Update
// (and whatever command it returns, run at once), then the whole View.
func frame(b *testing.B, m *Model, k tea.KeyPressMsg) {
	_, cmd := m.Update(k)
	if cmd != nil {
		if msg := cmd(); msg != nil {
			m.Update(msg)
		}
	}
	if v := m.View(); len(v.Content) == 0 {
		b.Fatal("empty frame")
	}
}

// frames draws b.N frames, each after key, back to the top (g) every n
// frames so the cursor stays within the contacts.
func frames(b *testing.B, m *Model, key tea.KeyPressMsg, n int) {
	top := keyMsg("g")
	b.ResetTimer()
	for i := range b.N {
		k := key
		if i%n == n-1 {
			k = top
		}
		frame(b, m, k)
	}
}

// BenchmarkTableFrame is moving the cursor down a row on a million
// contacts at 120×40 (the issue asks for under 2 ms).
func BenchmarkTableFrame(b *testing.B) {
	m := benchModel(b)
	frames(b, m, keyMsg("j"), 5000)
}

// BenchmarkTablePageDown is a page of new rows per frame.
func BenchmarkTablePageDown(b *testing.B) {
	m := benchModel(b)
	frames(b, m, keyMsg("pgdown"), 20000)
}

// BenchmarkTableFrameScrolled is a frame with twelve columns scrolled
// sideways, the name frozen.
func BenchmarkTableFrameScrolled(b *testing.B) {
	m := benchModel(b)
	m.table.setFields([]string{"full_name", "emails", "phones", "city", "country", "status", "groups",
		"tags", "points", "paid_total", "created_at", "custom:language", "consent:email"})
	for range 6 {
		m.Update(keyMsg("l"))
	}
	frames(b, m, keyMsg("j"), 5000)
}

// BenchmarkFirstScreen is opening the big store to its first frame: the
// total, the saved columns, the saved name order and the first page read,
// and the table drawn (the index is then built in the background; here it
// is cancelled at once). The issue asks for under 300 ms.
func BenchmarkFirstScreen(b *testing.B) {
	path := os.Getenv("ROLO_BENCH_DB")
	if path == "" {
		path = "/tmp/tui/big.db"
	}
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no benchmark store at %s", path)
	}
	for range b.N {
		st, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		m := New(Deps{Store: st})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		start := loadStart(st, startPage)().(startMsg)
		if start.Order == nil {
			b.Fatal("no saved order in the store: open it once with rolo (not read-only) to save one")
		}
		m.Update(start)
		if v := m.View(); !strings.Contains(v.Content, "1 000 000 contacts") {
			b.Fatalf("first frame:\n%s", v.Content)
		}
		b.StopTimer()
		m.Shutdown()
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkQuery is the table's answer to a new filter or search on a
// million contacts: matching (or searching) and sorting by name, as the
// command that requery returns does.
func BenchmarkQuery(b *testing.B) {
	m := benchModel(b)
	cases := []struct {
		name string
		q    query
	}{
		{"all", query{}},
		{"all-kept", query{}},
		{"filter-two-cities", query{filter: mustParseB(b, "city = Kraków, Łódź")}},
		{"filter-group-and-consent", query{filter: mustParseB(b, "group = VIP and consent:sms = yes")}},
		{"search-name", query{search: "kowalski"}},
		{"search-phone", query{search: "601 234"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m.table.q = c.q
			n := 0
			for range b.N {
				if c.name != "all-kept" {
					m.table.invalidate()
				}
				msg := m.table.requery()().(queryResultMsg)
				m.table.handleResult(msg)
				n = len(msg.IDs)
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
	m.table.q = query{}
}

func mustParseB(b *testing.B, s string) filter.Filter {
	f, err := filter.Parse(s)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkMendOrder is putting one edited contact back in place in the
// kept name order of a million (instead of sorting them all again).
func BenchmarkMendOrder(b *testing.B) {
	m := benchModel(b)
	if m.table.idx.byName == nil {
		m.table.handleResult(m.table.requery()())
	}
	ids := m.table.idx.byName
	b.ResetTimer()
	for i := range b.N {
		if !m.table.mendOrder(ids[(i*7919)%len(ids)]) {
			b.Fatal("no order to mend")
		}
	}
}

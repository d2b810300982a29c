package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// contactFields runs rolo edit ID and returns the fields it shows.
func (rs *roloStore) contactFields(id int) (map[string]string, error) {
	out, err := rs.cmd("edit", strconv.Itoa(id)).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("rolo edit %d: %v %s", id, err, out)
	}
	fields := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, ": "); ok {
			fields[k] = v
		}
	}
	return fields, nil
}

// errConflict is a save refused because the contact changed since it
// was read.
var errConflict = errors.New("changed since it was read")

// addTag adds tag to contact id the safe way a script would: read the
// contact and its version, save with --version; a refusal is returned as
// errConflict (nothing was saved).
func (rs *roloStore) addTag(id int, tag string, between func()) error {
	f, err := rs.contactFields(id)
	if err != nil {
		return err
	}
	tags := f["tags"]
	if tags != "" {
		tags += "; "
	}
	if between != nil {
		between()
	}
	out, err := rs.cmd("edit", strconv.Itoa(id), "--version", f["version"], "tags="+tags+tag).CombinedOutput()
	switch {
	case err == nil:
		return nil
	case strings.Contains(string(out), "changed since version "+f["version"]) && strings.Contains(string(out), "nothing was saved"):
		return errConflict
	default:
		return fmt.Errorf("rolo edit %d: %v %s", id, err, out)
	}
}

// addTagRetrying adds tag, reading again after each refusal; it returns
// how many saves were refused.
func (rs *roloStore) addTagRetrying(id int, tag string) (int, error) {
	for refused := 0; refused < 50; refused++ {
		err := rs.addTag(id, tag, nil)
		if !errors.Is(err, errConflict) {
			return refused, err
		}
	}
	return 50, fmt.Errorf("tag %s on contact %d refused 50 times", tag, id)
}

// TestFourProcessesOnOneStore runs four rolo processes of the real binary
// on one store at once: an import of 100,000 rows; a reader counting in a
// loop (one rolo count after another); two writers editing contacts of
// their own and one contact both edit, by reading it and saving with
// --version, as a careful script does. Checked: no process fails; no
// update is lost (a save over a newer version is refused and done again,
// and one such refusal is forced to happen on every run); every count
// sees whole import batches only; at the end the store holds every
// import row and every edit, and the reader agrees.
func TestFourProcessesOnOneStore(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	const rows, batch, base, shared, edits = 100_000, 5000, 200, 150, 4
	rs := newRoloStore(t, strconv.Itoa(base))
	csv := filepath.Join(t.TempDir(), "rows.csv")
	var b strings.Builder
	b.WriteString("first_name,last_name,email\n")
	for i := range rows {
		fmt.Fprintf(&b, "Imported,Row%d,row%d@example.org\n", i, i)
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	fail := make(chan error, 64)
	importDone := make(chan struct{})
	importing := func() bool {
		select {
		case <-importDone:
			return false
		default:
			return true
		}
	}

	// 1. The importer.
	imp := rs.cmd("import", csv)
	var impOut strings.Builder
	imp.Stdout, imp.Stderr = &impOut, &impOut
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(importDone)
		if err := imp.Wait(); err != nil {
			fail <- fmt.Errorf("import: %v\n%s", err, impOut.String())
		}
	}()

	// 2. The reader: counts while the import runs; each is whole batches.
	var counts []int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			running := importing()
			c := rs.cmd("count")
			var errb strings.Builder
			c.Stderr = &errb // may say whom it waits for
			out, err := c.Output()
			if err != nil {
				fail <- fmt.Errorf("count: %v %s %s", err, out, errb.String())
				return
			}
			n, err := strconv.Atoi(strings.TrimSpace(string(out)))
			if err != nil || (n-base)%batch != 0 || n < base || n > base+rows {
				fail <- fmt.Errorf("a count saw %q: not the %d contacts before plus whole batches of %d", out, base, batch)
				return
			}
			counts = append(counts, n)
			if !running {
				return
			}
		}
	}()

	// 3 and 4. Two writers. The first conflict is staged: ana reads the
	// shared contact, bartek saves it, then ana's save from what she read
	// must be refused. After that both go on at their own pace.
	anaRead, bartekSaved := make(chan struct{}), make(chan struct{})
	refused := make([]int, 2)
	for w, who := range []string{"ana", "bartek"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if who == "ana" {
				err := rs.addTag(shared, "ana-0", func() { close(anaRead); <-bartekSaved })
				if !errors.Is(err, errConflict) {
					fail <- fmt.Errorf("ana's save over bartek's newer version was not refused: %v", err)
					return
				}
				refused[w]++
			} else {
				<-anaRead
				err := rs.addTag(shared, "bartek-0", nil)
				close(bartekSaved)
				if err != nil {
					fail <- fmt.Errorf("bartek: %w", err)
					return
				}
			}
			var tags []string
			if who == "ana" {
				tags = append(tags, "ana-0") // refused above: she adds it again
			}
			for i := range edits {
				own := 1 + w*50 + i // ana 1…, bartek 51…
				if out, err := rs.cmd("edit", strconv.Itoa(own), "city="+who+"-"+strconv.Itoa(i)).CombinedOutput(); err != nil {
					fail <- fmt.Errorf("%s editing contact %d: %v %s", who, own, err, out)
					return
				}
				for _, tag := range append(tags, fmt.Sprintf("%s-%d", who, i+1)) {
					n, err := rs.addTagRetrying(shared, tag)
					if err != nil {
						fail <- fmt.Errorf("%s: %w", who, err)
						return
					}
					refused[w] += n
				}
				tags = nil
			}
		}()
	}
	wg.Wait()
	close(fail)
	for err := range fail {
		t.Error(err)
	}
	if t.Failed() {
		return
	}

	// All agree with the store.
	final, err := rs.cmd("count").Output()
	if got := strings.TrimSpace(string(final)); err != nil || got != strconv.Itoa(base+rows) {
		t.Errorf("final count %q (%v), want %d", got, err, base+rows)
	}
	if last := counts[len(counts)-1]; last != base+rows {
		t.Errorf("the reader's last count %d, want %d", last, base+rows)
	}
	during := 0
	for _, n := range counts {
		if n > base && n < base+rows {
			during++
		}
	}
	t.Logf("%d counts, %d of them mid-import; saves refused and done again: ana %d, bartek %d", len(counts), during, refused[0], refused[1])
	for w, who := range []string{"ana", "bartek"} {
		for i := range edits {
			f, err := rs.contactFields(1 + w*50 + i)
			if err != nil {
				t.Fatal(err)
			}
			if f["city"] != who+"-"+strconv.Itoa(i) {
				t.Errorf("contact %d: city %q, want %s's edit %s-%d", 1+w*50+i, f["city"], who, who, i)
			}
		}
	}
	f, err := rs.contactFields(shared)
	if err != nil {
		t.Fatal(err)
	}
	tags := strings.Split(f["tags"], "; ")
	for _, who := range []string{"ana", "bartek"} {
		for k := 0; k <= edits; k++ {
			if tag := fmt.Sprintf("%s-%d", who, k); !slices.Contains(tags, tag) {
				t.Errorf("the shared contact lost %s's update %s: tags %q", who, tag, f["tags"])
			}
		}
	}
	if refused[0] < 1 {
		t.Error("no save was refused")
	}
	if left, _ := os.ReadDir(rs.tmp); len(left) > 0 {
		t.Errorf("files left in the temporary folder: %v", left)
	}
}

// TestTwoDemoAppendsAtOnce: two demo --append runs on one store at the
// same time both finish, with no CRM ID, e-mail or tax ID made twice (the
// store refuses twins, so a collision would fail a run), and the store is
// whole.
func TestTwoDemoAppendsAtOnce(t *testing.T) {
	rs := newRoloStore(t, "1000")
	var runs [2]*exec.Cmd
	var outs [2]strings.Builder
	for i := range runs {
		runs[i] = rs.cmd("demo", "--append", "--count", "10000", "--seed", strconv.Itoa(7+i))
		runs[i].Stdout, runs[i].Stderr = &outs[i], &outs[i]
		if err := runs[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range runs {
		if err := r.Wait(); err != nil {
			t.Errorf("demo --append %d: %v\n%s", i+1, err, outs[i].String())
		}
	}
	if n := rs.count(t); n != "21000" {
		t.Errorf("count %s, want 21000", n)
	}
	checkConsistent(t, rs.db)
	out, err := rs.cmd("dedupe", "--key", "email").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "0 duplicate clusters") {
		t.Errorf("dedupe --key email: %v %s", err, out)
	}
}

package ui

import (
	"errors"
	"strings"
	"testing"

	"rolo/contact"
	"rolo/store"
)

func openConsents(t *testing.T, m *Model) *consentsScreen {
	t.Helper()
	press(t, m, "C")
	s, ok := m.active().(*consentsScreen)
	if !ok || !s.loaded || s.usage == nil {
		t.Fatalf("C opened %T (loaded %v)", m.active(), ok && s.loaded)
	}
	return s
}

func TestConsentsListsDefinitionsWithUsage(t *testing.T) {
	st := testStore(t, 60)
	m := newTestModel(t, st, 120, 40)
	s := openConsents(t, m)
	defs, _ := st.ConsentDefs()
	usage, _ := st.ConsentUsage()
	if len(s.defs) != len(defs) || len(defs) == 0 {
		t.Fatalf("%d definitions shown, %d stored", len(s.defs), len(defs))
	}
	frame := screenText(m)
	for _, d := range defs {
		u := usage[d.Name]
		mustContain(t, frame, d.Name, d.Channel, groupDigits(u.Granted), groupDigits(u.Refused), groupDigits(u.Withdrawn))
	}
	mustContain(t, frame, "GRANTED", "REFUSED", "WITHDRAWN", "AUTO")

	// enter shows who holds (granted) the consent in the table.
	name := s.defs[0].Name
	press(t, m, "enter")
	if m.active() != m.table {
		t.Fatalf("enter left %T on top", m.active())
	}
	want, _ := m.ix.Count(m.table.q.filter)
	if u := usage[name]; want != u.Granted || want == u.Holders() || !strings.Contains(screenText(m), "consent:"+name) && !strings.Contains(screenText(m), name) {
		t.Errorf("the table shows %d holders of %s, want the %d who granted it:\n%s", want, name, u.Granted, screenText(m))
	}
}

func TestConsentsAddEditRemove(t *testing.T) {
	st := testStore(t, 40)
	m := newTestModel(t, st, 80, 24)
	s := openConsents(t, m)

	// Add: name, channel (→ from e-mail to SMS), description.
	press(t, m, "a", "newsletter", "tab", "right", "tab", "Monthly news", "enter")
	d, err := st.ConsentDef("newsletter")
	if err != nil || d.Channel != store.ChannelSMS || d.Description != "Monthly news" || d.Auto {
		t.Fatalf("added: %+v %v", d, err)
	}
	if s.mode != csList || s.current().Name != "newsletter" {
		t.Errorf("after adding: mode %v, cursor on %q", s.mode, s.current().Name)
	}
	// The same name again is refused in the form, with the reason.
	press(t, m, "a", "newsletter", "enter")
	if s.mode != csForm || !strings.Contains(s.note, "exists already") {
		t.Fatalf("a second newsletter: mode %v note %q", s.mode, s.note)
	}
	mustContain(t, screenText(m), "exists already")
	press(t, m, "esc")
	// A consent needs a name.
	press(t, m, "a", "enter")
	if !strings.Contains(s.note, "needs a name") {
		t.Errorf("no name: %q", s.note)
	}
	press(t, m, "esc")

	// Edit: the channel, the first field that can change, has the focus;
	// h and l do not change it (they are not arrows), ← does.
	press(t, m, "e")
	if s.form.focus != 1 {
		t.Fatalf("edit opens with the focus on field %d, want the channel", s.form.focus)
	}
	was := s.form.channel
	press(t, m, "h", "l", "j", "k")
	if s.form.channel != was {
		t.Fatalf("letters changed the channel to %s", store.Channels[s.form.channel])
	}
	press(t, m, "space")
	if s.form.channel == was {
		t.Fatal("space did not change the channel")
	}
	press(t, m, "esc", "e", "left", "tab", "ctrl+u", "News every month", "enter")
	d, _ = st.ConsentDef("newsletter")
	if d.Description != "News every month" || d.Channel != store.ChannelEmail {
		t.Fatalf("edited: %+v", d)
	}

	// Remove an unused definition: y after the question.
	press(t, m, "d")
	mustContain(t, screenText(m), "No contact holds it")
	press(t, m, "y")
	if _, err := st.ConsentDef("newsletter"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("newsletter is still defined: %v", err)
	}
}

func TestConsentsRemoveInUseIsRefusedUnlessForced(t *testing.T) {
	st := testStore(t, 40)
	m := newTestModel(t, st, 80, 24)
	s := openConsents(t, m)
	usage, _ := st.ConsentUsage()
	for s.current().Name != "" && usage[s.current().Name].Holders() == 0 {
		press(t, m, "j")
	}
	name := s.current().Name
	u := usage[name]
	if u.Holders() == 0 {
		t.Fatal("no consent in use in the demo store")
	}
	press(t, m, "d")
	frame := screenText(m)
	mustContain(t, frame, groupDigits(u.Holders())+" contacts have the consent "+name+" recorded", "not removed while they do")
	press(t, m, "y") // not an answer here: the refusal stands
	if _, err := st.ConsentDef(name); err != nil || s.mode != csInUse {
		t.Fatalf("y on the refusal: mode %v, %v", s.mode, err)
	}
	press(t, m, "f")
	mustContain(t, screenText(m), "from "+groupDigits(u.Holders())+" contacts")
	press(t, m, "y")
	if _, err := st.ConsentDef(name); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("%s is still defined: %v", name, err)
	}
	after, _ := st.ConsentUsage()
	if after[name].Holders() != 0 {
		t.Errorf("%d contacts still hold %s", after[name].Holders(), name)
	}
	if n, _ := m.ix.Count(mustParse(t, "consent:"+name+" exists")); n != 0 {
		t.Errorf("the index still finds %d holders of %s", n, name)
	}
	mustContain(t, screenText(m), "removed, and from "+groupDigits(u.Holders())+" contacts")
	// Each holder has a history entry.
	var id uint64
	_ = st.View(func(tx *store.Tx) error {
		return tx.ForEach(func(c *contact.Contact) error {
			if id == 0 {
				if h, _ := tx.History(c.ID); len(h) > 0 && strings.Contains(h[len(h)-1].Note, name) {
					id = c.ID
				}
			}
			return nil
		})
	})
	if id == 0 {
		t.Error("no contact's history records the removal")
	}
}

func TestConsentsReadOnly(t *testing.T) {
	st := testStore(t, 10)
	path := st.Path()
	st.Close()
	ro, err := storeOpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	m := newTestModel(t, ro, 80, 24)
	s := openConsents(t, m)
	press(t, m, "a")
	press(t, m, "d")
	press(t, m, "e")
	if s.mode != csList {
		t.Fatalf("a read-only store opened mode %v", s.mode)
	}
	s.Keys()
	if s.keys.Add.Enabled() || s.keys.Remove.Enabled() || s.keys.Edit.Enabled() {
		t.Error("the help offers editing on a read-only store")
	}
}
